package dev.vedette.spring.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.health.FlapPolicy;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.LogLevel;
import dev.vedette.model.StoredTransaction;
import dev.vedette.store.LogQuery;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The ingest API over a real port: records, alerts, check-ins, keys, and bad input. */
@SpringBootTest(
        classes = IngestTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vedette.ingest.enabled=true",
            "vedette.dashboard.token=" + IngestTestApp.TOKEN,
            "vedette.ingest.keys[0].name=checkout",
            "vedette.ingest.keys[0].scope=ingest",
            "vedette.ingest.keys[0].key=" + IngestTestApp.INGEST_KEY,
            "vedette.ingest.keys[1].name=ops",
            "vedette.ingest.keys[1].scope=admin",
            "vedette.ingest.keys[1].key=" + IngestTestApp.ADMIN_KEY,
            "logging.level.dev.vedette=DEBUG",
            "logging.level.org.springframework.web=DEBUG"
        })
@ExtendWith(OutputCaptureExtension.class)
class IngestApiHttpTest {
    static final String KEY = IngestTestApp.INGEST_KEY;

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    @Autowired
    TestClock clock;

    @Autowired
    RecordingNotifier slack;

    IngestClient client() {
        return new IngestClient(port);
    }

    private void flush() {
        assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aTransactionPostedReadsBackWithEveryField() {
        IngestClient.Reply r = client().post("/transactions", KEY, """
                {"id": "tx-http-1", "status": "FAILED", "amount": "19.99", "currency": "USD",
                 "customer": {"email": "ada@example.com", "name": "Ada"}, "provider": "paypal",
                 "orderId": "ORD-1", "paymentId": "CAP-1", "paymentMethod": "card",
                 "error": {"code": "INSTRUMENT_DECLINED", "message": "Card declined"}, "attempt": 2,
                 "latencyMs": 840, "metadata": {"plan": "pro", "seats": 3, "trial": false},
                 "occurredAt": "2026-12-03T09:15:30Z"}""");

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("accepted").intValue()).isEqualTo(1);
        assertThat(r.json().get("results").get(0).get("id").stringValue()).isEqualTo("tx-http-1");
        flush();
        StoredTransaction t = monitor.transactions().get("tx-http-1").orElseThrow();
        assertThat(t.status().code()).isEqualTo("FAILED");
        assertThat(t.money().amount()).isEqualByComparingTo("19.99");
        assertThat(t.money().currency().getCurrencyCode()).isEqualTo("USD");
        assertThat(t.customerEmail()).isEqualTo("ada@example.com");
        assertThat(t.provider()).isEqualTo("paypal");
        assertThat(t.providerOrderId()).isEqualTo("ORD-1");
        assertThat(t.errorCode()).isEqualTo("INSTRUMENT_DECLINED");
        assertThat(t.attempt()).isEqualTo(2);
        assertThat(t.metadata()).containsEntry("plan", "pro");
    }

    @Test
    void aBatchAnswersEachItemInOrderAndTakesTheGoodOnes() {
        IngestClient.Reply r = client().post("/transactions", KEY, """
                [{"id": "tx-b-1", "status": "COMPLETED", "amount": 49, "currency": "EUR"},
                 {"id": "tx-b-2", "status": "COMPLETED", "amount": "12,50", "currency": "usd1"},
                 {"id": "tx-b-3", "status": "DONE"},
                 {"status": "PENDING"}]""");

        assertThat(r.status()).isEqualTo(202);
        JsonNode json = r.json();
        assertThat(json.get("accepted").intValue()).isEqualTo(1);
        assertThat(json.get("rejected").intValue()).isEqualTo(3);
        JsonNode results = json.get("results");
        assertThat(results.get(0).get("status").stringValue()).isEqualTo("accepted");
        assertThat(results.get(1).get("errors").toString())
                .contains("/1/amount")
                .contains("must be a decimal number, was \\\"12,50\\\"");
        assertThat(results.get(2).get("errors").get(0).get("pointer").stringValue())
                .isEqualTo("/2/status");
        assertThat(results.get(2).get("errors").get(0).get("detail").stringValue())
                .contains("must be one of")
                .contains("DONE");
        assertThat(results.get(3).get("errors").get(0).get("pointer").stringValue())
                .isEqualTo("/3/id");
        assertThat(results.get(3).get("errors").get(0).get("detail").stringValue())
                .isEqualTo("is required");
        flush();
        assertThat(monitor.transactions().get("tx-b-1")).isPresent();
        assertThat(monitor.transactions().get("tx-b-2")).isEmpty();
    }

    @Test
    void badFieldsOfASingleObjectGet400NamingThePointerAndTheRule() {
        IngestClient.Reply wrongType =
                client().post("/transactions", KEY, "{\"id\": 42, \"status\": \"PENDING\", \"attempt\": \"two\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.header("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(wrongType.json().get("type").stringValue()).isEqualTo("https://vedette.dev/problems/invalid-field");
        assertThat(wrongType.json().get("errors").toString())
                .contains("\"pointer\":\"/id\"", "must be a string, was the number 42")
                .contains("\"pointer\":\"/attempt\"", "must be a whole number, was the string \\\"two\\\"");

        IngestClient.Reply badTime = client().post(
                        "/health", KEY, "{\"component\": \"db\", \"status\": \"UP\", \"checkedAt\": \"yesterday\"}");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.json().get("errors").get(0).get("pointer").stringValue())
                .isEqualTo("/checkedAt");
        assertThat(badTime.json().get("errors").get(0).get("detail").stringValue())
                .contains("ISO-8601", "yesterday");

        IngestClient.Reply badEnum = client().post("/logs", KEY, "{\"level\": \"LOUD\", \"message\": \"x\"}");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.json().get("errors").get(0).get("detail").stringValue())
                .isEqualTo("must be one of [ERROR, WARN, INFO, DEBUG], was the string \"LOUD\"");

        IngestClient.Reply missing = client().post("/errors", KEY, "{\"message\": \"no type\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("pointer").stringValue())
                .isEqualTo("/type");

        IngestClient.Reply unknown =
                client().post("/webhooks", KEY, "{\"provider\": \"stripe\", \"eventType\": \"x\", \"ammount\": 1}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("pointer").stringValue())
                .isEqualTo("/ammount");

        IngestClient.Reply badJson = client().post("/transactions", KEY, "{\"id\": \"x\", ");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().get("type").stringValue()).endsWith("/invalid-json");
        assertThat(badJson.json().get("errors").get(0).get("pointer").stringValue())
                .isEmpty();
        assertThat(badJson.json().get("errors").get(0).get("detail").stringValue())
                .contains("line 1");

        IngestClient.Reply duplicate =
                client().post("/transactions", KEY, "{\"id\": \"a\", \"id\": \"b\", \"status\": \"PENDING\"}");
        assertThat(duplicate.status()).isEqualTo(400);

        IngestClient.Reply hostileNumbers = client().post(
                        "/transactions",
                        KEY,
                        "{\"id\": \"huge\", \"status\": \"PENDING\", \"amount\": 1e999999999, \"currency\": \"USD\","
                                + " \"latencyMs\": 1e999999999, \"attempt\": -1}");
        assertThat(hostileNumbers.status()).isEqualTo(400);
        assertThat(hostileNumbers.body().length()).isLessThan(2_000);
        assertThat(hostileNumbers.json().get("errors").toString())
                .contains("/amount", "/latencyMs", "/attempt", "1E+999999999");
        IngestClient.Reply longAmount = client().post(
                        "/transactions",
                        KEY,
                        "{\"id\": \"long\", \"status\": \"PENDING\", \"amount\": \"" + "9".repeat(100_000)
                                + "\", \"currency\": \"USD\"}");
        assertThat(longAmount.status()).isEqualTo(400);
        assertThat(longAmount.json().get("errors").get(0).get("detail").stringValue())
                .contains("at most 64 characters");
        IngestClient.Reply hostileText = client().post(
                        "/transactions",
                        KEY,
                        "{\"id\": \"<script>alert(1)</script>\", \"status\": \"PENDING\", \"provider\": \"x\\u0000y\"}");
        assertThat(hostileText.status()).isEqualTo(400);
        assertThat(hostileText.json().get("errors").get(0).get("pointer").stringValue())
                .isEqualTo("/provider");

        IngestClient.Reply scalar = client().post("/transactions", KEY, "\"just a string\"");
        assertThat(scalar.status()).isEqualTo(400);
        assertThat(scalar.json().get("errors").get(0).get("detail").stringValue())
                .contains("must be a transaction");
    }

    @Test
    void everyRecordKindLandsInTheStore() {
        assertThat(client().post(
                                "/health",
                                KEY,
                                "{\"component\": \"paypal-api\", \"status\": \"DEGRADED\", \"responseTimeMs\": 1200, \"message\": \"slow\"}")
                        .status())
                .isEqualTo(202);
        assertThat(client().post(
                                "/errors",
                                KEY,
                                "{\"type\": \"ValueError\", \"message\": \"invalid literal\", \"stackTrace\": \"Traceback...\", \"component\": \"checkout\"}")
                        .status())
                .isEqualTo(202);
        assertThat(client().post(
                                "/logs",
                                KEY,
                                "[{\"level\": \"WARN\", \"component\": \"mailer\", \"message\": \"SMTP slow from http\"}]")
                        .status())
                .isEqualTo(202);
        IngestClient.Reply webhook = client().post(
                        "/webhooks",
                        KEY,
                        "{\"provider\": \"stripe\", \"eventType\": \"payment_intent.payment_failed\", \"externalId\": \"evt_1\", \"error\": \"card_declined\"}");
        assertThat(webhook.status()).isEqualTo(202);
        assertThat(webhook.json().get("results").get(0).get("id").stringValue()).isEqualTo("evt_1");
        long before = monitor.analytics().activeUsers().activeLastMinutes(5);
        assertThat(client().post("/activity", KEY, "[{\"userKey\": \"http-u1\"}, {\"userKey\": \"http-u2\"}]")
                        .status())
                .isEqualTo(202);
        flush();

        assertThat(monitor.health()
                        .samples(
                                "paypal-api",
                                IngestTestApp.START.minusSeconds(3600),
                                IngestTestApp.START.plusSeconds(86_400),
                                10))
                .anySatisfy(s -> assertThat(s.status()).isEqualTo(HealthStatus.DEGRADED));
        assertThat(monitor.errors().groups(Set.of(), 50, null).items())
                .anySatisfy(g -> assertThat(g.type()).isEqualTo("ValueError"));
        assertThat(
                        monitor
                                .errors()
                                .logs(new LogQuery(LogLevel.WARN, "mailer", null, null, null, null, 50, null))
                                .items()
                                .stream()
                                .map(e -> e.entry().message()))
                .contains("SMTP slow from http");
        assertThat(monitor.analytics().activeUsers().activeLastMinutes(5)).isGreaterThanOrEqualTo(before + 1);
    }

    @Test
    void alertsAreRaisedDeduplicatedAcknowledgedAndResolvedByKey() {
        String raise =
                "{\"title\": \"PayPal capture failing\", \"severity\": \"HIGH\", \"component\": \"paypal\", \"dedupKey\": \"http-paypal\", \"labels\": {\"region\": \"eu\"}}";
        IngestClient.Reply first = client().post("/alerts", KEY, raise);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("status").stringValue()).isEqualTo("OPEN");
        assertThat(first.json().get("deduplicated").booleanValue()).isFalse();
        IngestClient.Reply second = client().post("/alerts", KEY, raise);
        assertThat(second.json().get("deduplicated").booleanValue()).isTrue();
        assertThat(second.json().get("id").stringValue())
                .isEqualTo(first.json().get("id").stringValue());

        IngestClient.Reply ack = client().post(
                        "/alerts/acknowledge", KEY, "{\"dedupKey\": \"http-paypal\", \"by\": \"ops@example.com\"}");
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.json().get("status").stringValue()).isEqualTo("ACKNOWLEDGED");
        assertThat(ack.json().get("acknowledgedBy").stringValue()).isEqualTo("ops@example.com");

        IngestClient.Reply resolve = client().post("/alerts/resolve", KEY, "{\"dedupKey\": \"http-paypal\"}");
        assertThat(resolve.status()).isEqualTo(200);
        assertThat(resolve.json().get("resolvedBy").stringValue()).isEqualTo("key:vk_Ingest01");
        AlertRecord stored =
                monitor.alerts().get(first.json().get("id").stringValue()).orElseThrow();
        assertThat(stored.status()).isEqualTo(AlertStatus.RESOLVED);

        assertThat(client().post("/alerts/resolve", KEY, "{\"dedupKey\": \"http-paypal\"}")
                        .status())
                .isEqualTo(404);
        assertThat(client().post("/alerts/acknowledge", KEY, "{\"dedupKey\": \"no/such key?\"}")
                        .status())
                .isEqualTo(404);
        IngestClient.Reply badSeverity = client().post("/alerts", KEY, "{\"title\": \"x\", \"severity\": \"WARNING\"}");
        assertThat(badSeverity.status()).isEqualTo(400);
        assertThat(badSeverity.json().get("errors").get(0).get("pointer").stringValue())
                .isEqualTo("/severity");
    }

    @Test
    void aScheduledCheckInThatMissesItsRunGoesDownAndAlerts() {
        IngestClient.Reply first = client().post(
                        "/checkins/nightly-settlement",
                        KEY,
                        "{\"status\": \"success\", \"everySeconds\": 3600, \"graceSeconds\": 300}");
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().get("status").stringValue()).isEqualTo("UP");

        clock.advance(Duration.ofSeconds(3600 + 299));
        monitor.runScheduledJobs();
        assertThat(monitor.health()
                        .component("nightly-settlement")
                        .orElseThrow()
                        .status())
                .isEqualTo(HealthStatus.UP);

        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < FlapPolicy.DEFAULT_FAILURE_THRESHOLD; i++) {
            monitor.runScheduledJobs();
        }
        assertThat(monitor.health()
                        .component("nightly-settlement")
                        .orElseThrow()
                        .status())
                .isEqualTo(HealthStatus.DOWN);
        assertThat(monitor.alerts().active())
                .anySatisfy(a -> assertThat(a.dedupKey()).isEqualTo("health:nightly-settlement"));

        IngestClient.Reply back = client().post("/checkins/nightly-settlement", KEY, null);
        assertThat(back.status()).isEqualTo(202);
        assertThat(back.json().get("status").stringValue()).isEqualTo("UP");
    }

    @Test
    void aFailedCheckInIsDownAtOnceAndAStartedRunThatNeverEndsIsAMissedRun() {
        client().post(
                        "/checkins/celery-beat",
                        KEY,
                        "{\"status\": \"success\", \"everySeconds\": 60, \"graceSeconds\": 30}");
        IngestClient.Reply failed =
                client().post("/checkins/celery-beat", KEY, "{\"status\": \"fail\", \"message\": \"exit 1\"}");
        assertThat(failed.json().get("status").stringValue()).isEqualTo("DOWN");
        assertThat(failed.json().get("message").stringValue()).contains("exit 1");

        client().post("/checkins/celery-beat", KEY, "{\"status\": \"success\"}");
        IngestClient.Reply started = client().post("/checkins/celery-beat", KEY, "{\"status\": \"start\"}");
        assertThat(started.json().get("status").stringValue()).isEqualTo("UP");
        clock.advance(Duration.ofSeconds(31));
        IngestClient.Reply stillRunning = client().post("/checkins/celery-beat", KEY, "{\"status\": \"start\"}");
        assertThat(stillRunning.json().get("status").stringValue()).isEqualTo("UP");
        clock.advance(Duration.ofSeconds(31));
        monitor.runScheduledJobs();
        assertThat(monitor.health().evaluate("celery-beat").orElseThrow().message())
                .contains("has not finished");

        IngestClient.Reply badName = client().post("/checkins/" + "x".repeat(65), KEY, null);
        assertThat(badName.status()).isEqualTo(400);
        IngestClient.Reply badStatus = client().post("/checkins/job", KEY, "{\"status\": \"done\"}");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("errors").get(0).get("pointer").stringValue())
                .isEqualTo("/status");
    }

    @Test
    void aCheckInWithoutScheduleIsAHealthSample() {
        IngestClient.Reply r =
                client().post("/checkins/adhoc-export", KEY, "{\"status\": \"fail\", \"durationMs\": 1200}");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("status").stringValue()).isEqualTo("DOWN");
        flush();
        assertThat(monitor.health()
                        .samples(
                                "adhoc-export",
                                IngestTestApp.START.minusSeconds(60),
                                IngestTestApp.START.plusSeconds(86_400),
                                5))
                .anySatisfy(s -> assertThat(s.status()).isEqualTo(HealthStatus.DOWN));
    }

    @Test
    void noKeyAWrongKeyAndAnUnknownRouteAreRefused() {
        IngestClient.Reply none = client().post("/transactions", null, "{\"id\": \"x\", \"status\": \"PENDING\"}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(client().post("/transactions", "vk_Ingest01_abcdefghijklmnopqrstuvwxyz012346", "{}")
                        .status())
                .isEqualTo(401);
        assertThat(client().post("/transactions", IngestTestApp.TOKEN, "{}").status())
                .isEqualTo(401);
        assertThat(client().post("/nothing-here", KEY, "{}").status()).isEqualTo(404);
        assertThat(client().post("/nothing-here", null, "{}").status()).isEqualTo(401);
        assertThat(client().send("GET", "/transactions", KEY, null, null).status())
                .isEqualTo(405);
        assertThat(client().send("PUT", "/transactions", KEY, "application/json", "{}")
                        .status())
                .isEqualTo(405);
    }

    @Test
    void contentTypeAndSizeAreChecked() {
        IngestClient.Reply text =
                client().send("POST", "/transactions", KEY, "text/plain", "{\"id\": \"x\", \"status\": \"PENDING\"}");
        assertThat(text.status()).isEqualTo(415);
        IngestClient.Reply form =
                client().send("POST", "/transactions", KEY, "application/x-www-form-urlencoded", "id=x");
        assertThat(form.status()).isEqualTo(415);
        IngestClient.Reply latin1 =
                client().send("POST", "/transactions", KEY, "application/json; charset=ISO-8859-1", "{}");
        assertThat(latin1.status()).isEqualTo(415);
        IngestClient.Reply none =
                client().send("POST", "/transactions", KEY, null, "{\"id\": \"x\", \"status\": \"PENDING\"}");
        assertThat(none.status()).isEqualTo(415);

        String big = "{\"id\": \"big\", \"status\": \"PENDING\", \"metadata\": {\"note\": \"" + "x".repeat(1_100_000)
                + "\"}}";
        IngestClient.Reply tooBig = client().post("/transactions", KEY, big);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().get("detail").stringValue()).contains("1048576");

        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\":\"m").append(i).append("\",\"status\":\"PENDING\"}");
        }
        IngestClient.Reply tooMany =
                client().post("/transactions", KEY, many.append(']').toString());
        assertThat(tooMany.status()).isEqualTo(413);
        StringBuilder thousandOne = new StringBuilder("[");
        for (int i = 0; i < 1_001; i++) {
            thousandOne
                    .append(i == 0 ? "" : ",")
                    .append("{\"userKey\":\"u")
                    .append(i)
                    .append("\"}");
        }
        IngestClient.Reply over =
                client().post("/activity", KEY, thousandOne.append(']').toString());
        assertThat(over.status()).isEqualTo(413);
        assertThat(over.json().get("detail").stringValue()).contains("at most 1000 items, had 1001");
        assertThat(client().post("/activity", KEY, "[]").status()).isEqualTo(400);
    }

    @Test
    void theOpenApiDocumentNeedsNoKeyAndIsTheResourceFile() throws Exception {
        IngestClient.Reply r = client().send("GET", "/openapi.json", null, null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(OpenApiContract.DOCUMENT);
        assertThat(r.json().get("openapi").stringValue()).startsWith("3.1");
    }

    @Test
    void keysAreCreatedListedUsedAndRevokedThroughTheDashboardApiAndNeverLogged(CapturedOutput output)
            throws Exception {
        DashboardHttp admin = new DashboardHttp(port, IngestTestApp.ADMIN_KEY);
        DashboardHttp.Reply created =
                admin.post("/vedette/api/keys", "{\"name\": \"celery worker\", \"scope\": \"ingest\"}");
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().get("key").stringValue();
        assertThat(key).matches("vk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}");
        String id = created.json().get("id").stringValue();
        assertThat(created.json().get("prefix").stringValue()).isEqualTo("vk_" + id);

        DashboardHttp.Reply list = admin.get("/vedette/api/keys");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("vk_" + id, "celery worker", "\"source\":\"properties\"", "vk_Admin001");
        assertThat(list.body()).doesNotContain(key, IngestTestApp.ADMIN_KEY, IngestTestApp.INGEST_KEY, "sha256");

        assertThat(client().post("/logs", key, "{\"level\": \"INFO\", \"message\": \"from a new key\"}")
                        .status())
                .isEqualTo(202);
        assertThat(new DashboardHttp(port, key).get("/vedette/api/overview").status())
                .isEqualTo(403);
        assertThat(new DashboardHttp(port, IngestTestApp.INGEST_KEY)
                        .get("/vedette/api/overview")
                        .status())
                .isEqualTo(403);
        assertThat(admin.get("/vedette/api/overview").status()).isEqualTo(200);

        DashboardHttp.Reply revoked = admin.post("/vedette/api/keys/" + id + "/revoke", "");
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revokedBy").stringValue()).isEqualTo("key:vk_Admin001");
        assertThat(client().post("/logs", key, "{\"level\": \"INFO\", \"message\": \"after revoking\"}")
                        .status())
                .isEqualTo(401);
        assertThat(admin.post("/vedette/api/keys/Ingest01/revoke", "").status()).isEqualTo(409);
        assertThat(admin.post("/vedette/api/keys/NoSuch00/revoke", "").status()).isEqualTo(404);
        assertThat(admin.post("/vedette/api/keys", "{\"name\": \"x\", \"scope\": \"root\"}")
                        .status())
                .isEqualTo(400);
        assertThat(new DashboardHttp(port, key).get("/vedette/api/keys").status())
                .isEqualTo(401);
        assertThat(monitor.audit(20, null).items())
                .anySatisfy(a -> assertThat(a.action()).isEqualTo("apikey.create"))
                .anySatisfy(a -> assertThat(a.action()).isEqualTo("apikey.revoke"));

        String secret = key.substring(12);
        assertThat(output.getAll()).contains("Vedette").doesNotContain(secret);
        assertThat(output.getAll())
                .doesNotContain(IngestTestApp.ADMIN_KEY.substring(12), IngestTestApp.INGEST_KEY.substring(12));
    }
}

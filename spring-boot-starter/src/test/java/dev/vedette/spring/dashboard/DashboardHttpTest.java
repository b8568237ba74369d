package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.test.RecordingNotifier;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
        classes = DashboardTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vedette.dashboard.token=" + DashboardTestApp.TOKEN, "vedette.dashboard.token-name=ops-token"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardHttpTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    @Autowired
    RecordingNotifier slack;

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private AlertRecord alert;

    @BeforeAll
    void seed() {
        alert = DashboardTestApp.seed(monitor);
        DashboardTestApp.seedRefused(monitor);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + "/vedette" + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder bearer(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + DashboardTestApp.TOKEN);
    }

    private JsonNode json(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    /** An error answer: RFC 9457 problem details. */
    private JsonNode problem(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return JSON.readTree(r.body());
    }

    /** Logs in through the form and returns the Cookie header value with the session and CSRF cookies. */
    private String login() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "token=" + URLEncoder.encode(DashboardTestApp.TOKEN, StandardCharsets.UTF_8))));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/vedette/");
        List<String> cookies = r.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(2);
        return String.join(
                "; ", cookies.stream().map(c -> c.substring(0, c.indexOf(';'))).toList());
    }

    private static String cookie(String cookies, String name) {
        for (String c : cookies.split("; ")) {
            if (c.startsWith(name + "=")) {
                return c.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no cookie " + name + " in " + cookies);
    }

    // ------------------------------------------------------------------ closed by default

    @Test
    void anonymousApiRequestIsRefusedWith401() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/overview")));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(r.body()).doesNotContain("txn-");
    }

    @Test
    void anonymousPageRequestIsRedirectedToLogin() throws Exception {
        for (String page : List.of("", "/", "/transactions", "/alerts", "/assets/app.js")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri(page)));
            assertThat(r.statusCode()).as(page).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).as(page).hasValue("/vedette/login");
        }
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/login")));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"token\"").contains("action=\"/vedette/login\"");
    }

    @Test
    void wrongTokenIsRefused() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/overview"))
                .header("Authorization", "Bearer " + DashboardTestApp.TOKEN + "x"));
        assertThat(r.statusCode()).isEqualTo(401);

        HttpResponse<String> form = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=wrong-token-wrong-token")));
        assertThat(form.statusCode()).isEqualTo(303);
        assertThat(form.headers().firstValue("Location")).hasValue("/vedette/login?error=token");
        assertThat(form.headers().allValues("Set-Cookie")).isEmpty();

        HttpResponse<String> forged = send(
                HttpRequest.newBuilder(uri("/api/overview")).header("Cookie", "VEDETTE_SESSION=99999999999.abc.def"));
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void loginSetsAStrictHttpOnlySessionCookie() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "token=" + URLEncoder.encode(DashboardTestApp.TOKEN, StandardCharsets.UTF_8))));
        String session = r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(DashboardAccess.SESSION_COOKIE + "="))
                .findFirst()
                .orElseThrow();
        assertThat(session)
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/vedette")
                .doesNotContain(DashboardTestApp.TOKEN)
                // plain http here; https requests get Secure
                .doesNotContain("Secure");
    }

    @Test
    void postWithoutCsrfTokenIsRefusedWith403() throws Exception {
        String cookies = login();
        AlertRecord a =
                monitor.raiseAlert(dev.vedette.model.Alert.high("CSRF probe").build());
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/alerts/" + a.id() + "/acknowledge"))
                .header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("CSRF");
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/api/alerts/" + a.id() + "/acknowledge"))
                .header("Cookie", cookies)
                .header(DashboardAccess.CSRF_HEADER, "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(monitor.alerts().get(a.id()).orElseThrow().status()).isEqualTo(AlertStatus.OPEN);

        HttpResponse<String> ok = send(HttpRequest.newBuilder(uri("/api/alerts/" + a.id() + "/acknowledge"))
                .header("Cookie", cookies)
                .header(DashboardAccess.CSRF_HEADER, cookie(cookies, DashboardAccess.CSRF_COOKIE))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("acknowledgedBy").asString()).isEqualTo("ops-token");
        HttpResponse<String> again =
                send(bearer("/api/alerts/" + a.id() + "/acknowledge").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(send(bearer("/api/alerts/no-such-alert/resolve").POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(404);
        assertThat(monitor.audit(10, null).items())
                .anySatisfy(e -> assertThat(e.action() + " " + e.actor() + " " + e.target())
                        .isEqualTo("alert.acknowledge ops-token " + a.id()));
    }

    @Test
    void sessionEndpointHandsOutTheCsrfTokenOfTheCookie() throws Exception {
        String cookies = login();
        JsonNode s = json(send(HttpRequest.newBuilder(uri("/api/session")).header("Cookie", cookies)));
        assertThat(s.get("user").asString()).isEqualTo("ops-token");
        assertThat(s.get("mode").asString()).isEqualTo("TOKEN");
        assertThat(s.get("csrfHeader").asString()).isEqualTo(DashboardAccess.CSRF_HEADER);
        assertThat(s.get("csrfToken").asString()).isEqualTo(cookie(cookies, DashboardAccess.CSRF_COOKIE));
        assertThat(s.get("channels").toString()).contains("slack");
    }

    @Test
    void pagesCarrySecurityHeaders() throws Exception {
        HttpResponse<String> r = send(bearer("/transactions"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        v -> assertThat(v).contains("script-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.body()).contains("/vedette/assets/app.js").doesNotContain("{{base}}");
        HttpResponse<String> chartLib = send(bearer("/assets/uplot/uPlot.iife.min.js"));
        assertThat(chartLib.statusCode()).isEqualTo(200);
        assertThat(chartLib.body()).contains("uPlot");
    }

    // ------------------------------------------------------------------ API shapes

    @Test
    void overviewHasTodaysFiguresPerCurrencyAlertsAndLights() throws Exception {
        JsonNode o = json(send(bearer("/api/overview")));
        JsonNode today = o.get("today");
        assertThat(today.get("transactions").asLong()).isEqualTo(7);
        assertThat(today.get("revenue").toString())
                .contains("{\"currency\":\"EUR\",\"amount\":\"45.00\"}")
                .contains("{\"currency\":\"USD\",\"amount\":\"123.99\"}");
        assertThat(o.get("last24h").get("failed").asLong()).isEqualTo(2);
        assertThat(o.get("last24h").get("successRate").asDouble())
                .isEqualTo(4.0 / 6.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(o.get("trend").size()).isEqualTo(24);
        assertThat(o.get("alerts").get("active").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(o.get("health").get("components").toString())
                .contains("\"name\":\"smtp\",\"status\":\"DOWN\",\"light\":\"red\"")
                .contains("\"name\":\"paypal\",\"status\":\"UP\",\"light\":\"green\"");
        assertThat(o.get("pipeline").get("dropped").asLong()).isZero();
        assertThat(o.get("pipeline").get("quarantined").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void transactionsFilterAndPageWithCursors() throws Exception {
        JsonNode failed = json(send(bearer("/api/transactions?status=FAILED,ERROR")));
        assertThat(failed.get("items").size()).isEqualTo(2);
        failed.get("items")
                .forEach(t -> assertThat(t.get("statusKind").asString()).isEqualTo("FAILED"));

        JsonNode byEmail = json(send(bearer("/api/transactions?email=ada@example.com")));
        assertThat(byEmail.get("items").size()).isEqualTo(1);
        assertThat(byEmail.get("items").get(0).get("id").asString()).isEqualTo("txn-ok-1");

        JsonNode byProviderId = json(send(bearer("/api/transactions?providerId=CAP-9")));
        assertThat(byProviderId.get("items").get(0).get("id").asString()).isEqualTo("txn-timeline");

        JsonNode byAmount = json(send(bearer("/api/transactions?min=20&max=50&currency=usd")));
        assertThat(byAmount.get("items").size()).isEqualTo(1);
        assertThat(byAmount.get("items").get(0).get("id").asString()).isEqualTo("txn-pending");

        JsonNode byText = json(send(bearer("/api/transactions?q=declined")));
        assertThat(byText.get("items").get(0).get("id").asString()).isEqualTo("txn-hostile");
        JsonNode byId = json(send(bearer("/api/transactions?q=txn-ok-2")));
        assertThat(byId.get("match").get("id").asString()).isEqualTo("txn-ok-2");

        JsonNode page1 = json(send(bearer("/api/transactions?limit=4")));
        assertThat(page1.get("items").size()).isEqualTo(4);
        String cursor = page1.get("nextCursor").asString();
        JsonNode page2 = json(send(bearer("/api/transactions?limit=4&after=" + cursor)));
        assertThat(page2.get("items").size()).isEqualTo(3);
        assertThat(page2.get("nextCursor").isNull()).isTrue();

        assertThat(send(bearer("/api/transactions?limit=201")).statusCode()).isEqualTo(400);
        HttpResponse<String> bad = send(bearer("/api/transactions?min=abc"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(problem(bad).get("error").asString()).contains("min must be a decimal number");
        assertThat(send(bearer("/api/transactions?after=not-a-cursor")).statusCode())
                .isEqualTo(400);
        assertThat(send(bearer("/api/transactions?from=yesterday")).statusCode())
                .isEqualTo(400);
    }

    @Test
    void transactionDetailHasTheWholeTimeline() throws Exception {
        JsonNode t = json(send(bearer("/api/transactions/txn-timeline")));
        assertThat(t.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(t.get("timeline").size()).isEqualTo(3);
        assertThat(t.get("timeline").get(1).get("step").asString()).isEqualTo("user_created");
        assertThat(t.get("metadata").get("plan").asString()).isEqualTo("pro");
        assertThat(t.get("providerPaymentId").asString()).isEqualTo("CAP-9");
        assertThat(t.get("money").toString()).isEqualTo("{\"amount\":\"99.00\",\"currency\":\"USD\"}");
        assertThat(send(bearer("/api/transactions/nope")).statusCode()).isEqualTo(404);

        JsonNode hostile = json(send(bearer("/api/transactions/txn-hostile")));
        assertThat(hostile.get("customerName").asString()).isEqualTo(DashboardTestApp.HOSTILE_NAME);
        assertThat(hostile.get("attempt").asInt()).isEqualTo(2);
        assertThat(hostile.get("errorCode").asString()).isEqualTo("INSTRUMENT_DECLINED");
    }

    @Test
    void healthListsComponentsWithUptimeAndSamples() throws Exception {
        JsonNode h = json(send(bearer("/api/health")));
        assertThat(h.get("status").asString()).isEqualTo("DOWN");
        assertThat(h.get("components").size()).isEqualTo(3);
        JsonNode paypal = json(send(bearer("/api/health/paypal?hours=24")));
        assertThat(paypal.get("uptime").get("last24h").asDouble()).isEqualTo(1.0);
        assertThat(paypal.get("samples").size()).isEqualTo(3);
        assertThat(paypal.get("window").get("samples").asLong()).isEqualTo(3);
        assertThat(paypal.get("window").get("p95Ms").isNumber()).isTrue();
        JsonNode smtp = json(send(bearer("/api/health/smtp")));
        assertThat(smtp.get("uptime").get("last24h").asDouble()).isZero();
        assertThat(smtp.get("lastReport").get("message").asString()).isEqualTo("Connection refused");
        assertThat(send(bearer("/api/health/nope")).statusCode()).isEqualTo(404);
        assertThat(send(bearer("/api/health/paypal?hours=0")).statusCode()).isEqualTo(400);
    }

    @Test
    void errorGroupsCanBeResolvedAndLogsSearched() throws Exception {
        String cookies = login();
        String csrf = cookie(cookies, DashboardAccess.CSRF_COOKIE);
        JsonNode groups = json(send(bearer("/api/errors?status=NEW,REGRESSED")));
        assertThat(groups.get("items").size()).isGreaterThanOrEqualTo(1);
        JsonNode g = groups.get("items").get(0);
        assertThat(g.get("type").asString()).isEqualTo("java.lang.IllegalStateException");
        assertThat(g.has("lastStackTrace")).isFalse();
        String fp = g.get("fingerprint").asString();
        JsonNode detail = json(send(bearer("/api/errors/" + fp)));
        assertThat(detail.get("lastStackTrace").asString()).contains("IllegalStateException");

        JsonNode resolved = json(send(HttpRequest.newBuilder(uri("/api/errors/" + fp + "/resolve"))
                .header("Cookie", cookies)
                .header(DashboardAccess.CSRF_HEADER, csrf)
                .POST(HttpRequest.BodyPublishers.noBody())));
        assertThat(resolved.get("status").asString()).isEqualTo("RESOLVED");

        JsonNode quarantine = json(send(bearer("/api/quarantine")));
        assertThat(quarantine.get("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(quarantine.get("evicted").asLong()).isZero();
        JsonNode refused = quarantine.get("items").get(0);
        assertThat(refused.get("kind").asString()).isEqualTo("transaction");
        assertThat(refused.get("id").asString()).isEqualTo(DashboardTestApp.REFUSED_ID);
        assertThat(refused.get("reason").asString()).contains("SQLState 23514");
        assertThat(refused.get("quarantinedAt").asString()).endsWith("Z");
        assertThat(send(bearer("/api/transactions/" + DashboardTestApp.REFUSED_ID))
                        .statusCode())
                .isEqualTo(404);
        assertThat(json(send(bearer("/api/transactions/txn-pending"))).get("id").asString())
                .isEqualTo("txn-pending");

        JsonNode logs = json(send(bearer("/api/logs?level=ERROR&q=capture")));
        assertThat(logs.get("items").size()).isEqualTo(1);
        assertThat(logs.get("items").get(0).get("transactionId").asString()).isEqualTo("txn-hostile");
        assertThat(send(bearer("/api/logs?level=LOUD")).statusCode()).isEqualTo(400);
    }

    @Test
    void alertsCanBeSilencedAndChannelsTested() throws Exception {
        JsonNode active = json(send(bearer("/api/alerts")));
        assertThat(active.get("items").toString()).contains("PayPal API failing");
        JsonNode detail = json(send(bearer("/api/alerts/" + alert.id())));
        assertThat(detail.get("deliveries").isArray()).isTrue();

        HttpResponse<String> silence = send(bearer("/api/silences")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"alertId\":\"" + alert.id() + "\",\"minutes\":90,\"reason\":\"PayPal incident INC-7\"}")));
        assertThat(silence.statusCode()).isEqualTo(200);
        JsonNode s = json(silence);
        assertThat(s.get("matchers").get("title").asString()).isEqualTo("PayPal API failing");
        assertThat(s.get("createdBy").asString()).isEqualTo("ops-token");
        assertThat(json(send(bearer("/api/silences"))).get("items").toString()).contains("INC-7");
        assertThat(send(bearer("/api/silences")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"matchers\":{},\"minutes\":5}"))))
                .extracting(HttpResponse::statusCode)
                .isEqualTo(400);
        HttpResponse<String> end = send(bearer("/api/silences/" + s.get("id").asString() + "/delete")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(end.statusCode()).isEqualTo(200);

        JsonNode test = json(send(bearer("/api/channels/slack/test").POST(HttpRequest.BodyPublishers.noBody())));
        assertThat(test.get("result").asString()).isEqualTo("SENT");
        assertThat(slack.sent()).anySatisfy(n -> assertThat(n.kind().name()).isEqualTo("TEST"));
        assertThat(send(bearer("/api/channels/pager/test").POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(404);
        assertThat(json(send(bearer("/api/audit"))).get("items").toString())
                .contains("silence.create")
                .contains("ops-token");
    }

    @Test
    void onlyGetAndPostAreAccepted() throws Exception {
        HttpResponse<String> r = send(bearer("/api/alerts/" + alert.id()).DELETE());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void analyticsComparesPeriodsAndShowsProvidersAndFunnel() throws Exception {
        JsonNode a = json(send(bearer("/api/analytics?days=7")));
        assertThat(a.get("series").size()).isBetween(7, 8);
        assertThat(a.get("previousSeries").size()).isBetween(7, 8);
        assertThat(a.get("current").get("transactions").asLong()).isEqualTo(7);
        assertThat(a.get("change").get("transactions").get("percent").isNull()).isTrue();
        assertThat(a.get("providers").toString())
                .contains("\"name\":\"paypal\"")
                .contains("\"name\":\"mollie\"");
        assertThat(a.get("funnel").get("steps").get(0).get("name").asString()).isEqualTo("created");
        assertThat(a.get("funnel").get("steps").get(0).get("count").asLong()).isEqualTo(7);
        assertThat(a.get("estimated").isArray()).isTrue();
        assertThat(a.get("estimated").isEmpty())
                .as("every figure of the page is exact")
                .isTrue();
        assertThat(a.has("scanComplete")).as("nothing on the page is scanned").isFalse();
        assertThat(send(bearer("/api/analytics?days=0")).statusCode()).isEqualTo(400);
    }

    @Test
    void analyticsReachesTwelveMonthsByDayWeekOrMonthButNotByHour() throws Exception {
        JsonNode byMonth = json(send(bearer("/api/analytics?days=365&interval=month")));
        assertThat(byMonth.get("interval").asString()).isEqualTo("MONTH");
        assertThat(byMonth.get("series").size()).isBetween(12, 14);
        assertThat(json(send(bearer("/api/analytics?days=365&interval=WEEK")))
                        .get("series")
                        .size())
                .isBetween(52, 54);
        assertThat(json(send(bearer("/api/analytics?days=365"))).get("interval").asString())
                .isEqualTo("DAY");

        HttpResponse<String> byHour = send(bearer("/api/analytics?days=365&interval=HOUR"));
        assertThat(byHour.statusCode()).isEqualTo(400);
        assertThat(byHour.body()).contains("interval HOUR over 365 days gives 8761 points");
        assertThat(send(bearer("/api/analytics?days=60&interval=HOUR")).statusCode())
                .as("60 days by hour is 1,441 points")
                .isEqualTo(200);
    }

    @Test
    void csvIsStreamedWithFormulasNeutralised() throws Exception {
        HttpResponse<InputStream> r = http.send(
                bearer("/api/reports/transactions.csv?status=FAILED,ERROR").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(r.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("attachment; filename=\"transactions-"));
        List<List<String>> rows = Csv.parse(new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(rows.get(0)).startsWith("id", "created_at", "status");
        assertThat(rows).hasSize(3);
        int name = rows.get(0).indexOf("customer_name");
        assertThat(rows.stream().map(row -> row.get(name)))
                .contains(DashboardTestApp.HOSTILE_NAME, "'" + DashboardTestApp.FORMULA_NAME);

        HttpResponse<String> daily = send(bearer("/api/reports/daily.csv"));
        assertThat(daily.statusCode()).isEqualTo(200);
        assertThat(daily.body()).startsWith("date,currency,transactions");
    }

    @Test
    @Order(Integer.MAX_VALUE) // records a transaction, which the exact counts of the other tests do not expect
    void eventStreamSendsAlertChangesAndNewTransactions() throws Exception {
        HttpResponse<InputStream> r = http.send(
                bearer("/api/events").header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(1_000);
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.offer(line);
                }
            } catch (java.io.IOException e) {
                // stream closed by the test
            }
        });
        try {
            assertThat(nextData(lines, "hello")).contains("\"at\"");
            AlertRecord a = monitor.raiseAlert(
                    dev.vedette.model.Alert.high("Stream probe").build());
            assertThat(nextData(lines, "alert")).contains("\"kind\":\"raised\"").contains("Stream probe");
            monitor.alerts().resolve(a.id(), "test");
            assertThat(nextData(lines, "alert")).contains("\"kind\":\"resolved\"");
            monitor.recordTransaction(dev.vedette.model.Transaction.builder("txn-live-1")
                    .status(dev.vedette.model.TransactionStatus.COMPLETED)
                    .amount("7.00", "USD")
                    .build());
            assertThat(nextData(lines, "transactions")).contains("txn-live-1");
        } finally {
            r.body().close();
            reader.interrupt();
        }
    }

    private static String nextData(BlockingQueue<String> lines, String event) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        boolean inEvent = false;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.equals("event:" + event)) {
                inEvent = true;
            } else if (inEvent && line.startsWith("data:")) {
                return line.substring(5);
            }
        }
        throw new AssertionError("no '" + event + "' event within 15 s");
    }

    @Test
    void assetsAndUnknownApiPathsBehave() throws Exception {
        assertThat(send(bearer("/assets/app.css")).statusCode()).isEqualTo(200);
        assertThat(send(bearer("/api/nothing-here")).statusCode()).isEqualTo(404);
    }
}

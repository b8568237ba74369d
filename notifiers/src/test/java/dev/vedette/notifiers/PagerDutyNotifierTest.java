package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.alerting.SendResult;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PagerDutyNotifierTest {
    private static final String ROUTING_KEY = "R0UT1NGKEYs3cr3t0123456789abcdef";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ACCEPTED =
            "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"error-rate:a-1\"}";

    private final MockWebServer server = new MockWebServer();
    private PagerDutyNotifier notifier;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        server.start();
        logs = new LogCapture();
        notifier = new PagerDutyNotifier(config().build());
    }

    private PagerDutyConfig.Builder config() {
        return PagerDutyConfig.builder(ROUTING_KEY)
                .baseUrl(server.url("/").toString())
                .source("payments-api-1")
                .group("checkout")
                .readTimeout(Duration.ofMillis(200));
    }

    @AfterEach
    void stop() {
        notifier.close();
        logs.close();
        server.close();
    }

    private RecordedRequest take() throws InterruptedException {
        return Objects.requireNonNull(server.takeRequest(1, TimeUnit.SECONDS), "no request reached the server");
    }

    private static JsonNode body(RecordedRequest request) {
        return JSON.readTree(Objects.requireNonNull(request.getBody()).utf8());
    }

    private void respond(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).body(body).build());
    }

    @Test
    void triggerPostsACompleteEventsV2Event() throws Exception {
        respond(202, ACCEPTED);

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result).isEqualTo(SendResult.sent());
        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v2/enqueue");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode json = body(request);
        assertThat(json.path("routing_key").asString()).isEqualTo(ROUTING_KEY);
        assertThat(json.path("event_action").asString()).isEqualTo("trigger");
        assertThat(json.path("dedup_key").asString()).isEqualTo("error-rate:a-1");
        assertThat(json.path("client").asString()).isEqualTo("Vedette");
        assertThat(json.path("client_url").asString()).isEqualTo(Fixtures.DASHBOARD.toString());
        JsonNode payload = json.path("payload");
        assertThat(payload.path("summary").asString()).isEqualTo("Card payments failing (payments)");
        assertThat(payload.path("source").asString()).isEqualTo("payments-api-1");
        assertThat(payload.path("severity").asString()).isEqualTo("critical");
        assertThat(payload.path("timestamp").asString()).isEqualTo("2026-11-23T08:05:30Z");
        assertThat(payload.path("component").asString()).isEqualTo("payments");
        assertThat(payload.path("group").asString()).isEqualTo("checkout");
        assertThat(payload.path("class").asString()).isEqualTo("rule:error-rate");
        JsonNode details = payload.path("custom_details");
        assertThat(details.path("message").asString()).isEqualTo("Failure rate 12.5% over 5m (min volume 50)");
        assertThat(details.path("occurrences").asLong()).isEqualTo(3);
        assertThat(details.path("first_seen").asString()).isEqualTo("2026-11-23T08:00:00Z");
        assertThat(details.path("labels").path("provider").asString()).isEqualTo("stripe");
        assertThat(details.path("labels").path("region").asString()).isEqualTo("eu-west-1");
        assertThat(json.path("links").get(0).path("href").asString()).isEqualTo(Fixtures.DASHBOARD.toString());
    }

    @ParameterizedTest
    @CsvSource({"CRITICAL, critical", "HIGH, error", "MEDIUM, warning", "LOW, info"})
    void severityIsMappedToPagerDutys(Severity severity, String expected) throws Exception {
        respond(202, ACCEPTED);

        notifier.send(Fixtures.notification(DeliveryKind.TRIGGER, Fixtures.alert("a-1", severity, "x")));

        assertThat(body(take()).path("payload").path("severity").asString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"REMINDER, trigger", "ACKNOWLEDGE, acknowledge", "RESOLVE, resolve"})
    void lifecycleKindsMapToEventActionsWithTheSameDedupKey(DeliveryKind kind, String action) throws Exception {
        respond(202, ACCEPTED);

        notifier.send(Fixtures.notification(kind, Fixtures.alert()));

        JsonNode json = body(take());
        assertThat(json.path("event_action").asString()).isEqualTo(action);
        assertThat(json.path("dedup_key").asString()).isEqualTo("error-rate:a-1");
        assertThat(json.has("payload")).isEqualTo(kind == DeliveryKind.REMINDER);
    }

    @Test
    void supportsAcknowledgeButNotDigest() {
        assertThat(notifier.supportedKinds()).contains(DeliveryKind.ACKNOWLEDGE).doesNotContain(DeliveryKind.DIGEST);
    }

    @Test
    void longDedupKeyAndSummaryAreCutToPagerDutyLimits() throws Exception {
        respond(202, ACCEPTED);
        AlertRecord a = Fixtures.alert("a-1", Severity.HIGH, "S".repeat(2000));
        AlertRecord longKey = new AlertRecord(
                a.id(),
                "k".repeat(400),
                a.severity(),
                a.title(),
                "m".repeat(2_000_000),
                a.component(),
                a.labels(),
                a.source(),
                a.status(),
                a.occurrences(),
                a.firstSeen(),
                a.lastSeen(),
                null,
                null,
                null,
                null,
                null,
                null);

        notifier.send(Fixtures.notification(DeliveryKind.TRIGGER, longKey));

        RecordedRequest request = take();
        assertThat(request.getBodySize()).isLessThan(512 * 1024);
        JsonNode json = body(request);
        String dedup = json.path("dedup_key").asString();
        assertThat(dedup).hasSize(255).startsWith("kkkk").contains("#sha256:");
        assertThat(dedup).isEqualTo(PagerDutyNotifier.dedupKey("k".repeat(400)));
        assertThat(PagerDutyNotifier.dedupKey("k".repeat(401))).isNotEqualTo(dedup);
        assertThat(json.path("payload").path("summary").asString())
                .hasSize(1024)
                .endsWith("...");
        assertThat(json.path("payload").path("custom_details").path("message").asString())
                .endsWith("(truncated)");
    }

    @Test
    void groupedNotificationSendsOneEventPerAlert() throws Exception {
        respond(202, ACCEPTED);
        respond(202, ACCEPTED);

        SendResult result = notifier.send(Fixtures.notification(
                DeliveryKind.TRIGGER,
                Fixtures.alert("a-1", Severity.CRITICAL, "one"),
                Fixtures.alert("a-2", Severity.HIGH, "two")));

        assertThat(result).isEqualTo(SendResult.sent());
        assertThat(body(take()).path("dedup_key").asString()).isEqualTo("error-rate:a-1");
        assertThat(body(take()).path("dedup_key").asString()).isEqualTo("error-rate:a-2");
    }

    @Test
    void badRequestFailsForGoodWithPagerDutysMessageAndErrors() {
        respond(
                400,
                "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                        + "\"errors\":[\"Length of 'routing_key' is incorrect (should be 32 characters)\"]}");

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result)
                .isEqualTo(SendResult.failed("pagerduty answered HTTP 400: Event object is invalid: "
                        + "Length of 'routing_key' is incorrect (should be 32 characters)"));
    }

    @ParameterizedTest
    @CsvSource({"429, ''", "500, ''", "502, ''", "503, '5'"})
    void rateLimitAndServerErrorsAreRetried(int code, String retryAfter) {
        MockResponse.Builder response = new MockResponse.Builder().code(code).body("{}");
        if (!retryAfter.isEmpty()) {
            response.addHeader("Retry-After", retryAfter);
        }
        server.enqueue(response.build());

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result).isInstanceOfSatisfying(SendResult.RetryLater.class, r -> {
            assertThat(r.reason()).contains("HTTP " + code);
            assertThat(r.delay()).isEqualTo(retryAfter.isEmpty() ? null : Duration.ofSeconds(5));
        });
    }

    @Test
    void serverThatNeverAnswersTimesOutAndIsRetried() {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result)
                .isInstanceOfSatisfying(
                        SendResult.RetryLater.class, r -> assertThat(r.reason()).startsWith("pagerduty timed out: "));
    }

    @Test
    void unreachablePagerDutyIsRetried() throws Exception {
        try (PagerDutyNotifier down = new PagerDutyNotifier(
                config().baseUrl("http://127.0.0.1:" + Fixtures.closedPort()).build())) {
            assertThat(down.send(Fixtures.trigger())).isInstanceOf(SendResult.RetryLater.class);
        }
    }

    @Test
    void digestIsNotSent() {
        SendResult result = notifier.send(Fixtures.notification(DeliveryKind.DIGEST, Fixtures.alert()));

        assertThat(result).isInstanceOf(SendResult.Failed.class);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void routingKeyNeverReachesResultsOrLogs() throws Exception {
        respond(400, "{\"message\":\"Unknown routing key " + ROUTING_KEY + "\"}");
        respond(503, "overloaded while handling " + ROUTING_KEY);
        List<SendResult> results = new ArrayList<>();
        results.add(notifier.send(Fixtures.trigger()));
        results.add(notifier.send(Fixtures.trigger()));
        try (PagerDutyNotifier down = new PagerDutyNotifier(
                config().baseUrl("http://127.0.0.1:" + Fixtures.closedPort()).build())) {
            results.add(down.send(Fixtures.trigger()));
        }

        assertThat(results).allSatisfy(r -> assertThat(r.toString()).doesNotContain(ROUTING_KEY));
        assertThat(results.get(0).toString()).contains("Unknown routing key " + Redactor.MASK);
        assertThat(logs.lines()).hasSize(3).allSatisfy(l -> assertThat(l).doesNotContain(ROUTING_KEY));
        assertThat(config().build().toString()).doesNotContain(ROUTING_KEY);
    }

    @Test
    void healthProbeDoesNotSendTheRoutingKey() throws Exception {
        respond(400, "{\"status\":\"invalid event\"}");

        HealthReport report = notifier.checkHealth().orElseThrow();

        assertThat(report.status()).isEqualTo(HealthStatus.UP);
        RecordedRequest probe = take();
        assertThat(Objects.requireNonNull(probe.getBody()).string(StandardCharsets.UTF_8))
                .isEqualTo("{}");
    }

    @Test
    void healthIsDownWhenPagerDutyFails() {
        respond(503, "");

        assertThat(notifier.checkHealth().orElseThrow().status()).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void builderRejectsBadValuesWithoutEchoingTheKey() {
        assertThatThrownBy(() -> PagerDutyConfig.builder(null)).hasMessage("routingKey must not be null");
        assertThatThrownBy(() -> PagerDutyConfig.builder("  ")).hasMessage("routingKey must not be blank");
        assertThatThrownBy(() -> PagerDutyConfig.builder("abc def-s3cr3t"))
                .hasMessageStartingWith("routingKey must not contain whitespace")
                .hasMessageNotContaining("s3cr3t");
        PagerDutyConfig.Builder b = PagerDutyConfig.builder(ROUTING_KEY);
        assertThatThrownBy(() -> b.baseUrl("events.pagerduty.com"))
                .hasMessage("baseUrl must be an absolute http or https URL, but was 'events.pagerduty.com'");
        assertThatThrownBy(() -> b.source("")).hasMessage("source must not be blank, but was ''");
        assertThatThrownBy(() -> b.readTimeout(Duration.ofMillis(-5)))
                .hasMessage("readTimeout must be positive, but was PT-0.005S");
        assertThatThrownBy(() -> b.writeTimeout(Duration.ofHours(1)))
                .hasMessage("writeTimeout must be at most PT10M, but was PT1H");
    }

    @Test
    void defaultsAreTheEventsApiAndTheHostName() {
        PagerDutyConfig config = PagerDutyConfig.builder(ROUTING_KEY).build();

        assertThat(config.baseUrl().toString()).isEqualTo("https://events.pagerduty.com");
        assertThat(config.source()).isNotBlank();
        assertThat(config.readTimeout()).isEqualTo(PagerDutyConfig.DEFAULT_READ_TIMEOUT);
    }
}

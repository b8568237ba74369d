package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.alerting.SendResult;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookNotifierTest {
    private static final String SECRET = "whsec-0123456789-s3cr3t";
    private static final String TOKEN = "Bearer t0ken-s3cr3t-abc";
    private static final String PATH = "/hooks/vedette/p4thT0ken";
    private static final Instant NOW = Instant.parse("2026-11-23T08:10:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockWebServer server = new MockWebServer();
    private WebhookNotifier notifier;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        server.start();
        logs = new LogCapture();
        notifier = new WebhookNotifier(config().build());
    }

    private WebhookConfig.Builder config() {
        return WebhookConfig.builder(server.url(PATH).toString())
                .signingSecret(SECRET)
                .header("Authorization", TOKEN)
                .readTimeout(Duration.ofMillis(200))
                .clock(CLOCK);
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

    private void respond(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).body(body).build());
    }

    @Test
    void postsTheVersionedBodyWithEveryAlertField() throws Exception {
        respond(204, "");
        AlertRecord acked = Fixtures.alert()
                .withLifecycle(dev.vedette.model.AlertStatus.ACKNOWLEDGED, "ana", NOW, null, null)
                .withLastNotifiedAt(Fixtures.LAST_SEEN);

        SendResult result = notifier.send(Fixtures.notification(DeliveryKind.ACKNOWLEDGE, acked));

        assertThat(result).isEqualTo(SendResult.sent());
        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo(PATH);
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo(TOKEN);
        assertThat(request.getHeaders().get("X-Vedette-Delivery-Id")).isEqualTo("d-1");
        assertThat(request.getHeaders().get("X-Vedette-Kind")).isEqualTo("ACKNOWLEDGE");
        JsonNode json = JSON.readTree(Objects.requireNonNull(request.getBody()).utf8());
        assertThat(json.path("version").asInt()).isEqualTo(1);
        assertThat(json.path("deliveryId").asString()).isEqualTo("d-1");
        assertThat(json.path("kind").asString()).isEqualTo("ACKNOWLEDGE");
        assertThat(json.path("attempt").asInt()).isEqualTo(1);
        assertThat(json.path("createdAt").asString()).isEqualTo("2026-11-23T08:05:30Z");
        assertThat(json.path("omitted").asInt()).isZero();
        assertThat(json.path("dashboardLink").asString()).isEqualTo(Fixtures.DASHBOARD.toString());
        JsonNode a = json.path("alerts").get(0);
        assertThat(a.path("id").asString()).isEqualTo("a-1");
        assertThat(a.path("dedupKey").asString()).isEqualTo("error-rate:a-1");
        assertThat(a.path("severity").asString()).isEqualTo("CRITICAL");
        assertThat(a.path("title").asString()).isEqualTo("Card payments failing");
        assertThat(a.path("message").asString()).isEqualTo("Failure rate 12.5% over 5m (min volume 50)");
        assertThat(a.path("component").asString()).isEqualTo("payments");
        assertThat(a.path("labels").path("region").asString()).isEqualTo("eu-west-1");
        assertThat(a.path("source").asString()).isEqualTo("rule:error-rate");
        assertThat(a.path("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(a.path("occurrences").asLong()).isEqualTo(3);
        assertThat(a.path("firstSeen").asString()).isEqualTo("2026-11-23T08:00:00Z");
        assertThat(a.path("lastSeen").asString()).isEqualTo("2026-11-23T08:05:30Z");
        assertThat(a.path("acknowledgedBy").asString()).isEqualTo("ana");
        assertThat(a.path("acknowledgedAt").asString()).isEqualTo("2026-11-23T08:10:00Z");
        assertThat(a.path("resolvedBy").isNull()).isTrue();
        assertThat(a.path("resolvedAt").isNull()).isTrue();
        assertThat(a.path("lastNotifiedAt").asString()).isEqualTo("2026-11-23T08:05:30Z");
        assertThat(a.path("suppressedBy").isNull()).isTrue();
    }

    @Test
    void signatureCoversTimestampAndExactBodyAndVerifies() throws Exception {
        respond(200, "");

        notifier.send(Fixtures.trigger());

        RecordedRequest request = take();
        byte[] body = Objects.requireNonNull(request.getBody()).toByteArray();
        String timestamp = request.getHeaders().get(WebhookSignature.TIMESTAMP_HEADER);
        String signature = request.getHeaders().get(WebhookSignature.SIGNATURE_HEADER);
        assertThat(timestamp).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(signature)
                .isEqualTo(WebhookSignature.sign(SECRET, NOW.getEpochSecond(), body))
                .matches("v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(SECRET, timestamp, body, signature, Duration.ofMinutes(5), CLOCK))
                .isTrue();
    }

    @Test
    void unsignedWhenNoSecretIsConfigured() throws Exception {
        respond(200, "");
        try (WebhookNotifier unsigned = new WebhookNotifier(
                WebhookConfig.builder(server.url(PATH).toString()).build())) {
            unsigned.send(Fixtures.trigger());
        }

        RecordedRequest request = take();
        assertThat(request.getHeaders().get(WebhookSignature.TIMESTAMP_HEADER)).isNull();
        assertThat(request.getHeaders().get(WebhookSignature.SIGNATURE_HEADER)).isNull();
    }

    @Test
    void groupedNotificationCarriesAllAlertsAndTheOmittedCount() throws Exception {
        respond(200, "");

        notifier.send(Fixtures.notification(
                DeliveryKind.TRIGGER,
                List.of(Fixtures.alert("a-1", Severity.CRITICAL, "one"), Fixtures.alert("a-2", Severity.HIGH, "two")),
                5));

        JsonNode json = JSON.readTree(Objects.requireNonNull(take().getBody()).utf8());
        assertThat(json.path("alerts").size()).isEqualTo(2);
        assertThat(json.path("alerts").get(1).path("id").asString()).isEqualTo("a-2");
        assertThat(json.path("omitted").asInt()).isEqualTo(5);
        assertThat(json.path("dashboardLink").isNull()).isTrue();
    }

    @Test
    void rateLimitWithHttpDateRetryAfterIsRetriedAfterThatDelay() {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "Mon, 23 Nov 2026 08:10:45 GMT")
                .build());

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result)
                .isInstanceOfSatisfying(
                        SendResult.RetryLater.class, r -> assertThat(r.delay()).isEqualTo(Duration.ofSeconds(45)));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void serverErrorsAreRetried(int code) {
        respond(code, "down");

        assertThat(notifier.send(Fixtures.trigger())).isInstanceOf(SendResult.RetryLater.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 400, 401, 403, 404, 410, 422})
    void otherStatusesFailForGood(int code) {
        respond(code, "nope");

        assertThat(notifier.send(Fixtures.trigger()))
                .isEqualTo(SendResult.failed("webhook answered HTTP " + code + ": nope"));
    }

    @Test
    void serverThatNeverAnswersTimesOutAndIsRetried() {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result)
                .isInstanceOfSatisfying(
                        SendResult.RetryLater.class, r -> assertThat(r.reason()).startsWith("webhook timed out: "));
    }

    @Test
    void secretsNeverReachResultsOrLogs() throws Exception {
        respond(401, "bad token " + TOKEN + " for " + PATH);
        respond(500, "secret was " + SECRET);
        List<SendResult> results = new ArrayList<>();
        results.add(notifier.send(Fixtures.trigger()));
        results.add(notifier.send(Fixtures.trigger()));
        try (WebhookNotifier down =
                new WebhookNotifier(WebhookConfig.builder("http://127.0.0.1:" + Fixtures.closedPort() + PATH)
                        .signingSecret(SECRET)
                        .build())) {
            results.add(down.send(Fixtures.trigger()));
        }

        for (String secret : List.of(SECRET, "t0ken-s3cr3t", "p4thT0ken")) {
            assertThat(results).allSatisfy(r -> assertThat(r.toString()).doesNotContain(secret));
            assertThat(logs.lines()).hasSize(3).allSatisfy(l -> assertThat(l).doesNotContain(secret));
            assertThat(config().build().toString()).doesNotContain(secret);
        }
    }

    @Test
    void healthProbeIsAHeadRequest() throws Exception {
        respond(405, "");

        assertThat(notifier.checkHealth().orElseThrow().status()).isEqualTo(HealthStatus.UP);
        assertThat(take().getMethod()).isEqualTo("HEAD");
    }

    @Test
    void builderRejectsBadValuesWithoutEchoingSecrets() {
        assertThatThrownBy(() -> WebhookConfig.builder("mailto:x@example.com"))
                .hasMessageStartingWith("url must be an absolute http or https URL");
        WebhookConfig.Builder b = WebhookConfig.builder("https://hooks.example.com/x");
        assertThatThrownBy(() -> b.signingSecret("short-s3cret"))
                .hasMessage("signingSecret must be at least 16 characters, but was 12 characters");
        assertThatThrownBy(() -> b.header("Content-Type", "text/plain"))
                .hasMessage("header name 'Content-Type' is set by the notifier itself");
        assertThatThrownBy(() -> b.header("X-Vedette-Signature", "v1=forged"))
                .hasMessage("header name 'X-Vedette-Signature' is set by the notifier itself");
        assertThatThrownBy(() -> b.header("Bad Name", "v"))
                .hasMessage("header name must be an HTTP token, but was 'Bad Name'");
        assertThatThrownBy(() -> b.header("Authorization", "Bearer s3cret\r\nX-Evil: 1"))
                .hasMessageContaining("must not contain control characters")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ofSeconds(-2)))
                .hasMessage("connectTimeout must be positive, but was PT-2S");
    }
}

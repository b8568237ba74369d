package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.alerting.Notification;
import dev.vedette.alerting.SendResult;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.Severity;
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

class SlackNotifierTest {
    private static final String SECRET_PATH = "/services/T0000/B0000/s3cr3tT0kenXYZ";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockWebServer server = new MockWebServer();
    private SlackNotifier notifier;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        server.start();
        logs = new LogCapture();
        notifier = new SlackNotifier(SlackConfig.builder(server.url(SECRET_PATH).toString())
                .readTimeout(Duration.ofMillis(200))
                .build());
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

    private static List<String> fieldTexts(JsonNode blocks) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode fields = blocks.get(i).path("fields");
            for (int j = 0; j < fields.size(); j++) {
                texts.add(fields.get(j).path("text").asString());
            }
        }
        return texts;
    }

    @Test
    void postsBlockKitMessageWithFallbackTextToTheWebhook() throws Exception {
        respond(200, "ok");

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result).isEqualTo(SendResult.sent());
        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo(SECRET_PATH);
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode json = body(request);
        assertThat(json.path("text").asString()).isEqualTo("CRITICAL TRIGGERED: Card payments failing [payments]");
        JsonNode blocks = json.path("blocks");
        assertThat(blocks.get(0).path("type").asString()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("type").asString()).isEqualTo("plain_text");
        assertThat(blocks.get(0).path("text").path("text").asString())
                .isEqualTo(":red_circle: CRITICAL TRIGGERED: Card payments failing");
        assertThat(blocks.get(1).path("text").path("text").asString())
                .isEqualTo("*Card payments failing*\nFailure rate 12.5% over 5m (min volume 50)");
        assertThat(fieldTexts(blocks))
                .containsExactly(
                        "*Severity*\nCRITICAL",
                        "*Status*\nTRIGGERED",
                        "*Component*\npayments",
                        "*Occurrences*\n3",
                        "*First seen*\n2026-11-23T08:00:00Z",
                        "*Last seen*\n2026-11-23T08:05:30Z",
                        "*Labels*\nprovider=stripe, region=eu-west-1");
        JsonNode actions = blocks.get(blocks.size() - 1);
        assertThat(actions.path("type").asString()).isEqualTo("actions");
        assertThat(actions.path("elements").get(0).path("url").asString()).isEqualTo(Fixtures.DASHBOARD.toString());
    }

    @Test
    void resolvedAlertGetsACheckMarkAndResolvedFields() throws Exception {
        respond(200, "ok");

        notifier.send(Fixtures.notification(DeliveryKind.RESOLVE, Fixtures.resolved(Fixtures.alert())));

        JsonNode blocks = body(take()).path("blocks");
        assertThat(blocks.get(0).path("text").path("text").asString())
                .isEqualTo(":white_check_mark: CRITICAL RESOLVED: Card payments failing");
        assertThat(fieldTexts(blocks)).contains("*Status*\nRESOLVED", "*Resolved*\n2026-11-23T08:06:30Z by auto");
    }

    @Test
    void severityChoosesTheHeaderEmoji() throws Exception {
        respond(200, "ok");

        notifier.send(Fixtures.notification(DeliveryKind.TRIGGER, Fixtures.alert("a-2", Severity.MEDIUM, "Slow")));

        assertThat(body(take()).path("blocks").get(0).path("text").path("text").asString())
                .startsWith(":large_yellow_circle: MEDIUM TRIGGERED");
    }

    @Test
    void escapesSlackControlCharactersSoAlertTextCannotMentionOrLink() throws Exception {
        respond(200, "ok");
        AlertRecord hostile = Fixtures.alert("a-3", Severity.HIGH, "<!channel> refunds & <https://evil.example|click>");

        notifier.send(Fixtures.notification(DeliveryKind.TRIGGER, hostile));

        JsonNode json = body(take());
        String section = json.path("blocks").get(1).path("text").path("text").asString();
        assertThat(section)
                .startsWith("*&lt;!channel&gt; refunds &amp; &lt;https://evil.example|click&gt;*")
                .doesNotContain("<!channel>");
        assertThat(json.path("text").asString()).doesNotContain("<").contains("&lt;!channel&gt;");
    }

    @Test
    void longTextIsCutToSlackLimitsWithAMarkerInsteadOfFailing() throws Exception {
        respond(200, "ok");
        AlertRecord a = Fixtures.alert("a-4", Severity.CRITICAL, "T".repeat(500));
        AlertRecord longMessage = new AlertRecord(
                a.id(),
                a.dedupKey(),
                a.severity(),
                a.title(),
                "&".repeat(10_000),
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

        SendResult result = notifier.send(Fixtures.notification(DeliveryKind.TRIGGER, longMessage));

        assertThat(result).isEqualTo(SendResult.sent());
        JsonNode blocks = body(take()).path("blocks");
        String header = blocks.get(0).path("text").path("text").asString();
        assertThat(header).hasSizeLessThanOrEqualTo(SlackNotifier.MAX_HEADER).endsWith(SlackNotifier.TRUNCATION_MARKER);
        String section = blocks.get(1).path("text").path("text").asString();
        assertThat(section)
                .hasSizeLessThanOrEqualTo(SlackNotifier.MAX_SECTION)
                .endsWith("&amp;" + SlackNotifier.TRUNCATION_MARKER);
    }

    @Test
    void manyAlertsStayWithinFiftyBlocksAndCountTheRest() throws Exception {
        respond(200, "ok");
        List<AlertRecord> alerts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            alerts.add(Fixtures.alert("a-" + i, Severity.LOW, "Alert " + i));
        }

        notifier.send(Fixtures.notification(DeliveryKind.DIGEST, alerts, 100));

        JsonNode blocks = body(take()).path("blocks");
        assertThat(blocks.size()).isLessThanOrEqualTo(SlackNotifier.MAX_BLOCKS);
        assertThat(blocks.get(0).path("text").path("text").asString()).isEqualTo(":clipboard: DIGEST: 140 alerts");
        long shown = 0;
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).path("text").path("text").asString().startsWith(":large_blue_circle: *Alert ")) {
                shown++;
            }
        }
        JsonNode last = blocks.get(blocks.size() - 1);
        assertThat(last.path("type").asString()).isEqualTo("context");
        assertThat(last.path("elements").get(0).path("text").asString())
                .isEqualTo("… and " + (140 - shown) + " more alerts");
        assertThat(shown).isGreaterThan(10);
    }

    @Test
    void rateLimitIsRetriedAfterSlacksRetryAfter() {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "30")
                .body("rate_limited")
                .build());

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result).isInstanceOfSatisfying(SendResult.RetryLater.class, r -> {
            assertThat(r.delay()).isEqualTo(Duration.ofSeconds(30));
            assertThat(r.reason()).contains("429").contains("rate_limited");
        });
    }

    @Test
    void serverErrorIsRetriedWithBackoff() {
        respond(503, "service unavailable");

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result).isInstanceOfSatisfying(SendResult.RetryLater.class, r -> {
            assertThat(r.delay()).isNull();
            assertThat(r.reason()).contains("503");
        });
    }

    @ParameterizedTest
    @CsvSource({
        "400, invalid_payload",
        "403, action_prohibited",
        "404, no_service",
        "404, channel_not_found",
        "410, channel_is_archived",
        "400, invalid_blocks"
    })
    void clientErrorsFailForGoodWithSlacksErrorText(int code, String error) {
        respond(code, error);

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result)
                .isInstanceOfSatisfying(
                        SendResult.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo("slack answered HTTP " + code + ": " + error));
    }

    @Test
    void serverThatNeverAnswersTimesOutAndIsRetried() {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result)
                .isInstanceOfSatisfying(
                        SendResult.RetryLater.class, r -> assertThat(r.reason()).startsWith("slack timed out: "));
    }

    @Test
    void unreachableSlackIsRetried() throws Exception {
        try (SlackNotifier down =
                new SlackNotifier(SlackConfig.builder("http://127.0.0.1:" + Fixtures.closedPort() + SECRET_PATH)
                        .build())) {
            SendResult result = down.send(Fixtures.trigger());

            assertThat(result)
                    .isInstanceOfSatisfying(
                            SendResult.RetryLater.class,
                            r -> assertThat(r.reason()).startsWith("slack unreachable: "));
        }
    }

    @Test
    void webhookUrlNeverReachesResultsOrLogs() throws Exception {
        String echo = "no_service for " + server.url(SECRET_PATH);
        respond(404, echo);
        respond(500, "boom at " + SECRET_PATH);
        List<SendResult> results = new ArrayList<>();
        results.add(notifier.send(Fixtures.trigger()));
        results.add(notifier.send(Fixtures.trigger()));
        try (SlackNotifier down =
                new SlackNotifier(SlackConfig.builder("http://127.0.0.1:" + Fixtures.closedPort() + SECRET_PATH)
                        .build())) {
            results.add(down.send(Fixtures.trigger()));
        }

        assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r.toString()).doesNotContain("s3cr3tT0kenXYZ"));
        assertThat(results.get(0).toString()).contains(Redactor.MASK);
        assertThat(logs.lines()).hasSize(3).allSatisfy(line -> assertThat(line).doesNotContain("s3cr3tT0kenXYZ"));
        assertThat(notifier.toString()
                        + SlackConfig.builder(server.url(SECRET_PATH).toString())
                                .build())
                .doesNotContain("s3cr3tT0kenXYZ");
    }

    @Test
    void healthIsUpWhenSlackRejectsTheEmptyProbe() throws Exception {
        respond(400, "no_text");

        HealthReport report = notifier.checkHealth().orElseThrow();

        assertThat(report.status()).isEqualTo(HealthStatus.UP);
        assertThat(body(take()).size()).isZero();
    }

    @Test
    void healthIsDownForARevokedWebhook() {
        respond(404, "no_service");

        HealthReport report = notifier.checkHealth().orElseThrow();

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message()).isEqualTo("Slack answered HTTP 404: no_service");
    }

    @Test
    void builderRejectsBadValuesWithoutEchoingTheUrl() {
        assertThatThrownBy(() -> SlackConfig.builder(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("webhookUrl must not be null");
        assertThatThrownBy(() -> SlackConfig.builder("ftp://hooks.slack.com/services/T0/B0/s3cr3tT0kenXYZ"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("webhookUrl must be an absolute http or https URL")
                .hasMessageNotContaining("s3cr3tT0kenXYZ");
        assertThatThrownBy(() -> SlackConfig.builder("hooks slack com/s3cr3tT0kenXYZ"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("webhookUrl must be")
                .hasMessageNotContaining("s3cr3tT0kenXYZ");
        SlackConfig.Builder builder = SlackConfig.builder("https://hooks.slack.com/services/T0/B0/X");
        assertThatThrownBy(() -> builder.readTimeout(Duration.ofSeconds(-1)))
                .hasMessage("readTimeout must be positive, but was PT-1S");
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO))
                .hasMessage("connectTimeout must be positive, but was PT0S");
        assertThatThrownBy(() -> builder.writeTimeout(null)).hasMessage("writeTimeout must not be null");
        assertThatThrownBy(() -> builder.name(" ")).hasMessage("name must not be blank, but was ' '");
    }

    @Test
    void digestIsOneMessageListingEveryAlert() throws Exception {
        respond(200, "ok");
        Notification digest = Fixtures.notification(
                DeliveryKind.DIGEST,
                List.of(
                        Fixtures.alert("a-1", Severity.LOW, "Slow refunds"),
                        Fixtures.alert("a-2", Severity.LOW, "Old TLS")),
                0);

        notifier.send(digest);

        String json = body(take()).toString();
        assertThat(json).contains("Slow refunds").contains("Old TLS").doesNotContain("more alert");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}

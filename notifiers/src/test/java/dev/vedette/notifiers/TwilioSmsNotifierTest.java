package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.alerting.SendResult;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.HealthStatus;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioSmsNotifierTest {
    private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "t0kenS3cretValue0123456789abcdef";
    private static final String KEY_SID = "SKfedcba9876543210fedcba9876543210";
    private static final String SERVICE = "MG00112233445566778899aabbccddeeff";
    private static final String CREATED = "{\"sid\":\"SM123\",\"status\":\"queued\"}";

    private final MockWebServer server = new MockWebServer();
    private TwilioSmsNotifier notifier;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        server.start();
        logs = new LogCapture();
        notifier = new TwilioSmsNotifier(config().build());
    }

    private TwilioSmsConfig.Builder config() {
        return TwilioSmsConfig.builder(ACCOUNT)
                .authToken(TOKEN)
                .from("+15005550006")
                .to("+14155550100", "+447700900123")
                .baseUrl(server.url("/").toString())
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

    private void respond(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).body(body).build());
    }

    private static Map<String, String> form(RecordedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : Objects.requireNonNull(request.getBody()).utf8().split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void postsOneFormEncodedMessagePerRecipientWithBasicAuth() throws Exception {
        respond(201, CREATED);
        respond(201, CREATED);

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result).isEqualTo(SendResult.sent());
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RecordedRequest request = take();
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getUrl().encodedPath()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json");
            assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
            assertThat(request.getHeaders().get("Authorization")).isEqualTo(basic(ACCOUNT, TOKEN));
            Map<String, String> form = form(request);
            assertThat(form).containsOnlyKeys("To", "Body", "From");
            assertThat(form.get("From")).isEqualTo("+15005550006");
            assertThat(form.get("Body"))
                    .isEqualTo("CRITICAL TRIGGERED: Card payments failing [payments]\n" + Fixtures.DASHBOARD);
            recipients.add(form.get("To"));
        }
        assertThat(recipients).containsExactly("+14155550100", "+447700900123");
    }

    @Test
    void apiKeyAndMessagingServiceAreUsedWhenConfigured() throws Exception {
        respond(201, CREATED);
        try (TwilioSmsNotifier keyed = new TwilioSmsNotifier(config().apiKey(KEY_SID, "keyS3cretValue")
                .messagingServiceSid(SERVICE)
                .to("+14155550100")
                .build())) {
            assertThat(keyed.send(Fixtures.trigger())).isEqualTo(SendResult.sent());
        }

        RecordedRequest request = take();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo(basic(KEY_SID, "keyS3cretValue"));
        assertThat(form(request)).containsEntry("MessagingServiceSid", SERVICE).doesNotContainKey("From");
    }

    @Test
    void longTitleIsCutToTheConfiguredSegments() throws Exception {
        respond(201, CREATED);
        try (TwilioSmsNotifier one =
                new TwilioSmsNotifier(config().to("+14155550100").maxSegments(1).build())) {
            one.send(Fixtures.notification(
                    DeliveryKind.RESOLVE,
                    Fixtures.alert("a-1", dev.vedette.model.Severity.HIGH, "Refunds " + "x".repeat(300))));
        }

        String body = form(take()).get("Body");
        assertThat(body)
                .startsWith("HIGH RESOLVED: Refunds xxx")
                .endsWith("...\n" + Fixtures.DASHBOARD)
                .hasSize(160);
    }

    @Test
    void twilioErrorCodeMakesAPermanentFailure() {
        respond(
                400,
                "{\"code\":21211,\"message\":\"The 'To' number +14155550100 is not a valid phone number.\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}");
        try (TwilioSmsNotifier single =
                new TwilioSmsNotifier(config().to("+14155550100").build())) {
            SendResult result = single.send(Fixtures.trigger());

            assertThat(result)
                    .isEqualTo(
                            SendResult.failed(
                                    "Twilio error 21211: The 'To' number +*******0100 is not a valid phone number. (HTTP 400)"));
        }
    }

    @Test
    void rateLimitAndServerErrorsAreRetried() {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "7")
                .body("{\"code\":20429," + "\"message\":\"Too Many Requests\"}")
                .build());
        respond(503, "");

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result).isInstanceOfSatisfying(SendResult.RetryLater.class, r -> {
            assertThat(r.delay()).isEqualTo(Duration.ofSeconds(7));
            assertThat(r.reason())
                    .startsWith(
                            "2 of 2 recipient(s) failed, 0 sent; +*******0100: Twilio error 20429: Too Many Requests");
        });
    }

    @Test
    void oneRecipientFailingTransientlyRetriesTheWholeDelivery() throws Exception {
        respond(201, CREATED);
        respond(500, "");

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result)
                .isInstanceOfSatisfying(
                        SendResult.RetryLater.class,
                        r -> assertThat(r.reason())
                                .startsWith(
                                        "1 of 2 recipient(s) failed, 1 sent; +********0123: Twilio answered HTTP 500"));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void permanentFailureOfOneRecipientStillTriesTheOthersAndSaysSo() {
        respond(400, "{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\"}");
        respond(201, CREATED);

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result)
                .isEqualTo(SendResult.failed("1 of 2 recipient(s) failed, 1 sent; +*******0100: "
                        + "Twilio error 21610: Attempt to send to unsubscribed recipient (HTTP 400)"));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void serverThatNeverAnswersTimesOutAndIsRetried() {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());
        try (TwilioSmsNotifier single =
                new TwilioSmsNotifier(config().to("+14155550100").build())) {
            SendResult result = single.send(Fixtures.trigger());

            assertThat(result)
                    .isInstanceOfSatisfying(
                            SendResult.RetryLater.class,
                            r -> assertThat(r.reason()).startsWith("sms timed out: "));
        }
    }

    @Test
    void credentialsNeverReachResultsOrLogs() throws Exception {
        String header = basic(ACCOUNT, TOKEN).substring("Basic ".length());
        respond(401, "{\"code\":20003,\"message\":\"Authenticate " + TOKEN + " " + header + "\"}");
        respond(500, TOKEN);
        List<SendResult> results = new ArrayList<>();
        results.add(notifier.send(Fixtures.trigger()));
        try (TwilioSmsNotifier down = new TwilioSmsNotifier(
                config().baseUrl("http://127.0.0.1:" + Fixtures.closedPort()).build())) {
            results.add(down.send(Fixtures.trigger()));
        }

        assertThat(results.get(0).toString()).contains("Twilio error 20003: Authenticate " + Redactor.MASK);
        assertThat(results)
                .allSatisfy(r -> assertThat(r.toString()).doesNotContain(TOKEN).doesNotContain(header));
        assertThat(logs.lines())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).doesNotContain(TOKEN).doesNotContain(header));
        assertThat(config().build().toString()).doesNotContain(TOKEN);
    }

    @Test
    void healthFetchesTheAccountWithoutSending() throws Exception {
        respond(200, "{\"sid\":\"" + ACCOUNT + "\",\"status\":\"active\"}");
        respond(401, "{\"code\":20003}");

        assertThat(notifier.checkHealth().orElseThrow().status()).isEqualTo(HealthStatus.UP);
        RecordedRequest probe = take();
        assertThat(probe.getMethod()).isEqualTo("GET");
        assertThat(probe.getUrl().encodedPath()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT + ".json");
        assertThat(notifier.checkHealth().orElseThrow().message())
                .isEqualTo("Twilio rejected the credentials (HTTP 401)");
    }

    @Test
    void defaultKindsLeaveOutAcknowledgeAndDigest() {
        assertThat(notifier.supportedKinds())
                .containsExactlyInAnyOrder(
                        DeliveryKind.TRIGGER, DeliveryKind.REMINDER, DeliveryKind.RESOLVE, DeliveryKind.TEST);
    }

    @Test
    void builderValidatesNumbersSidsAndLimits() {
        TwilioSmsConfig.Builder b = TwilioSmsConfig.builder(ACCOUNT);
        for (String bad : List.of("14155550100", "+0123456", "+1234567890123456", "+1 415 555 0100", "+1", "")) {
            assertThatThrownBy(() -> b.to(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("to[0]");
        }
        assertThatThrownBy(() -> b.to("+14155550100", "0044"))
                .hasMessage("to[1] must be an E.164 number like +14155550100, but was '0044'");
        assertThatThrownBy(() -> b.from("+0"))
                .hasMessage("from must be an E.164 number like +14155550100, but was '+0'");
        assertThatThrownBy(() -> TwilioSmsConfig.builder("AC123"))
                .hasMessage("accountSid must be 'AC' followed by 32 hexadecimal digits, but was 'AC123'");
        assertThatThrownBy(() -> b.authToken("bad token s3cret"))
                .hasMessageStartingWith("authToken must not contain whitespace")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> b.maxSegments(0)).hasMessage("maxSegments must be between 1 and 10, but was 0");
        assertThatThrownBy(() -> b.maxSegments(11)).hasMessage("maxSegments must be between 1 and 10, but was 11");
        assertThatThrownBy(() -> b.supportedKinds(Set.of(DeliveryKind.DIGEST)))
                .hasMessage("supportedKinds must not contain DIGEST, but was [DIGEST]");
        assertThatThrownBy(() -> b.readTimeout(Duration.ofSeconds(-1)))
                .hasMessage("readTimeout must be positive, but was PT-1S");
        assertThatThrownBy(b::build).hasMessage("credentials must be set: authToken(...) or apiKey(...)");
        b.authToken(TOKEN);
        assertThatThrownBy(b::build).hasMessage("a sender must be set: from(...) or messagingServiceSid(...)");
        b.from("+15005550006");
        assertThatThrownBy(b::build).hasMessage("to must contain at least one number");
    }
}

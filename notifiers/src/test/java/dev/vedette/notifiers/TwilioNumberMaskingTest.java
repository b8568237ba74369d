package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.alerting.SendResult;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/channels/sms.md: numbers appear masked to their last four digits, in reasons and in logs. */
class TwilioNumberMaskingTest {
    private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "t0kenS3cretValue0123456789abcdef";
    private static final String NUMBER = "+447700900123";
    /** Twilio's real answer for error 21211, as its API documents it. */
    private static final String ERROR_21211 = "{\"code\": 21211, \"message\": \"The 'To' number " + NUMBER
            + " is not a valid phone number.\", \"more_info\": \"https://www.twilio.com/docs/errors/21211\","
            + " \"status\": 400}";

    private final MockWebServer server = new MockWebServer();
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        server.start();
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        server.close();
    }

    private TwilioSmsNotifier notifier(String... to) {
        return new TwilioSmsNotifier(TwilioSmsConfig.builder(ACCOUNT)
                .authToken(TOKEN)
                .from("+15005550006")
                .to(to)
                .baseUrl(server.url("/").toString())
                .readTimeout(Duration.ofMillis(200))
                .build());
    }

    @Test
    void error21211ForOneRecipientNamesTheNumberOnlyByItsLastFourDigits() {
        server.enqueue(new MockResponse.Builder().code(400).body(ERROR_21211).build());
        try (TwilioSmsNotifier sms = notifier(NUMBER)) {
            SendResult result = sms.send(Fixtures.trigger());

            assertThat(result)
                    .isInstanceOfSatisfying(
                            SendResult.Failed.class,
                            f -> assertThat(f.reason())
                                    .isEqualTo(
                                            "Twilio error 21211: The 'To' number +********0123 is not a valid phone number."
                                                    + " (HTTP 400)"));
        }
        assertThat(logs.all()).contains("+********0123").doesNotContain(NUMBER).doesNotContain("447700900123");
    }

    @Test
    void error21211AmongSeveralRecipientsIsMaskedInTheCombinedReasonAndTheLog() {
        server.enqueue(new MockResponse.Builder().code(201).body("{}").build());
        server.enqueue(new MockResponse.Builder().code(400).body(ERROR_21211).build());
        try (TwilioSmsNotifier sms = notifier("+14155550100", NUMBER)) {
            SendResult result = sms.send(Fixtures.trigger());

            assertThat(result)
                    .isInstanceOfSatisfying(
                            SendResult.Failed.class,
                            f -> assertThat(f.reason())
                                    .startsWith("1 of 2 recipient(s) failed, 1 sent; +********0123: Twilio error 21211")
                                    .doesNotContain("447700900123"));
        }
        assertThat(logs.lines())
                .anySatisfy(l -> assertThat(l).startsWith("WARN").contains("+********0123"));
        assertThat(logs.all()).doesNotContain("447700900123").doesNotContain("14155550100");
    }

    @Test
    void aNumberTwilioQuotesWithoutItsPlusOrThatIsNotConfiguredIsMaskedToo() {
        server.enqueue(new MockResponse.Builder()
                .code(400)
                .body("{\"code\": 21614, \"message\": \"'To' number 447700900123 is not a mobile number;"
                        + " forwarded to +12025550143\", \"status\": 400}")
                .build());
        try (TwilioSmsNotifier sms = notifier(NUMBER)) {
            SendResult result = sms.send(Fixtures.trigger());

            assertThat(((SendResult.Failed) result).reason())
                    .contains("+********0123", "+*******0143")
                    .doesNotContain("447700900123")
                    .doesNotContain("2025550143");
        }
        assertThat(logs.all()).doesNotContain("447700900123").doesNotContain("2025550143");
    }

    @Test
    void aTimedOutRequestsReasonCarriesNoNumber() {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());
        try (TwilioSmsNotifier sms = notifier(NUMBER)) {
            SendResult result = sms.send(Fixtures.trigger());

            assertThat(result).isInstanceOf(SendResult.RetryLater.class);
        }
        assertThat(logs.all()).doesNotContain("447700900123");
    }

    @Test
    void aMalformedNumberInTheConfigurationIsMaskedInTheException() {
        assertThatThrownBy(() -> TwilioSmsConfig.builder(ACCOUNT).to("+44 7700 900123"))
                .hasMessage("to[0] must be an E.164 number like +14155550100, but was '***********0123'");
    }
}

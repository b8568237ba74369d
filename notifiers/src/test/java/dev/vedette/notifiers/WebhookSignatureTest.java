package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final String SECRET = "whsec-0123456789abcdef";
    private static final long TS = 1_795_000_000L;
    private static final Clock AT_TS = Clock.fixed(Instant.ofEpochSecond(TS), ZoneOffset.UTC);
    private static final String BODY = "{\"version\":1,\"title\":\"Zahlung fehlgeschlagen – €\"}";
    private static final Duration TOLERANCE = WebhookSignature.DEFAULT_TOLERANCE;

    @Test
    void signatureIsHexHmacSha256OfTimestampDotBody() {
        // computed independently: printf '%s' '1700000000.hello' | openssl dgst -sha256 -hmac key
        assertThat(WebhookSignature.sign("key", 1_700_000_000L, "hello".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1=4d583a269f4f276a3fa80ff31b5a01879a848096983222a17893d198418939aa");
    }

    @Test
    void validSignatureVerifies() {
        String header = WebhookSignature.sign(SECRET, TS, BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, header, TOLERANCE, AT_TS))
                .isTrue();
    }

    @Test
    void tamperedBodyWrongSecretOrWrongTimestampFail() {
        String header = WebhookSignature.sign(SECRET, TS, BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY + " ", header, TOLERANCE, AT_TS))
                .isFalse();
        assertThat(WebhookSignature.verify("other-secret-0123456", Long.toString(TS), BODY, header, TOLERANCE, AT_TS))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS + 1), BODY, header, TOLERANCE, AT_TS))
                .isFalse();
    }

    @Test
    void timestampOutsideToleranceFailsEitherWay() {
        String header = WebhookSignature.sign(SECRET, TS, BODY.getBytes(StandardCharsets.UTF_8));
        Clock late = Clock.offset(AT_TS, TOLERANCE.plusSeconds(1));
        Clock early = Clock.offset(AT_TS, TOLERANCE.plusSeconds(1).negated());
        Clock edge = Clock.offset(AT_TS, TOLERANCE);

        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, header, TOLERANCE, late))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, header, TOLERANCE, early))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, header, TOLERANCE, edge))
                .isTrue();
    }

    @Test
    void rotatedSecretsCanBothBeListed() {
        String old = WebhookSignature.sign("old-secret-0123456789", TS, BODY.getBytes(StandardCharsets.UTF_8));
        String current = WebhookSignature.sign(SECRET, TS, BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, old + ", " + current, TOLERANCE, AT_TS))
                .isTrue();
    }

    @Test
    void malformedInputsAreRejectedWithoutThrowing() {
        String header = WebhookSignature.sign(SECRET, TS, BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(WebhookSignature.verify(SECRET, null, BODY, header, TOLERANCE, AT_TS))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, "yesterday", BODY, header, TOLERANCE, AT_TS))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, null, TOLERANCE, AT_TS))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, header.substring(3), TOLERANCE, AT_TS))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, "v1=zz", TOLERANCE, AT_TS))
                .isFalse();
        assertThatThrownBy(() -> WebhookSignature.verify(SECRET, "1", BODY, header, Duration.ofSeconds(-1), AT_TS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

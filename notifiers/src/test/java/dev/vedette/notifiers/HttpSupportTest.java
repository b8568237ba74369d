package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.alerting.SendResult;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpSupportTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterAcceptsSecondsAndHttpDates() {
        assertThat(HttpSupport.retryAfter("120", CLOCK)).isEqualTo(Duration.ofSeconds(120));
        assertThat(HttpSupport.retryAfter(" 0 ", CLOCK)).isEqualTo(Duration.ZERO);
        assertThat(HttpSupport.retryAfter("Mon, 23 Nov 2026 08:00:30 GMT", CLOCK))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterClampsPastNegativeAndHugeValues() {
        assertThat(HttpSupport.retryAfter("Mon, 23 Nov 2026 07:59:00 GMT", CLOCK))
                .isEqualTo(Duration.ZERO);
        assertThat(HttpSupport.retryAfter("-5", CLOCK)).isEqualTo(Duration.ZERO);
        assertThat(HttpSupport.retryAfter("86400", CLOCK)).isEqualTo(HttpSupport.MAX_RETRY_AFTER);
    }

    @Test
    void unparseableRetryAfterMeansUseTheBackoff() {
        assertThat(HttpSupport.retryAfter(null, CLOCK)).isNull();
        assertThat(HttpSupport.retryAfter("", CLOCK)).isNull();
        assertThat(HttpSupport.retryAfter("soon", CLOCK)).isNull();
        assertThat(HttpSupport.retryAfter("1.5", CLOCK)).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504, 599})
    void temporaryStatusesAreRetried(int code) {
        assertThat(HttpSupport.failure("x", code, "detail", null, CLOCK))
                .isEqualTo(SendResult.retryLater("x answered HTTP " + code + ": detail"));
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 302, 400, 401, 403, 404, 410, 413, 422})
    void otherStatusesFailForGood(int code) {
        assertThat(HttpSupport.failure("x", code, "", null, CLOCK))
                .isEqualTo(SendResult.failed("x answered HTTP " + code));
    }

    @Test
    void exceptionsAreRetriedWithRedactedMessages() {
        Redactor redactor = new Redactor(List.of("s3cret-path"));

        assertThat(HttpSupport.ioFailure("x", new SocketTimeoutException("timeout"), redactor))
                .isEqualTo(SendResult.retryLater("x timed out: SocketTimeoutException: timeout"));
        assertThat(HttpSupport.ioFailure("x", new IOException("reset on /s3cret-path"), redactor))
                .isEqualTo(SendResult.retryLater("x unreachable: IOException: reset on /[redacted]"));
        assertThat(HttpSupport.ioFailure("x", new IllegalStateException("bug"), redactor))
                .isEqualTo(SendResult.retryLater("x send failed unexpectedly: IllegalStateException: bug"));
    }
}

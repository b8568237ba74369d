package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

    @Test
    void statusLambdaBecomesATimedReportUnderTheCheckName() throws Exception {
        HealthCheck check = HealthChecks.of("queue", () -> HealthStatus.DEGRADED)
                .timeout(Duration.ofMillis(250))
                .interval(Duration.ofMinutes(1))
                .build();

        HealthReport report = check.check();

        assertThat(check.name()).isEqualTo("queue");
        assertThat(check.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(check.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(report.component()).isEqualTo("queue");
        assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(report.responseTime()).isNotNull();
    }

    @Test
    void builtInChecksUseTheDocumentedDefaults() {
        HealthCheck check = HealthChecks.jvmHeap("heap").build();

        assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(check.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(check).hasToString("JvmHeapCheck[heap]");
    }

    @Test
    void reportLambdaKeepsItsOwnResponseTimeAndIsRelabelled() throws Exception {
        HealthReport report = HealthChecks.ofReport(
                        "stripe", () -> HealthReport.down("other", Duration.ofMillis(1234), "HTTP 500"))
                .build()
                .check();

        assertThat(report.component()).isEqualTo("stripe");
        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.responseTime()).isEqualTo(Duration.ofMillis(1234));
        assertThat(report.message()).isEqualTo("HTTP 500");
    }

    @Test
    void lambdaReturningNullIsUnknownAndThrowingLambdaPropagates() throws Exception {
        HealthReport report = HealthChecks.of("x", () -> null).build().check();

        assertThat(report.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(report.message()).isEqualTo("check returned null");
        assertThatThrownBy(() -> HealthChecks.of("x", () -> {
                            throw new IOException("boom");
                        })
                        .build()
                        .check())
                .isInstanceOf(IOException.class)
                .hasMessage("boom");
    }

    @Test
    void factoriesRejectBadNamesAndArguments() {
        assertThatThrownBy(() -> HealthChecks.of(null, () -> HealthStatus.UP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be null");
        assertThatThrownBy(() -> HealthChecks.of("a\nb", () -> HealthStatus.UP))
                .hasMessage("name must not contain control characters, found U+000A at index 1 in 'a\nb'");
        assertThatThrownBy(() -> HealthChecks.of("x", null)).hasMessage("check must not be null");
        assertThatThrownBy(() -> HealthChecks.deadlocks("d").interval(null)).hasMessage("interval must not be null");
        assertThatThrownBy(() -> HealthChecks.diskSpace("d", null)).hasMessage("path must not be null");
    }

    @Test
    void durationsAreFormattedForPeople() {
        assertThat(CheckSupport.format(Duration.ofMillis(100))).isEqualTo("100ms");
        assertThat(CheckSupport.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(CheckSupport.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(CheckSupport.format(Duration.ofMinutes(31))).isEqualTo("31m");
        assertThat(CheckSupport.format(Duration.ofMinutes(90).plusMillis(400))).isEqualTo("1h30m");
        assertThat(CheckSupport.format(Duration.ofHours(52))).isEqualTo("2d4h");
        assertThat(CheckSupport.format(Duration.ZERO)).isEqualTo("0s");
    }
}

package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.HealthStats;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.LatencyHistogram;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UptimeReportTest {
    private static final Instant NOW = Instant.parse("2026-03-31T00:00:00Z");

    /** One sample per hour for 40 days; the given hours (counted back from NOW) are DOWN or UNKNOWN. */
    private static List<Map.Entry<Instant, HealthStatus>> samples(Map<Integer, HealthStatus> exceptions) {
        List<Map.Entry<Instant, HealthStatus>> samples = new ArrayList<>();
        for (int hoursAgo = 1; hoursAgo <= 40 * 24; hoursAgo++) {
            samples.add(Map.entry(
                    NOW.minus(Duration.ofHours(hoursAgo)), exceptions.getOrDefault(hoursAgo, HealthStatus.UP)));
        }
        return samples;
    }

    private static HealthStats stats(List<Map.Entry<Instant, HealthStatus>> samples, Instant from, Instant to) {
        Map<HealthStatus, Long> counts = new HashMap<>();
        for (Map.Entry<Instant, HealthStatus> s : samples) {
            if (!s.getKey().isBefore(from) && s.getKey().isBefore(to)) {
                counts.merge(s.getValue(), 1L, Long::sum);
            }
        }
        return new HealthStats("paypal", counts, LatencyHistogram.empty(), null);
    }

    @Test
    void computesTheThreeWindowsFromTheSamplesInEach() {
        Map<Integer, HealthStatus> exceptions = new HashMap<>();
        exceptions.put(2, HealthStatus.DOWN); // inside 24h
        exceptions.put(48, HealthStatus.DOWN); // inside 7d
        exceptions.put(49, HealthStatus.DOWN);
        exceptions.put(300, HealthStatus.DOWN); // inside 30d (12.5 days ago)
        exceptions.put(800, HealthStatus.DOWN); // older than 30 days: in no window
        exceptions.put(3, HealthStatus.UNKNOWN); // counts on neither side
        List<Map.Entry<Instant, HealthStatus>> samples = samples(exceptions);

        UptimeReport report = UptimeReport.compute("paypal", NOW, (from, to) -> stats(samples, from, to));

        assertThat(report.last24h()).isEqualTo(22.0 / 23); // 24 samples, 1 unknown, 1 down
        assertThat(report.last7d()).isEqualTo(164.0 / 167); // 168 samples, 1 unknown, 3 down
        assertThat(report.last30d()).isEqualTo(715.0 / 719); // 720 samples, 1 unknown, 4 down
        assertThat(report.component()).isEqualTo("paypal");
        assertThat(report.at()).isEqualTo(NOW);
    }

    @Test
    void windowsEndAtTheGivenInstantAndStartOneWindowEarlier() {
        List<Instant[]> asked = new ArrayList<>();
        UptimeReport.compute("db", NOW, (from, to) -> {
            asked.add(new Instant[] {from, to});
            return new HealthStats("db", Map.of(), LatencyHistogram.empty(), null);
        });

        assertThat(asked)
                .extracting(r -> Duration.between(r[0], r[1]))
                .containsExactly(Duration.ofHours(24), Duration.ofDays(7), Duration.ofDays(30));
        assertThat(asked).extracting(r -> r[1]).containsOnly(NOW);
    }

    @Test
    void windowWithoutSamplesIsNaNAndFormatsAsNotAvailable() {
        UptimeReport report = UptimeReport.compute(
                "db", NOW, (from, to) -> new HealthStats("db", Map.of(), LatencyHistogram.empty(), null));

        assertThat(report.last24h()).isNaN();
        assertThat(UptimeReport.format(report.last24h())).isEqualTo("n/a");
    }

    @Test
    void formatRoundsDownToTwoDecimals() {
        assertThat(UptimeReport.format(1999.0 / 2000)).isEqualTo("99.95%");
        assertThat(UptimeReport.format(0.99999)).isEqualTo("99.99%");
        assertThat(UptimeReport.format(1)).isEqualTo("100.00%");
        assertThat(UptimeReport.format(0)).isEqualTo("0.00%");
    }

    @Test
    void downtimeBudgetFollowsFromTheUptime() {
        assertThat(UptimeReport.downtimeIn(0.999, Duration.ofDays(30)))
                .isEqualTo(Duration.ofMinutes(43).plusSeconds(12));
        assertThat(UptimeReport.downtimeIn(Double.NaN, Duration.ofDays(30))).isZero();
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> new UptimeReport("db", NOW, 1.5, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("last24h must be between 0 and 1 or NaN, was 1.5");
        assertThatThrownBy(() -> UptimeReport.compute("db", NOW, (f, t) -> null))
                .hasMessageStartingWith("stats returned null for ");
        assertThatThrownBy(() -> UptimeReport.compute("db", NOW, null)).hasMessage("stats must not be null");
    }
}

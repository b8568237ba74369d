package dev.vedette.model;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Health samples of one component over a range, counted by status.
 *
 * @param component the component
 * @param samplesByStatus number of samples per status (statuses without samples are absent)
 * @param responseTime histogram of measured response times
 * @param oldestSample when the oldest sample in the range was taken, null exactly when there is none:
 *     what the dashboard uses to say whether an uptime window is covered by data
 */
public record HealthStats(
        String component,
        Map<HealthStatus, Long> samplesByStatus,
        LatencyHistogram responseTime,
        @Nullable Instant oldestSample) {
    /** Copies the map. */
    public HealthStats {
        samplesByStatus = Map.copyOf(samplesByStatus);
    }

    /** Number of samples. */
    public long samples() {
        return samplesByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Share of samples in which the component was available (UP or DEGRADED), 0 to 1; UNKNOWN
     * samples are left out of both sides. NaN when there is no UP, DEGRADED or DOWN sample.
     */
    public double uptime() {
        long up = samplesByStatus.getOrDefault(HealthStatus.UP, 0L)
                + samplesByStatus.getOrDefault(HealthStatus.DEGRADED, 0L);
        long down = samplesByStatus.getOrDefault(HealthStatus.DOWN, 0L);
        return up + down == 0 ? Double.NaN : (double) up / (up + down);
    }
}

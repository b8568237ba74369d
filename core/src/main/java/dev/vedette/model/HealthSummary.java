package dev.vedette.model;

import java.time.Instant;
import java.util.List;

/**
 * The result of {@code Monitor.runChecks()}: every check's report and the aggregate status (the
 * worst report, see {@link HealthStatus#worst}).
 *
 * @param status the aggregate status
 * @param reports one report per check, in the order the checks were registered
 * @param checkedAt when the run started
 */
public record HealthSummary(HealthStatus status, List<HealthReport> reports, Instant checkedAt) {
    /** Copies the reports. */
    public HealthSummary {
        reports = List.copyOf(reports);
    }

    /** A summary whose status is the worst of the reports. */
    public static HealthSummary of(List<HealthReport> reports, Instant checkedAt) {
        return new HealthSummary(
                HealthStatus.worst(reports.stream().map(HealthReport::status).toList()), reports, checkedAt);
    }
}

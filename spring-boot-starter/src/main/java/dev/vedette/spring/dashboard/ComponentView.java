package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardViews.millis;
import static dev.vedette.spring.dashboard.DashboardViews.time;

import dev.vedette.model.ComponentState;
import dev.vedette.model.HealthReport;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A component's current health with its status light ({@code Component} in {@code docs/dashboard.md}).
 *
 * @param name component name
 * @param status status code
 * @param light green, amber or red
 * @param since ISO instant of the last change
 * @param consecutiveFailures failures in a row
 * @param consecutiveSuccesses successes in a row
 * @param lastReport last sample, or null
 * @param alertId the open alert for it, or null
 */
public record ComponentView(
        String name,
        String status,
        String light,
        @Nullable String since,
        int consecutiveFailures,
        int consecutiveSuccesses,
        @Nullable ReportView lastReport,
        @Nullable String alertId) {

    static ComponentView of(ComponentState s) {
        return new ComponentView(
                s.component(),
                s.status().code(),
                DashboardViews.light(s.status().code()),
                time(s.since()),
                s.consecutiveFailures(),
                s.consecutiveSuccesses(),
                ReportView.of(s.lastReport()),
                s.alertId());
    }

    /**
     * One health sample.
     *
     * @param component component name
     * @param status status code
     * @param responseTimeMs response time in milliseconds
     * @param message message
     * @param details details
     * @param checkedAt ISO instant
     */
    public record ReportView(
            String component,
            String status,
            @Nullable Long responseTimeMs,
            @Nullable String message,
            Map<String, Object> details,
            @Nullable String checkedAt) {
        static @Nullable ReportView of(@Nullable HealthReport r) {
            return r == null
                    ? null
                    : new ReportView(
                            r.component(),
                            r.status().code(),
                            millis(r.responseTime()),
                            r.message(),
                            r.details(),
                            time(r.checkedAt()));
        }
    }
}

package dev.vedette.analytics;

import dev.vedette.health.UptimeReport;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Operational figures: provider error rates and latencies over a range (rollups), uptime per
 * component over the last 24 h / 7 d / 30 d (health statistics), and alert statistics over the
 * range (bounded scan).
 *
 * @param from inclusive start
 * @param to exclusive end
 * @param providers one segment per provider, most transactions first
 * @param uptime one report per component the store knows, by component name; its windows end at the
 *     analytics clock's now, not at {@code to}
 * @param alerts alerts first seen in the range
 */
public record Operational(
        Instant from, Instant to, List<Segment> providers, List<UptimeReport> uptime, AlertStats alerts) {
    /** Copies the lists. */
    public Operational {
        providers = List.copyOf(providers);
        uptime = List.copyOf(uptime);
    }

    /**
     * Alerts whose first occurrence lies in a range.
     *
     * @param raised number of such alerts
     * @param bySeverity per severity, every severity present (0 when none)
     * @param byStatus per current status, every status present
     * @param meanTimeToAcknowledge mean of {@code acknowledgedAt - firstSeen} over the acknowledged
     *     ones, or null when none was acknowledged
     * @param meanTimeToResolve mean of {@code resolvedAt - firstSeen} over the resolved ones, or null
     * @param scan what the scan read (alerts, not transactions)
     */
    public record AlertStats(
            long raised,
            Map<Severity, Long> bySeverity,
            Map<AlertStatus, Long> byStatus,
            @Nullable Duration meanTimeToAcknowledge,
            @Nullable Duration meanTimeToResolve,
            ScanInfo scan) {
        /** Copies the maps. */
        public AlertStats {
            bySeverity = Map.copyOf(bySeverity);
            byStatus = Map.copyOf(byStatus);
        }
    }
}

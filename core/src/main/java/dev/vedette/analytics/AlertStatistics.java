package dev.vedette.analytics;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.Severity;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Statistics over stored alerts for {@link Analytics} and {@link Reports}, from a bounded scan. */
final class AlertStatistics {
    private final Analytics analytics;

    AlertStatistics(Analytics analytics) {
        this.analytics = analytics;
    }

    /** See {@link Analytics#alertStats}. */
    Operational.AlertStats alertStats(Instant from, Instant to) {
        Analytics.checkRange(from, to);
        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            bySeverity.put(s, 0L);
        }
        Map<AlertStatus, Long> byStatus = new EnumMap<>(AlertStatus.class);
        for (AlertStatus s : AlertStatus.values()) {
            byStatus.put(s, 0L);
        }
        long[] raised = new long[1];
        Duration[] ack = {Duration.ZERO};
        Duration[] res = {Duration.ZERO};
        long[] acked = new long[1];
        long[] resolved = new long[1];
        ScanInfo scan = scanAlerts(from, to, Set.of(), a -> {
            raised[0]++;
            bySeverity.merge(a.severity(), 1L, Long::sum);
            byStatus.merge(a.status(), 1L, Long::sum);
            if (a.acknowledgedAt() != null) {
                acked[0]++;
                ack[0] = ack[0].plus(Duration.between(a.firstSeen(), a.acknowledgedAt()));
            }
            if (a.resolvedAt() != null) {
                resolved[0]++;
                res[0] = res[0].plus(Duration.between(a.firstSeen(), a.resolvedAt()));
            }
        });
        return new Operational.AlertStats(
                raised[0],
                bySeverity,
                byStatus,
                acked[0] == 0 ? null : ack[0].dividedBy(acked[0]),
                resolved[0] == 0 ? null : res[0].dividedBy(resolved[0]),
                scan);
    }

    /** See {@link Analytics#scanAlerts}. */
    ScanInfo scanAlerts(Instant from, Instant to, Set<Severity> severities, Consumer<AlertRecord> each) {
        long read = 0;
        String after = null;
        while (true) {
            Page<AlertRecord> page = analytics
                    .store()
                    .searchAlerts(new AlertQuery(
                            Set.of(), severities, null, from, null, Math.min(1_000, analytics.maxAlertRows()), after));
            for (AlertRecord a : page.items()) {
                if (read == analytics.maxAlertRows()) {
                    return new ScanInfo(read, false);
                }
                read++;
                if (!a.firstSeen().isBefore(from) && a.firstSeen().isBefore(to)) {
                    each.accept(a);
                }
            }
            if (!page.hasNext()) {
                return new ScanInfo(read, true);
            }
            if (read == analytics.maxAlertRows()) {
                return new ScanInfo(read, false);
            }
            after = page.nextCursor();
        }
    }
}

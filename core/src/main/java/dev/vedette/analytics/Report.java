package dev.vedette.analytics;

import dev.vedette.health.UptimeReport;
import dev.vedette.model.AlertRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The content of a daily or weekly report, built by {@link Reports}; render it with {@link
 * Reports#render(Report)}.
 *
 * @param kind daily or weekly
 * @param productName the host product the report is about
 * @param period the period's label: {@code 2026-03-29} or {@code 2026-W13}
 * @param from inclusive start of the period
 * @param to exclusive end of the period
 * @param zone the business zone the period is cut in
 * @param generatedAt when the report was built
 * @param kpis the period's key figures
 * @param comparison the period against the previous calendar day or ISO week
 * @param trend hourly (daily report) or daily (weekly report) series over the period
 * @param openAlerts active (OPEN or ACKNOWLEDGED) alerts now, most urgent first, at most {@link
 *     Reports#MAX_LISTED_ALERTS}
 * @param openAlertCount number of active alerts read (at most the analytics' alert scan bound)
 * @param uptime uptime per component, windows ending at {@code generatedAt}
 * @param lowAlerts the LOW-severity digest: LOW alerts first seen in the period, newest first, at
 *     most {@link Reports#MAX_LISTED_ALERTS}
 * @param lowAlertCount number of LOW alerts first seen in the period
 * @param alertStats statistics of all alerts first seen in the period
 */
public record Report(
        Kind kind,
        String productName,
        String period,
        Instant from,
        Instant to,
        ZoneId zone,
        Instant generatedAt,
        Kpis kpis,
        Comparison comparison,
        TimeSeries trend,
        List<AlertRecord> openAlerts,
        long openAlertCount,
        List<UptimeReport> uptime,
        List<AlertRecord> lowAlerts,
        long lowAlertCount,
        Operational.AlertStats alertStats) {

    /** Copies the lists. */
    public Report {
        openAlerts = List.copyOf(openAlerts);
        uptime = List.copyOf(uptime);
        lowAlerts = List.copyOf(lowAlerts);
    }

    /** What period a report covers. */
    public enum Kind {
        /** One calendar day of the business zone, compared with the day before. */
        DAILY,
        /** One ISO week (Monday to Sunday), compared with the week before. */
        WEEKLY
    }
}

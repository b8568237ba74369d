package dev.vedette.spring.dashboard;

import dev.vedette.Monitor;
import dev.vedette.analytics.Analytics;
import dev.vedette.analytics.Interval;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code GET {base}/api/overview}: the overview page, from rollups only. */
@DashboardApi
public class DashboardOverviewApi {
    private static final int ALERT_ITEMS = 5;

    private final Monitor monitor;
    private final Analytics analytics;
    private final ZoneId zone;
    private final String zoneName;

    DashboardOverviewApi(Monitor monitor, Analytics analytics) {
        this.monitor = monitor;
        this.analytics = analytics;
        this.zone = analytics.zone();
        this.zoneName = DashboardViews.browserZone(zone);
    }

    /**
     * The overview page.
     *
     * @param generatedAt ISO instant
     * @param zone business zone, as browsers name it
     * @param today totals since the start of today in the business zone
     * @param last24h totals over the last 24 hours
     * @param trend hourly points over the last 24 hours
     * @param alerts active alerts
     * @param health status lights
     * @param pipeline the record pipeline's counters
     */
    public record Overview(
            String generatedAt,
            String zone,
            TotalsView.Since today,
            TotalsView.Since last24h,
            List<TotalsView.Point> trend,
            Alerts alerts,
            Health health,
            Pipeline pipeline) {}

    /**
     * Active alerts.
     *
     * @param active number of active alerts
     * @param bySeverity active alerts per severity, every severity present
     * @param items the first five
     */
    public record Alerts(long active, Map<String, Long> bySeverity, List<AlertView> items) {}

    /**
     * Overall health.
     *
     * @param status overall status code
     * @param light green, amber or red
     * @param components every component
     */
    public record Health(String status, String light, List<ComponentView> components) {}

    /**
     * The record pipeline's counters.
     *
     * @param accepted records accepted
     * @param written records written
     * @param dropped records dropped
     * @param writeFailures failed writes
     * @param quarantined records the store refused for good, set aside
     * @param queueDepth records waiting
     * @param queueCapacity queue capacity
     * @param lastWriteError last write error, or null
     */
    public record Pipeline(
            long accepted,
            long written,
            long dropped,
            long writeFailures,
            long quarantined,
            int queueDepth,
            int queueCapacity,
            @Nullable String lastWriteError) {
        static Pipeline of(MonitorStats s) {
            return new Pipeline(
                    s.accepted(),
                    s.written(),
                    s.dropped(),
                    s.writeFailures(),
                    s.quarantined(),
                    s.queueDepth(),
                    s.queueCapacity(),
                    s.lastWriteError());
        }
    }

    /** Today's figures, the last 24 hours, hourly trend, active alerts and status lights; from rollups only. */
    @GetMapping("/overview")
    public Overview overview() {
        Instant now = monitor.clock().instant();
        Instant startOfDay = LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
        Instant dayAgo = now.minus(Duration.ofHours(24));
        Instant trendFrom = Interval.HOUR.start(now.minus(Duration.ofHours(23)), zone);
        List<TotalsView.Point> trend = TotalsView.Point.of(analytics.series(trendFrom, now, Interval.HOUR));
        List<AlertRecord> active = monitor.alerts().active();
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            bySeverity.put(
                    s.name(), active.stream().filter(a -> a.severity() == s).count());
        }
        String status = monitor.health().status().code();
        return new Overview(
                now.toString(),
                zoneName,
                new TotalsView.Since(TotalsView.of(analytics.totals(startOfDay, now)), startOfDay.toString()),
                new TotalsView.Since(TotalsView.of(analytics.totals(dayAgo, now)), dayAgo.toString()),
                trend,
                new Alerts(
                        active.size(),
                        bySeverity,
                        active.stream().limit(ALERT_ITEMS).map(AlertView::of).toList()),
                new Health(
                        status,
                        DashboardViews.light(status),
                        monitor.health().components().stream()
                                .map(ComponentView::of)
                                .toList()),
                Pipeline.of(monitor.stats()));
    }
}

package dev.vedette.analytics;

import dev.vedette.internal.Validate;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredReport;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.Page;
import dev.vedette.store.Store;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds daily and weekly reports and renders them as a subject, a plain-text part and an HTML part
 * (inline CSS, bar charts made of HTML elements, no JavaScript, every value escaped), ready for the
 * e-mail notifier.
 *
 * <pre>{@code
 * Reports reports = analytics.reports("VectorCraft");
 * RenderedReport mail = reports.render(reports.daily(LocalDate.now(zone).minusDays(1)));
 * }</pre>
 *
 * <p>A report holds: revenue, counts, success rate, average order value and customers of the
 * period; the change against the previous day or week; an hourly (daily) or daily (weekly) trend;
 * the top failure reasons; provider performance; the alerts open now; uptime per component; the
 * LOW-severity digest (LOW alerts first seen in the period) and alert statistics.
 */
public final class Reports {
    /** At most this many alerts are listed per section. */
    public static final int MAX_LISTED_ALERTS = 20;

    private final Analytics analytics;
    private final Store store;
    private final String productName;

    Reports(Analytics analytics, Store store, String productName) {
        this.analytics = analytics;
        this.store = store;
        Validate.notNull("productName", productName);
        String cleaned = productName.replaceAll("\\p{Cntrl}", " ").strip();
        if (cleaned.isEmpty()) {
            throw new IllegalArgumentException("productName must not be blank");
        }
        this.productName = cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }

    /**
     * The daily report of one calendar day of the business zone, compared with the day before.
     *
     * @throws IllegalArgumentException if day is null
     */
    public Report daily(LocalDate day) {
        Validate.notNull("day", day);
        ZoneId zone = analytics.zone();
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        Instant prevFrom = day.minusDays(1).atStartOfDay(zone).toInstant();
        return build(Report.Kind.DAILY, period(Report.Kind.DAILY, day), from, to, prevFrom, Interval.HOUR);
    }

    /** The daily report of yesterday in the business zone, by the analytics clock. */
    public Report yesterday() {
        return daily(LocalDate.ofInstant(analytics.clock().instant(), analytics.zone())
                .minusDays(1));
    }

    /**
     * The weekly report of the ISO week (Monday to Sunday) holding {@code day}, compared with the week
     * before.
     *
     * @throws IllegalArgumentException if day is null
     */
    public Report weekly(LocalDate day) {
        Validate.notNull("day", day);
        ZoneId zone = analytics.zone();
        LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        Instant from = monday.atStartOfDay(zone).toInstant();
        Instant to = monday.plusWeeks(1).atStartOfDay(zone).toInstant();
        Instant prevFrom = monday.minusWeeks(1).atStartOfDay(zone).toInstant();
        return build(Report.Kind.WEEKLY, period(Report.Kind.WEEKLY, day), from, to, prevFrom, Interval.DAY);
    }

    /**
     * The label of the period of {@code kind} that holds {@code day}: the day itself ({@code
     * 2026-11-23}) or its ISO week ({@code 2026-W48}), as {@link Report#period()} carries it.
     *
     * @throws IllegalArgumentException if kind or day is null
     */
    public String period(Report.Kind kind, LocalDate day) {
        Validate.notNull("kind", kind);
        Validate.notNull("day", day);
        if (kind == Report.Kind.DAILY) {
            return day.toString();
        }
        ZoneId zone = analytics.zone();
        LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return Interval.WEEK.label(monday.atStartOfDay(zone).toInstant(), zone);
    }

    /**
     * The reports the monitor rendered and planned for sending, newest first, kept until retention
     * purges them.
     *
     * @param limit at most this many (at least 1)
     * @param after the cursor of the previous page, or null
     * @throws IllegalArgumentException if limit is below 1 or after is not a cursor
     */
    public Page<StoredReport> history(int limit, @Nullable String after) {
        return store.reports(limit, after);
    }

    /** A report the monitor planned, by its {@link StoredReport#id()}. */
    public Optional<StoredReport> stored(String id) {
        Validate.notNull("id", id);
        return store.report(id);
    }

    /** The deliveries of a planned report, one per channel, with their state, oldest first. */
    public List<Delivery> deliveries(String reportId) {
        Validate.notNull("reportId", reportId);
        return store.deliveries(reportId);
    }

    /** The weekly report of the last complete ISO week, by the analytics clock. */
    public Report lastWeek() {
        return weekly(LocalDate.ofInstant(analytics.clock().instant(), analytics.zone())
                .minusWeeks(1));
    }

    private Report build(Report.Kind kind, String label, Instant from, Instant to, Instant prevFrom, Interval step) {
        Kpis kpis = analytics.kpis(from, to);
        Comparison comparison = analytics.compare(from, to, prevFrom, from);
        TimeSeries trend = analytics.series(from, to, step);

        List<AlertRecord> open = new ArrayList<>();
        long openCount = 0;
        String after = null;
        int bound = analytics.maxAlertRows();
        do {
            AlertQuery q = AlertQuery.active();
            Page<AlertRecord> page = store.searchAlerts(
                    new AlertQuery(q.statuses(), q.severities(), null, null, null, q.limit(), after));
            for (AlertRecord a : page.items()) {
                openCount++;
                open.add(a);
                if (open.size() > MAX_LISTED_ALERTS * 4) {
                    open.sort(URGENT_FIRST);
                    open.subList(MAX_LISTED_ALERTS, open.size()).clear();
                }
            }
            after = page.nextCursor();
        } while (after != null && openCount < bound);
        open.sort(URGENT_FIRST);
        List<AlertRecord> listedOpen = open.size() > MAX_LISTED_ALERTS ? open.subList(0, MAX_LISTED_ALERTS) : open;

        List<AlertRecord> low = new ArrayList<>();
        long[] lowCount = new long[1];
        analytics.scanAlerts(from, to, Set.of(Severity.LOW), a -> {
            lowCount[0]++;
            if (low.size() < MAX_LISTED_ALERTS) {
                low.add(a);
            }
        });
        return new Report(
                kind,
                productName,
                label,
                from,
                to,
                analytics.zone(),
                analytics.clock().instant(),
                kpis,
                comparison,
                trend,
                listedOpen,
                openCount,
                analytics.uptime(),
                low,
                lowCount[0],
                analytics.alertStats(from, to));
    }

    private static final Comparator<AlertRecord> URGENT_FIRST = Comparator.comparing(AlertRecord::severity)
            .thenComparing(AlertRecord::lastSeen, Comparator.reverseOrder())
            .thenComparing(AlertRecord::id);

    /**
     * Renders a report: subject {@code "[Product] Daily report 2026-03-29: revenue 1234.50 EUR (+17.4
     * %), success 97.2 %, 2 open alerts"}, a plain-text part and an HTML part.
     *
     * @throws IllegalArgumentException if report is null
     */
    public RenderedReport render(Report report) {
        return ReportRenderer.render(report);
    }
}

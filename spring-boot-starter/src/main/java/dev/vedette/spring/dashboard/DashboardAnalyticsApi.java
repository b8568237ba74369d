package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardViews.rate;

import dev.vedette.Monitor;
import dev.vedette.analytics.Analytics;
import dev.vedette.analytics.Comparison;
import dev.vedette.analytics.Funnel;
import dev.vedette.analytics.Interval;
import dev.vedette.analytics.Kpis;
import dev.vedette.analytics.Segment;
import dev.vedette.store.Dimension;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code GET {base}/api/analytics}: the analytics page. */
@DashboardApi
public class DashboardAnalyticsApi {
    private static final int DEFAULT_DAYS = 7;
    private static final int MAX_DAYS = 366;
    /** Points per series at most: a year by day (366) fits, a year by hour (8,784) does not. */
    static final int MAX_POINTS = 2_000;

    private final Monitor monitor;
    private final Analytics analytics;
    private final List<String> funnelSteps;
    private final String zone;

    DashboardAnalyticsApi(Monitor monitor, Analytics analytics, List<String> funnelSteps) {
        this.monitor = monitor;
        this.analytics = analytics;
        this.funnelSteps = List.copyOf(funnelSteps);
        this.zone = DashboardViews.browserZone(analytics.zone());
    }

    /**
     * The analytics page: the last {@code days} against the period before.
     *
     * @param zone business zone, as browsers name it
     * @param from ISO instant
     * @param to ISO instant
     * @param previousFrom ISO instant the period before starts
     * @param interval HOUR, DAY, WEEK or MONTH
     * @param current totals of the period
     * @param previous totals of the period before
     * @param change changes against the period before
     * @param series points of the period
     * @param previousSeries points of the period before
     * @param providers per provider
     * @param paymentMethods per payment method
     * @param topFailureReasons the most frequent error codes
     * @param funnel the conversion funnel
     * @param estimated the names of the figures on this page that are estimates rather than exact
     *     counts; empty, as every figure is exact today (rollups and store aggregates over every row
     *     of the period, none cut by a row bound). A page showing an estimate must say so next to it
     */
    public record Report(
            String zone,
            String from,
            String to,
            String previousFrom,
            String interval,
            TotalsView current,
            TotalsView previous,
            Changes change,
            List<TotalsView.Point> series,
            List<TotalsView.Point> previousSeries,
            List<SegmentView> providers,
            List<SegmentView> paymentMethods,
            List<FailureReasonView> topFailureReasons,
            FunnelView funnel,
            List<String> estimated) {}

    /**
     * Changes against the period before.
     *
     * @param revenue per currency code
     * @param transactions transactions
     * @param paid paid
     * @param failed failed
     * @param successRatePoints success rate difference, null when undefined
     */
    public record Changes(
            Map<String, Change> revenue,
            Change transactions,
            Change paid,
            Change failed,
            @Nullable Double successRatePoints) {}

    /**
     * One figure now and before.
     *
     * @param current decimal string
     * @param previous decimal string
     * @param percent change in percent, null when undefined
     */
    public record Change(
            String current, String previous, @Nullable Double percent) {
        static Change of(Comparison.Change c) {
            Double percent = c.percent();
            return new Change(
                    c.current().toPlainString(), c.previous().toPlainString(), percent == null ? null : rate(percent));
        }
    }

    /**
     * A provider's or payment method's performance ({@code Segment} in {@code docs/dashboard.md}).
     *
     * @param name provider or method
     * @param transactions transactions
     * @param successRate fraction
     * @param errorRate fraction
     * @param revenue per currency
     * @param p50Ms median latency
     * @param p95Ms 95th percentile latency
     * @param p99Ms 99th percentile latency
     */
    public record SegmentView(
            String name,
            long transactions,
            @Nullable Double successRate,
            @Nullable Double errorRate,
            List<MoneyView.Amount> revenue,
            @Nullable Long p50Ms,
            @Nullable Long p95Ms,
            @Nullable Long p99Ms) {
        static SegmentView of(Segment s) {
            return new SegmentView(
                    s.name(),
                    s.transactions(),
                    rate(s.successRate()),
                    rate(s.errorRate()),
                    MoneyView.Amount.of(s.revenue()),
                    DashboardViews.millis(s.p50()),
                    DashboardViews.millis(s.p95()),
                    DashboardViews.millis(s.p99()));
        }
    }

    /**
     * An error code among the top failure reasons.
     *
     * @param errorCode error code
     * @param count failures with it
     * @param share fraction of all failures
     * @param sampleMessage one message
     */
    public record FailureReasonView(
            String errorCode,
            long count,
            @Nullable Double share,
            @Nullable String sampleMessage) {
        static FailureReasonView of(Kpis.FailureReason f) {
            return new FailureReasonView(f.errorCode(), f.count(), rate(f.share()), f.sampleMessage());
        }
    }

    /**
     * The conversion funnel: exact counts over every transaction of the period.
     *
     * @param steps the steps in order
     */
    public record FunnelView(List<Step> steps) {
        static FunnelView of(Funnel f) {
            return new FunnelView(f.steps().stream()
                    .map(s -> new Step(s.name(), s.count(), rate(s.conversion()), rate(s.dropOff())))
                    .toList());
        }
    }

    /**
     * One funnel step.
     *
     * @param name step name
     * @param count transactions that reached it
     * @param conversion fraction of the first step
     * @param dropOff fraction lost since the previous step
     */
    public record Step(
            String name,
            long count,
            @Nullable Double conversion,
            @Nullable Double dropOff) {}

    /**
     * Revenue and volume over the last {@code days} against the period before, success rates, provider
     * and payment-method performance, top failure reasons and the conversion funnel. Rollup queries
     * plus two {@link dev.vedette.store.Store#transactionFigures} aggregates that leave out distinct
     * customers; no transaction row is read into the application, whatever {@code days} is.
     */
    @GetMapping("/analytics")
    public Report analytics(
            @RequestParam(required = false) @Nullable Integer days,
            @RequestParam(required = false) @Nullable String interval) {
        int d = days == null ? DEFAULT_DAYS : days;
        if (d < 1 || d > MAX_DAYS) {
            throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS + ", was '" + d + "'");
        }
        Interval iv = interval == null || DashboardParams.blank(interval) == null
                ? (d <= 2 ? Interval.HOUR : Interval.DAY)
                : DashboardParams.enumValue(Interval.class, "interval", interval);
        long points = points(d, iv);
        if (points > MAX_POINTS) {
            throw new IllegalArgumentException("interval " + iv + " over " + d + " days gives " + points
                    + " points per series, more than " + MAX_POINTS + "; pick a longer interval");
        }
        Instant now = monitor.clock().instant();
        Instant from = now.minus(Duration.ofDays(d));
        Instant previousFrom = from.minus(Duration.ofDays(d));
        Comparison cmp = analytics.compare(from, now);
        List<Kpis.FailureReason> failures = analytics.failureReasons(from, now);
        Funnel funnel = analytics.funnel(from, now, funnelSteps);
        Map<String, Change> revenueChange = new LinkedHashMap<>();
        cmp.revenue().forEach((c, ch) -> revenueChange.put(c.getCurrencyCode(), Change.of(ch)));
        return new Report(
                zone,
                from.toString(),
                now.toString(),
                previousFrom.toString(),
                iv.name(),
                TotalsView.of(cmp.current()),
                TotalsView.of(cmp.previous()),
                new Changes(
                        revenueChange,
                        Change.of(cmp.transactions()),
                        Change.of(cmp.paid()),
                        Change.of(cmp.failed()),
                        rate(cmp.successRatePoints())),
                TotalsView.Point.of(analytics.series(from, now, iv)),
                TotalsView.Point.of(analytics.series(previousFrom, from, iv)),
                analytics.segments(from, now, Dimension.PROVIDER).stream()
                        .map(SegmentView::of)
                        .toList(),
                analytics.segments(from, now, Dimension.PAYMENT_METHOD).stream()
                        .map(SegmentView::of)
                        .toList(),
                failures.stream().map(FailureReasonView::of).toList(),
                FunnelView.of(funnel),
                List.of());
    }

    /** Points of a series over {@code days} days by {@code interval}: at most, the edges included. */
    static long points(int days, Interval interval) {
        return switch (interval) {
            case HOUR -> days * 24L + 1;
            case DAY -> days + 1L;
            case WEEK -> days / 7L + 2;
            case MONTH -> days / 28L + 2;
        };
    }
}

package dev.vedette.analytics;

import dev.vedette.health.UptimeReport;
import dev.vedette.internal.Validate;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.ComponentState;
import dev.vedette.model.Money;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.Dimension;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.Page;
import dev.vedette.store.Store;
import dev.vedette.store.TransactionFigures;
import dev.vedette.store.TransactionQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Business and operational analytics over a {@link Store}.
 *
 * <p>Figures that rollups can answer (counts, money, success rates, latency percentiles, series,
 * comparisons, provider and method performance) come from {@link Store#aggregate}, which a {@code
 * JdbcStore} answers from its rollup tables. Unique and paying customers, top failure reasons and
 * funnels come from {@link Store#transactionFigures}, which a {@code JdbcStore} answers from figure
 * rollups (customers as estimates it names): {@link #kpis} and {@link #funnel} never read rows
 * themselves, so the dashboard's analytics page costs the same at any table size. Only cohorts and
 * MRR, which follow each customer across months, still page through {@link
 * Store#searchTransactions}; they stop after {@link Builder#maxScanRows(int)} rows and carry a
 * {@link ScanInfo} saying whether the scan was complete. Money is never summed across currencies.
 * Every figure, and where it comes from, is defined in {@code docs/analytics.md}.
 *
 * <pre>{@code
 * Analytics analytics = Analytics.builder(store)
 *     .clock(Clock.systemUTC())
 *     .zone(ZoneId.of("Europe/Berlin"))
 *     .build();
 * Instant from = LocalDate.now(zone).atStartOfDay(zone).toInstant();
 * Kpis today = analytics.kpis(from, clock.instant());
 * TimeSeries trend = analytics.series(from.minus(Duration.ofDays(30)), clock.instant(), Interval.DAY);
 * Funnel funnel = analytics.funnel(from, clock.instant(), List.of("created", "completed", "email_sent"));
 * }</pre>
 *
 * <p>Thread-safe: every method reads the store afresh; nothing is cached.
 */
public final class Analytics {
    /** The name shown for transactions without a provider, payment method or error code. */
    public static final String NONE = "(none)";
    /** Default bound on rows read by one cohort or MRR scan. */
    public static final int DEFAULT_MAX_SCAN_ROWS = 100_000;
    /** Default bound on alerts read by one alert scan. */
    public static final int DEFAULT_MAX_ALERT_ROWS = 10_000;
    /** Default number of failure reasons in {@link Kpis#topFailureReasons()}. */
    public static final int DEFAULT_TOP_FAILURE_REASONS = 10;

    private static final int PAGE = TransactionQuery.MAX_LIMIT;

    private final Store store;
    private final Clock clock;
    private final ZoneId zone;
    private final RefundAccounting refundAccounting;
    private final int maxScanRows;
    private final int maxAlertRows;
    private final int topFailureReasons;
    private final ActiveUsers activeUsers;

    /**
     * Analytics with the defaults: {@link RefundAccounting#SAME_TRANSACTION}, {@value
     * #DEFAULT_MAX_SCAN_ROWS} scan rows, {@value #DEFAULT_TOP_FAILURE_REASONS} failure reasons.
     *
     * @param store where the data is
     * @param clock what "now" is (uptime windows, active users, reports)
     * @param zone the business time zone days, weeks and months are cut in
     * @throws IllegalArgumentException if an argument is null
     */
    public Analytics(Store store, Clock clock, ZoneId zone) {
        this(builder(store).clock(clock).zone(zone));
    }

    private Analytics(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.zone = b.zone;
        this.refundAccounting = b.refundAccounting;
        this.maxScanRows = b.maxScanRows;
        this.maxAlertRows = b.maxAlertRows;
        this.topFailureReasons = b.topFailureReasons;
        this.activeUsers = b.activeUsers != null
                ? b.activeUsers
                : ActiveUsers.builder().clock(b.clock).zone(b.zone).build();
    }

    /**
     * Starts a builder.
     *
     * @throws IllegalArgumentException if the store is null
     */
    public static Builder builder(Store store) {
        return new Builder(Validate.notNull("store", store));
    }

    /** The business time zone. */
    public ZoneId zone() {
        return zone;
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    /** The refund model revenue is computed with. */
    public RefundAccounting refundAccounting() {
        return refundAccounting;
    }

    /** The bound on rows one cohort or MRR scan reads; KPIs and funnels do not scan. */
    public int maxScanRows() {
        return maxScanRows;
    }

    /** The bound on alerts one alert scan reads. */
    public int maxAlertRows() {
        return maxAlertRows;
    }

    /** The active-user counter; {@link #recordActivity(String)} feeds it. */
    public ActiveUsers activeUsers() {
        return activeUsers;
    }

    /**
     * Records that a user was active now (see {@link ActiveUsers#recordActivity(String)}). Cheap,
     * thread-safe, never throws; null or blank keys are ignored.
     */
    public void recordActivity(@Nullable String userKey) {
        activeUsers.recordActivity(userKey);
    }

    /** CSV exports over this analytics' store. */
    public CsvExport csv() {
        return new CsvExport(this, store);
    }

    /** Daily and weekly reports; {@code productName} heads them (e.g. {@code "VectorCraft"}). */
    public Reports reports(String productName) {
        return new Reports(this, store, productName);
    }

    // ------------------------------------------------------------------ rollup figures

    /**
     * Totals of the transactions created in [{@code from}, {@code to}), from rollups.
     *
     * @throws IllegalArgumentException if a bound is null or {@code from} is not before {@code to}
     */
    public Totals totals(Instant from, Instant to) {
        checkRange(from, to);
        Tally tally = new Tally();
        store.aggregate(new AggregateQuery(from, to, null, zone, Set.of(Dimension.STATUS)).withoutLatency())
                .forEach(tally::add);
        return tally.totals(refundAccounting);
    }

    /**
     * The key figures of the transactions created in [{@code from}, {@code to}); see {@link Kpis}.
     * Two rollup queries plus one {@link Store#transactionFigures} answer; no rows are read here,
     * however long the range. Every figure is exact except the customer counts when {@link
     * Kpis#customerEstimate()} says they are estimated.
     *
     * @throws IllegalArgumentException if a bound is null or {@code from} is not before {@code to}
     */
    public Kpis kpis(Instant from, Instant to) {
        return computeKpis(from, to, null, null);
    }

    /**
     * As {@link #kpis(Instant, Instant)}, plus {@link Kpis#converted()}: gross and refunds of every
     * currency converted into {@code reportingCurrency} by {@code converter} (for example at the
     * host's daily rates), summed, and labelled as converted. The converter receives non-negative
     * money in one currency and must return money in {@code reportingCurrency}.
     *
     * @throws IllegalArgumentException if an argument is null, the range is empty, or the converter
     *     returns null or another currency
     */
    public Kpis kpis(Instant from, Instant to, Currency reportingCurrency, Function<Money, Money> converter) {
        Validate.notNull("reportingCurrency", reportingCurrency);
        Validate.notNull("converter", converter);
        return computeKpis(from, to, reportingCurrency, converter);
    }

    private Kpis computeKpis(
            Instant from, Instant to, @Nullable Currency reporting, @Nullable Function<Money, Money> converter) {
        checkRange(from, to);
        List<AggregateRow> byProvider =
                store.aggregate(new AggregateQuery(from, to, null, zone, Set.of(Dimension.STATUS, Dimension.PROVIDER)));
        List<AggregateRow> byMethod = store.aggregate(
                new AggregateQuery(from, to, null, zone, Set.of(Dimension.STATUS, Dimension.PAYMENT_METHOD)));
        Tally all = new Tally();
        byProvider.forEach(all::add);
        Totals totals = all.totals(refundAccounting);

        TransactionFigures figures = store.transactionFigures(new FiguresQuery(from, to, paidKinds(), List.of()));
        List<Kpis.FailureReason> reasons = new AggregateFigures(this).failureReasons(figures);
        Kpis.Converted converted = reporting == null || converter == null
                ? null
                : Conversions.convert(all, refundAccounting, reporting, converter);
        return new Kpis(
                from,
                to,
                totals,
                figures.customers(),
                figures.payingCustomers(),
                reasons,
                segments(byProvider, AggregateRow::provider),
                segments(byMethod, AggregateRow::paymentMethod),
                converted,
                figures.customerEstimate());
    }

    /**
     * Distinct customers and paying customers of the transactions created in [{@code from}, {@code
     * to}), exactly as {@link Kpis#uniqueCustomers()} and {@link Kpis#payingCustomers()} have them
     * (with {@link TransactionFigures#customerEstimate()} saying whether and how they are
     * estimated), from one {@link Store#transactionFigures} answer that asks for nothing else.
     *
     * @throws IllegalArgumentException if a bound is null or {@code from} is not before {@code to}
     */
    public TransactionFigures customers(Instant from, Instant to) {
        checkRange(from, to);
        return store.transactionFigures(
                new FiguresQuery(from, to, paidKinds(), List.of(), Set.of(FiguresQuery.Part.CUSTOMERS)));
    }

    /**
     * The most frequent error codes of the FAILED-kind transactions created in [{@code from}, {@code
     * to}), exactly as {@link Kpis#topFailureReasons()} has them, from one {@link
     * Store#transactionFigures} aggregate that leaves out the distinct-customer counts (the costliest
     * part of {@link #kpis}). For pages that show failures but not customers.
     *
     * @throws IllegalArgumentException if a bound is null or {@code from} is not before {@code to}
     */
    public List<Kpis.FailureReason> failureReasons(Instant from, Instant to) {
        return new AggregateFigures(this).failureReasons(from, to);
    }

    /**
     * One {@link Segment} per provider or per payment method over [{@code from}, {@code to}), from
     * rollups, exactly as {@link Kpis#providers()} and {@link Kpis#paymentMethods()} have them: most
     * transactions first, ties by name, a missing name as {@link #NONE}.
     *
     * @param by {@link Dimension#PROVIDER} or {@link Dimension#PAYMENT_METHOD}
     * @throws IllegalArgumentException if an argument is null, the range is empty, or {@code by} is
     *     another dimension
     */
    public List<Segment> segments(Instant from, Instant to, Dimension by) {
        checkRange(from, to);
        Validate.notNull("by", by);
        Function<AggregateRow, @Nullable String> name = switch (by) {
            case PROVIDER -> AggregateRow::provider;
            case PAYMENT_METHOD -> AggregateRow::paymentMethod;
            default -> throw new IllegalArgumentException("by must be PROVIDER or PAYMENT_METHOD, was " + by);
        };
        return segments(store.aggregate(new AggregateQuery(from, to, null, zone, Set.of(Dimension.STATUS, by))), name);
    }

    private List<Segment> segments(List<AggregateRow> rows, Function<AggregateRow, @Nullable String> name) {
        Map<String, Tally> tallies = new HashMap<>();
        for (AggregateRow r : rows) {
            String n = name.apply(r);
            tallies.computeIfAbsent(n == null ? NONE : n, k -> new Tally()).add(r);
        }
        List<Segment> out = new ArrayList<>();
        tallies.forEach((n, t) -> out.add(new Segment(
                n,
                t.totals(refundAccounting),
                t.latency.percentile(50),
                t.latency.percentile(95),
                t.latency.percentile(99))));
        out.sort(Comparator.comparingLong(Segment::transactions).reversed().thenComparing(Segment::name));
        return out;
    }

    /**
     * Totals per interval over [{@code from}, {@code to}) in the business zone, from rollups (HOUR
     * buckets for {@link Interval#HOUR}, DAY buckets rolled up otherwise). See {@link TimeSeries}.
     *
     * @throws IllegalArgumentException if an argument is null, the range is empty, or it holds more
     *     than {@value TimeSeries#MAX_POINTS} intervals
     */
    public TimeSeries series(Instant from, Instant to, Interval interval) {
        checkRange(from, to);
        Validate.notNull("interval", interval);
        List<Instant> starts = new ArrayList<>();
        for (Instant s = interval.start(from, zone); s.isBefore(to); s = interval.next(s, zone)) {
            if (starts.size() == TimeSeries.MAX_POINTS) {
                throw new IllegalArgumentException("series must have at most " + TimeSeries.MAX_POINTS + " " + interval
                        + " points, was more for " + from + " to " + to);
            }
            starts.add(s);
        }
        Map<Instant, Tally> byStart = new HashMap<>();
        for (AggregateRow r : store.aggregate(
                new AggregateQuery(from, to, interval.bucket(), zone, Set.of(Dimension.STATUS)).withoutLatency())) {
            Instant bucket = r.bucketStart();
            if (bucket == null) {
                throw new IllegalStateException("store returned a row without bucketStart for a bucketed query");
            }
            byStart.computeIfAbsent(interval.start(bucket, zone), k -> new Tally())
                    .add(r);
        }
        List<TimeSeries.Point> points = new ArrayList<>(starts.size());
        for (Instant s : starts) {
            Tally t = byStart.get(s);
            points.add(new TimeSeries.Point(
                    s,
                    interval.next(s, zone),
                    interval.label(s, zone),
                    t == null ? new Tally().totals(refundAccounting) : t.totals(refundAccounting)));
        }
        return new TimeSeries(from, to, interval, zone, points);
    }

    /**
     * Compares [{@code from}, {@code to}) with the period of equal length just before it, [{@code
     * from - (to - from)}, {@code from}). For calendar periods of unequal length (a DST day, a month)
     * use {@link #compare(Instant, Instant, Instant, Instant)}.
     *
     * @throws IllegalArgumentException if a bound is null or the range is empty
     */
    public Comparison compare(Instant from, Instant to) {
        checkRange(from, to);
        Duration length = Duration.between(from, to);
        return compare(from, to, from.minus(length), from);
    }

    /**
     * Compares [{@code from}, {@code to}) with the baseline [{@code previousFrom}, {@code
     * previousTo}), from rollups; see {@link Comparison}.
     *
     * @throws IllegalArgumentException if a bound is null or a range is empty
     */
    public Comparison compare(Instant from, Instant to, Instant previousFrom, Instant previousTo) {
        checkRange(from, to);
        checkRange(previousFrom, previousTo);
        return Comparison.of(from, to, previousFrom, previousTo, totals(from, to), totals(previousFrom, previousTo));
    }

    // ------------------------------------------------------------------ funnel, cohorts, MRR

    /**
     * Counts how many transactions created in [{@code from}, {@code to}) reached each step, exactly,
     * from one {@link Store#transactionFigures} aggregate (no rows are read here); see {@link Funnel}
     * for the step names {@code created} and {@code completed}.
     *
     * @param steps step names in funnel order, at least one, no duplicates
     * @throws IllegalArgumentException if an argument is null, the range is empty, or the steps are
     *     empty, blank or repeated
     */
    public Funnel funnel(Instant from, Instant to, List<String> steps) {
        return new AggregateFigures(this).funnel(from, to, steps);
    }

    /**
     * Cohorts of paying customers by first-payment month over the months {@code from} to {@code to}
     * inclusive, from a bounded scan; see {@link Cohorts}.
     *
     * @throws IllegalArgumentException if a month is null, {@code from} is after {@code to}, or the
     *     range spans more than {@value Cohorts#MAX_MONTHS} months
     */
    public Cohorts cohorts(YearMonth from, YearMonth to) {
        return new ScannedFigures(this).cohorts(from, to);
    }

    /**
     * Monthly recurring revenue per month and currency over the months {@code from} to {@code to}
     * inclusive, from a bounded scan of those months and the month before; see {@link Mrr}.
     *
     * @throws IllegalArgumentException if a month is null, {@code from} is after {@code to}, or the
     *     range spans more than {@value Cohorts#MAX_MONTHS} months
     */
    public Mrr mrr(YearMonth from, YearMonth to) {
        return new ScannedFigures(this).mrr(from, to);
    }

    // ------------------------------------------------------------------ operational

    /**
     * Operational figures: provider error rates and latency percentiles over [{@code from}, {@code
     * to}) (rollups), uptime of every component the store knows over the last 24 h / 7 d / 30 d
     * ending now ({@link Store#healthStats}), and statistics of the alerts first seen in the range
     * (bounded scan of {@link Store#searchAlerts}); see {@link Operational}.
     *
     * @throws IllegalArgumentException if a bound is null or the range is empty
     */
    public Operational operational(Instant from, Instant to) {
        checkRange(from, to);
        List<AggregateRow> rows =
                store.aggregate(new AggregateQuery(from, to, null, zone, Set.of(Dimension.STATUS, Dimension.PROVIDER)));
        return new Operational(from, to, segments(rows, AggregateRow::provider), uptime(), alertStats(from, to));
    }

    /** Uptime of every component the store has a state for, by name, windows ending now. */
    public List<UptimeReport> uptime() {
        Instant now = clock.instant();
        return store.componentStates().stream()
                .map(ComponentState::component)
                .sorted()
                .map(c -> UptimeReport.compute(c, now, (f, t) -> store.healthStats(c, f, t)))
                .toList();
    }

    /**
     * Statistics of the alerts whose first occurrence lies in [{@code from}, {@code to}), from at most
     * {@link Builder#maxAlertRows(int)} alerts.
     *
     * @throws IllegalArgumentException if a bound is null or the range is empty
     */
    public Operational.AlertStats alertStats(Instant from, Instant to) {
        return new AlertStatistics(this).alertStats(from, to);
    }

    /**
     * Pages through alerts first seen in [from, to) with one of the severities (all when empty), at
     * most {@code maxAlertRows} read.
     */
    ScanInfo scanAlerts(Instant from, Instant to, Set<Severity> severities, Consumer<AlertRecord> each) {
        return new AlertStatistics(this).scanAlerts(from, to, severities, each);
    }

    /** The number of failure reasons kept. */
    int topFailureReasons() {
        return topFailureReasons;
    }

    /** The store read. */
    Store store() {
        return store;
    }

    // ------------------------------------------------------------------ helpers

    /** The status kinds that count as paid under this analytics' refund model. */
    Set<TransactionStatus.Kind> paidKinds() {
        return refundAccounting == RefundAccounting.SAME_TRANSACTION
                ? EnumSet.of(TransactionStatus.Kind.SUCCEEDED, TransactionStatus.Kind.REVERSED)
                : EnumSet.of(TransactionStatus.Kind.SUCCEEDED);
    }

    boolean isPaid(TransactionStatus status) {
        return status.kind() == TransactionStatus.Kind.SUCCEEDED
                || (refundAccounting == RefundAccounting.SAME_TRANSACTION
                        && status.kind() == TransactionStatus.Kind.REVERSED);
    }

    /** Pages through the transactions created in [from, to), newest first, at most maxScanRows. */
    ScanInfo scan(Instant from, Instant to, Consumer<StoredTransaction> each) {
        long read = 0;
        String after = null;
        while (true) {
            int limit = (int) Math.min(PAGE, maxScanRows - read + 1);
            Page<StoredTransaction> page = store.searchTransactions(TransactionQuery.builder()
                    .createdBetween(from, to)
                    .limit(Math.max(1, limit))
                    .after(after)
                    .build());
            for (StoredTransaction t : page.items()) {
                if (read == maxScanRows) {
                    return new ScanInfo(read, false);
                }
                read++;
                each.accept(t);
            }
            if (!page.hasNext()) {
                return new ScanInfo(read, true);
            }
            after = page.nextCursor();
        }
    }

    Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    int monthOffset(YearMonth base, Instant t) {
        YearMonth m = YearMonth.from(t.atZone(zone));
        return (int) base.until(m, java.time.temporal.ChronoUnit.MONTHS);
    }

    static int checkMonths(YearMonth from, YearMonth to) {
        Validate.notNull("from", from);
        Validate.notNull("to", to);
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to, was " + from + " > " + to);
        }
        long months = from.until(to, java.time.temporal.ChronoUnit.MONTHS) + 1;
        if (months > Cohorts.MAX_MONTHS) {
            throw new IllegalArgumentException(
                    "range must span at most " + Cohorts.MAX_MONTHS + " months, was " + months);
        }
        return (int) months;
    }

    static void checkRange(Instant from, Instant to) {
        Validate.notNull("from", from);
        Validate.notNull("to", to);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, was " + from + " >= " + to);
        }
    }

    /** Builds {@link Analytics}. */
    public static final class Builder {
        private final Store store;
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.of("UTC");
        private RefundAccounting refundAccounting = RefundAccounting.SAME_TRANSACTION;
        private int maxScanRows = DEFAULT_MAX_SCAN_ROWS;
        private int maxAlertRows = DEFAULT_MAX_ALERT_ROWS;
        private int topFailureReasons = DEFAULT_TOP_FAILURE_REASONS;
        private @Nullable ActiveUsers activeUsers;

        private Builder(Store store) {
            this.store = store;
        }

        /** The clock (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Validate.notNull("clock", clock);
            return this;
        }

        /** The business time zone days, weeks and months are cut in (default UTC). */
        public Builder zone(ZoneId zone) {
            this.zone = Validate.notNull("zone", zone);
            return this;
        }

        /** How refunds are recorded (default {@link RefundAccounting#SAME_TRANSACTION}). */
        public Builder refundAccounting(RefundAccounting accounting) {
            this.refundAccounting = Validate.notNull("refundAccounting", accounting);
            return this;
        }

        /**
         * Bound on transactions one cohort or MRR scan reads (default {@value #DEFAULT_MAX_SCAN_ROWS}),
         * at least 1. KPIs and funnels do not scan and are not bounded by it.
         */
        public Builder maxScanRows(int max) {
            this.maxScanRows = Validate.atLeast("maxScanRows", max, 1);
            return this;
        }

        /** Bound on alerts one alert scan reads (default {@value #DEFAULT_MAX_ALERT_ROWS}), at least 1. */
        public Builder maxAlertRows(int max) {
            this.maxAlertRows = Validate.atLeast("maxAlertRows", max, 1);
            return this;
        }

        /** Number of top failure reasons (default {@value #DEFAULT_TOP_FAILURE_REASONS}), at least 1. */
        public Builder topFailureReasons(int n) {
            this.topFailureReasons = Validate.atLeast("topFailureReasons", n, 1);
            return this;
        }

        /** The active-user counter to use (default: one built with this clock and zone). */
        public Builder activeUsers(ActiveUsers activeUsers) {
            this.activeUsers = Validate.notNull("activeUsers", activeUsers);
            return this;
        }

        /** Builds. */
        public Analytics build() {
            return new Analytics(this);
        }
    }
}

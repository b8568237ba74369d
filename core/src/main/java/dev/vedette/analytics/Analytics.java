package dev.vedette.analytics;

import dev.vedette.health.UptimeReport;
import dev.vedette.internal.Validate;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.ComponentState;
import dev.vedette.model.Money;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.Dimension;
import dev.vedette.store.Page;
import dev.vedette.store.Store;
import dev.vedette.store.TransactionQuery;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Business and operational analytics over a {@link Store}.
 *
 * <p>Figures that rollups can answer (counts, money, success rates, latency percentiles, series,
 * comparisons, provider and method performance) come from {@link Store#aggregate}, which a {@code
 * JdbcStore} answers from its rollup tables. Figures that need raw rows (unique customers, top
 * failure reasons, funnels, cohorts, MRR) page through {@link Store#searchTransactions} and stop
 * after {@link Builder#maxScanRows(int)} rows; each such result carries a {@link ScanInfo} saying
 * whether the scan was complete. Money is never summed across currencies. Every figure is defined
 * in {@code docs/analytics.md}.
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
    /** Default bound on rows read by one scan. */
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

    /** The bound on rows one scan reads. */
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
     * Two rollup queries plus one bounded scan.
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

        Set<String> customers = new HashSet<>();
        Set<String> paying = new HashSet<>();
        Map<String, long[]> failureCounts = new HashMap<>();
        Map<String, String> sampleMessages = new HashMap<>();
        long[] failedSeen = new long[1];
        ScanInfo scan = scan(from, to, t -> {
            String email = t.customerEmail();
            if (email != null) {
                String key = email.toLowerCase(Locale.ROOT);
                customers.add(key);
                if (isPaid(t.status())) {
                    paying.add(key);
                }
            }
            if (t.status().kind() == TransactionStatus.Kind.FAILED) {
                failedSeen[0]++;
                String code = t.errorCode() == null ? NONE : t.errorCode();
                failureCounts.computeIfAbsent(code, k -> new long[1])[0]++;
                if (t.errorMessage() != null) {
                    sampleMessages.putIfAbsent(code, t.errorMessage());
                }
            }
        });
        List<Kpis.FailureReason> reasons = failureCounts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                        .thenComparing(Map.Entry::getKey))
                .limit(topFailureReasons)
                .map(e -> new Kpis.FailureReason(
                        e.getKey(),
                        e.getValue()[0],
                        Amounts.ratio(e.getValue()[0], failedSeen[0]),
                        sampleMessages.get(e.getKey())))
                .toList();
        Kpis.Converted converted = reporting == null || converter == null ? null : convert(all, reporting, converter);
        return new Kpis(
                from,
                to,
                totals,
                customers.size(),
                paying.size(),
                reasons,
                segments(byProvider, AggregateRow::provider),
                segments(byMethod, AggregateRow::paymentMethod),
                scan,
                converted);
    }

    private Kpis.Converted convert(Tally tally, Currency reporting, Function<Money, Money> converter) {
        BigDecimal gross = Amounts.zero(reporting);
        for (Map.Entry<Currency, BigDecimal> e : tally.gross(refundAccounting).entrySet()) {
            gross = gross.add(convertOne(e.getKey(), e.getValue(), reporting, converter));
        }
        BigDecimal refunds = Amounts.zero(reporting);
        for (Map.Entry<Currency, BigDecimal> e : tally.reversedAmount.entrySet()) {
            refunds = refunds.add(convertOne(e.getKey(), e.getValue(), reporting, converter));
        }
        return new Kpis.Converted(
                reporting,
                Amounts.scale(reporting, gross),
                Amounts.scale(reporting, refunds),
                Amounts.scale(reporting, gross.subtract(refunds)),
                "converted to " + reporting.getCurrencyCode());
    }

    private static BigDecimal convertOne(
            Currency from, BigDecimal amount, Currency reporting, Function<Money, Money> converter) {
        Money source = new Money(Amounts.scale(from, amount), from);
        if (from.equals(reporting)) {
            return source.amount();
        }
        Money out = converter.apply(source);
        if (out == null || !out.currency().equals(reporting)) {
            throw new IllegalArgumentException("converter must return money in " + reporting.getCurrencyCode() + " for "
                    + source + ", returned " + out);
        }
        return out.amount();
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

    // ------------------------------------------------------------------ scanned figures

    /**
     * Counts how many transactions created in [{@code from}, {@code to}) reached each step, from a
     * bounded scan; see {@link Funnel} for the step names {@code created} and {@code completed}.
     *
     * @param steps step names in funnel order, at least one, no duplicates
     * @throws IllegalArgumentException if an argument is null, the range is empty, or the steps are
     *     empty, blank or repeated
     */
    public Funnel funnel(Instant from, Instant to, List<String> steps) {
        checkRange(from, to);
        Validate.notNull("steps", steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps must not be empty");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String s : steps) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("steps must not hold null or blank names, was " + steps);
            }
            if (!seen.add(s)) {
                throw new IllegalArgumentException("steps must not repeat a name, '" + Validate.quote(s) + "' did");
            }
        }
        List<String> names = List.copyOf(steps);
        long[] counts = new long[names.size()];
        ScanInfo scan = scan(from, to, t -> {
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                boolean reached = switch (n) {
                    case Funnel.CREATED -> true;
                    case Funnel.COMPLETED -> isPaid(t.status());
                    default -> t.steps().contains(n);
                };
                if (reached) {
                    counts[i]++;
                }
            }
        });
        List<Funnel.Step> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            double dropOff = i == 0 ? 0.0 : Amounts.ratio(counts[i - 1] - counts[i], counts[i - 1]);
            out.add(new Funnel.Step(names.get(i), counts[i], Amounts.ratio(counts[i], counts[0]), dropOff));
        }
        return new Funnel(from, to, out, scan);
    }

    /**
     * Cohorts of paying customers by first-payment month over the months {@code from} to {@code to}
     * inclusive, from a bounded scan; see {@link Cohorts}.
     *
     * @throws IllegalArgumentException if a month is null, {@code from} is after {@code to}, or the
     *     range spans more than {@value Cohorts#MAX_MONTHS} months
     */
    public Cohorts cohorts(YearMonth from, YearMonth to) {
        int months = checkMonths(from, to);
        Map<String, java.util.BitSet> activity = new HashMap<>();
        ScanInfo scan = scan(start(from), start(to.plusMonths(1)), t -> {
            String email = t.customerEmail();
            if (email == null || !isPaid(t.status())) {
                return;
            }
            int offset = monthOffset(from, t.createdAt());
            if (offset >= 0 && offset < months) {
                activity.computeIfAbsent(email.toLowerCase(Locale.ROOT), k -> new java.util.BitSet(months))
                        .set(offset);
            }
        });
        long[][] active = new long[months][];
        for (int c = 0; c < months; c++) {
            active[c] = new long[months - c];
        }
        for (java.util.BitSet bits : activity.values()) {
            int cohort = bits.nextSetBit(0);
            for (int m = cohort; m >= 0; m = bits.nextSetBit(m + 1)) {
                active[cohort][m - cohort]++;
            }
        }
        List<Cohorts.Cohort> out = new ArrayList<>();
        for (int c = 0; c < months; c++) {
            List<Long> counts = new ArrayList<>();
            List<Double> retention = new ArrayList<>();
            for (long n : active[c]) {
                counts.add(n);
                retention.add(Amounts.ratio(n, active[c][0]));
            }
            out.add(new Cohorts.Cohort(from.plusMonths(c), active[c][0], counts, retention));
        }
        return new Cohorts(from, to, out, scan);
    }

    /**
     * Monthly recurring revenue per month and currency over the months {@code from} to {@code to}
     * inclusive, from a bounded scan of those months and the month before; see {@link Mrr}.
     *
     * @throws IllegalArgumentException if a month is null, {@code from} is after {@code to}, or the
     *     range spans more than {@value Cohorts#MAX_MONTHS} months
     */
    public Mrr mrr(YearMonth from, YearMonth to) {
        checkMonths(from, to);
        YearMonth base = from.minusMonths(1);
        int months = checkMonths(base, to);
        // per month offset: subscriber -> newest payment of that month
        List<Map<SubscriberKey, SubscriptionPayment>> byMonth = new ArrayList<>();
        for (int i = 0; i < months; i++) {
            byMonth.add(new HashMap<>());
        }
        ScanInfo scan = scan(start(base), start(to.plusMonths(1)), t -> {
            if (t.status().kind() != TransactionStatus.Kind.SUCCEEDED || t.money() == null || !isSubscription(t)) {
                return;
            }
            String subscriber = subscriber(t);
            if (subscriber == null) {
                return;
            }
            int offset = monthOffset(base, t.createdAt());
            if (offset < 0 || offset >= months) {
                return;
            }
            Currency currency = t.money().currency();
            SubscriptionPayment p = new SubscriptionPayment(t.createdAt(), t.id(), monthlyAmount(t), plan(t));
            byMonth.get(offset).merge(new SubscriberKey(subscriber, currency), p, SubscriptionPayment::newer);
        });
        Map<Currency, Set<String>> seenBefore = new HashMap<>();
        byMonth.get(0)
                .keySet()
                .forEach(k -> seenBefore
                        .computeIfAbsent(k.currency(), c -> new HashSet<>())
                        .add(k.subscriber()));
        List<Mrr.Month> out = new ArrayList<>();
        for (int m = 1; m < months; m++) {
            Map<SubscriberKey, SubscriptionPayment> prev = byMonth.get(m - 1);
            Map<SubscriberKey, SubscriptionPayment> cur = byMonth.get(m);
            Map<Currency, MrrAccumulator> acc = new TreeMap<>(Amounts.BY_CODE);
            for (Map.Entry<SubscriberKey, SubscriptionPayment> e : cur.entrySet()) {
                SubscriberKey k = e.getKey();
                MrrAccumulator a = acc.computeIfAbsent(k.currency(), MrrAccumulator::new);
                BigDecimal amount = e.getValue().amount();
                a.mrr = a.mrr.add(amount);
                a.subscribers++;
                SubscriptionPayment before = prev.get(k);
                if (before == null) {
                    if (seenBefore.getOrDefault(k.currency(), Set.of()).contains(k.subscriber())) {
                        a.reactivation = a.reactivation.add(amount);
                    } else {
                        a.newMrr = a.newMrr.add(amount);
                        a.newSubscribers++;
                    }
                } else {
                    int cmp = amount.compareTo(before.amount());
                    if (cmp > 0) {
                        a.expansion = a.expansion.add(amount.subtract(before.amount()));
                    } else if (cmp < 0) {
                        a.contraction = a.contraction.add(before.amount().subtract(amount));
                    }
                    if (!java.util.Objects.equals(before.plan(), e.getValue().plan())) {
                        a.planChanges++;
                    }
                }
            }
            for (Map.Entry<SubscriberKey, SubscriptionPayment> e : prev.entrySet()) {
                if (!cur.containsKey(e.getKey())) {
                    MrrAccumulator a = acc.computeIfAbsent(e.getKey().currency(), MrrAccumulator::new);
                    a.churned = a.churned.add(e.getValue().amount());
                    a.churnedSubscribers++;
                }
            }
            YearMonth month = base.plusMonths(m);
            acc.values().forEach(a -> out.add(a.toMonth(month)));
            cur.keySet()
                    .forEach(k -> seenBefore
                            .computeIfAbsent(k.currency(), c -> new HashSet<>())
                            .add(k.subscriber()));
        }
        return new Mrr(from, to, out, scan);
    }

    private record SubscriberKey(String subscriber, Currency currency) {}

    private record SubscriptionPayment(
            Instant at,
            String id,
            BigDecimal amount,
            @Nullable String plan) {
        SubscriptionPayment newer(SubscriptionPayment other) {
            int c = at.compareTo(other.at);
            return c > 0 || (c == 0 && id.compareTo(other.id) > 0) ? this : other;
        }
    }

    private static final class MrrAccumulator {
        final Currency currency;
        BigDecimal mrr;
        BigDecimal newMrr;
        BigDecimal reactivation;
        BigDecimal expansion;
        BigDecimal contraction;
        BigDecimal churned;
        long subscribers;
        long newSubscribers;
        long churnedSubscribers;
        long planChanges;

        MrrAccumulator(Currency currency) {
            this.currency = currency;
            BigDecimal zero = Amounts.zero(currency);
            mrr = zero;
            newMrr = zero;
            reactivation = zero;
            expansion = zero;
            contraction = zero;
            churned = zero;
        }

        Mrr.Month toMonth(YearMonth month) {
            return new Mrr.Month(
                    month,
                    currency,
                    mrr,
                    newMrr,
                    reactivation,
                    expansion,
                    contraction,
                    churned,
                    subscribers,
                    newSubscribers,
                    churnedSubscribers,
                    planChanges);
        }
    }

    static boolean isSubscription(StoredTransaction t) {
        Object v = t.metadata().get("subscription");
        return Boolean.TRUE.equals(v) || (v instanceof String s && s.equalsIgnoreCase("true"));
    }

    private static @Nullable String subscriber(StoredTransaction t) {
        Object id = t.metadata().get("subscription_id");
        if (id != null && !id.toString().isBlank()) {
            return "id:" + id;
        }
        String email = t.customerEmail();
        return email == null ? null : "email:" + email.toLowerCase(Locale.ROOT);
    }

    private static BigDecimal monthlyAmount(StoredTransaction t) {
        Money money = java.util.Objects.requireNonNull(t.money());
        Object plan = t.metadata().get("plan_amount");
        if (plan instanceof Number || plan instanceof String) {
            try {
                BigDecimal amount = new BigDecimal(plan.toString().trim());
                if (amount.signum() >= 0) {
                    return Amounts.scale(money.currency(), amount);
                }
            } catch (NumberFormatException ignored) {
                // not a decimal: fall back to the amount paid, as documented
            }
        }
        return money.amount();
    }

    private static @Nullable String plan(StoredTransaction t) {
        Object plan = t.metadata().get("plan");
        return plan == null ? null : plan.toString();
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
        checkRange(from, to);
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

    /**
     * Pages through alerts first seen in [from, to) with one of the severities (all when empty), at
     * most {@code maxAlertRows} read.
     */
    ScanInfo scanAlerts(Instant from, Instant to, Set<Severity> severities, Consumer<AlertRecord> each) {
        long read = 0;
        String after = null;
        while (true) {
            Page<AlertRecord> page = store.searchAlerts(
                    new AlertQuery(Set.of(), severities, null, from, null, Math.min(1_000, maxAlertRows), after));
            for (AlertRecord a : page.items()) {
                if (read == maxAlertRows) {
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
            if (read == maxAlertRows) {
                return new ScanInfo(read, false);
            }
            after = page.nextCursor();
        }
    }

    // ------------------------------------------------------------------ helpers

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

    private int monthOffset(YearMonth base, Instant t) {
        YearMonth m = YearMonth.from(t.atZone(zone));
        return (int) base.until(m, java.time.temporal.ChronoUnit.MONTHS);
    }

    private static int checkMonths(YearMonth from, YearMonth to) {
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

        /** Bound on transactions one scan reads (default {@value #DEFAULT_MAX_SCAN_ROWS}), at least 1. */
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

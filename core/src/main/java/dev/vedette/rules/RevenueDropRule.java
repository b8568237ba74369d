package dev.vedette.rules;

import dev.vedette.internal.Validate;
import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.Dimension;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Revenue drop against the same window a day and a week earlier, per currency: "revenue of the last
 * hour is more than 50 % below the same hour yesterday and last week". Scheduled: reads {@code
 * store.aggregate} (rollups in the JDBC store), so a cluster sees cluster-wide revenue.
 *
 * <p>Revenue of a window is the sum of the amounts of transactions created in it whose current
 * status kind is {@link TransactionStatus.Kind#SUCCEEDED}. With {@code W} the {@link #over window}
 * and {@code now} the evaluation time, the current window is {@code [now - W, now)}, the day-before
 * window {@code [now - 24h - W, now - 24h)} and the week-before window {@code [now - 168h - W, now
 * - 168h)}. The {@link Baseline} (default the average of both) is compared per currency; the rule
 * fires for a currency when the baseline is at least its {@link #minimumBaseline minimum} and current
 * revenue {@code <} baseline × (1 - {@link #dropOf drop}); it resolves when that no longer holds.
 * One alert per currency, dedup key {@code rule:<name>:<currency>}.
 *
 * <p>Immutable configuration; thread-safe.
 */
public final class RevenueDropRule extends SeverityRule<RevenueDropRule, RevenueDropRule.Config> {
    /** Default name. */
    public static final String DEFAULT_NAME = "revenue-drop";
    /** Default drop: 0.5 (more than 50 % below the baseline). */
    public static final double DEFAULT_DROP = 0.5;
    /** Default window: 1 hour. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    /** Default minimum baseline: 100 units of the currency. */
    public static final BigDecimal DEFAULT_MINIMUM_BASELINE = new BigDecimal("100");
    /** Default evaluation interval: 5 minutes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    /** Default severity: CRITICAL (the seeds page on revenue drops). */
    public static final Severity DEFAULT_SEVERITY = Severity.CRITICAL;

    /** What current revenue is compared with. */
    public enum Baseline {
        /** The same window 24 hours earlier. */
        PREVIOUS_DAY,
        /** The same window 7 × 24 hours earlier. */
        PREVIOUS_WEEK,
        /** The average of both (the default). */
        AVERAGE,
        /** The lower of both: fires only when revenue is down against both. */
        LOWER
    }

    static final class Config extends RuleConfig<Config> {
        double drop = DEFAULT_DROP;
        Baseline baseline = Baseline.AVERAGE;
        BigDecimal minimumBaseline = DEFAULT_MINIMUM_BASELINE;
        Map<String, BigDecimal> minimumByCurrency = Map.of();

        Config() {
            super(DEFAULT_NAME, DEFAULT_SEVERITY);
            window = DEFAULT_WINDOW;
            interval = DEFAULT_INTERVAL;
        }
    }

    private final Firing firing;

    RevenueDropRule() {
        this(new Config());
    }

    private RevenueDropRule(Config config) {
        super(config);
        this.firing = new Firing(source());
    }

    @Override
    RevenueDropRule create(Config config) {
        return new RevenueDropRule(config);
    }

    /**
     * Fires when revenue is more than this fraction below the baseline (default 0.5).
     *
     * @throws IllegalArgumentException unless {@code 0 < drop < 1}
     */
    public RevenueDropRule dropOf(double drop) {
        if (!(drop > 0 && drop < 1)) {
            throw new IllegalArgumentException("drop must be above 0 and below 1, was " + drop);
        }
        return with(c -> c.drop = drop);
    }

    /** The window compared (default 1 hour, at most 7 days). */
    public RevenueDropRule over(Duration window) {
        Duration w = Validate.positive("window", window);
        if (w.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("window must be at most 7 days, was " + w);
        }
        return with(c -> c.window = w);
    }

    /** What current revenue is compared with (default {@link Baseline#AVERAGE}). */
    public RevenueDropRule baseline(Baseline baseline) {
        Baseline b = Validate.notNull("baseline", baseline);
        return with(c -> c.baseline = b);
    }

    /**
     * The smallest baseline (in units of the currency) that may fire, for every currency without its
     * own minimum (default 100). Keeps quiet nights and tiny currencies from paging.
     *
     * @throws IllegalArgumentException if negative
     */
    public RevenueDropRule minimumBaseline(BigDecimal minimum) {
        BigDecimal m = nonNegative(minimum);
        return with(c -> c.minimumBaseline = m);
    }

    /** The smallest baseline for one currency, e.g. {@code minimumBaseline("JPY", new BigDecimal("10000"))}. */
    public RevenueDropRule minimumBaseline(String currency, BigDecimal minimum) {
        String code = currencyCode(currency);
        BigDecimal m = nonNegative(minimum);
        return with(c -> {
            Map<String, BigDecimal> map = new HashMap<>(c.minimumByCurrency);
            map.put(code, m);
            c.minimumByCurrency = Map.copyOf(map);
        });
    }

    /** How often the rule runs (default 5 minutes, at least 10 seconds). */
    public RevenueDropRule every(Duration interval) {
        return withInterval(interval, null, "at least 10 seconds");
    }

    @Override
    public synchronized void evaluate(RuleContext context) {
        firing.adoptActive(context);
        Instant now = context.now();
        Instant from = now.minus(config.window);
        Map<String, BigDecimal> current = revenue(context, from, now);
        Map<String, BigDecimal> day = revenue(context, from.minus(Duration.ofDays(1)), now.minus(Duration.ofDays(1)));
        Map<String, BigDecimal> week = revenue(context, from.minus(Duration.ofDays(7)), now.minus(Duration.ofDays(7)));
        TreeSet<String> currencies = new TreeSet<>(day.keySet());
        currencies.addAll(week.keySet());
        currencies.addAll(current.keySet());
        for (String dedupKey : firing.keys()) {
            String prefix = source() + ":";
            if (dedupKey.startsWith(prefix)) {
                currencies.add(dedupKey.substring(prefix.length()));
            }
        }
        for (String currency : currencies) {
            BigDecimal d = day.getOrDefault(currency, BigDecimal.ZERO);
            BigDecimal w = week.getOrDefault(currency, BigDecimal.ZERO);
            BigDecimal baseline = switch (config.baseline) {
                case PREVIOUS_DAY -> d;
                case PREVIOUS_WEEK -> w;
                case AVERAGE -> d.add(w).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64);
                case LOWER -> d.min(w);
            };
            BigDecimal now0 = current.getOrDefault(currency, BigDecimal.ZERO);
            BigDecimal minimum = config.minimumByCurrency.getOrDefault(currency, config.minimumBaseline);
            BigDecimal limit = baseline.multiply(BigDecimal.valueOf(1 - config.drop), MathContext.DECIMAL64);
            String dedupKey = source() + ":" + currency;
            if (baseline.signum() > 0 && baseline.compareTo(minimum) >= 0 && now0.compareTo(limit) < 0) {
                double down = 1 - now0.divide(baseline, MathContext.DECIMAL64).doubleValue();
                Alert alert = alert(
                                "Revenue in " + currency + " down more than " + RuleSupport.percent(config.drop),
                                dedupKey)
                        .message("Last " + RuleSupport.human(config.window) + ": " + plain(now0) + " " + currency
                                + ", " + RuleSupport.percent(down) + " below the baseline of " + plain(baseline) + " "
                                + currency + " (same window a day earlier " + plain(d) + ", a week earlier " + plain(w)
                                + "; "
                                + config.baseline
                                        .name()
                                        .toLowerCase(Locale.ROOT)
                                        .replace('_', ' ')
                                + "; minimum baseline " + plain(minimum) + ")")
                        .label("currency", currency)
                        .build();
                firing.raise(context, alert, currency);
            } else {
                firing.resolve(context, dedupKey);
            }
        }
    }

    private static Map<String, BigDecimal> revenue(RuleContext ctx, Instant from, Instant to) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (AggregateRow row : ctx.aggregate(AggregateQuery.totals(from, to, Dimension.STATUS))) {
            Currency currency = row.currency();
            TransactionStatus status = row.status();
            if (currency == null || status == null || status.kind() != TransactionStatus.Kind.SUCCEEDED) {
                continue;
            }
            out.merge(currency.getCurrencyCode(), row.amount(), BigDecimal::add);
        }
        return out;
    }

    private static String plain(BigDecimal v) {
        return v.setScale(Math.max(0, Math.min(2, v.scale())), RoundingMode.HALF_UP)
                .toPlainString();
    }

    private static BigDecimal nonNegative(BigDecimal v) {
        if (v == null) {
            throw new IllegalArgumentException("minimum baseline must not be null");
        }
        if (v.signum() < 0) {
            throw new IllegalArgumentException("minimum baseline must not be negative, was " + v.toPlainString());
        }
        return v;
    }

    private static String currencyCode(String currency) {
        try {
            return Currency.getInstance(Validate.notNull("currency", currency).toUpperCase(Locale.ROOT))
                    .getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, was '" + currency + "'");
        }
    }

    static RevenueDropRule fromProperties(RuleProperties p) {
        RevenueDropRule r = new RevenueDropRule().applyNameAndSeverity(p);
        r = p.apply(r, "drop", RuleProperties::ratio, RevenueDropRule::dropOf);
        r = p.apply(r, "window", RuleProperties::duration, RevenueDropRule::over);
        r = p.apply(r, "baseline", RevenueDropRule::parseBaseline, RevenueDropRule::baseline);
        r = p.apply(r, "minimum-baseline", RuleProperties::amount, RevenueDropRule::minimumBaseline);
        r = p.apply(r, "minimum-baseline-by-currency", RevenueDropRule::parseMinimums, RevenueDropRule::minimums);
        r = p.apply(r, "interval", RuleProperties::duration, RevenueDropRule::every);
        p.rejectUnknown();
        return r;
    }

    private static Baseline parseBaseline(String v) {
        try {
            return Baseline.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be previous-day, previous-week, average or lower");
        }
    }

    /** {@code JPY=10000,EUR=50}. */
    private static Map<String, BigDecimal> parseMinimums(String v) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (String part : RuleProperties.list(v)) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("'" + part + "' is not CURRENCY=amount");
            }
            out.put(kv[0].strip(), RuleProperties.amount(kv[1].strip()));
        }
        return out;
    }

    private RevenueDropRule minimums(Map<String, BigDecimal> minimums) {
        RevenueDropRule r = this;
        for (Map.Entry<String, BigDecimal> e : minimums.entrySet()) {
            r = r.minimumBaseline(e.getKey(), e.getValue());
        }
        return r;
    }

    @Override
    public String toString() {
        return "RevenueDropRule[" + config.name + ": > " + RuleSupport.percent(config.drop) + " below "
                + config.baseline + " over " + RuleSupport.human(config.window) + "]";
    }
}

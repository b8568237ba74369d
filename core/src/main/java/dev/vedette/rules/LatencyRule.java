package dev.vedette.rules;

import dev.vedette.model.Alert;
import dev.vedette.model.LatencyHistogram;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.WrittenBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A latency percentile over a sliding window above a threshold: "p95 of provider calls above 1 s
 * over the last 5 minutes, out of at least 20 calls". Event-driven: every transaction with a
 * {@code latency} is counted once, keyed by the merged transaction each write produced ({@link
 * WriteResult#transactions()}, so a latency recorded in a payment's last step counts for the provider
 * named in an earlier one), at the time of its newest event, into a {@link LatencyHistogram} per time
 * bucket, so memory is fixed and the percentile agrees with the dashboard's figures (same bucket
 * bounds: the reported value is the upper bound of the histogram bucket holding it, capped at the
 * largest value seen).
 *
 * <p>Fires when samples ≥ {@link #atLeast} and the percentile {@code >} {@link #above}; resolves
 * when that no longer holds. {@link #perProvider()} and {@link #perPaymentMethod()} give one alert
 * per value (bounded by {@link #maxKeys}, evictions counted). Immutable configuration; thread-safe.
 *
 * <pre>{@code
 * Rules.latency().percentile(99).above(Duration.ofSeconds(2)).over(Duration.ofMinutes(10)).perProvider()
 * }</pre>
 */
public final class LatencyRule implements Rule {
    /** Default name. */
    public static final String DEFAULT_NAME = "latency";
    /** Default percentile: 95. */
    public static final double DEFAULT_PERCENTILE = 95;
    /** Default threshold: 1 second. */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(1);
    /** Default window: 5 minutes. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** Default number of buckets: 30. */
    public static final int DEFAULT_BUCKETS = 30;
    /** Default minimum number of samples: 20. */
    public static final int DEFAULT_MIN_SAMPLES = 20;
    /** Default most keys tracked when grouped. */
    public static final int DEFAULT_MAX_KEYS = 1_000;
    /** Default severity: HIGH. */
    public static final Severity DEFAULT_SEVERITY = Severity.HIGH;

    private static final int MAX = LatencyHistogram.BUCKETS;

    private static final class Config implements Cloneable {
        String name = DEFAULT_NAME;
        Severity severity = DEFAULT_SEVERITY;
        double percentile = DEFAULT_PERCENTILE;
        Duration threshold = DEFAULT_THRESHOLD;
        Duration window = DEFAULT_WINDOW;
        int buckets = DEFAULT_BUCKETS;
        int minSamples = DEFAULT_MIN_SAMPLES;
        Grouping grouping = Grouping.OVERALL;
        int maxKeys = DEFAULT_MAX_KEYS;

        Config copy() {
            try {
                return (Config) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Config config;
    private final KeyedWindows windows;
    private final Firing firing;
    private final Set<String> touched = new LinkedHashSet<>();

    LatencyRule() {
        this(new Config());
    }

    private LatencyRule(Config config) {
        this.config = config;
        this.windows = new KeyedWindows(
                RuleSupport.bucket("window", config.window, config.buckets),
                config.buckets,
                LatencyHistogram.BUCKETS + 1,
                config.maxKeys);
        this.firing = new Firing("rule:" + config.name);
    }

    private LatencyRule with(java.util.function.Consumer<Config> change) {
        Config c = config.copy();
        change.accept(c);
        return new LatencyRule(c);
    }

    /** This rule with another name (default {@value #DEFAULT_NAME}). */
    public LatencyRule named(String name) {
        String n = RuleSupport.name(name);
        return with(c -> c.name = n);
    }

    /** This rule raising alerts of this severity (default HIGH). */
    public LatencyRule severity(Severity severity) {
        Severity s = RuleSupport.severity(severity);
        return with(c -> c.severity = s);
    }

    /** The percentile watched, in (0, 100] (default 95; use 99 for p99). */
    public LatencyRule percentile(double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
        }
        return with(c -> c.percentile = percentile);
    }

    /** Fires when the percentile is above this (default 1 second; positive). */
    public LatencyRule above(Duration threshold) {
        Duration t = RuleSupport.positive("threshold", threshold);
        return with(c -> c.threshold = t);
    }

    /** The sliding window (default 5 minutes). */
    public LatencyRule over(Duration window) {
        Duration w = RuleSupport.positive("window", window);
        RuleSupport.bucket("window", w, config.buckets);
        return with(c -> c.window = w);
    }

    /** How many buckets the window is cut into (default 30; 2 to 1,440); each costs about 240 bytes per key. */
    public LatencyRule buckets(int buckets) {
        if (buckets < 2 || buckets > 1_440) {
            throw new IllegalArgumentException("buckets must be between 2 and 1440, was " + buckets);
        }
        RuleSupport.bucket("buckets", config.window, buckets);
        return with(c -> c.buckets = buckets);
    }

    /** The minimum number of samples in the window before the rule may fire (default 20, at least 1). */
    public LatencyRule atLeast(int minSamples) {
        RuleSupport.atLeast("minSamples", minSamples, 1);
        return with(c -> c.minSamples = minSamples);
    }

    /** One window and one alert per provider. */
    public LatencyRule perProvider() {
        return with(c -> c.grouping = Grouping.PROVIDER);
    }

    /** One window and one alert per payment method. */
    public LatencyRule perPaymentMethod() {
        return with(c -> c.grouping = Grouping.PAYMENT_METHOD);
    }

    /** The most keys tracked when grouped (default 1,000). */
    public LatencyRule maxKeys(int maxKeys) {
        RuleSupport.atLeast("maxKeys", maxKeys, 1);
        return with(c -> c.maxKeys = maxKeys);
    }

    @Override
    public String name() {
        return config.name;
    }

    /** How many group keys were evicted to keep the state bounded. */
    public synchronized long evictions() {
        return windows.evictions();
    }

    /** The current histogram of the overall window (or of one group key), for inspection. */
    public synchronized LatencyHistogram histogram(String key, Instant now) {
        WindowCounter w = windows.get(key);
        if (w == null) {
            return LatencyHistogram.empty();
        }
        return LatencyHistogram.of(w.sums(now, 0, LatencyHistogram.BUCKETS), w.maxOf(now, MAX));
    }

    @Override
    public synchronized void onBatch(WrittenBatch batch, RuleContext context) {
        Instant now = context.now();
        for (TransactionChange change : batch.transactions()) {
            Counted was = counted(change.before());
            Counted is = counted(change.after());
            if (was == null ? is == null : was.sameAs(is)) {
                continue;
            }
            if (was != null) {
                WindowCounter w = windows.get(was.key());
                if (w != null && w.subtract(was.at(), now, LatencyHistogram.bucketOf(was.latency()), 1)) {
                    touched.add(was.key());
                }
            }
            if (is != null) {
                WindowCounter w = windows.window(is.key());
                if (w.add(is.at(), now, LatencyHistogram.bucketOf(is.latency()), 1)) {
                    w.max(is.at(), now, MAX, is.latency().toMillis());
                    touched.add(is.key());
                }
            }
        }
        if (!touched.isEmpty()) {
            Set<String> keys = new LinkedHashSet<>(touched);
            touched.clear();
            for (String key : keys) {
                check(context, key, now);
            }
        }
    }

    /** A transaction's latency, its key, and the time of its newest event. */
    private record Counted(String key, Duration latency, Instant at) {
        boolean sameAs(@Nullable Counted other) {
            return other != null && key.equals(other.key) && latency.equals(other.latency);
        }
    }

    private @Nullable Counted counted(@Nullable StoredTransaction t) {
        if (t == null || t.latency() == null) {
            return null;
        }
        String key = config.grouping.keyOf(t);
        return key == null ? null : new Counted(key, t.latency(), t.lastEventAt());
    }

    @Override
    public synchronized void evaluate(RuleContext context) {
        Instant now = context.now();
        for (String key : firing.subjects().values()) {
            check(context, key, now);
        }
        windows.prune(now);
    }

    /** The bucket width (at least 10 seconds). */
    @Override
    public Duration evaluationInterval() {
        Duration bucket = config.window.dividedBy(config.buckets);
        return bucket.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : bucket;
    }

    private void check(RuleContext ctx, String key, Instant now) {
        LatencyHistogram h = histogram(key, now);
        Duration p = h.count() >= config.minSamples ? h.percentile(config.percentile) : null;
        String dedupKey =
                key.isEmpty() ? "rule:" + config.name : "rule:" + config.name + ":" + RuleSupport.keyPart(key);
        if (p != null && p.compareTo(config.threshold) > 0) {
            String scope = config.grouping.describe(key);
            String pName = "p"
                    + (config.percentile == Math.rint(config.percentile)
                            ? String.valueOf((long) config.percentile)
                            : String.format(Locale.ROOT, "%.1f", config.percentile));
            Alert.Builder b = Alert.builder(
                            config.severity,
                            pName + " latency above " + RuleSupport.human(config.threshold)
                                    + (scope.isEmpty() ? "" : " for " + scope))
                    .message(pName + " was " + p.toMillis() + " ms over " + h.count() + " samples in the last "
                            + RuleSupport.human(config.window) + " (threshold " + config.threshold.toMillis()
                            + " ms, minimum " + config.minSamples + " samples)")
                    .source("rule:" + config.name)
                    .dedupKey(dedupKey)
                    .label("rule", config.name);
            if (!key.isEmpty()) {
                b.label(config.grouping.labelName(), RuleSupport.labelValue(key));
                if (config.grouping == Grouping.PROVIDER && ErrorRateRule.isComponent(key)) {
                    b.component(key);
                }
            }
            firing.raise(ctx, b.build(), key);
        } else {
            firing.resolve(ctx, dedupKey);
        }
    }

    static LatencyRule fromProperties(RuleProperties p) {
        LatencyRule r = new LatencyRule();
        r = p.apply(r, "name", RuleProperties::string, LatencyRule::named);
        r = p.apply(r, "severity", RuleProperties::severity, LatencyRule::severity);
        r = p.apply(r, "buckets", RuleProperties::integer, LatencyRule::buckets);
        r = p.apply(r, "window", RuleProperties::duration, LatencyRule::over);
        r = p.apply(r, "percentile", RuleProperties::decimal, LatencyRule::percentile);
        r = p.apply(r, "threshold", RuleProperties::duration, LatencyRule::above);
        r = p.apply(r, "min-samples", RuleProperties::integer, LatencyRule::atLeast);
        r = p.apply(r, "group-by", Grouping::parse, LatencyRule::grouped);
        r = p.apply(r, "max-keys", RuleProperties::integer, LatencyRule::maxKeys);
        p.rejectUnknown();
        return r;
    }

    private LatencyRule grouped(Grouping g) {
        return with(c -> c.grouping = g);
    }

    @Override
    public String toString() {
        return "LatencyRule[" + config.name + ": p" + config.percentile + " > " + config.threshold.toMillis()
                + "ms over " + RuleSupport.human(config.window) + ", by " + config.grouping + "]";
    }
}

package dev.vedette.rules;

import dev.vedette.internal.Validate;
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
 * dev.vedette.store.WriteResult#transactions()}, so a latency recorded in a payment's last step counts for the provider
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
public final class LatencyRule extends GroupedWindowRule<LatencyRule, LatencyRule.Config> {
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

    static final class Config extends RuleConfig<Config> {
        double percentile = DEFAULT_PERCENTILE;
        Duration threshold = DEFAULT_THRESHOLD;

        Config() {
            super(DEFAULT_NAME, DEFAULT_SEVERITY);
            windowDefaults(DEFAULT_WINDOW, DEFAULT_BUCKETS, DEFAULT_MIN_SAMPLES, DEFAULT_MAX_KEYS);
        }
    }

    private final Firing firing;
    private final Set<String> touched = new LinkedHashSet<>();

    LatencyRule() {
        this(new Config());
    }

    private LatencyRule(Config config) {
        super(config, LatencyHistogram.BUCKETS + 1);
        this.firing = new Firing(source());
    }

    @Override
    LatencyRule create(Config config) {
        return new LatencyRule(config);
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
        Duration t = Validate.positive("threshold", threshold);
        return with(c -> c.threshold = t);
    }

    /** The minimum number of samples in the window before the rule may fire (default 20, at least 1). */
    public LatencyRule atLeast(int minSamples) {
        return withMinVolume("minSamples", minSamples);
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

    private void check(RuleContext ctx, String key, Instant now) {
        LatencyHistogram h = histogram(key, now);
        Duration p = h.count() >= config.minVolume ? h.percentile(config.percentile) : null;
        String dedupKey = dedupKey(key);
        if (p != null && p.compareTo(config.threshold) > 0) {
            String scope = config.grouping.describe(key);
            String pName = "p"
                    + (config.percentile == Math.rint(config.percentile)
                            ? String.valueOf((long) config.percentile)
                            : String.format(Locale.ROOT, "%.1f", config.percentile));
            Alert.Builder b = alert(
                            pName + " latency above " + RuleSupport.human(config.threshold)
                                    + (scope.isEmpty() ? "" : " for " + scope),
                            dedupKey)
                    .message(pName + " was " + p.toMillis() + " ms over " + h.count() + " samples in the last "
                            + RuleSupport.human(config.window) + " (threshold " + config.threshold.toMillis()
                            + " ms, minimum " + config.minVolume + " samples)");
            labelled(b, key, true);
            firing.raise(ctx, b.build(), key);
        } else {
            firing.resolve(ctx, dedupKey);
        }
    }

    static LatencyRule fromProperties(RuleProperties p) {
        LatencyRule r = new LatencyRule().applyWindow(p);
        r = p.apply(r, "percentile", RuleProperties::decimal, LatencyRule::percentile);
        r = p.apply(r, "threshold", RuleProperties::duration, LatencyRule::above);
        r = p.apply(r, "min-samples", RuleProperties::integer, LatencyRule::atLeast);
        r = r.applyGrouping(p);
        r = p.apply(r, "max-keys", RuleProperties::integer, LatencyRule::maxKeys);
        p.rejectUnknown();
        return r;
    }

    @Override
    public String toString() {
        return "LatencyRule[" + config.name + ": p" + config.percentile + " > " + config.threshold.toMillis()
                + "ms over " + RuleSupport.human(config.window) + ", by " + config.grouping + "]";
    }
}

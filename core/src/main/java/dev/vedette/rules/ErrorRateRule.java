package dev.vedette.rules;

import dev.vedette.internal.Validate;
import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionStatus;
import dev.vedette.model.WrittenBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Payment failure rate over a sliding window, with a minimum volume: "more than 10 % of payments
 * failed in the last 5 minutes, out of at least 20". Event-driven: evaluated after every written
 * batch, so detection is sub-second; also evaluated on a schedule so that an alert resolves when
 * the window drains.
 *
 * <p>The rule judges the merged transaction that each write produced ({@link
 * dev.vedette.store.WriteResult#transactions()}), not the raw observation, so a payment recorded in steps (customer,
 * provider and method first, then only the final status) is counted with its provider, method and
 * error. Every transaction with a terminal status counts once towards the volume, at the event time
 * its status was set ({@code completedAt}); those whose status kind is {@link
 * TransactionStatus.Kind#FAILED} (and, with {@link #onlyClasses}, whose failure class is one of
 * those) count as failures. A later observation that changes what a transaction counts as (its
 * status, or its group key once an earlier step arrives late) moves it: its earlier count is taken
 * back while that bucket is still in the window. The rule fires when volume ≥ {@link #atLeast} and failures / volume {@code >}
 * {@link #above}; it resolves when that no longer holds (including when volume falls below the
 * minimum).
 *
 * <p>With {@link #perProvider()}, {@link #perPaymentMethod()} or {@link #perMetadata(String)} the
 * rule keeps one window per value (transactions without the value are ignored) and raises one
 * alert per value, with dedup key {@code rule:<name>:<value>}; at most {@link #maxKeys} values are
 * tracked, the least recently seen is evicted and counted ({@link #evictions()}).
 *
 * <p>Immutable configuration: every method returns a new rule with fresh state. Thread-safe.
 *
 * <pre>{@code
 * Rules.errorRate().above(0.10).over(Duration.ofMinutes(5)).atLeast(20)
 *     .perProvider().onlyClasses(FailureClass.PROVIDER_OUTAGE, FailureClass.INTEGRATION_ERROR)
 * }</pre>
 */
public final class ErrorRateRule extends GroupedWindowRule<ErrorRateRule, ErrorRateRule.Config> {
    /** Default name. */
    public static final String DEFAULT_NAME = "error-rate";
    /** Default threshold: 10 %. */
    public static final double DEFAULT_THRESHOLD = 0.10;
    /** Default window: 5 minutes. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** Default number of buckets in the window (10-second buckets over 5 minutes). */
    public static final int DEFAULT_BUCKETS = 30;
    /** Default minimum volume: 20 observations. */
    public static final int DEFAULT_MIN_VOLUME = 20;
    /** Default most keys tracked when grouped. */
    public static final int DEFAULT_MAX_KEYS = 1_000;
    /** Default severity: CRITICAL (the seeds page on high error rates). */
    public static final Severity DEFAULT_SEVERITY = Severity.CRITICAL;

    static final class Config extends RuleConfig<Config> {
        double threshold = DEFAULT_THRESHOLD;

        Config() {
            super(DEFAULT_NAME, DEFAULT_SEVERITY);
            windowDefaults(DEFAULT_WINDOW, DEFAULT_BUCKETS, DEFAULT_MIN_VOLUME, DEFAULT_MAX_KEYS);
        }
    }

    private final RatioTracker tracker;

    ErrorRateRule() {
        this(new Config());
    }

    private ErrorRateRule(Config config) {
        super(config, RatioTracker.WIDTH);
        this.tracker = new RatioTracker(config.name, config.threshold, config.minVolume, windows);
    }

    @Override
    ErrorRateRule create(Config config) {
        return new ErrorRateRule(config);
    }

    /**
     * Fires when the failure ratio is above this (default 0.10).
     *
     * @throws IllegalArgumentException unless {@code 0 <= ratio < 1}
     */
    public ErrorRateRule above(double ratio) {
        double r = Validate.ratio("threshold", ratio);
        return with(c -> c.threshold = r);
    }

    /** The minimum number of observations in the window before the rule may fire (default 20, at least 1). */
    public ErrorRateRule atLeast(int minVolume) {
        return withMinVolume("minVolume", minVolume);
    }

    /**
     * Counts only failures of these classes as failures (default: all). For example {@code
     * onlyClasses(PROVIDER_OUTAGE)} does not fire on a wave of card declines.
     *
     * @throws IllegalArgumentException if none is given
     */
    public ErrorRateRule onlyClasses(FailureClass... classes) {
        return withClasses(classes);
    }

    /** The classifier for {@link #onlyClasses} (default {@link FailureClassifier#defaults()}). */
    public ErrorRateRule classifier(FailureClassifier classifier) {
        return withClassifier(classifier);
    }

    @Override
    public synchronized void onBatch(WrittenBatch batch, RuleContext context) {
        Instant now = context.now();
        boolean any = false;
        for (TransactionChange change : batch.transactions()) {
            Counted was = counted(change.before());
            Counted is = counted(change.after());
            if (java.util.Objects.equals(was, is)) {
                continue;
            }
            if (was != null) {
                tracker.remove(was.key(), was.at(), now, was.failed(), true);
            }
            if (is != null) {
                tracker.add(is.key(), is.at(), now, is.failed(), true);
            }
            any = true;
        }
        if (any) {
            tracker.evaluate(context, this::alert);
        }
    }

    /** What a merged transaction counts for: its key, whether it failed, and when its status was set. */
    private record Counted(String key, boolean failed, Instant at) {}

    private @Nullable Counted counted(@Nullable StoredTransaction t) {
        if (t == null || !t.status().isTerminal()) {
            return null;
        }
        String key = config.grouping.keyOf(t);
        if (key == null) {
            return null;
        }
        boolean failed = t.status().kind() == TransactionStatus.Kind.FAILED && config.countsAsFailure(t);
        return new Counted(key, failed, t.completedAt() != null ? t.completedAt() : t.statusAt());
    }

    @Override
    public synchronized void evaluate(RuleContext context) {
        tracker.evaluateFiring(context, this::alert);
    }

    private Alert alert(String key, String dedupKey, long failed, long volume) {
        String scope = config.grouping.describe(key);
        String what = config.allClasses()
                ? "Payment failure rate"
                : config.classes.stream()
                                .map(f -> f.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                                .collect(Collectors.joining("/"))
                        + " failure rate";
        Alert.Builder b = alert(
                        what + " above " + RuleSupport.percent(config.threshold)
                                + (scope.isEmpty() ? "" : " for " + scope),
                        dedupKey)
                .message(failed + " of " + volume + " payments failed (" + RuleSupport.percent((double) failed / volume)
                        + ") in the last " + RuleSupport.human(config.window) + "; threshold "
                        + RuleSupport.percent(config.threshold) + ", minimum " + config.minVolume + " payments");
        return labelled(b, key, true).build();
    }

    static ErrorRateRule fromProperties(RuleProperties p) {
        ErrorRateRule r = new ErrorRateRule().applyWindow(p);
        r = p.apply(r, "threshold", RuleProperties::ratio, ErrorRateRule::above);
        r = p.apply(r, "min-volume", RuleProperties::integer, ErrorRateRule::atLeast);
        r = r.applyGrouping(p);
        r = p.apply(r, "failure-classes", RuleProperties::classes, ErrorRateRule::onlyClasses);
        r = p.apply(r, "max-keys", RuleProperties::integer, ErrorRateRule::maxKeys);
        p.rejectUnknown();
        return r;
    }

    @Override
    public String toString() {
        return "ErrorRateRule[" + config.name + ": > " + RuleSupport.percent(config.threshold) + " over "
                + RuleSupport.human(config.window) + ", at least " + config.minVolume + ", by " + config.grouping
                + "]";
    }
}

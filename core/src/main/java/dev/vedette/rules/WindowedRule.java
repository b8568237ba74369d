package dev.vedette.rules;

import dev.vedette.internal.Validate;
import java.time.Duration;

/**
 * A built-in rule that counts into a sliding window cut into buckets, one window per key, at most
 * {@code maxKeys} keys (the least recently seen is evicted and counted). The window must split into
 * its buckets in whole milliseconds. On its schedule the rule runs once per bucket width (at least
 * every 10 seconds), so a drained window resolves within one bucket.
 *
 * @param <R> the concrete rule type, returned by every fluent method
 * @param <C> the rule's configuration type
 */
abstract class WindowedRule<R extends WindowedRule<R, C>, C extends RuleConfig<C>> extends SeverityRule<R, C> {

    /** The windows of the rule, one per key. */
    final KeyedWindows windows;

    /** A rule whose windows count {@code width} values per bucket. */
    WindowedRule(C config, int width) {
        super(config);
        this.windows = new KeyedWindows(bucket(), config.buckets, width, config.maxKeys);
    }

    /**
     * The sliding window (each rule documents its default as {@code DEFAULT_WINDOW}); it must split
     * into {@link #buckets} whole milliseconds.
     *
     * @throws IllegalArgumentException if null, not positive, or not split evenly
     */
    public R over(Duration window) {
        Duration w = Validate.positive("window", window);
        bucket("window", w, config.buckets);
        return with(c -> c.window = w);
    }

    /**
     * How many buckets the window is cut into (2 to 1,440; each rule documents its default as {@code
     * DEFAULT_BUCKETS}). More buckets slide more smoothly and cost memory per key.
     *
     * @throws IllegalArgumentException if out of range, or the window does not split evenly
     */
    public R buckets(int buckets) {
        Validate.between("buckets", buckets, 2, RuleConfig.MAX_BUCKETS);
        bucket("buckets", config.window, buckets);
        return with(c -> c.buckets = buckets);
    }

    /**
     * The most keys tracked (at least 1; each rule documents its default).
     *
     * @throws IllegalArgumentException if below 1
     */
    public R maxKeys(int maxKeys) {
        Validate.atLeast("maxKeys", maxKeys, 1);
        return with(c -> c.maxKeys = maxKeys);
    }

    /** How many keys were evicted to keep the state bounded. */
    public synchronized long evictions() {
        return windows.evictions();
    }

    /** How many keys are tracked now. */
    public synchronized int trackedKeys() {
        return windows.size();
    }

    /** The bucket width (at least 10 seconds), so a drained window resolves within one bucket. */
    @Override
    public Duration evaluationInterval() {
        Duration bucket = config.window.dividedBy(config.buckets);
        return bucket.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : bucket;
    }

    /** The bucket width of this rule's window. */
    final Duration bucket() {
        return bucket("window", config.window, config.buckets);
    }

    /** Counts only failures of these classes; at least one must be given. */
    final R withClasses(FailureClass... classes) {
        if (classes == null || classes.length == 0) {
            throw new IllegalArgumentException("classes must name at least one failure class");
        }
        java.util.EnumSet<FailureClass> set = java.util.EnumSet.noneOf(FailureClass.class);
        for (FailureClass f : classes) {
            set.add(Validate.notNull("failure class", f));
        }
        return with(c -> c.classes = set);
    }

    /** Classifies failures with this classifier. */
    final R withClassifier(FailureClassifier classifier) {
        FailureClassifier f = Validate.notNull("classifier", classifier);
        return with(c -> c.classifier = f);
    }

    /** Applies {@code name}, {@code severity}, {@code buckets} and {@code window}, in that order. */
    final R applyWindow(RuleProperties p) {
        R r = p.apply(applyNameAndSeverity(p), "buckets", RuleProperties::integer, WindowedRule::buckets);
        return p.apply(r, "window", RuleProperties::duration, WindowedRule::over);
    }

    /** The bucket width for a window split into {@code buckets}, at least one millisecond. */
    static Duration bucket(String field, Duration window, int buckets) {
        Duration b = window.dividedBy(buckets);
        if (b.toMillis() < 1 || !b.multipliedBy(buckets).equals(window)) {
            throw new IllegalArgumentException(field + ": window " + window + " must split into " + buckets
                    + " buckets of a whole number of milliseconds");
        }
        return b;
    }
}

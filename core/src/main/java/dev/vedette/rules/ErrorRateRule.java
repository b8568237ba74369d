package dev.vedette.rules;

import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionStatus;
import dev.vedette.model.WrittenBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Payment failure rate over a sliding window, with a minimum volume: "more than 10 % of payments
 * failed in the last 5 minutes, out of at least 20". Event-driven: evaluated after every written
 * batch, so detection is sub-second; also evaluated on a schedule so that an alert resolves when
 * the window drains.
 *
 * <p>The rule judges the merged transaction that each write produced ({@link
 * WriteResult#transactions()}), not the raw observation, so a payment recorded in steps (customer,
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
public final class ErrorRateRule implements Rule {
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

    private static final class Config implements Cloneable {
        String name = DEFAULT_NAME;
        Severity severity = DEFAULT_SEVERITY;
        double threshold = DEFAULT_THRESHOLD;
        Duration window = DEFAULT_WINDOW;
        int buckets = DEFAULT_BUCKETS;
        int minVolume = DEFAULT_MIN_VOLUME;
        Grouping grouping = Grouping.OVERALL;
        Set<FailureClass> classes = EnumSet.allOf(FailureClass.class);
        FailureClassifier classifier = FailureClassifier.defaults();
        int maxKeys = DEFAULT_MAX_KEYS;

        Config copy() {
            try {
                Config c = (Config) super.clone();
                c.classes = EnumSet.copyOf(classes);
                return c;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Config config;
    private final RatioTracker tracker;

    ErrorRateRule() {
        this(new Config());
    }

    private ErrorRateRule(Config config) {
        this.config = config;
        Duration bucket = RuleSupport.bucket("over", config.window, config.buckets);
        this.tracker = new RatioTracker(
                config.name, config.threshold, config.minVolume, bucket, config.buckets, config.maxKeys);
    }

    private ErrorRateRule with(java.util.function.Consumer<Config> change) {
        Config c = config.copy();
        change.accept(c);
        return new ErrorRateRule(c);
    }

    /** This rule with another name (default {@value #DEFAULT_NAME}); lower-case letters, digits, {@code _ . -}. */
    public ErrorRateRule named(String name) {
        String n = RuleSupport.name(name);
        return with(c -> c.name = n);
    }

    /** This rule raising alerts of this severity (default CRITICAL). */
    public ErrorRateRule severity(Severity severity) {
        Severity s = RuleSupport.severity(severity);
        return with(c -> c.severity = s);
    }

    /**
     * Fires when the failure ratio is above this (default 0.10).
     *
     * @throws IllegalArgumentException unless {@code 0 <= ratio < 1}
     */
    public ErrorRateRule above(double ratio) {
        double r = RuleSupport.ratio("threshold", ratio);
        return with(c -> c.threshold = r);
    }

    /**
     * The sliding window (default 5 minutes); it must split into {@link #buckets} whole milliseconds.
     *
     * @throws IllegalArgumentException if not positive
     */
    public ErrorRateRule over(Duration window) {
        Duration w = RuleSupport.positive("window", window);
        RuleSupport.bucket("window", w, config.buckets);
        return with(c -> c.window = w);
    }

    /**
     * How many buckets the window is cut into (default 30; 2 to 1,440). More buckets slide more
     * smoothly and cost {@code 16 bytes × buckets} per key.
     */
    public ErrorRateRule buckets(int buckets) {
        if (buckets < 2 || buckets > 1_440) {
            throw new IllegalArgumentException("buckets must be between 2 and 1440, was " + buckets);
        }
        RuleSupport.bucket("buckets", config.window, buckets);
        return with(c -> c.buckets = buckets);
    }

    /** The minimum number of observations in the window before the rule may fire (default 20, at least 1). */
    public ErrorRateRule atLeast(int minVolume) {
        RuleSupport.atLeast("minVolume", minVolume, 1);
        return with(c -> c.minVolume = minVolume);
    }

    /** One window and one alert per provider. */
    public ErrorRateRule perProvider() {
        return with(c -> c.grouping = Grouping.PROVIDER);
    }

    /** One window and one alert per payment method. */
    public ErrorRateRule perPaymentMethod() {
        return with(c -> c.grouping = Grouping.PAYMENT_METHOD);
    }

    /** One window and one alert per value of this metadata key (e.g. {@code organisation}). */
    public ErrorRateRule perMetadata(String key) {
        Grouping g = Grouping.metadata(key);
        return with(c -> c.grouping = g);
    }

    /** One window over everything (the default). */
    public ErrorRateRule overall() {
        return with(c -> c.grouping = Grouping.OVERALL);
    }

    /**
     * Counts only failures of these classes as failures (default: all). For example {@code
     * onlyClasses(PROVIDER_OUTAGE)} does not fire on a wave of card declines.
     *
     * @throws IllegalArgumentException if none is given
     */
    public ErrorRateRule onlyClasses(FailureClass... classes) {
        if (classes == null || classes.length == 0) {
            throw new IllegalArgumentException("classes must name at least one failure class");
        }
        EnumSet<FailureClass> set = EnumSet.noneOf(FailureClass.class);
        for (FailureClass f : classes) {
            set.add(RuleSupport.notNull("failure class", f));
        }
        return with(c -> c.classes = set);
    }

    /** The classifier for {@link #onlyClasses} (default {@link FailureClassifier#defaults()}). */
    public ErrorRateRule classifier(FailureClassifier classifier) {
        FailureClassifier f = RuleSupport.notNull("classifier", classifier);
        return with(c -> c.classifier = f);
    }

    /** The most keys tracked when grouped (default 1,000, at least 1). */
    public ErrorRateRule maxKeys(int maxKeys) {
        RuleSupport.atLeast("maxKeys", maxKeys, 1);
        return with(c -> c.maxKeys = maxKeys);
    }

    @Override
    public String name() {
        return config.name;
    }

    /** How many group keys were evicted to keep the state bounded. */
    public synchronized long evictions() {
        return tracker.evictions();
    }

    /** How many group keys are tracked now. */
    public synchronized int trackedKeys() {
        return tracker.trackedKeys();
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
        boolean failed = t.status().kind() == TransactionStatus.Kind.FAILED
                && (config.classes.size() == FailureClass.values().length
                        || config.classes.contains(
                                config.classifier.classify(t.provider(), t.errorCode(), t.errorMessage())));
        return new Counted(key, failed, t.completedAt() != null ? t.completedAt() : t.statusAt());
    }

    @Override
    public synchronized void evaluate(RuleContext context) {
        tracker.evaluateFiring(context, this::alert);
    }

    /** The bucket width, so a drained window resolves within one bucket. */
    @Override
    public Duration evaluationInterval() {
        Duration bucket = config.window.dividedBy(config.buckets);
        return bucket.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : bucket;
    }

    private Alert alert(String key, String dedupKey, long failed, long volume) {
        String scope = config.grouping.describe(key);
        String what = config.classes.size() == FailureClass.values().length
                ? "Payment failure rate"
                : config.classes.stream()
                                .map(f -> f.name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', ' '))
                                .collect(Collectors.joining("/"))
                        + " failure rate";
        Alert.Builder b = Alert.builder(
                        config.severity,
                        what + " above " + RuleSupport.percent(config.threshold)
                                + (scope.isEmpty() ? "" : " for " + scope))
                .message(failed + " of " + volume + " payments failed (" + RuleSupport.percent((double) failed / volume)
                        + ") in the last " + RuleSupport.human(config.window) + "; threshold "
                        + RuleSupport.percent(config.threshold) + ", minimum " + config.minVolume + " payments")
                .source("rule:" + config.name)
                .dedupKey(dedupKey)
                .label("rule", config.name);
        if (!key.isEmpty()) {
            b.label(config.grouping.labelName(), RuleSupport.labelValue(key));
            if (config.grouping == Grouping.PROVIDER && isComponent(key)) {
                b.component(key);
            }
        }
        return b.build();
    }

    static boolean isComponent(String key) {
        return key.length() <= 64 && key.chars().noneMatch(Character::isISOControl);
    }

    static ErrorRateRule fromProperties(RuleProperties p) {
        ErrorRateRule r = new ErrorRateRule();
        r = p.apply(r, "name", RuleProperties::string, ErrorRateRule::named);
        r = p.apply(r, "severity", RuleProperties::severity, ErrorRateRule::severity);
        r = p.apply(r, "buckets", RuleProperties::integer, ErrorRateRule::buckets);
        r = p.apply(r, "window", RuleProperties::duration, ErrorRateRule::over);
        r = p.apply(r, "threshold", RuleProperties::ratio, ErrorRateRule::above);
        r = p.apply(r, "min-volume", RuleProperties::integer, ErrorRateRule::atLeast);
        r = p.apply(r, "group-by", Grouping::parse, ErrorRateRule::grouped);
        r = p.apply(r, "failure-classes", RuleProperties::classes, ErrorRateRule::onlyClasses);
        r = p.apply(r, "max-keys", RuleProperties::integer, ErrorRateRule::maxKeys);
        p.rejectUnknown();
        return r;
    }

    private ErrorRateRule grouped(Grouping g) {
        return with(c -> c.grouping = g);
    }

    @Override
    public String toString() {
        return "ErrorRateRule[" + config.name + ": > " + RuleSupport.percent(config.threshold) + " over "
                + RuleSupport.human(config.window) + ", at least " + config.minVolume + ", by " + config.grouping
                + "]";
    }
}

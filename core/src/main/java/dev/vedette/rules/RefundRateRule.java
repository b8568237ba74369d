package dev.vedette.rules;

import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionStatus;
import dev.vedette.model.WrittenBatch;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Refund rate over a sliding window: "more than 20 % of orders refunded in the last 24 hours, out
 * of at least 20 orders". Event-driven.
 *
 * <p>The rule judges the merged transaction each write produced ({@link WriteResult#transactions()}),
 * so a refund recorded with only its status is grouped by the provider or method of the payment.
 * Orders are transactions whose status kind is {@link TransactionStatus.Kind#SUCCEEDED} or {@link
 * TransactionStatus.Kind#REVERSED}, each counted once at the time it was first seen ({@code
 * createdAt}); refunds are transactions of kind {@code REVERSED} (refunds, chargebacks), counted at
 * the time the refund was recorded. A refunded order stays an order. The rule fires when orders ≥ {@link #atLeast} and refunds / orders {@code >}
 * {@link #above}, and resolves when that no longer holds. A refund of an order paid before the
 * window counts as a refund without an order in the window, so the rate may exceed 100 % on a
 * quiet day; the minimum volume keeps such days quiet.
 *
 * <p>With {@link #perProvider()}, {@link #perPaymentMethod()} or {@link #perMetadata(String)}
 * (e.g. {@code organisation}) one alert per value; at most {@link #maxKeys} values are tracked, the
 * least recently seen evicted and counted. Immutable configuration; thread-safe.
 */
public final class RefundRateRule implements Rule {
    /** Default name. */
    public static final String DEFAULT_NAME = "refund-rate";
    /** Default threshold: 20 %. */
    public static final double DEFAULT_THRESHOLD = 0.20;
    /** Default window: 24 hours. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** Default number of buckets: 24 (1-hour buckets). */
    public static final int DEFAULT_BUCKETS = 24;
    /** Default minimum number of orders: 20. */
    public static final int DEFAULT_MIN_ORDERS = 20;
    /** Default most keys tracked when grouped. */
    public static final int DEFAULT_MAX_KEYS = 1_000;
    /** Default severity: MEDIUM. */
    public static final Severity DEFAULT_SEVERITY = Severity.MEDIUM;

    private static final class Config implements Cloneable {
        String name = DEFAULT_NAME;
        Severity severity = DEFAULT_SEVERITY;
        double threshold = DEFAULT_THRESHOLD;
        Duration window = DEFAULT_WINDOW;
        int buckets = DEFAULT_BUCKETS;
        int minOrders = DEFAULT_MIN_ORDERS;
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
    private final RatioTracker tracker;

    RefundRateRule() {
        this(new Config());
    }

    private RefundRateRule(Config config) {
        this.config = config;
        this.tracker = new RatioTracker(
                config.name,
                config.threshold,
                config.minOrders,
                RuleSupport.bucket("window", config.window, config.buckets),
                config.buckets,
                config.maxKeys);
    }

    private RefundRateRule with(java.util.function.Consumer<Config> change) {
        Config c = config.copy();
        change.accept(c);
        return new RefundRateRule(c);
    }

    /** This rule with another name (default {@value #DEFAULT_NAME}). */
    public RefundRateRule named(String name) {
        String n = RuleSupport.name(name);
        return with(c -> c.name = n);
    }

    /** This rule raising alerts of this severity (default MEDIUM). */
    public RefundRateRule severity(Severity severity) {
        Severity s = RuleSupport.severity(severity);
        return with(c -> c.severity = s);
    }

    /** Fires when refunds / orders is above this (default 0.20; {@code 0 <= ratio < 1}). */
    public RefundRateRule above(double ratio) {
        double r = RuleSupport.ratio("threshold", ratio);
        return with(c -> c.threshold = r);
    }

    /** The sliding window (default 24 hours). */
    public RefundRateRule over(Duration window) {
        Duration w = RuleSupport.positive("window", window);
        RuleSupport.bucket("window", w, config.buckets);
        return with(c -> c.window = w);
    }

    /** How many buckets the window is cut into (default 24; 2 to 1,440). */
    public RefundRateRule buckets(int buckets) {
        if (buckets < 2 || buckets > 1_440) {
            throw new IllegalArgumentException("buckets must be between 2 and 1440, was " + buckets);
        }
        RuleSupport.bucket("buckets", config.window, buckets);
        return with(c -> c.buckets = buckets);
    }

    /** The minimum number of orders in the window before the rule may fire (default 20, at least 1). */
    public RefundRateRule atLeast(int minOrders) {
        RuleSupport.atLeast("minOrders", minOrders, 1);
        return with(c -> c.minOrders = minOrders);
    }

    /** One window and one alert per provider. */
    public RefundRateRule perProvider() {
        return with(c -> c.grouping = Grouping.PROVIDER);
    }

    /** One window and one alert per payment method. */
    public RefundRateRule perPaymentMethod() {
        return with(c -> c.grouping = Grouping.PAYMENT_METHOD);
    }

    /** One window and one alert per value of this metadata key, e.g. {@code organisation}. */
    public RefundRateRule perMetadata(String key) {
        Grouping g = Grouping.metadata(key);
        return with(c -> c.grouping = g);
    }

    /** The most keys tracked when grouped (default 1,000). */
    public RefundRateRule maxKeys(int maxKeys) {
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
                tracker.remove(was.key(), was.orderAt(), now, false, true);
                if (was.refunded()) {
                    tracker.remove(was.key(), was.refundAt(), now, true, false);
                }
            }
            if (is != null) {
                tracker.add(is.key(), is.orderAt(), now, false, true);
                if (is.refunded()) {
                    tracker.add(is.key(), is.refundAt(), now, true, false);
                }
            }
            any = true;
        }
        if (any) {
            tracker.evaluate(context, this::alert);
        }
    }

    /** An order (at the time the transaction was first seen) and, if reversed, its refund. */
    private record Counted(String key, boolean refunded, Instant orderAt, Instant refundAt) {}

    private @Nullable Counted counted(@Nullable StoredTransaction t) {
        if (t == null) {
            return null;
        }
        TransactionStatus.Kind kind = t.status().kind();
        boolean refunded = kind == TransactionStatus.Kind.REVERSED;
        if (!refunded && kind != TransactionStatus.Kind.SUCCEEDED) {
            return null;
        }
        String key = config.grouping.keyOf(t);
        return key == null ? null : new Counted(key, refunded, t.createdAt(), t.statusAt());
    }

    @Override
    public synchronized void evaluate(RuleContext context) {
        tracker.evaluateFiring(context, this::alert);
    }

    /** The bucket width (at least 10 seconds). */
    @Override
    public Duration evaluationInterval() {
        Duration bucket = config.window.dividedBy(config.buckets);
        return bucket.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : bucket;
    }

    private Alert alert(String key, String dedupKey, long refunds, long orders) {
        String scope = config.grouping.describe(key);
        Alert.Builder b = Alert.builder(
                        config.severity,
                        "Refund rate above " + RuleSupport.percent(config.threshold)
                                + (scope.isEmpty() ? "" : " for " + scope))
                .message(refunds + " refunds for " + orders + " orders ("
                        + RuleSupport.percent((double) refunds / orders)
                        + ") in the last " + RuleSupport.human(config.window) + "; threshold "
                        + RuleSupport.percent(config.threshold) + ", minimum " + config.minOrders + " orders")
                .source("rule:" + config.name)
                .dedupKey(dedupKey)
                .label("rule", config.name);
        if (!key.isEmpty()) {
            b.label(config.grouping.labelName(), RuleSupport.labelValue(key));
        }
        return b.build();
    }

    static RefundRateRule fromProperties(RuleProperties p) {
        RefundRateRule r = new RefundRateRule();
        r = p.apply(r, "name", RuleProperties::string, RefundRateRule::named);
        r = p.apply(r, "severity", RuleProperties::severity, RefundRateRule::severity);
        r = p.apply(r, "buckets", RuleProperties::integer, RefundRateRule::buckets);
        r = p.apply(r, "window", RuleProperties::duration, RefundRateRule::over);
        r = p.apply(r, "threshold", RuleProperties::ratio, RefundRateRule::above);
        r = p.apply(r, "min-orders", RuleProperties::integer, RefundRateRule::atLeast);
        r = p.apply(r, "group-by", Grouping::parse, RefundRateRule::grouped);
        r = p.apply(r, "max-keys", RuleProperties::integer, RefundRateRule::maxKeys);
        p.rejectUnknown();
        return r;
    }

    private RefundRateRule grouped(Grouping g) {
        return with(c -> c.grouping = g);
    }

    @Override
    public String toString() {
        return "RefundRateRule[" + config.name + ": > " + RuleSupport.percent(config.threshold) + " over "
                + RuleSupport.human(config.window) + ", at least " + config.minOrders + " orders, by "
                + config.grouping + "]";
    }
}

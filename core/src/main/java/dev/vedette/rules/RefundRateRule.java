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
import org.jspecify.annotations.Nullable;

/**
 * Refund rate over a sliding window: "more than 20 % of orders refunded in the last 24 hours, out
 * of at least 20 orders". Event-driven.
 *
 * <p>The rule judges the merged transaction each write produced ({@link dev.vedette.store.WriteResult#transactions()}),
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
public final class RefundRateRule extends GroupedWindowRule<RefundRateRule, RefundRateRule.Config> {
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

    static final class Config extends RuleConfig<Config> {
        double threshold = DEFAULT_THRESHOLD;

        Config() {
            super(DEFAULT_NAME, DEFAULT_SEVERITY);
            windowDefaults(DEFAULT_WINDOW, DEFAULT_BUCKETS, DEFAULT_MIN_ORDERS, DEFAULT_MAX_KEYS);
        }
    }

    private final RatioTracker tracker;

    RefundRateRule() {
        this(new Config());
    }

    private RefundRateRule(Config config) {
        super(config, RatioTracker.WIDTH);
        this.tracker = new RatioTracker(config.name, config.threshold, config.minVolume, windows);
    }

    @Override
    RefundRateRule create(Config config) {
        return new RefundRateRule(config);
    }

    /** Fires when refunds / orders is above this (default 0.20; {@code 0 <= ratio < 1}). */
    public RefundRateRule above(double ratio) {
        double r = Validate.ratio("threshold", ratio);
        return with(c -> c.threshold = r);
    }

    /** The minimum number of orders in the window before the rule may fire (default 20, at least 1). */
    public RefundRateRule atLeast(int minOrders) {
        return withMinVolume("minOrders", minOrders);
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

    private Alert alert(String key, String dedupKey, long refunds, long orders) {
        String scope = config.grouping.describe(key);
        Alert.Builder b = alert(
                        "Refund rate above " + RuleSupport.percent(config.threshold)
                                + (scope.isEmpty() ? "" : " for " + scope),
                        dedupKey)
                .message(refunds + " refunds for " + orders + " orders ("
                        + RuleSupport.percent((double) refunds / orders)
                        + ") in the last " + RuleSupport.human(config.window) + "; threshold "
                        + RuleSupport.percent(config.threshold) + ", minimum " + config.minVolume + " orders");
        return labelled(b, key, false).build();
    }

    static RefundRateRule fromProperties(RuleProperties p) {
        RefundRateRule r = new RefundRateRule().applyWindow(p);
        r = p.apply(r, "threshold", RuleProperties::ratio, RefundRateRule::above);
        r = p.apply(r, "min-orders", RuleProperties::integer, RefundRateRule::atLeast);
        r = r.applyGrouping(p);
        r = p.apply(r, "max-keys", RuleProperties::integer, RefundRateRule::maxKeys);
        p.rejectUnknown();
        return r;
    }

    @Override
    public String toString() {
        return "RefundRateRule[" + config.name + ": > " + RuleSupport.percent(config.threshold) + " over "
                + RuleSupport.human(config.window) + ", at least " + config.minVolume + " orders, by "
                + config.grouping + "]";
    }
}

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
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Failed payments per key per window, for fraud and abuse: "more than 3 failed payments by one
 * customer in 1 hour". The key is the customer's e-mail address (default, compared
 * case-insensitively) or any metadata value (IP address, card fingerprint, organisation) with
 * {@link #byMetadata(String)}. Event-driven, with one small window per key.
 *
 * <p>The rule judges the merged transaction each write produced ({@link dev.vedette.store.WriteResult#transactions()}),
 * so the final step of a payment recorded in steps counts for the customer named in an earlier step.
 * Each transaction whose status kind is {@link TransactionStatus.Kind#FAILED} (and, with {@link
 * #onlyClasses}, whose failure class is one of those) counts once for its key, at the event time its
 * status was set; transactions without the key are ignored until a step brings it. A transaction
 * that stops counting (a retry under the same id completes) is taken back while its bucket is still
 * in the window. The rule raises one alert per key when the key's count
 * is above {@link #moreThan} (dedup key {@code rule:<name>:<key>}, the key in a label, e-mails
 * masked in the title as {@code a***@example.com}) and resolves it when the count falls back.
 *
 * <p>State is bounded: at most {@link #maxKeys} keys (default 10,000, each {@code 16 bytes ×
 * buckets}); the least recently seen key is evicted and counted ({@link #evictions()}).
 *
 * <p>Immutable configuration: every method returns a new rule with fresh state. Thread-safe.
 */
public final class FailureCountRule extends WindowedRule<FailureCountRule, FailureCountRule.Config> {
    /** Default name. */
    public static final String DEFAULT_NAME = "failure-count";
    /** Default limit: more than 3 failures fire. */
    public static final int DEFAULT_LIMIT = 3;
    /** Default window: 1 hour. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    /** Default number of buckets: 12 (5-minute buckets over an hour). */
    public static final int DEFAULT_BUCKETS = 12;
    /** Default most keys tracked. */
    public static final int DEFAULT_MAX_KEYS = 10_000;
    /** Default severity: HIGH. */
    public static final Severity DEFAULT_SEVERITY = Severity.HIGH;

    static final class Config extends RuleConfig<Config> {
        int limit = DEFAULT_LIMIT;

        Config() {
            super(DEFAULT_NAME, DEFAULT_SEVERITY);
            windowDefaults(DEFAULT_WINDOW, DEFAULT_BUCKETS, 1, DEFAULT_MAX_KEYS);
            grouping = Grouping.CUSTOMER_EMAIL;
        }
    }

    private final Firing firing;
    private final Set<String> touched = new LinkedHashSet<>();

    FailureCountRule() {
        this(new Config());
    }

    private FailureCountRule(Config config) {
        super(config, 1);
        this.firing = new Firing(source());
    }

    @Override
    FailureCountRule create(Config config) {
        return new FailureCountRule(config);
    }

    /** Fires when a key has more than this many failures in the window (default 3, at least 0). */
    public FailureCountRule moreThan(int limit) {
        Validate.atLeast("limit", limit, 0);
        return with(c -> c.limit = limit);
    }

    /** Keys by customer e-mail address, case-insensitively (the default). */
    public FailureCountRule byCustomerEmail() {
        return keyed(Grouping.CUSTOMER_EMAIL);
    }

    /** Keys by this metadata value, e.g. {@code ip}, {@code card_fingerprint}, {@code organisation}. */
    public FailureCountRule byMetadata(String metadataKey) {
        return keyed(Grouping.metadata(metadataKey));
    }

    /** Keys by provider. */
    public FailureCountRule byProvider() {
        return keyed(Grouping.PROVIDER);
    }

    /** Counts only failures of these classes (default: all). */
    public FailureCountRule onlyClasses(FailureClass... classes) {
        return withClasses(classes);
    }

    /** The classifier for {@link #onlyClasses} (default {@link FailureClassifier#defaults()}). */
    public FailureCountRule classifier(FailureClassifier classifier) {
        return withClassifier(classifier);
    }

    @Override
    public synchronized void onBatch(WrittenBatch batch, RuleContext context) {
        Instant now = context.now();
        for (TransactionChange change : batch.transactions()) {
            Counted was = counted(change.before());
            Counted is = counted(change.after());
            if (java.util.Objects.equals(was, is)) {
                continue;
            }
            if (was != null) {
                WindowCounter w = windows.get(was.key());
                if (w != null && w.subtract(was.at(), now, 0, 1)) {
                    touched.add(was.key());
                }
            }
            if (is != null && windows.window(is.key()).add(is.at(), now, 0, 1)) {
                touched.add(is.key());
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

    /** A failed transaction's key and the event time it failed at. */
    private record Counted(String key, Instant at) {}

    private @Nullable Counted counted(@Nullable StoredTransaction t) {
        if (t == null || t.status().kind() != TransactionStatus.Kind.FAILED) {
            return null;
        }
        if (!config.countsAsFailure(t)) {
            return null;
        }
        String key = config.grouping.keyOf(t);
        return key == null ? null : new Counted(key, t.completedAt() != null ? t.completedAt() : t.statusAt());
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
        WindowCounter w = windows.get(key);
        long count = w == null ? 0 : w.sum(now, 0);
        String dedupKey = dedupKey(key);
        if (count > config.limit) {
            Alert alert = alert("Repeated payment failures for " + config.grouping.describe(key), dedupKey)
                    .message(count + " failed payments in the last " + RuleSupport.human(config.window)
                            + " (alerting above " + config.limit + ")")
                    .label(config.grouping.labelName(), RuleSupport.labelValue(key))
                    .build();
            firing.raise(ctx, alert, key);
        } else {
            firing.resolve(ctx, dedupKey);
        }
    }

    static FailureCountRule fromProperties(RuleProperties p) {
        FailureCountRule r = new FailureCountRule().applyWindow(p);
        r = p.apply(r, "more-than", RuleProperties::integer, FailureCountRule::moreThan);
        r = p.apply(r, "key", Grouping::parse, FailureCountRule::keyed);
        r = p.apply(r, "failure-classes", RuleProperties::classes, FailureCountRule::onlyClasses);
        r = p.apply(r, "max-keys", RuleProperties::integer, FailureCountRule::maxKeys);
        p.rejectUnknown();
        return r;
    }

    private FailureCountRule keyed(Grouping g) {
        if (g.kind() == Grouping.Kind.OVERALL) {
            throw new IllegalArgumentException("must be customer, provider, payment-method or metadata:<key>");
        }
        return with(c -> c.grouping = g);
    }

    @Override
    public String toString() {
        return "FailureCountRule[" + config.name + ": > " + config.limit + " per " + config.grouping + " in "
                + RuleSupport.human(config.window) + "]";
    }
}

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
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Failed payments per key per window, for fraud and abuse: "more than 3 failed payments by one
 * customer in 1 hour". The key is the customer's e-mail address (default, compared
 * case-insensitively) or any metadata value (IP address, card fingerprint, organisation) with
 * {@link #byMetadata(String)}. Event-driven, with one small window per key.
 *
 * <p>The rule judges the merged transaction each write produced ({@link WriteResult#transactions()}),
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
public final class FailureCountRule implements Rule {
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

    private static final class Config implements Cloneable {
        String name = DEFAULT_NAME;
        Severity severity = DEFAULT_SEVERITY;
        int limit = DEFAULT_LIMIT;
        Duration window = DEFAULT_WINDOW;
        int buckets = DEFAULT_BUCKETS;
        Grouping key = Grouping.CUSTOMER_EMAIL;
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
    private final KeyedWindows windows;
    private final Firing firing;
    private final Set<String> touched = new LinkedHashSet<>();

    FailureCountRule() {
        this(new Config());
    }

    private FailureCountRule(Config config) {
        this.config = config;
        this.windows = new KeyedWindows(
                RuleSupport.bucket("window", config.window, config.buckets), config.buckets, 1, config.maxKeys);
        this.firing = new Firing("rule:" + config.name);
    }

    private FailureCountRule with(java.util.function.Consumer<Config> change) {
        Config c = config.copy();
        change.accept(c);
        return new FailureCountRule(c);
    }

    /** This rule with another name (default {@value #DEFAULT_NAME}). */
    public FailureCountRule named(String name) {
        String n = RuleSupport.name(name);
        return with(c -> c.name = n);
    }

    /** This rule raising alerts of this severity (default HIGH). */
    public FailureCountRule severity(Severity severity) {
        Severity s = RuleSupport.severity(severity);
        return with(c -> c.severity = s);
    }

    /** Fires when a key has more than this many failures in the window (default 3, at least 0). */
    public FailureCountRule moreThan(int limit) {
        RuleSupport.atLeast("limit", limit, 0);
        return with(c -> c.limit = limit);
    }

    /** The sliding window (default 1 hour); it must split into {@link #buckets} whole milliseconds. */
    public FailureCountRule over(Duration window) {
        Duration w = RuleSupport.positive("window", window);
        RuleSupport.bucket("window", w, config.buckets);
        return with(c -> c.window = w);
    }

    /** How many buckets the window is cut into (default 12; 2 to 1,440). */
    public FailureCountRule buckets(int buckets) {
        if (buckets < 2 || buckets > 1_440) {
            throw new IllegalArgumentException("buckets must be between 2 and 1440, was " + buckets);
        }
        RuleSupport.bucket("buckets", config.window, buckets);
        return with(c -> c.buckets = buckets);
    }

    /** Keys by customer e-mail address, case-insensitively (the default). */
    public FailureCountRule byCustomerEmail() {
        return with(c -> c.key = Grouping.CUSTOMER_EMAIL);
    }

    /** Keys by this metadata value, e.g. {@code ip}, {@code card_fingerprint}, {@code organisation}. */
    public FailureCountRule byMetadata(String metadataKey) {
        Grouping g = Grouping.metadata(metadataKey);
        return with(c -> c.key = g);
    }

    /** Keys by provider. */
    public FailureCountRule byProvider() {
        return with(c -> c.key = Grouping.PROVIDER);
    }

    /** Counts only failures of these classes (default: all). */
    public FailureCountRule onlyClasses(FailureClass... classes) {
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
    public FailureCountRule classifier(FailureClassifier classifier) {
        FailureClassifier f = RuleSupport.notNull("classifier", classifier);
        return with(c -> c.classifier = f);
    }

    /** The most keys tracked (default 10,000, at least 1). */
    public FailureCountRule maxKeys(int maxKeys) {
        RuleSupport.atLeast("maxKeys", maxKeys, 1);
        return with(c -> c.maxKeys = maxKeys);
    }

    @Override
    public String name() {
        return config.name;
    }

    /** How many keys were evicted to keep the state bounded. */
    public synchronized long evictions() {
        return windows.evictions();
    }

    /** How many keys are tracked now. */
    public synchronized int trackedKeys() {
        return windows.size();
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
        if (config.classes.size() != FailureClass.values().length
                && !config.classes.contains(
                        config.classifier.classify(t.provider(), t.errorCode(), t.errorMessage()))) {
            return null;
        }
        String key = config.key.keyOf(t);
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

    /** The bucket width, so a drained window resolves within one bucket. */
    @Override
    public Duration evaluationInterval() {
        Duration bucket = config.window.dividedBy(config.buckets);
        return bucket.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : bucket;
    }

    private void check(RuleContext ctx, String key, Instant now) {
        WindowCounter w = windows.get(key);
        long count = w == null ? 0 : w.sum(now, 0);
        String dedupKey = "rule:" + config.name + ":" + RuleSupport.keyPart(key);
        if (count > config.limit) {
            Alert alert = Alert.builder(config.severity, "Repeated payment failures for " + config.key.describe(key))
                    .message(count + " failed payments in the last " + RuleSupport.human(config.window)
                            + " (alerting above " + config.limit + ")")
                    .source("rule:" + config.name)
                    .dedupKey(dedupKey)
                    .label("rule", config.name)
                    .label(config.key.labelName(), RuleSupport.labelValue(key))
                    .build();
            firing.raise(ctx, alert, key);
        } else {
            firing.resolve(ctx, dedupKey);
        }
    }

    static FailureCountRule fromProperties(RuleProperties p) {
        FailureCountRule r = new FailureCountRule();
        r = p.apply(r, "name", RuleProperties::string, FailureCountRule::named);
        r = p.apply(r, "severity", RuleProperties::severity, FailureCountRule::severity);
        r = p.apply(r, "buckets", RuleProperties::integer, FailureCountRule::buckets);
        r = p.apply(r, "window", RuleProperties::duration, FailureCountRule::over);
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
        return with(c -> c.key = g);
    }

    @Override
    public String toString() {
        return "FailureCountRule[" + config.name + ": > " + config.limit + " per " + config.key + " in "
                + RuleSupport.human(config.window) + "]";
    }
}

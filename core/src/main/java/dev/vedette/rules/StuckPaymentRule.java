package dev.vedette.rules;

import dev.vedette.internal.Validate;
import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.Page;
import dev.vedette.store.TransactionQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stuck payments: transactions still PENDING more than {@link #olderThan N minutes} after they were
 * created, without a terminal event. Scheduled: searches the store for transactions whose current
 * status is one of {@link #statuses} (default PENDING) created in {@code [now - lookBack, now - N)},
 * so abandoned checkouts older than the {@link #lookBack} stop counting.
 *
 * <p>One alert (dedup key {@code rule:<name>}) says how many are stuck and lists the oldest ids (at
 * most 10); it resolves when none is left. Immutable configuration; thread-safe.
 */
public final class StuckPaymentRule extends SeverityRule<StuckPaymentRule, StuckPaymentRule.Config> {
    /** Default name. */
    public static final String DEFAULT_NAME = "stuck-payments";
    /** Default age: 15 minutes. */
    public static final Duration DEFAULT_OLDER_THAN = Duration.ofMinutes(15);
    /** Default look-back: 24 hours. */
    public static final Duration DEFAULT_LOOK_BACK = Duration.ofHours(24);
    /** Default evaluation interval: 1 minute. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    /** Default severity: HIGH. */
    public static final Severity DEFAULT_SEVERITY = Severity.HIGH;

    private static final int LIMIT = TransactionQuery.MAX_LIMIT;
    private static final int LISTED = 10;

    static final class Config extends RuleConfig<Config> {
        Duration olderThan = DEFAULT_OLDER_THAN;
        Duration lookBack = DEFAULT_LOOK_BACK;
        Set<TransactionStatus> statuses = Set.of(TransactionStatus.PENDING);

        Config() {
            super(DEFAULT_NAME, DEFAULT_SEVERITY);
            interval = DEFAULT_INTERVAL;
        }
    }

    private final Firing firing;

    StuckPaymentRule() {
        this(new Config());
    }

    private StuckPaymentRule(Config config) {
        super(config);
        this.firing = new Firing(source());
    }

    @Override
    StuckPaymentRule create(Config config) {
        return new StuckPaymentRule(config);
    }

    /** A payment is stuck when pending longer than this (default 15 minutes, positive). */
    public StuckPaymentRule olderThan(Duration age) {
        Duration a = Validate.positive("olderThan", age);
        if (a.compareTo(config.lookBack) >= 0) {
            throw new IllegalArgumentException(
                    "olderThan must be less than lookBack (" + config.lookBack + "), was " + a);
        }
        return with(c -> c.olderThan = a);
    }

    /** Payments created longer ago than this are abandoned, not stuck (default 24 hours). */
    public StuckPaymentRule lookBack(Duration lookBack) {
        Duration l = Validate.positive("lookBack", lookBack);
        if (l.compareTo(config.olderThan) <= 0) {
            throw new IllegalArgumentException(
                    "lookBack must be more than olderThan (" + config.olderThan + "), was " + l);
        }
        return with(c -> c.lookBack = l);
    }

    /**
     * The pending statuses to watch (default PENDING); custom statuses of kind PENDING such as {@code
     * AUTHORIZED} may be added.
     *
     * @throws IllegalArgumentException if none is given or one is terminal
     */
    public StuckPaymentRule statuses(TransactionStatus... statuses) {
        if (statuses == null || statuses.length == 0) {
            throw new IllegalArgumentException("statuses must name at least one status");
        }
        Set<TransactionStatus> set = new LinkedHashSet<>();
        for (TransactionStatus s : statuses) {
            Validate.notNull("status", s);
            if (s.isTerminal()) {
                throw new IllegalArgumentException(
                        "statuses must be of kind PENDING, was " + s + " (" + s.kind() + ")");
            }
            set.add(s);
        }
        return with(c -> c.statuses = Set.copyOf(set));
    }

    /** Fires only when at least this many are stuck (default 1). */
    public StuckPaymentRule atLeast(int count) {
        return withMinVolume("atLeast", count);
    }

    /** How often the rule runs (default 1 minute, at least 10 seconds). */
    public StuckPaymentRule every(Duration interval) {
        return withInterval(interval, null, "at least 10 seconds");
    }

    @Override
    public synchronized void evaluate(RuleContext context) {
        firing.adoptActive(context);
        Instant now = context.now();
        Page<StoredTransaction> page = context.transactions(TransactionQuery.builder()
                .status(config.statuses.toArray(new TransactionStatus[0]))
                .createdBetween(now.minus(config.lookBack), now.minus(config.olderThan))
                .limit(LIMIT)
                .build());
        List<StoredTransaction> stuck = page.items();
        String dedupKey = dedupKey("");
        if (stuck.size() >= config.minVolume) {
            List<StoredTransaction> oldest = stuck.stream()
                    .sorted(Comparator.comparing(StoredTransaction::createdAt))
                    .limit(LISTED)
                    .toList();
            String count = page.hasNext() ? "More than " + stuck.size() : String.valueOf(stuck.size());
            Alert alert = alert("Payments stuck in pending", dedupKey)
                    .message(count + " payment" + (stuck.size() == 1 ? "" : "s") + " pending for more than "
                            + RuleSupport.human(config.olderThan) + "; oldest: "
                            + oldest.stream()
                                    .map(t -> t.id() + " (" + t.status() + " since " + t.createdAt() + ")")
                                    .collect(Collectors.joining(", ")))
                    .build();
            firing.raise(context, alert, "");
        } else {
            firing.resolve(context, dedupKey);
        }
    }

    static StuckPaymentRule fromProperties(RuleProperties p) {
        StuckPaymentRule r = new StuckPaymentRule().applyNameAndSeverity(p);
        r = p.apply(r, "look-back", RuleProperties::duration, StuckPaymentRule::lookBack);
        r = p.apply(r, "older-than", RuleProperties::duration, StuckPaymentRule::olderThan);
        r = p.apply(r, "statuses", StuckPaymentRule::parseStatuses, StuckPaymentRule::statuses);
        r = p.apply(r, "at-least", RuleProperties::integer, StuckPaymentRule::atLeast);
        r = p.apply(r, "interval", RuleProperties::duration, StuckPaymentRule::every);
        p.rejectUnknown();
        return r;
    }

    /** {@code PENDING,AUTHORIZED}: well-known codes, or custom ones (of kind PENDING). */
    private static TransactionStatus[] parseStatuses(String v) {
        return RuleProperties.list(v).stream()
                .map(code -> {
                    try {
                        return TransactionStatus.of(code);
                    } catch (IllegalArgumentException e) {
                        return TransactionStatus.of(code, TransactionStatus.Kind.PENDING);
                    }
                })
                .toArray(TransactionStatus[]::new);
    }

    @Override
    public String toString() {
        return "StuckPaymentRule[" + config.name + ": " + config.statuses + " older than "
                + RuleSupport.human(config.olderThan) + "]";
    }
}

package dev.vedette.rules;

import dev.vedette.internal.Validate;
import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionStatus;
import dev.vedette.model.WrittenBatch;
import dev.vedette.store.TransactionQuery;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Absence: "no completed payment in 30 minutes". Scheduled, and event-driven for recovery: the
 * alert resolves within the batch that brings the awaited status.
 *
 * <p>The last time the {@link #status} was seen is the later of what this instance saw in its
 * batches and the newest {@code statusAt} among the latest transactions in the store with that
 * current status (so a cluster sees every instance's payments). The rule fires when nothing was seen
 * during the last {@link #within} — counting from when the rule first ran if nothing was ever seen,
 * so a fresh start does not page at once — and resolves when the status is seen again.
 *
 * <p>With {@link #during(BusinessHours)} the rule only fires while open, once the whole interval
 * lies inside the current open period (with 09:00 opening and 30 minutes, not before 09:30); at
 * closing time it resolves its alert. Immutable configuration; thread-safe.
 */
public final class AbsenceRule extends SeverityRule<AbsenceRule, AbsenceRule.Config> {
    /** Default name. */
    public static final String DEFAULT_NAME = "absence";
    /** Default interval: 30 minutes. */
    public static final Duration DEFAULT_WITHIN = Duration.ofMinutes(30);
    /** Default evaluation interval: 1 minute. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    /** Default severity: HIGH. */
    public static final Severity DEFAULT_SEVERITY = Severity.HIGH;

    private static final int STORE_PAGE = 50;

    static final class Config extends RuleConfig<Config> {
        TransactionStatus status = TransactionStatus.COMPLETED;
        Duration within = DEFAULT_WITHIN;

        @Nullable
        BusinessHours hours;

        Config() {
            super(DEFAULT_NAME, DEFAULT_SEVERITY);
            interval = DEFAULT_INTERVAL;
        }
    }

    private final Firing firing;
    private @Nullable Instant lastSeen;
    private @Nullable Instant started;

    AbsenceRule() {
        this(new Config());
    }

    private AbsenceRule(Config config) {
        super(config);
        this.firing = new Firing(source());
    }

    @Override
    AbsenceRule create(Config config) {
        return new AbsenceRule(config);
    }

    /** The status awaited (default COMPLETED). */
    public AbsenceRule status(TransactionStatus status) {
        TransactionStatus s = Validate.notNull("status", status);
        return with(c -> c.status = s);
    }

    /** Fires when the status was not seen for this long (default 30 minutes, at least 1 minute). */
    public AbsenceRule within(Duration within) {
        Duration w = Validate.atLeast("within", within, Duration.ofMinutes(1), "1 minute");
        return with(c -> c.within = w);
    }

    /** Only fires inside these business hours (default: always). */
    public AbsenceRule during(BusinessHours hours) {
        BusinessHours h = Validate.notNull("business hours", hours);
        return with(c -> c.hours = h);
    }

    /** How often the rule runs (default 1 minute, at least 10 seconds). */
    public AbsenceRule every(Duration interval) {
        return withInterval(interval, null, "at least 10 seconds");
    }

    private String dedupKey() {
        return dedupKey("");
    }

    @Override
    public synchronized void onBatch(WrittenBatch batch, RuleContext context) {
        boolean seen = false;
        for (TransactionChange change : batch.transactions()) {
            StoredTransaction t = change.after();
            if (config.status.equals(t.status())) {
                Instant at = t.statusAt();
                if (lastSeen == null || at.isAfter(lastSeen)) {
                    lastSeen = at;
                }
                seen = true;
            }
        }
        if (seen
                && firing.isFiring(dedupKey())
                && !lastSeen.isBefore(context.now().minus(config.within))) {
            firing.resolve(context, dedupKey());
        }
    }

    @Override
    public synchronized void evaluate(RuleContext context) {
        firing.adoptActive(context);
        Instant now = context.now();
        if (started == null) {
            started = now;
        }
        Instant windowStart = now.minus(config.within);
        if (config.hours != null) {
            Instant opened = config.hours.openedAt(now);
            if (opened == null) {
                firing.resolve(context, dedupKey());
                return;
            }
            if (windowStart.isBefore(opened)) {
                return;
            }
        }
        Instant last = latest(lastSeen, fromStore(context));
        Instant counted = last != null ? last : started;
        if (counted.isBefore(windowStart)) {
            String title = "No " + config.status.code() + " payment in " + RuleSupport.human(config.within);
            Alert alert = alert(title, dedupKey())
                    .message(
                            last == null
                                    ? "No " + config.status.code() + " payment seen since monitoring started at "
                                            + started
                                    : "Last " + config.status.code() + " payment seen at " + last)
                    .label("status", config.status.code())
                    .build();
            firing.raise(context, alert, "");
        } else {
            firing.resolve(context, dedupKey());
        }
    }

    private @Nullable Instant fromStore(RuleContext ctx) {
        Instant newest = null;
        for (StoredTransaction t : ctx.transactions(TransactionQuery.builder()
                        .status(config.status)
                        .limit(STORE_PAGE)
                        .build())
                .items()) {
            newest = latest(newest, t.statusAt());
        }
        return newest;
    }

    private static @Nullable Instant latest(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    static AbsenceRule fromProperties(RuleProperties p) {
        AbsenceRule r = new AbsenceRule().applyNameAndSeverity(p);
        r = p.apply(r, "status", AbsenceRule::parseStatus, AbsenceRule::status);
        r = p.apply(r, "within", RuleProperties::duration, AbsenceRule::within);
        r = p.apply(r, "interval", RuleProperties::duration, AbsenceRule::every);
        java.util.Set<java.time.DayOfWeek> days = p.value("business-days", RuleProperties::days);
        java.time.LocalTime opens = p.value("business-opens", RuleProperties::time);
        java.time.LocalTime closes = p.value("business-closes", RuleProperties::time);
        java.time.ZoneId zone = p.value("business-zone", RuleProperties::zone);
        if (days != null || opens != null || closes != null || zone != null) {
            if (opens == null || closes == null) {
                throw new IllegalArgumentException(
                        "rule type 'absence': business hours need both business-opens and business-closes");
            }
            BusinessHours hours = p.parse(
                    "business-opens/business-closes",
                    () -> new BusinessHours(
                            days == null
                                    ? java.util.EnumSet.range(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY)
                                    : days,
                            opens,
                            closes,
                            zone == null ? java.time.ZoneOffset.UTC : zone));
            r = r.during(hours);
        }
        p.rejectUnknown();
        return r;
    }

    private static TransactionStatus parseStatus(String v) {
        return TransactionStatus.of(v);
    }

    @Override
    public String toString() {
        return "AbsenceRule[" + config.name + ": no " + config.status + " in " + RuleSupport.human(config.within)
                + (config.hours == null ? "" : " during " + config.hours) + "]";
    }
}

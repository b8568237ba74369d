package dev.vedette.rules;

import dev.vedette.internal.Validate;
import dev.vedette.model.Alert;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupChange;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.model.Severity;
import dev.vedette.model.WrittenBatch;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * New and regressed errors: alerts when a batch creates an error group (a fingerprint seen for the
 * first time) or re-opens a resolved one ({@link dev.vedette.store.WriteResult#errorGroupChanges()}). Event-driven.
 *
 * <p>One alert per fingerprint, dedup key {@code rule:<name>:<fingerprint>}: a new group raises at
 * {@link #newSeverity} (default MEDIUM, the seeds' "new error patterns" warning), a regression at
 * {@link #regressionSeverity} (default HIGH; if the alert of the same fingerprint is still open, it
 * absorbs the regression and takes the higher severity). On its schedule the rule resolves the
 * alerts of groups that were resolved or ignored (or purged) in the store.
 *
 * <p><b>Rate bound.</b> At most {@link #atMost(int, Duration) maxAlerts} new groups (default
 * {@value #DEFAULT_MAX_ALERTS}) raise an alert of their own per {@link #DEFAULT_BURST_WINDOW window}
 * (default 10 minutes). Further new groups within the window — a burst, such as a client sending one
 * bad value after another — are listed in one summary alert, dedup key {@code
 * rule:<name>:burst}, title {@code Burst of new errors}, which each further group updates without
 * paging again (the alerting engine absorbs it). The summary resolves once every group it lists is
 * resolved, ignored or purged. Regressions are not bounded. Runs on its schedule every 5 minutes.
 * Immutable configuration; thread-safe.
 */
public final class ErrorGroupRule extends NamedRule<ErrorGroupRule, ErrorGroupRule.Config> {
    /** Default name. */
    public static final String DEFAULT_NAME = "new-errors";
    /** Default severity of a new error. */
    public static final Severity DEFAULT_NEW_SEVERITY = Severity.MEDIUM;
    /** Default severity of a regression. */
    public static final Severity DEFAULT_REGRESSION_SEVERITY = Severity.HIGH;
    /** Default most alerts of their own for new groups per window. */
    public static final int DEFAULT_MAX_ALERTS = 3;
    /** Default window of the rate bound on new-group alerts. */
    public static final Duration DEFAULT_BURST_WINDOW = Duration.ofMinutes(10);
    /** Most groups a burst summary lists by name; the rest are counted. */
    static final int BURST_LISTED = 20;

    static final class Config extends RuleConfig<Config> {
        Severity regressionSeverity = DEFAULT_REGRESSION_SEVERITY;
        boolean onNew = true;
        boolean onRegression = true;
        int maxAlerts = DEFAULT_MAX_ALERTS;
        Duration burstWindow = DEFAULT_BURST_WINDOW;

        /** {@link RuleConfig#severity} is the severity of new errors. */
        Config() {
            super(DEFAULT_NAME, DEFAULT_NEW_SEVERITY);
            interval = Duration.ofMinutes(5);
        }
    }

    private final Firing firing;
    /** When the recent alerts of their own for new groups were raised, oldest first. */
    private final java.util.ArrayDeque<java.time.Instant> recentAlerts = new java.util.ArrayDeque<>();
    /** The groups the open burst summary lists (at most {@link #BURST_LISTED}) and how many it holds. */
    private final java.util.List<ErrorGroup> burst = new java.util.ArrayList<>();

    private long burstCount;
    private java.time.@org.jspecify.annotations.Nullable Instant burstSince;

    ErrorGroupRule() {
        this(new Config());
    }

    private ErrorGroupRule(Config config) {
        super(config);
        this.firing = new Firing(source());
    }

    @Override
    ErrorGroupRule create(Config config) {
        return new ErrorGroupRule(config);
    }

    /** Severity of alerts for new fingerprints (default MEDIUM). */
    public ErrorGroupRule newSeverity(Severity severity) {
        Severity s = Validate.notNull("severity", severity);
        return with(c -> c.severity = s);
    }

    /** Severity of alerts for regressions (default HIGH). */
    public ErrorGroupRule regressionSeverity(Severity severity) {
        Severity s = Validate.notNull("severity", severity);
        return with(c -> c.regressionSeverity = s);
    }

    /** Whether new fingerprints alert (default true). */
    public ErrorGroupRule alertOnNew(boolean enabled) {
        return with(c -> c.onNew = enabled);
    }

    /** Whether regressions alert (default true). */
    public ErrorGroupRule alertOnRegression(boolean enabled) {
        return with(c -> c.onRegression = enabled);
    }

    /**
     * The rate bound: at most {@code maxAlerts} new groups per {@code window} raise an alert of their
     * own (default {@value #DEFAULT_MAX_ALERTS} per 10 minutes); the rest of a burst is listed in one
     * summary alert. {@code 0} lists every new group in the summary.
     *
     * @throws IllegalArgumentException if {@code maxAlerts} is negative or the window not positive
     */
    public ErrorGroupRule atMost(int maxAlerts, Duration window) {
        Validate.atLeast("maxAlerts", maxAlerts, 0);
        Duration w = Validate.positive("window", window);
        return with(c -> {
            c.maxAlerts = maxAlerts;
            c.burstWindow = w;
        });
    }

    @Override
    public synchronized void onBatch(WrittenBatch batch, RuleContext context) {
        for (ErrorGroupChange change : batch.errorGroupChanges()) {
            ErrorGroup g = change.group();
            String dedupKey = source() + ":" + g.fingerprint();
            boolean regression = change.kind() == ErrorGroupChange.Kind.REGRESSED;
            if (regression ? !config.onRegression : !config.onNew) {
                continue;
            }
            Alert.Builder b = alert(
                            regression ? config.regressionSeverity : config.severity,
                            (regression ? "Regressed error: " : "New error: ") + shortType(g.type()),
                            dedupKey)
                    .message(g.type() + ": " + (g.lastMessage() == null ? g.messageTemplate() : g.lastMessage())
                            + "\nFirst seen " + g.firstSeen() + ", " + g.count() + " occurrence"
                            + (g.count() == 1 ? "" : "s") + ", fingerprint " + g.fingerprint())
                    .label("fingerprint", g.fingerprint())
                    .label("error_type", RuleSupport.labelValue(g.type()));
            if (g.component() != null) {
                b.component(g.component());
            }
            Alert alert = b.build();
            if (regression && firing.isFiring(dedupKey)) {
                context.raise(alert);
            } else if (regression || firing.isFiring(dedupKey) || withinBound(context.now())) {
                firing.raise(context, alert, g.fingerprint());
            } else {
                addToBurst(context, g);
            }
        }
    }

    /** True, and counted, if one more new group may raise an alert of its own now. */
    private boolean withinBound(java.time.Instant now) {
        java.time.Instant cutoff = now.minus(config.burstWindow);
        while (!recentAlerts.isEmpty() && !recentAlerts.peekFirst().isAfter(cutoff)) {
            recentAlerts.removeFirst();
        }
        if (recentAlerts.size() >= config.maxAlerts) {
            return false;
        }
        recentAlerts.addLast(now);
        return true;
    }

    private String burstKey() {
        return source() + ":burst";
    }

    private void addToBurst(RuleContext context, ErrorGroup g) {
        if (burstSince == null) {
            burstSince = context.now();
        }
        burstCount++;
        if (burst.size() < BURST_LISTED) {
            burst.add(g);
        }
        StringBuilder m = new StringBuilder()
                .append(burstCount)
                .append(burstCount == 1 ? " new error group" : " new error groups")
                .append(" since ")
                .append(burstSince)
                .append(", beyond ")
                .append(config.maxAlerts)
                .append(" alerts per ")
                .append(RuleSupport.human(config.burstWindow))
                .append(':');
        for (ErrorGroup listed : burst) {
            m.append("\n- ")
                    .append(shortType(listed.type()))
                    .append(": ")
                    .append(listed.messageTemplate())
                    .append(" (fingerprint ")
                    .append(listed.fingerprint())
                    .append(')');
        }
        if (burstCount > burst.size()) {
            m.append("\n… and ").append(burstCount - burst.size()).append(" more");
        }
        Alert summary = alert(config.severity, "Burst of new errors", burstKey())
                .message(m.toString())
                .build();
        if (firing.isFiring(burstKey())) {
            context.raise(summary); // absorbed by the open summary: a newer list, no new page
        } else {
            firing.raise(context, summary, "");
        }
    }

    /** Resolves alerts whose group was resolved, ignored or purged. */
    @Override
    public synchronized void evaluate(RuleContext context) {
        firing.adoptActive(context);
        String prefix = source() + ":";
        for (Map.Entry<String, String> e : firing.subjects().entrySet()) {
            if (e.getKey().equals(burstKey())) {
                if (!burst.isEmpty() && burst.stream().allMatch(g -> settled(context, g.fingerprint()))) {
                    firing.resolve(context, e.getKey());
                    burst.clear();
                    burstCount = 0;
                    burstSince = null;
                }
                continue;
            }
            String fingerprint = e.getValue().isEmpty() && e.getKey().startsWith(prefix)
                    ? e.getKey().substring(prefix.length())
                    : e.getValue();
            Optional<ErrorGroup> group = context.errorGroup(fingerprint);
            if (group.isEmpty()
                    || group.get().status() == ErrorGroupStatus.RESOLVED
                    || group.get().status() == ErrorGroupStatus.IGNORED) {
                firing.resolve(context, e.getKey());
            }
        }
    }

    /** True if the group was resolved, ignored or purged. */
    private static boolean settled(RuleContext context, String fingerprint) {
        Optional<ErrorGroup> group = context.errorGroup(fingerprint);
        return group.isEmpty()
                || group.get().status() == ErrorGroupStatus.RESOLVED
                || group.get().status() == ErrorGroupStatus.IGNORED;
    }

    private static String shortType(String type) {
        int dot = type.lastIndexOf('.');
        return dot >= 0 && dot < type.length() - 1 ? type.substring(dot + 1) : type;
    }

    static ErrorGroupRule fromProperties(RuleProperties p) {
        ErrorGroupRule r = new ErrorGroupRule().applyName(p);
        r = p.apply(r, "new-severity", RuleProperties::severity, ErrorGroupRule::newSeverity);
        r = p.apply(r, "regression-severity", RuleProperties::severity, ErrorGroupRule::regressionSeverity);
        r = p.apply(r, "on-new", RuleProperties::bool, ErrorGroupRule::alertOnNew);
        r = p.apply(r, "on-regression", RuleProperties::bool, ErrorGroupRule::alertOnRegression);
        r = p.apply(r, "max-alerts", RuleProperties::integer, (x, v) -> x.with(c -> c.maxAlerts = atLeastZero(v)));
        r = p.apply(
                r,
                "burst-window",
                RuleProperties::duration,
                (x, v) -> x.with(c -> c.burstWindow = Validate.positive("burst-window", v)));
        p.rejectUnknown();
        return r;
    }

    private static int atLeastZero(int v) {
        Validate.atLeast("max-alerts", v, 0);
        return v;
    }

    @Override
    public String toString() {
        return "ErrorGroupRule[" + config.name + ": new=" + config.onNew + ", regressions=" + config.onRegression + "]";
    }
}

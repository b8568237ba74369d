package dev.vedette.rules;

import dev.vedette.Alert;
import dev.vedette.Severity;
import dev.vedette.store.ErrorGroup;
import dev.vedette.store.ErrorGroupChange;
import dev.vedette.store.ErrorGroupStatus;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * New and regressed errors: alerts when a batch creates an error group (a fingerprint seen for the
 * first time) or re-opens a resolved one ({@link WriteResult#errorGroupChanges()}). Event-driven.
 *
 * <p>One alert per fingerprint, dedup key {@code rule:<name>:<fingerprint>}: a new group raises at
 * {@link #newSeverity} (default MEDIUM, the seeds' "new error patterns" warning), a regression at
 * {@link #regressionSeverity} (default HIGH; if the alert of the same fingerprint is still open, it
 * absorbs the regression and takes the higher severity). On its schedule the rule resolves the
 * alerts of groups that were resolved or ignored (or purged) in the store. Immutable configuration;
 * thread-safe.
 */
public final class ErrorGroupRule implements Rule {
    /** Default name. */
    public static final String DEFAULT_NAME = "new-errors";
    /** Default severity of a new error. */
    public static final Severity DEFAULT_NEW_SEVERITY = Severity.MEDIUM;
    /** Default severity of a regression. */
    public static final Severity DEFAULT_REGRESSION_SEVERITY = Severity.HIGH;

    private static final class Config implements Cloneable {
        String name = DEFAULT_NAME;
        Severity newSeverity = DEFAULT_NEW_SEVERITY;
        Severity regressionSeverity = DEFAULT_REGRESSION_SEVERITY;
        boolean onNew = true;
        boolean onRegression = true;

        Config copy() {
            try {
                return (Config) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Config config;
    private final Firing firing;

    ErrorGroupRule() {
        this(new Config());
    }

    private ErrorGroupRule(Config config) {
        this.config = config;
        this.firing = new Firing("rule:" + config.name);
    }

    private ErrorGroupRule with(java.util.function.Consumer<Config> change) {
        Config c = config.copy();
        change.accept(c);
        return new ErrorGroupRule(c);
    }

    /** This rule with another name (default {@value #DEFAULT_NAME}). */
    public ErrorGroupRule named(String name) {
        String n = RuleSupport.name(name);
        return with(c -> c.name = n);
    }

    /** Severity of alerts for new fingerprints (default MEDIUM). */
    public ErrorGroupRule newSeverity(Severity severity) {
        Severity s = RuleSupport.severity(severity);
        return with(c -> c.newSeverity = s);
    }

    /** Severity of alerts for regressions (default HIGH). */
    public ErrorGroupRule regressionSeverity(Severity severity) {
        Severity s = RuleSupport.severity(severity);
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

    @Override
    public String name() {
        return config.name;
    }

    @Override
    public synchronized void onBatch(WriteBatch batch, WriteResult result, RuleContext context) {
        for (ErrorGroupChange change : result.errorGroupChanges()) {
            ErrorGroup g = change.group();
            String dedupKey = "rule:" + config.name + ":" + g.fingerprint();
            boolean regression = change.kind() == ErrorGroupChange.Kind.REGRESSED;
            if (regression ? !config.onRegression : !config.onNew) {
                continue;
            }
            Alert.Builder b = Alert.builder(
                            regression ? config.regressionSeverity : config.newSeverity,
                            (regression ? "Regressed error: " : "New error: ") + shortType(g.type()))
                    .message(g.type() + ": " + (g.lastMessage() == null ? g.messageTemplate() : g.lastMessage())
                            + "\nFirst seen " + g.firstSeen() + ", " + g.count() + " occurrence"
                            + (g.count() == 1 ? "" : "s") + ", fingerprint " + g.fingerprint())
                    .source("rule:" + config.name)
                    .dedupKey(dedupKey)
                    .label("rule", config.name)
                    .label("fingerprint", g.fingerprint())
                    .label("error_type", RuleSupport.labelValue(g.type()));
            if (g.component() != null) {
                b.component(g.component());
            }
            Alert alert = b.build();
            if (regression && firing.isFiring(dedupKey)) {
                context.raise(alert);
            } else {
                firing.raise(context, alert, g.fingerprint());
            }
        }
    }

    /** Resolves alerts whose group was resolved, ignored or purged. */
    @Override
    public synchronized void evaluate(RuleContext context) {
        firing.adoptActive(context);
        String prefix = "rule:" + config.name + ":";
        for (Map.Entry<String, String> e : firing.subjects().entrySet()) {
            String fingerprint = e.getValue().isEmpty() && e.getKey().startsWith(prefix)
                    ? e.getKey().substring(prefix.length())
                    : e.getValue();
            Optional<ErrorGroup> group = context.store().errorGroup(fingerprint);
            if (group.isEmpty()
                    || group.get().status() == ErrorGroupStatus.RESOLVED
                    || group.get().status() == ErrorGroupStatus.IGNORED) {
                firing.resolve(context, e.getKey());
            }
        }
    }

    /** Every 5 minutes. */
    @Override
    public Duration evaluationInterval() {
        return Duration.ofMinutes(5);
    }

    private static String shortType(String type) {
        int dot = type.lastIndexOf('.');
        return dot >= 0 && dot < type.length() - 1 ? type.substring(dot + 1) : type;
    }

    static ErrorGroupRule fromProperties(RuleProperties p) {
        ErrorGroupRule r = new ErrorGroupRule();
        r = p.apply(r, "name", RuleProperties::string, ErrorGroupRule::named);
        r = p.apply(r, "new-severity", RuleProperties::severity, ErrorGroupRule::newSeverity);
        r = p.apply(r, "regression-severity", RuleProperties::severity, ErrorGroupRule::regressionSeverity);
        r = p.apply(r, "on-new", RuleProperties::bool, ErrorGroupRule::alertOnNew);
        r = p.apply(r, "on-regression", RuleProperties::bool, ErrorGroupRule::alertOnRegression);
        p.rejectUnknown();
        return r;
    }

    @Override
    public String toString() {
        return "ErrorGroupRule[" + config.name + ": new=" + config.onNew + ", regressions=" + config.onRegression + "]";
    }
}

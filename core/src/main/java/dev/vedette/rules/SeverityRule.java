package dev.vedette.rules;

import dev.vedette.internal.Validate;
import dev.vedette.model.Alert;
import dev.vedette.model.Severity;

/**
 * A built-in rule whose alerts carry one configurable severity (every rule but {@link
 * ErrorGroupRule}, which has one for new errors and one for regressions).
 *
 * @param <R> the concrete rule type, returned by every fluent method
 * @param <C> the rule's configuration type
 */
abstract class SeverityRule<R extends SeverityRule<R, C>, C extends RuleConfig<C>> extends NamedRule<R, C> {

    SeverityRule(C config) {
        super(config);
    }

    /**
     * This rule raising alerts of this severity (each rule documents its default as {@code
     * DEFAULT_SEVERITY}).
     *
     * @throws IllegalArgumentException if null
     */
    public R severity(Severity severity) {
        Severity s = Validate.notNull("severity", severity);
        return with(c -> c.severity = s);
    }

    /** An alert of this rule at its severity: source, dedup key and the {@code rule} label set. */
    final Alert.Builder alert(String title, String dedupKey) {
        return alert(config.severity, title, dedupKey);
    }

    /** Applies the {@code name} and {@code severity} properties. */
    final R applyNameAndSeverity(RuleProperties p) {
        return p.apply(applyName(p), "severity", RuleProperties::severity, SeverityRule::severity);
    }
}

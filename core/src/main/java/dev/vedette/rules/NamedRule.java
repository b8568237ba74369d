package dev.vedette.rules;

import dev.vedette.internal.Validate;
import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The seam every built-in rule is built on: an immutable rule that is its own builder. Each fluent
 * method validates at once, copies the {@link RuleConfig}, changes the copy and returns a new rule
 * of the concrete type {@code R} (with fresh state) through {@link #create}. This class holds the
 * name; {@link SeverityRule}, {@link WindowedRule} and {@link GroupedWindowRule} add the options
 * their rules share, so each rule keeps only its own thresholds and logic.
 *
 * @param <R> the concrete rule type, returned by every fluent method
 * @param <C> the rule's configuration type
 */
abstract class NamedRule<R extends NamedRule<R, C>, C extends RuleConfig<C>> implements Rule {
    final C config;

    NamedRule(C config) {
        this.config = config;
    }

    /** A new rule of the concrete type, with this configuration and fresh state. */
    abstract R create(C config);

    /** A new rule from a copy of this configuration changed by {@code change}. */
    final R with(Consumer<C> change) {
        C c = config.copy();
        change.accept(c);
        return create(c);
    }

    /**
     * This rule with another name (each rule documents its default as {@code DEFAULT_NAME}): 1 to 64
     * lower-case letters, digits, {@code _ . -}, starting with a letter or digit. Two rules of one
     * monitor need distinct names.
     *
     * @throws IllegalArgumentException if the name is null or not of that form
     */
    public R named(String name) {
        String n = Validate.slug("name", name);
        return with(c -> c.name = n);
    }

    @Override
    public String name() {
        return config.name;
    }

    /** How often {@link #evaluate} runs: the rule's interval (one minute unless the rule says otherwise). */
    @Override
    public Duration evaluationInterval() {
        return config.interval;
    }

    /**
     * This rule evaluated every {@code interval}: at least 10 seconds, and at most {@code max} if not
     * null; {@code range} words the bounds for the message.
     */
    final R withInterval(Duration interval, @Nullable Duration max, String range) {
        Duration i = Validate.positive("interval", interval);
        if (i.compareTo(Duration.ofSeconds(10)) < 0 || max != null && i.compareTo(max) > 0) {
            throw new IllegalArgumentException("interval must be " + range + ", was " + i);
        }
        return with(c -> c.interval = i);
    }

    /** This rule with a minimum volume of at least 1, named {@code field} in the error. */
    final R withMinVolume(String field, int minVolume) {
        Validate.atLeast(field, minVolume, 1);
        return with(c -> c.minVolume = minVolume);
    }

    /** The source of this rule's alerts: {@code rule:<name>}. */
    final String source() {
        return "rule:" + config.name;
    }

    /** {@code rule:<name>} for the empty key, else {@code rule:<name>:<key>} with the key made safe. */
    final String dedupKey(String key) {
        return key.isEmpty() ? source() : source() + ":" + RuleSupport.keyPart(key);
    }

    /** An alert of this rule: source, dedup key and the {@code rule} label set. */
    final Alert.Builder alert(Severity severity, String title, String dedupKey) {
        return Alert.builder(severity, title)
                .source(source())
                .dedupKey(dedupKey)
                .label("rule", config.name);
    }

    /** This rule as its concrete type. */
    @SuppressWarnings("unchecked")
    final R self() {
        return (R) this;
    }

    /** Applies the {@code name} property. */
    final R applyName(RuleProperties p) {
        return p.apply(self(), "name", RuleProperties::string, NamedRule::named);
    }
}

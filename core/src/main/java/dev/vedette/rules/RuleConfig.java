package dev.vedette.rules;

import dev.vedette.model.Severity;
import dev.vedette.model.StoredTransaction;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The options the built-in rules share: name, severity, sliding window and its buckets, minimum
 * volume, grouping, most keys tracked, failure classes and evaluation interval. A rule's own {@code
 * Config} extends this with its thresholds and sets its defaults in its constructor; a rule uses
 * only the options it documents.
 *
 * <p>Copied on write: a rule's fluent method {@linkplain #copy() copies} the config, changes the copy
 * and builds a new rule from it. The config a rule holds never changes afterwards, so rules stay
 * immutable. Subclasses hold only immutable values, so the shallow copy is safe.
 */
abstract class RuleConfig<C extends RuleConfig<C>> implements Cloneable {
    /** The most buckets a window may be cut into. */
    static final int MAX_BUCKETS = 1_440;

    String name;
    Severity severity;
    Duration window = Duration.ofMinutes(1);
    int buckets = 2;
    int minVolume = 1;
    Grouping grouping = Grouping.OVERALL;
    int maxKeys = 1;
    Set<FailureClass> classes = EnumSet.allOf(FailureClass.class);
    FailureClassifier classifier = FailureClassifier.defaults();
    Duration interval = Duration.ofMinutes(1);

    RuleConfig(String name, Severity severity) {
        this.name = name;
        this.severity = severity;
    }

    /** Sets the defaults of a windowed rule; called from the subclass's constructor. */
    final void windowDefaults(Duration window, int buckets, int minVolume, int maxKeys) {
        this.window = window;
        this.buckets = buckets;
        this.minVolume = minVolume;
        this.maxKeys = maxKeys;
    }

    @SuppressWarnings("unchecked")
    final C copy() {
        try {
            C c = (C) super.clone();
            c.classes = EnumSet.copyOf(classes);
            return c;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** True if every failure class counts, so failures need no classifying. */
    final boolean allClasses() {
        return classes.size() == FailureClass.values().length;
    }

    /** True if this failed transaction's class is one of {@link #classes}. */
    final boolean countsAsFailure(StoredTransaction t) {
        return allClasses() || classes.contains(classifier.classify(t.provider(), t.errorCode(), t.errorMessage()));
    }
}

package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import dev.vedette.model.Severity;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Flap protection and alert severity per component: how many consecutive DOWN reports make a
 * component DOWN ({@link #failureThreshold(String)}, default {@value #DEFAULT_FAILURE_THRESHOLD}),
 * how many consecutive UP or DEGRADED reports bring it back ({@link #successThreshold(String)},
 * default {@value #DEFAULT_SUCCESS_THRESHOLD}), and how urgent its outage alert is ({@link
 * #severityFor(String)}). Used by {@link ComponentTracker}. Immutable and thread-safe.
 *
 * <p>Fast confirmation: while a component's latest report disagrees with its flap-protected status
 * (a first failure of an UP component, a first success of a DOWN one), the monitor re-runs its
 * check every {@link #confirmInterval()} (default 5 s, never longer than the check's own interval)
 * instead of waiting a whole interval, until the thresholds decide either way. With the defaults a
 * check that starts failing is confirmed DOWN 10 s after its first failure (failures at +0 s, +5 s
 * and +10 s), not 60 s.
 *
 * <p>Severity: a severity set for the component by name wins; otherwise a component whose name is
 * in {@link #DEFAULT_CRITICAL_COMPONENTS} (or the list given to {@link
 * Builder#criticalComponents(Collection)}) is {@link Severity#CRITICAL} — the products Vedette comes
 * from page immediately when the database, the mail service or a payment provider is down; every
 * other component gets the default severity, {@link Severity#HIGH}. A name matches a list entry
 * when, ignoring case, it equals the entry or starts with the entry followed by {@code -}, {@code
 * _}, {@code .}, {@code :} or {@code /}: {@code paypal-api} and {@code db.primary} are critical,
 * {@code dbx} is not.
 *
 * <pre>{@code
 * FlapPolicy policy = FlapPolicy.builder()
 *     .failureThreshold(2)
 *     .thresholds("reporting-db", 5, 3)
 *     .severity("cdn", Severity.MEDIUM)
 *     .build();
 * }</pre>
 */
public final class FlapPolicy {
    /** Default consecutive DOWN reports before a component is DOWN: 3. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    /** Default consecutive UP/DEGRADED reports before a DOWN component recovers: 2. */
    public static final int DEFAULT_SUCCESS_THRESHOLD = 2;
    /** Default time between the re-runs that confirm a change of status: 5 s. */
    public static final Duration DEFAULT_CONFIRM_INTERVAL = Duration.ofSeconds(5);
    /** Largest accepted threshold. */
    public static final int MAX_THRESHOLD = 1_000;
    /** Severity of components that are neither named nor critical: HIGH. */
    public static final Severity DEFAULT_SEVERITY = Severity.HIGH;
    /**
     * Components whose outage is CRITICAL by default: the database ({@code database}, {@code db}),
     * mail ({@code smtp}, {@code email}, {@code mail}) and payment providers and gateways ({@code
     * payments}, {@code payment}, {@code paypal}, {@code stripe}, {@code mollie}, {@code adyen},
     * {@code braintree}).
     */
    public static final Set<String> DEFAULT_CRITICAL_COMPONENTS = Set.of(
            "database",
            "db",
            "smtp",
            "email",
            "mail",
            "payments",
            "payment",
            "paypal",
            "stripe",
            "mollie",
            "adyen",
            "braintree");

    private static final FlapPolicy DEFAULTS = builder().build();
    private static final String SEPARATORS = "-_.:/";

    private final int failureThreshold;
    private final int successThreshold;
    private final Map<String, int[]> thresholds;
    private final Map<String, Severity> severities;
    private final Set<String> critical;
    private final Severity defaultSeverity;
    private final Duration confirmInterval;

    private FlapPolicy(Builder b) {
        this.failureThreshold = b.failureThreshold;
        this.successThreshold = b.successThreshold;
        Map<String, int[]> t = new HashMap<>();
        b.thresholds.forEach((k, v) -> t.put(k, v.clone()));
        this.thresholds = Map.copyOf(t);
        this.severities = Map.copyOf(b.severities);
        this.critical = Set.copyOf(b.critical);
        this.defaultSeverity = b.defaultSeverity;
        this.confirmInterval = b.confirmInterval;
    }

    /** The default policy: 3 failures, 2 successes, the default critical list, HIGH otherwise. */
    public static FlapPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Consecutive DOWN reports that make {@code component} DOWN (its override or the default). */
    public int failureThreshold(String component) {
        int[] t = thresholds.get(component);
        return t == null ? failureThreshold : t[0];
    }

    /** Consecutive UP/DEGRADED reports that bring a DOWN {@code component} back. */
    public int successThreshold(String component) {
        int[] t = thresholds.get(component);
        return t == null ? successThreshold : t[1];
    }

    /**
     * How soon a check is run again while its component's status is unconfirmed (see the class
     * comment); the schedule uses the shorter of this and the check's own interval.
     */
    public Duration confirmInterval() {
        return confirmInterval;
    }

    /** The severity of an outage alert for {@code component}; see the class comment for the rule. */
    public Severity severityFor(String component) {
        Severity explicit = severities.get(component);
        if (explicit != null) {
            return explicit;
        }
        return isCritical(component) ? Severity.CRITICAL : defaultSeverity;
    }

    private boolean isCritical(String component) {
        String name = component.toLowerCase(Locale.ROOT);
        for (String c : critical) {
            if (name.equals(c)
                    || (name.length() > c.length()
                            && name.startsWith(c)
                            && SEPARATORS.indexOf(name.charAt(c.length())) >= 0)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "FlapPolicy[failureThreshold=" + failureThreshold + ", successThreshold=" + successThreshold
                + ", confirmInterval=" + confirmInterval + ", overrides=" + thresholds.keySet() + ", severities="
                + severities + "]";
    }

    /** Builds a {@link FlapPolicy}; each setter validates at once. */
    public static final class Builder {
        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
        private int successThreshold = DEFAULT_SUCCESS_THRESHOLD;
        private final Map<String, int[]> thresholds = new HashMap<>();
        private final Map<String, Severity> severities = new HashMap<>();
        private Set<String> critical = DEFAULT_CRITICAL_COMPONENTS;
        private Severity defaultSeverity = DEFAULT_SEVERITY;
        private Duration confirmInterval = DEFAULT_CONFIRM_INTERVAL;

        private Builder() {}

        /**
         * How soon a check is re-run while a change of status is unconfirmed, default 5 s ({@link
         * #DEFAULT_CONFIRM_INTERVAL}).
         *
         * @throws IllegalArgumentException if null, zero or negative
         */
        public Builder confirmInterval(Duration interval) {
            this.confirmInterval = Validate.positive("confirmInterval", interval);
            return this;
        }

        /**
         * Default consecutive DOWN reports before DOWN, default {@value #DEFAULT_FAILURE_THRESHOLD}.
         *
         * @throws IllegalArgumentException unless between 1 and {@value #MAX_THRESHOLD}
         */
        public Builder failureThreshold(int n) {
            this.failureThreshold = threshold("failureThreshold", n);
            return this;
        }

        /**
         * Default consecutive UP/DEGRADED reports before recovery, default {@value
         * #DEFAULT_SUCCESS_THRESHOLD}.
         *
         * @throws IllegalArgumentException unless between 1 and {@value #MAX_THRESHOLD}
         */
        public Builder successThreshold(int n) {
            this.successThreshold = threshold("successThreshold", n);
            return this;
        }

        /**
         * Thresholds for one component (matched by exact name), replacing the defaults for it.
         *
         * @throws IllegalArgumentException if the component is not a valid name or a threshold is
         *     not between 1 and {@value #MAX_THRESHOLD}
         */
        public Builder thresholds(String component, int failureThreshold, int successThreshold) {
            Validate.identifier("component", component, HealthReport.MAX_COMPONENT_LENGTH);
            thresholds.put(component, new int[] {
                threshold("failureThreshold", failureThreshold), threshold("successThreshold", successThreshold)
            });
            return this;
        }

        /**
         * The alert severity of one component (matched by exact name); wins over the critical list.
         *
         * @throws IllegalArgumentException if the component is not a valid name or severity is null
         */
        public Builder severity(String component, Severity severity) {
            Validate.identifier("component", component, HealthReport.MAX_COMPONENT_LENGTH);
            severities.put(component, Validate.notNull("severity", severity));
            return this;
        }

        /**
         * Severity of components that are neither named nor critical, default {@link Severity#HIGH}.
         *
         * @throws IllegalArgumentException if null
         */
        public Builder defaultSeverity(Severity severity) {
            this.defaultSeverity = Validate.notNull("defaultSeverity", severity);
            return this;
        }

        /**
         * Replaces {@link #DEFAULT_CRITICAL_COMPONENTS}; an empty collection makes no component
         * critical by name. Entries are matched ignoring case.
         *
         * @throws IllegalArgumentException if null or an entry is not a valid name
         */
        public Builder criticalComponents(Collection<String> components) {
            Validate.notNull("criticalComponents", components);
            Set<String> set = new LinkedHashSet<>();
            for (String c : components) {
                set.add(Validate.identifier("criticalComponents entry", c, HealthReport.MAX_COMPONENT_LENGTH)
                        .toLowerCase(Locale.ROOT));
            }
            this.critical = set;
            return this;
        }

        private static int threshold(String field, int n) {
            return Validate.between(field, n, 1, MAX_THRESHOLD);
        }

        /** Builds the immutable policy. */
        public FlapPolicy build() {
            return new FlapPolicy(this);
        }
    }
}

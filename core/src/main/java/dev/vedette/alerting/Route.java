package dev.vedette.alerting;

import dev.vedette.internal.Validate;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Severity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One line of the routing table: alerts that match go to these channels. A route matches when the
 * alert's severity is one of {@link #severities()} (all when empty) and every label matcher equals
 * the alert's label (the pseudo-labels {@code component}, {@code severity} and {@code source} match
 * too). Routes are tried in order; the first match wins unless it says {@link #continueMatching()},
 * in which case later matches add their channels too.
 *
 * <pre>{@code
 * Route.builder().severity(Severity.CRITICAL).channels("slack", "email", "pagerduty", "sms").build();
 * Route.builder().label("component", "paypal").channels("payments-slack").continueMatching(true).build();
 * }</pre>
 *
 * @param severities severities matched; empty matches all
 * @param matchers label equality matchers
 * @param channels notifier names; empty means "no immediate message" (LOW goes to the digest)
 * @param continueMatching whether later routes are tried after this one matched
 */
public record Route(
        Set<Severity> severities, Map<String, String> matchers, List<String> channels, boolean continueMatching) {

    /** Copies and validates. */
    public Route {
        severities = severities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(severities));
        matchers = Map.copyOf(matchers);
        channels = List.copyOf(channels);
    }

    /** A route from a severity to channels. */
    public static Route of(Severity severity, String... channels) {
        return builder().severity(severity).channels(channels).build();
    }

    /** Starts a route. */
    public static Builder builder() {
        return new Builder();
    }

    /** True if the alert matches this route. */
    public boolean matches(AlertRecord alert) {
        return matches(alert.severity(), alert.matchLabels());
    }

    /** True if an alert of this severity with these {@linkplain AlertRecord#matchLabels() labels} matches. */
    boolean matches(Severity severity, Map<String, String> labels) {
        if (!severities.isEmpty() && !severities.contains(severity)) {
            return false;
        }
        return matchers.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** Builds a {@link Route}. */
    public static final class Builder {
        private final Set<Severity> severities = EnumSet.noneOf(Severity.class);
        private final Map<String, String> matchers = new LinkedHashMap<>();
        private final List<String> channels = new ArrayList<>();
        private boolean continueMatching;

        private Builder() {}

        /** Adds severities matched. */
        public Builder severity(Severity... severities) {
            for (Severity s : severities) {
                this.severities.add(Validate.notNull("severity", s));
            }
            return this;
        }

        /** Matches alerts of this component. */
        public Builder component(String component) {
            return label("component", component);
        }

        /** Matches alerts whose label equals the value. */
        public Builder label(String key, String value) {
            matchers.put(Validate.identifier("matcher key", key, 64), Validate.notNull("matcher '" + key + "'", value));
            return this;
        }

        /** Adds channels. */
        public Builder channels(String... channels) {
            for (String c : channels) {
                this.channels.add(Validate.identifier("channel", c, 64));
            }
            return this;
        }

        /** Whether later routes are tried too. */
        public Builder continueMatching(boolean continueMatching) {
            this.continueMatching = continueMatching;
            return this;
        }

        /** Builds the route. */
        public Route build() {
            return new Route(severities, matchers, channels, continueMatching);
        }
    }
}

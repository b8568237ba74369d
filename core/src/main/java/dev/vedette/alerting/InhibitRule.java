package dev.vedette.alerting;

import dev.vedette.model.AlertRecord;
import java.util.List;
import java.util.Map;

/**
 * While an active alert matches {@code source}, new alerts that match {@code target} (and carry the
 * same values for every label in {@code equal}) are stored but not delivered. Example: a
 * provider-wide outage mutes the per-customer payment failure alerts it causes.
 *
 * <pre>{@code
 * new InhibitRule(Map.of("source", "rule:provider-outage"), Map.of("source", "rule:customer-failures"),
 *     List.of("provider"));
 * }</pre>
 *
 * @param source label matchers of the inhibiting alert
 * @param target label matchers of the alerts it mutes
 * @param equal labels that must be equal on both
 */
public record InhibitRule(Map<String, String> source, Map<String, String> target, List<String> equal) {
    /** Copies. */
    public InhibitRule {
        source = Map.copyOf(source);
        target = Map.copyOf(target);
        equal = List.copyOf(equal);
        if (source.isEmpty() || target.isEmpty()) {
            throw new IllegalArgumentException("source and target matchers must not be empty");
        }
    }

    /** True if {@code active} inhibits {@code candidate}. */
    public boolean inhibits(AlertRecord active, AlertRecord candidate) {
        if (active.id().equals(candidate.id())) {
            return false;
        }
        Map<String, String> a = active.matchLabels();
        Map<String, String> c = candidate.matchLabels();
        return matches(source, a)
                && matches(target, c)
                && equal.stream().allMatch(k -> a.get(k) != null && a.get(k).equals(c.get(k)));
    }

    private static boolean matches(Map<String, String> matchers, Map<String, String> labels) {
        return matchers.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}

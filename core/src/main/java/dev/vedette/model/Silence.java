package dev.vedette.model;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Mutes alerts that match all of its matchers between {@code startsAt} (inclusive) and {@code
 * endsAt} (exclusive). Silenced alerts are stored but not delivered. A maintenance window is a
 * silence planned ahead.
 *
 * @param id unique id
 * @param matchers label equality matchers; the pseudo-labels {@code severity}, {@code component},
 *     {@code source} and {@code title} match too; empty matches every alert
 * @param startsAt inclusive
 * @param endsAt exclusive
 * @param createdBy who created it
 * @param reason why
 * @param createdAt when created
 */
public record Silence(
        String id,
        Map<String, String> matchers,
        Instant startsAt,
        Instant endsAt,
        String createdBy,
        @Nullable String reason,
        Instant createdAt) {

    /** Validates and copies the matchers. */
    public Silence {
        matchers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(matchers));
        if (!startsAt.isBefore(endsAt)) {
            throw new IllegalArgumentException("endsAt must be after startsAt, was " + startsAt + " >= " + endsAt);
        }
    }

    /** True if active at {@code t}: {@code startsAt <= t < endsAt}. */
    public boolean isActiveAt(Instant t) {
        return !t.isBefore(startsAt) && t.isBefore(endsAt);
    }

    /** True if every matcher equals the alert's label of that name. */
    public boolean matches(AlertRecord alert) {
        Map<String, String> labels = alert.matchLabels();
        return matchers.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}

package dev.vedette.model;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An alert as stored: what was raised, plus its lifecycle.
 *
 * @param id unique id
 * @param dedupKey at most one active alert per key
 * @param severity most urgent severity seen for this alert
 * @param title title
 * @param message latest message
 * @param component component, or null
 * @param labels labels, sorted
 * @param source what raised it, or null
 * @param status lifecycle state
 * @param occurrences how many times it was raised while active
 * @param firstSeen first occurrence
 * @param lastSeen newest occurrence
 * @param acknowledgedBy who acknowledged, or null
 * @param acknowledgedAt when acknowledged, or null
 * @param resolvedBy who resolved (a user, or {@code auto})
 * @param resolvedAt when resolved
 * @param lastNotifiedAt when deliveries (trigger or reminder) were last planned, or null
 * @param suppressedBy why it was not delivered ({@code silence:<id>} or {@code inhibited:<alert id>}), or null
 */
public record AlertRecord(
        String id,
        String dedupKey,
        Severity severity,
        String title,
        @Nullable String message,
        @Nullable String component,
        SortedMap<String, String> labels,
        @Nullable String source,
        AlertStatus status,
        long occurrences,
        Instant firstSeen,
        Instant lastSeen,
        @Nullable String acknowledgedBy,
        @Nullable Instant acknowledgedAt,
        @Nullable String resolvedBy,
        @Nullable Instant resolvedAt,
        @Nullable Instant lastNotifiedAt,
        @Nullable String suppressedBy) {

    /** Copies the labels into an unmodifiable sorted map. */
    public AlertRecord {
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    /** Labels plus the pseudo-labels {@code severity}, {@code component} and {@code source}, for matchers. */
    public Map<String, String> matchLabels() {
        TreeMap<String, String> all = new TreeMap<>(labels);
        all.put("severity", severity.name());
        if (component != null) {
            all.put("component", component);
        }
        if (source != null) {
            all.put("source", source);
        }
        all.put("title", title);
        return all;
    }

    /** A copy with another status and lifecycle fields. */
    public AlertRecord withLifecycle(
            AlertStatus status,
            @Nullable String acknowledgedBy,
            @Nullable Instant acknowledgedAt,
            @Nullable String resolvedBy,
            @Nullable Instant resolvedAt) {
        return new AlertRecord(
                id,
                dedupKey,
                severity,
                title,
                message,
                component,
                labels,
                source,
                status,
                occurrences,
                firstSeen,
                lastSeen,
                acknowledgedBy,
                acknowledgedAt,
                resolvedBy,
                resolvedAt,
                lastNotifiedAt,
                suppressedBy);
    }

    /**
     * This active alert after absorbing another occurrence of its key: one more occurrence, the
     * newer {@code lastSeen} and message, the more urgent severity, and the union of labels (the
     * occurrence's values win).
     */
    public AlertRecord absorb(AlertRecord occurrence) {
        TreeMap<String, String> merged = new TreeMap<>(labels);
        merged.putAll(occurrence.labels);
        boolean newer = !occurrence.lastSeen.isBefore(lastSeen);
        Severity worst = occurrence.severity.isMoreUrgentThan(severity) ? occurrence.severity : severity;
        return new AlertRecord(
                id,
                dedupKey,
                worst,
                title,
                newer && occurrence.message != null ? occurrence.message : message,
                component,
                merged,
                source,
                status,
                occurrences + occurrence.occurrences,
                firstSeen.isBefore(occurrence.firstSeen) ? firstSeen : occurrence.firstSeen,
                newer ? occurrence.lastSeen : lastSeen,
                acknowledgedBy,
                acknowledgedAt,
                resolvedBy,
                resolvedAt,
                lastNotifiedAt,
                suppressedBy);
    }

    /** A copy with {@code suppressedBy} set (null: deliverable). */
    public AlertRecord withSuppressedBy(@Nullable String reason) {
        return new AlertRecord(
                id,
                dedupKey,
                severity,
                title,
                message,
                component,
                labels,
                source,
                status,
                occurrences,
                firstSeen,
                lastSeen,
                acknowledgedBy,
                acknowledgedAt,
                resolvedBy,
                resolvedAt,
                lastNotifiedAt,
                reason);
    }

    /** A copy with {@code lastNotifiedAt} set. */
    public AlertRecord withLastNotifiedAt(@Nullable Instant at) {
        return new AlertRecord(
                id,
                dedupKey,
                severity,
                title,
                message,
                component,
                labels,
                source,
                status,
                occurrences,
                firstSeen,
                lastSeen,
                acknowledgedBy,
                acknowledgedAt,
                resolvedBy,
                resolvedAt,
                at,
                suppressedBy);
    }
}

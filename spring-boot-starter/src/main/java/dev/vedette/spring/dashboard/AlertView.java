package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardViews.time;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.Silence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An alert as the dashboard lists it ({@code Alert} in {@code docs/dashboard.md}).
 *
 * @param id alert id
 * @param dedupKey deduplication key
 * @param severity CRITICAL, HIGH, MEDIUM or LOW
 * @param title title
 * @param message message
 * @param component component
 * @param labels labels
 * @param source who raised it
 * @param status OPEN, ACKNOWLEDGED or RESOLVED
 * @param occurrences occurrences absorbed
 * @param firstSeen ISO instant
 * @param lastSeen ISO instant
 * @param acknowledgedBy who acknowledged it
 * @param acknowledgedAt ISO instant
 * @param resolvedBy who resolved it
 * @param resolvedAt ISO instant
 * @param lastNotifiedAt ISO instant
 * @param suppressedBy what suppressed it
 */
public record AlertView(
        String id,
        String dedupKey,
        String severity,
        String title,
        @Nullable String message,
        @Nullable String component,
        Map<String, String> labels,
        @Nullable String source,
        String status,
        long occurrences,
        @Nullable String firstSeen,
        @Nullable String lastSeen,
        @Nullable String acknowledgedBy,
        @Nullable String acknowledgedAt,
        @Nullable String resolvedBy,
        @Nullable String resolvedAt,
        @Nullable String lastNotifiedAt,
        @Nullable String suppressedBy) {

    static AlertView of(AlertRecord a) {
        return new AlertView(
                a.id(),
                a.dedupKey(),
                a.severity().name(),
                a.title(),
                a.message(),
                a.component(),
                new LinkedHashMap<>(a.labels()),
                a.source(),
                a.status().name(),
                a.occurrences(),
                time(a.firstSeen()),
                time(a.lastSeen()),
                a.acknowledgedBy(),
                time(a.acknowledgedAt()),
                a.resolvedBy(),
                time(a.resolvedAt()),
                time(a.lastNotifiedAt()),
                a.suppressedBy());
    }

    /**
     * One alert with the state of its deliveries per channel.
     *
     * @param alert the listed fields
     * @param deliveries the alert's deliveries
     */
    public record Detail(@JsonUnwrapped AlertView alert, List<DeliveryView> deliveries) {}

    /**
     * One delivery of the outbox.
     *
     * @param id delivery id
     * @param alertId its alert
     * @param channel channel name
     * @param kind TRIGGER, REMINDER, RESOLVE, DIGEST, …
     * @param state PENDING, SENT, FAILED or DEAD
     * @param attempts attempts made
     * @param nextAttemptAt ISO instant
     * @param lastError last error
     * @param createdAt ISO instant
     * @param sentAt ISO instant
     */
    public record DeliveryView(
            String id,
            String alertId,
            String channel,
            String kind,
            String state,
            int attempts,
            @Nullable String nextAttemptAt,
            @Nullable String lastError,
            @Nullable String createdAt,
            @Nullable String sentAt) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(
                    d.id(),
                    d.alertId(),
                    d.channel(),
                    d.kind().name(),
                    d.state().name(),
                    d.attempts(),
                    time(d.nextAttemptAt()),
                    d.lastError(),
                    time(d.createdAt()),
                    time(d.sentAt()));
        }
    }

    /**
     * A silence.
     *
     * @param id silence id
     * @param matchers label matchers
     * @param startsAt ISO instant
     * @param endsAt ISO instant
     * @param createdBy who created it
     * @param reason why
     * @param createdAt ISO instant
     */
    public record SilenceView(
            String id,
            Map<String, String> matchers,
            @Nullable String startsAt,
            @Nullable String endsAt,
            @Nullable String createdBy,
            @Nullable String reason,
            @Nullable String createdAt) {
        static SilenceView of(Silence s) {
            return new SilenceView(
                    s.id(),
                    new LinkedHashMap<>(s.matchers()),
                    time(s.startsAt()),
                    time(s.endsAt()),
                    s.createdBy(),
                    s.reason(),
                    time(s.createdAt()));
        }
    }
}

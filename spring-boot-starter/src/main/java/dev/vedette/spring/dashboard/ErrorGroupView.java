package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardViews.time;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.StoredLogEntry;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An error group as the dashboard lists it ({@code ErrorGroup} in {@code docs/dashboard.md}).
 *
 * @param fingerprint the group's fingerprint
 * @param type exception type
 * @param messageTemplate normalised message
 * @param component component
 * @param count occurrences
 * @param firstSeen ISO instant
 * @param lastSeen ISO instant
 * @param lastMessage last message
 * @param lastTransactionId last transaction
 * @param status NEW, REGRESSED, RESOLVED or IGNORED
 */
public record ErrorGroupView(
        String fingerprint,
        String type,
        String messageTemplate,
        @Nullable String component,
        long count,
        @Nullable String firstSeen,
        @Nullable String lastSeen,
        @Nullable String lastMessage,
        @Nullable String lastTransactionId,
        String status) {

    static ErrorGroupView of(ErrorGroup g) {
        return new ErrorGroupView(
                g.fingerprint(),
                g.type(),
                g.messageTemplate(),
                g.component(),
                g.count(),
                time(g.firstSeen()),
                time(g.lastSeen()),
                g.lastMessage(),
                g.lastTransactionId(),
                g.status().name());
    }

    /**
     * One error group with its last stack trace.
     *
     * @param group the listed fields
     * @param lastStackTrace the last stack trace
     */
    public record Detail(
            @JsonUnwrapped ErrorGroupView group, @Nullable String lastStackTrace) {
        static Detail of(ErrorGroup g) {
            return new Detail(ErrorGroupView.of(g), g.lastStackTrace());
        }
    }

    /**
     * One log entry.
     *
     * @param id entry id
     * @param level ERROR, WARN, INFO or DEBUG
     * @param component component
     * @param message message
     * @param details details
     * @param transactionId transaction
     * @param customer customer, masked when configured
     * @param occurredAt ISO instant
     */
    public record LogView(
            long id,
            String level,
            @Nullable String component,
            String message,
            Map<String, Object> details,
            @Nullable String transactionId,
            @Nullable String customer,
            @Nullable String occurredAt) {
        static LogView of(StoredLogEntry l, DashboardViews views) {
            return new LogView(
                    l.id(),
                    l.entry().level().name(),
                    l.entry().component(),
                    l.entry().message(),
                    l.entry().details(),
                    l.entry().transactionId(),
                    views.email(l.entry().customer()),
                    time(l.entry().occurredAt()));
        }
    }
}

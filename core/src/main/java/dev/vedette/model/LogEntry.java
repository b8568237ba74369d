package dev.vedette.model;

import dev.vedette.internal.Metadata;
import dev.vedette.internal.Validate;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the system log: what the seeds call {@code system_logs}. Written by {@code
 * Monitor.log(...)} and by the Logback appender; searchable from the dashboard.
 *
 * @param level the level
 * @param component the component (identifier, at most 64 characters) or null
 * @param message the message, cut at {@value #MAX_MESSAGE_LENGTH} characters
 * @param details JSON-compatible details
 * @param transactionId the related transaction, or null
 * @param customer the related customer (personal data), or null
 * @param occurredAt when; null means "when recorded"
 */
public record LogEntry(
        LogLevel level,
        @Nullable String component,
        String message,
        Map<String, Object> details,
        @Nullable String transactionId,
        @Nullable String customer,
        @Nullable Instant occurredAt) {

    /** Maximum length of a log message. */
    public static final int MAX_MESSAGE_LENGTH = 4_000;

    /** Validates, cuts free text at its limits, and copies the details. */
    public LogEntry {
        Validate.notNull("level", level);
        component = Validate.optionalIdentifier("component", component, HealthReport.MAX_COMPONENT_LENGTH);
        message = Validate.text(Validate.notNull("message", message), MAX_MESSAGE_LENGTH);
        details = Metadata.copy("details", details);
        transactionId = Validate.optionalIdentifier("transactionId", transactionId, Transaction.MAX_ID_LENGTH);
        customer = Validate.text(customer, 254);
    }

    /** A log entry with only a level, component and message. */
    public static LogEntry of(LogLevel level, @Nullable String component, String message) {
        return new LogEntry(level, component, message, Map.of(), null, null, null);
    }

    /** This entry with {@link #occurredAt()} set, unless already set. */
    public LogEntry stampedAt(Instant now) {
        return occurredAt != null
                ? this
                : new LogEntry(level, component, message, details, transactionId, customer, now);
    }
}

package dev.vedette.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Every occurrence of one error, grouped by fingerprint.
 *
 * @param fingerprint the group key
 * @param type the exception type
 * @param messageTemplate the normalised message
 * @param component component of the newest occurrence, or null
 * @param count occurrences
 * @param firstSeen first occurrence
 * @param lastSeen newest occurrence
 * @param lastMessage message of the newest occurrence
 * @param lastStackTrace stack trace of the newest occurrence (bounded)
 * @param lastTransactionId transaction of the newest occurrence, or null
 * @param status where the group stands
 */
public record ErrorGroup(
        String fingerprint,
        String type,
        String messageTemplate,
        @Nullable String component,
        long count,
        Instant firstSeen,
        Instant lastSeen,
        @Nullable String lastMessage,
        @Nullable String lastStackTrace,
        @Nullable String lastTransactionId,
        ErrorGroupStatus status) {}

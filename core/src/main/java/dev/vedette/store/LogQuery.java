package dev.vedette.store;

import dev.vedette.internal.Validate;
import dev.vedette.model.LogLevel;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A log search, newest first by {@code occurredAt} then id, keyset-paged.
 *
 * @param minLevel only entries at least this severe, or null for all
 * @param component exact component
 * @param transactionId exact transaction
 * @param text literal, case-insensitive substring of the message
 * @param from inclusive
 * @param to exclusive
 * @param limit page size, 1 to 1,000
 * @param after cursor of the previous page
 */
public record LogQuery(
        @Nullable LogLevel minLevel,
        @Nullable String component,
        @Nullable String transactionId,
        @Nullable String text,
        @Nullable Instant from,
        @Nullable Instant to,
        int limit,
        @Nullable String after) {
    /** Validates. */
    public LogQuery {
        Validate.between("limit", limit, 1, 1_000);
        if (after != null) {
            Cursor.decode(after);
        }
        text = text == null || text.isEmpty() ? null : text;
    }

    /** The newest entries. */
    public static LogQuery recent(int limit) {
        return new LogQuery(null, null, null, null, null, null, limit, null);
    }
}

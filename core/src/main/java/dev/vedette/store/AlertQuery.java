package dev.vedette.store;

import dev.vedette.internal.Validate;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.Severity;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An alert search, newest first by {@code lastSeen} then id, keyset-paged.
 *
 * @param statuses statuses to include; empty means all
 * @param severities severities to include; empty means all
 * @param component exact component
 * @param from inclusive bound on lastSeen
 * @param to exclusive bound on lastSeen
 * @param limit page size, 1 to 1,000
 * @param after cursor of the previous page
 */
public record AlertQuery(
        Set<AlertStatus> statuses,
        Set<Severity> severities,
        @Nullable String component,
        @Nullable Instant from,
        @Nullable Instant to,
        int limit,
        @Nullable String after) {
    /** Validates. */
    public AlertQuery {
        statuses = Set.copyOf(statuses);
        severities = Set.copyOf(severities);
        Validate.between("limit", limit, 1, 1_000);
        if (after != null) {
            Cursor.decode(after);
        }
    }

    /** Open and acknowledged alerts. */
    public static AlertQuery active() {
        return new AlertQuery(
                Set.of(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED), Set.of(), null, null, null, 1_000, null);
    }

    /** All alerts, newest first. */
    public static AlertQuery all(int limit) {
        return new AlertQuery(Set.of(), Set.of(), null, null, null, limit, null);
    }
}

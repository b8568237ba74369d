package dev.vedette.model;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One admin action: who did what to which thing, and when.
 *
 * @param id the store's id, increasing in write order (0 before it is stored)
 * @param at when
 * @param actor who (a user name, {@code system}, or {@code api})
 * @param action what, e.g. {@code alert.acknowledge}, {@code silence.create}, {@code customer.erase}
 * @param target the thing acted on (an alert id, a silence id), or null
 * @param details JSON-compatible details (reason, duration)
 */
public record AuditEntry(
        long id,
        Instant at,
        String actor,
        String action,
        @Nullable String target,
        Map<String, Object> details) {
    /** Copies the details. */
    public AuditEntry {
        details = Map.copyOf(details);
    }
}

package dev.vedette.health;

import dev.vedette.internal.Validate;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One period in which a component was DOWN, as its health samples show it: from the first DOWN sample
 * after an UP or DEGRADED one to the first UP or DEGRADED sample after that. UNKNOWN samples (a check
 * that could not tell) neither start nor end an incident.
 *
 * @param component the component
 * @param start when the first DOWN sample was taken
 * @param end when the first UP or DEGRADED sample after it was taken; null while the incident goes on
 * @param startedEarlier true when the first sample of the range looked at was already DOWN: the
 *     incident may have begun before {@code start}
 * @param message the first DOWN sample's message, if any
 */
public record Incident(
        String component,
        Instant start,
        @Nullable Instant end,
        boolean startedEarlier,
        @Nullable String message) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if component or start is null, or end is before start
     */
    public Incident {
        Validate.notNull("component", component);
        Validate.notNull("start", start);
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("end must not be before start, was " + end + " < " + start);
        }
    }

    /** Whether the component is still DOWN (no UP or DEGRADED sample since). */
    public boolean ongoing() {
        return end == null;
    }

    /** How long the component was DOWN, or how long it has been DOWN by {@code now} while ongoing. */
    public Duration duration(Instant now) {
        Instant until = end != null ? end : now;
        return until.isBefore(start) ? Duration.ZERO : Duration.between(start, until);
    }
}

package dev.vedette.store;

import dev.vedette.internal.Validate;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An aggregate over transactions whose {@code createdAt} lies in [{@code from}, {@code to}).
 * Results are grouped by currency always (money is never summed across currencies), by time bucket
 * when {@code bucket} is set, and by each dimension in {@code groupBy}.
 *
 * @param from inclusive
 * @param to exclusive
 * @param bucket the time bucket, or null for one row per group over the whole range
 * @param zone the zone buckets are cut in (a day is the host's business day)
 * @param groupBy further dimensions
 */
public record AggregateQuery(
        Instant from, Instant to, @Nullable Bucket bucket, ZoneId zone, Set<Dimension> groupBy) {

    /** Validates. */
    public AggregateQuery {
        Validate.notNull("from", from);
        Validate.notNull("to", to);
        Validate.notNull("zone", zone);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, was " + from + " >= " + to);
        }
        groupBy = groupBy.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(groupBy));
    }

    /** Totals per currency over the range, in UTC. */
    public static AggregateQuery totals(Instant from, Instant to, Dimension... groupBy) {
        return new AggregateQuery(from, to, null, ZoneOffset.UTC, Set.of(groupBy));
    }

    /** Per-bucket totals per currency over the range. */
    public static AggregateQuery series(Instant from, Instant to, Bucket bucket, ZoneId zone, Dimension... groupBy) {
        return new AggregateQuery(from, to, bucket, zone, Set.of(groupBy));
    }
}

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
 * @param latency whether rows carry latency histograms; when false every row's {@link
 *     AggregateRow#latency()} is empty, which lets a store skip that work (a JDBC store sums 30 fewer
 *     columns per rollup row)
 */
public record AggregateQuery(
        Instant from, Instant to, @Nullable Bucket bucket, ZoneId zone, Set<Dimension> groupBy, boolean latency) {

    /** A query whose rows carry latency histograms. */
    public AggregateQuery(Instant from, Instant to, @Nullable Bucket bucket, ZoneId zone, Set<Dimension> groupBy) {
        this(from, to, bucket, zone, groupBy, true);
    }

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

    /** This query without latency histograms: counts and amounts only. */
    public AggregateQuery withoutLatency() {
        return new AggregateQuery(from, to, bucket, zone, groupBy, false);
    }

    /** Per-bucket totals per currency over the range. */
    public static AggregateQuery series(Instant from, Instant to, Bucket bucket, ZoneId zone, Dimension... groupBy) {
        return new AggregateQuery(from, to, bucket, zone, Set.of(groupBy));
    }
}

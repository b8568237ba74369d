package dev.vedette.analytics;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Totals per interval of the business zone, from rollups. Every interval that overlaps [{@code
 * from}, {@code to}) has a point, empty ones included, in time order. A point's bounds are the
 * interval's natural bounds; only transactions created inside [{@code from}, {@code to}) count, so
 * the first and last points may cover part of their interval.
 *
 * @param from inclusive start
 * @param to exclusive end
 * @param interval the step
 * @param zone the business zone the intervals are cut in
 * @param points the intervals, oldest first
 */
public record TimeSeries(Instant from, Instant to, Interval interval, ZoneId zone, List<Point> points) {
    /** Largest number of points a series may have. */
    public static final int MAX_POINTS = 10_000;

    /** Copies the list. */
    public TimeSeries {
        points = List.copyOf(points);
    }

    /**
     * One interval.
     *
     * @param start inclusive start of the interval
     * @param end exclusive start of the next interval
     * @param label {@link Interval#label} of the interval
     * @param totals the totals of the transactions created in it (and in the series' range)
     */
    public record Point(Instant start, Instant end, String label, Totals totals) {}
}

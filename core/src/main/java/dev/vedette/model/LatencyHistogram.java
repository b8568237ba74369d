package dev.vedette.model;

import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A fixed-bucket latency histogram. Every store uses the same {@link #BOUNDS_MILLIS}, so
 * percentiles read from rollups in a database and from raw rows in memory agree exactly.
 *
 * <p>Bucket {@code i} counts values {@code <= BOUNDS_MILLIS[i]} and greater than the previous bound;
 * the last bucket counts everything above the last bound. A percentile is reported as the upper
 * bound of the bucket that holds it (the last bucket reports the largest value seen) and never above the largest value seen, so it is
 * never lower than the true value and at most one bucket step higher. Immutable; {@link #plus}
 * and {@link #with} return new histograms.
 */
public final class LatencyHistogram {
    /** Upper bounds of the buckets in milliseconds; one more bucket holds larger values. */
    public static final long[] BOUNDS_MILLIS = {
        1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1_000, 1_500, 2_000, 3_000, 5_000, 7_000,
        10_000, 15_000, 20_000, 30_000, 60_000
    };
    /** Number of buckets: one per bound plus the overflow bucket. */
    public static final int BUCKETS = BOUNDS_MILLIS.length + 1;

    private static final LatencyHistogram EMPTY = new LatencyHistogram(new long[BUCKETS], 0);

    private final long[] counts;
    private final long maxMillis;

    private LatencyHistogram(long[] counts, long maxMillis) {
        this.counts = counts;
        this.maxMillis = maxMillis;
    }

    /** The empty histogram. */
    public static LatencyHistogram empty() {
        return EMPTY;
    }

    /**
     * A histogram from bucket counts, as a store reads them back.
     *
     * @throws IllegalArgumentException if there are not {@link #BUCKETS} non-negative counts
     */
    public static LatencyHistogram of(long[] counts, long maxMillis) {
        if (counts.length != BUCKETS) {
            throw new IllegalArgumentException("counts must have " + BUCKETS + " buckets, had " + counts.length);
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("counts must not be negative, was " + c);
            }
        }
        return new LatencyHistogram(counts.clone(), maxMillis);
    }

    /** The bucket a latency falls into. */
    public static int bucketOf(Duration latency) {
        long ms = Math.max(0, latency.toMillis());
        int i = Arrays.binarySearch(BOUNDS_MILLIS, ms);
        return i >= 0 ? i : -i - 1;
    }

    /** This histogram with one more value. */
    public LatencyHistogram with(Duration latency) {
        long[] c = counts.clone();
        c[bucketOf(latency)]++;
        return new LatencyHistogram(c, Math.max(maxMillis, latency.toMillis()));
    }

    /** The sum of both histograms. */
    public LatencyHistogram plus(LatencyHistogram other) {
        long[] c = counts.clone();
        for (int i = 0; i < BUCKETS; i++) {
            c[i] += other.counts[i];
        }
        return new LatencyHistogram(c, Math.max(maxMillis, other.maxMillis));
    }

    /** The bucket counts (a copy). */
    public long[] counts() {
        return counts.clone();
    }

    /** The largest value seen, in milliseconds (0 when empty). */
    public long maxMillis() {
        return maxMillis;
    }

    /** Number of values. */
    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /**
     * The percentile ({@code 0 < p <= 100}) as the upper bound of the bucket holding it, or null when empty.
     *
     * @throws IllegalArgumentException if p is out of range
     */
    public @Nullable Duration percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        long total = count();
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(p / 100.0 * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                long bound = i < BOUNDS_MILLIS.length ? Math.min(BOUNDS_MILLIS[i], maxMillis) : maxMillis;
                return Duration.ofMillis(bound);
            }
        }
        return Duration.ofMillis(maxMillis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && Arrays.equals(h.counts, counts) && h.maxMillis == maxMillis;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Long.hashCode(maxMillis);
    }

    @Override
    public String toString() {
        return "LatencyHistogram[n=" + count() + ", max=" + maxMillis + "ms]";
    }
}

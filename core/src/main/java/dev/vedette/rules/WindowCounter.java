package dev.vedette.rules;

import java.time.Duration;
import java.time.Instant;

/**
 * A sliding window of {@code slots} time buckets, each holding {@code width} counters, kept in a
 * ring. Memory is fixed ({@code slots × width} longs) however many events arrive. The window at
 * {@code now} covers the bucket holding {@code now} and the {@code slots - 1} buckets before it, so
 * its length is between {@code (slots - 1) × bucket} and {@code slots × bucket}. Events older than
 * the window are ignored; events stamped after {@code now} (clock skew) count in the current bucket.
 * Not thread-safe: the owning rule synchronises.
 */
final class WindowCounter {
    private final long bucketMillis;
    private final int slots;
    private final int width;
    private final long[] slotIndex;
    private final long[] values;

    WindowCounter(Duration bucket, int slots, int width) {
        this.bucketMillis = bucket.toMillis();
        this.slots = slots;
        this.width = width;
        this.slotIndex = new long[slots];
        java.util.Arrays.fill(slotIndex, Long.MIN_VALUE);
        this.values = new long[slots * width];
    }

    long bucketIndex(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), bucketMillis);
    }

    /** Adds {@code delta} to counter {@code counter} in the bucket of {@code at}; false if too old. */
    boolean add(Instant at, Instant now, int counter, long delta) {
        int base = slotFor(at, now);
        if (base < 0) {
            return false;
        }
        values[base + counter] += delta;
        return true;
    }

    /**
     * Takes back {@code delta} that an earlier {@link #add} put into the bucket of {@code at}: only if
     * that bucket is still in the window, and never below zero. False if there was nothing to take.
     */
    boolean subtract(Instant at, Instant now, int counter, long delta) {
        long nowIndex = bucketIndex(now);
        long index = Math.min(bucketIndex(at), nowIndex);
        int slot = (int) Math.floorMod(index, (long) slots);
        if (index <= nowIndex - slots || slotIndex[slot] != index) {
            return false;
        }
        int i = slot * width + counter;
        if (values[i] <= 0) {
            return false;
        }
        values[i] = Math.max(0, values[i] - delta);
        return true;
    }

    /** Raises counter {@code counter} of the bucket of {@code at} to at least {@code value}. */
    boolean max(Instant at, Instant now, int counter, long value) {
        int base = slotFor(at, now);
        if (base < 0) {
            return false;
        }
        values[base + counter] = Math.max(values[base + counter], value);
        return true;
    }

    private int slotFor(Instant at, Instant now) {
        long nowIndex = bucketIndex(now);
        long index = Math.min(bucketIndex(at), nowIndex);
        if (index <= nowIndex - slots) {
            return -1;
        }
        int slot = (int) Math.floorMod(index, (long) slots);
        if (slotIndex[slot] != index) {
            if (slotIndex[slot] > index) {
                return -1;
            }
            slotIndex[slot] = index;
            java.util.Arrays.fill(values, slot * width, slot * width + width, 0L);
        }
        return slot * width;
    }

    /** The sum of counter {@code counter} over the window at {@code now}. */
    long sum(Instant now, int counter) {
        long nowIndex = bucketIndex(now);
        long total = 0;
        for (int s = 0; s < slots; s++) {
            if (live(s, nowIndex)) {
                total += values[s * width + counter];
            }
        }
        return total;
    }

    /** The largest value of counter {@code counter} over the window at {@code now}. */
    long maxOf(Instant now, int counter) {
        long nowIndex = bucketIndex(now);
        long m = 0;
        for (int s = 0; s < slots; s++) {
            if (live(s, nowIndex)) {
                m = Math.max(m, values[s * width + counter]);
            }
        }
        return m;
    }

    /** Sums of counters {@code from} (inclusive) to {@code to} (exclusive) over the window. */
    long[] sums(Instant now, int from, int to) {
        long nowIndex = bucketIndex(now);
        long[] out = new long[to - from];
        for (int s = 0; s < slots; s++) {
            if (live(s, nowIndex)) {
                for (int c = from; c < to; c++) {
                    out[c - from] += values[s * width + c];
                }
            }
        }
        return out;
    }

    /** True if no live bucket holds anything. */
    boolean isEmpty(Instant now) {
        long nowIndex = bucketIndex(now);
        for (int s = 0; s < slots; s++) {
            if (live(s, nowIndex)) {
                for (int c = 0; c < width; c++) {
                    if (values[s * width + c] != 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private boolean live(int slot, long nowIndex) {
        long i = slotIndex[slot];
        return i != Long.MIN_VALUE && i > nowIndex - slots && i <= nowIndex;
    }
}

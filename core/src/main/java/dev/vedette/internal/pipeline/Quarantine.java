package dev.vedette.internal.pipeline;

import dev.vedette.model.QuarantinedRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The bounded quarantine of records the store refused for good: the newest {@link #capacity()}
 * entries are kept, older ones are evicted and counted. Thread-safe: the writer adds, readers list.
 */
public final class Quarantine {
    /** How many quarantined records are kept by default. */
    public static final int DEFAULT_CAPACITY = 1_000;

    private final int capacity;
    private final ArrayDeque<QuarantinedRecord> entries = new ArrayDeque<>();
    private long total;
    private long evicted;

    /** A quarantine keeping the newest {@code capacity} entries. */
    public Quarantine(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("quarantine capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Sets a record aside, evicting the oldest entry when full. */
    public synchronized void add(QuarantinedRecord record) {
        if (entries.size() == capacity) {
            entries.removeFirst();
            evicted++;
        }
        entries.addLast(record);
        total++;
    }

    /** The kept entries, newest first. */
    public synchronized List<QuarantinedRecord> entries() {
        List<QuarantinedRecord> out = new ArrayList<>(entries.size());
        for (Iterator<QuarantinedRecord> it = entries.descendingIterator(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    /** Records quarantined since the monitor was built, kept or evicted. */
    public synchronized long total() {
        return total;
    }

    /** Entries evicted to keep the bound. */
    public synchronized long evicted() {
        return evicted;
    }

    /** The bound. */
    public int capacity() {
        return capacity;
    }
}

package dev.vedette.internal.pipeline;

import java.time.Instant;

/**
 * A record with the time it was recorded, in epoch milliseconds (a primitive, so the record path
 * allocates no {@code Instant}); {@code Long.MIN_VALUE} when the record carries its own time. {@code
 * spoolEnd} is the spool position after its frame (-1 when it has none); {@code fresh} is false
 * for a record an earlier process accepted, which this one's counters do not wait for.
 */
record Queued(Object item, long atMillis, long spoolEnd, boolean fresh) implements BatchMaker.Arrived {
    Queued(Object item, long atMillis) {
        this(item, atMillis, -1, true);
    }

    @Override
    public Instant at() {
        return Instant.ofEpochMilli(atMillis);
    }
}

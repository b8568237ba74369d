package dev.vedette.internal.pipeline;

import dev.vedette.internal.spool.SpoolFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of a {@link Pipeline} with a spool. While {@code spilling}, the spool holds records the store has
 * not taken yet, and they go first: the writer keeps the queue moving (into the spool in overflow
 * mode; in write-ahead mode its records are in the spool already) and writes the spool back from
 * its committed position whenever the backoff allows.
 */
final class SpoolingWriter {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final Pipeline p;
    private final RecordSpool spool;
    private final SpoolFile file;
    private final boolean writeAhead;
    private boolean spilling;
    private long backoff;
    private long retryAt = System.nanoTime();

    SpoolingWriter(Pipeline p, RecordSpool spool) {
        this.p = p;
        this.backoff = p.initialBackoffMillis;
        this.spool = spool;
        this.file = spool.file();
        this.writeAhead = spool.writeAhead();
        this.spilling = file.hasPending();
    }

    void run() {
        List<Queued> batch = new ArrayList<>(p.batchSize);
        while (true) {
            long before = p.handled;
            try {
                if (spilling) {
                    spillQueue(batch);
                    if (System.nanoTime() - retryAt >= 0) {
                        spilling = !replay();
                    }
                    continue;
                }
                Queued first = p.queue.poll(p.closed ? 1 : 50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (p.closed && p.queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                p.linger(batch);
                writeQueued(batch);
                batch.clear();
            } catch (InterruptedException e) {
                closing(batch, before);
                return;
            } catch (Throwable t) {
                p.dropHandled(batch, before);
                log.error("Vedette writer failed on a batch of {} records", batch.size(), t);
                if (writeAhead) {
                    spilling = true; // they are in the spool: read them back from there
                } else {
                    p.lose(batch);
                }
                batch.clear();
                if (spilling) { // do not retry what failed this way without a pause
                    retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
                    backoff = Math.min(p.maxBackoffMillis, backoff * 2);
                }
            }
        }
    }

    /** A batch from the queue; on a transient failure the rest goes to the spool. */
    private void writeQueued(List<Queued> batch) {
        if (writeAhead) {
            if (p.gap) { // a record is in the spool only: read the spool from the committed position
                p.gap = false;
                batch.clear();
                spilling = true;
                return;
            }
            long committed = file.committed();
            batch.removeIf(q -> q.spoolEnd() >= 0 && q.spoolEnd() <= committed); // written from the spool
            if (batch.isEmpty()) {
                return;
            }
        }
        long before = p.handled;
        boolean ok = p.writeSplitting(batch);
        int done = (int) (p.handled - before);
        if (writeAhead && done > 0) {
            file.commit(batch.get(done - 1).spoolEnd());
        }
        if (!ok) {
            spill(batch.subList(done, batch.size()));
            failed(batch.size() - done);
            spilling = true;
        } else {
            backoff = p.initialBackoffMillis;
        }
    }

    /** Moves what the queue holds into the spool (overflow) or lets it go (write-ahead), waiting for the retry. */
    private void spillQueue(List<Queued> batch) throws InterruptedException {
        long wait = Math.max(0, TimeUnit.NANOSECONDS.toMillis(retryAt - System.nanoTime()));
        Queued first = wait > 0 ? p.queue.poll(Math.min(wait, 50), TimeUnit.MILLISECONDS) : p.queue.poll();
        if (first != null) {
            batch.add(first);
            p.queue.drainTo(batch);
            spill(batch);
            batch.clear();
        }
    }

    /**
     * Writes one batch of frames from the committed position; true if there was none left (the
     * spool is caught up: what is queued now is newer than all it holds).
     */
    private boolean replay() {
        if (writeAhead) {
            p.gap = false; // everything spooled so far is read from here on
        }
        List<SpoolFile.Frame> frames = file.read(file.committed(), p.batchSize);
        if (frames.isEmpty()) {
            return true;
        }
        List<Queued> items = new ArrayList<>(frames.size());
        for (SpoolFile.Frame f : frames) {
            boolean fresh = f.position() >= spool.inheritedEnd();
            try {
                RecordCodec.Stamped r = RecordCodec.decode(f.type(), f.payload());
                items.add(new Queued(r.item(), r.atMillis(), f.next(), fresh));
            } catch (RecordCodec.UnreadableFrame e) {
                spool.unreadable();
                log.warn("Vedette spool {}: skipped a frame at {}: {}", spool, f.position(), e.getMessage());
                p.markProcessed(fresh ? 1 : 0);
            }
        }
        long before = p.handled;
        p.replaying = true;
        boolean ok;
        try {
            ok = items.isEmpty() || p.writeSplitting(items);
        } finally {
            p.replaying = false;
        }
        int done = (int) (p.handled - before);
        if (ok) {
            file.commit(frames.getLast().next());
            backoff = p.initialBackoffMillis;
            retryAt = System.nanoTime();
            return false;
        }
        if (done > 0) {
            file.commit(items.get(done - 1).spoolEnd());
        }
        failed(items.size() - done);
        return false;
    }

    private void failed(int records) {
        p.failLog.warn(
                log,
                "Vedette could not write {} records to the store, keeping them in the spool {} and retrying"
                        + " in {} ms: {}",
                records,
                spool,
                backoff,
                p.lastWriteError);
        retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
        backoff = Math.min(p.maxBackoffMillis, backoff * 2);
    }

    /** Overflow: appends the records to the spool; one it cannot take is lost and counted. */
    private void spill(List<Queued> items) {
        for (Queued q : items) {
            if (writeAhead) {
                if (q.spoolEnd() < 0) {
                    p.lose(List.of(q)); // not a record the spool can hold
                }
                continue; // in the spool already; replay writes and counts it
            }
            if (spool.append(q.item(), q.atMillis()) < 0) {
                p.dropLog.warn(log, "Vedette spool {} is full: dropped {} records so far", spool, spool.dropped());
                p.lose(List.of(q));
            }
        }
    }

    /** Closing: one last try for what is queued unless the store is failing; the rest is spooled. */
    private void closing(List<Queued> batch, long before) {
        p.dropHandled(batch, before);
        p.queue.drainTo(batch);
        if (writeAhead) {
            long committed = file.committed();
            batch.removeIf(q -> q.spoolEnd() >= 0 && q.spoolEnd() <= committed);
        }
        if (!spilling && !batch.isEmpty()) {
            p.lastTry = true;
            long start = p.handled;
            p.writeSplitting(batch);
            int done = (int) (p.handled - start);
            if (writeAhead && done > 0) {
                file.commit(batch.get(done - 1).spoolEnd());
            }
            batch.subList(0, done).clear();
        }
        spill(batch);
        spool.close();
    }
}

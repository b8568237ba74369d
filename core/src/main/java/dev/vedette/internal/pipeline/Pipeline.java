package dev.vedette.internal.pipeline;

import dev.vedette.internal.RateLimitedLog;
import dev.vedette.model.ErrorGroupChange;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.OverflowPolicy;
import dev.vedette.model.QuarantinedRecord;
import dev.vedette.model.Transaction;
import dev.vedette.model.WrittenBatch;
import dev.vedette.spool.SpoolSettings;
import dev.vedette.store.Store;
import dev.vedette.store.StoreException;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record pipeline: host threads put records into a bounded queue and return; one daemon
 * writer thread drains it in batches into the store, retrying failed writes with backoff, and then
 * hands each written batch, as a {@link WrittenBatch} of merged changes, to its {@link
 * BatchListener}s in order (health tracking, rules).
 *
 * <p>A write that fails permanently for its data ({@link StoreException#isPermanent()}) is not
 * retried as it is: the batch is split in halves, and halves again, until the refused records are
 * alone; the others are written and each refused record goes to the {@link Quarantine}.
 *
 * <p>With a spool ({@link SpoolSettings}), a transient failure does not hold the writer: in
 * overflow mode it moves what it takes from the queue into the spool, and in write-ahead mode
 * (where every record is in the spool before {@link #offer} returns) it just lets the queue go;
 * either way it writes the spool back in order, from its committed position, with backoff, before
 * it takes anything newer from the queue.
 */
public final class Pipeline {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private static final long NO_TIME = Long.MIN_VALUE;

    final ArrayBlockingQueue<Queued> queue;
    private final Store store;
    private final Clock clock;
    private final OverflowPolicy overflow;
    private final long maxBlockNanos;
    final int batchSize;
    private final long maxDelayNanos;
    final long initialBackoffMillis;
    final long maxBackoffMillis;
    private final BatchMaker batches;
    private final List<BatchListener> listeners;
    private final Quarantine quarantine;
    private final @Nullable RecordSpool spool;
    private final ReentrantLock appendLock = new ReentrantLock(); // write-ahead: spool order = queue order
    private final Object bulkLock = new Object(); // offerAll: one caller checks the room at a time
    private final Thread writer;
    final RateLimitedLog dropLog = new RateLimitedLog(Duration.ofSeconds(30));
    final RateLimitedLog failLog = new RateLimitedLog(Duration.ofSeconds(30));
    private final RateLimitedLog flagLog = new RateLimitedLog(Duration.ofSeconds(30));

    private final LongAdder accepted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder droppedAfterClose = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder flagged = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final LongAdder writeFailures = new LongAdder();
    volatile @Nullable String lastWriteError;

    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progress = progressLock.newCondition();
    private volatile long processed;
    private volatile boolean flushRequested;
    volatile boolean closed;
    /** Write-ahead: a spooled record did not fit in the queue, so the writer must read the spool. */
    volatile boolean gap;
    // the writer's own
    boolean lastTry; // on close, transient failures are not retried
    long handled; // records written, quarantined or lost, fresh or not
    boolean replaying; // the records being written come from the spool

    /** Settings of a pipeline; {@code spool} is null for none. */
    public record Settings(
            int capacity,
            OverflowPolicy overflow,
            Duration maxBlock,
            int batchSize,
            Duration maxDelay,
            Duration initialBackoff,
            Duration maxBackoff,
            @Nullable SpoolSettings spool) {
        /** Settings without a spool. */
        public Settings(
                int capacity,
                OverflowPolicy overflow,
                Duration maxBlock,
                int batchSize,
                Duration maxDelay,
                Duration initialBackoff,
                Duration maxBackoff) {
            this(capacity, overflow, maxBlock, batchSize, maxDelay, initialBackoff, maxBackoff, null);
        }
    }

    /**
     * Opens the spool, if any, and starts the writer thread; {@code listeners} are called after each
     * write, in this order.
     *
     * @throws IllegalStateException if the spool directory cannot be used
     */
    public Pipeline(
            Store store,
            Clock clock,
            Settings settings,
            Fingerprints fingerprints,
            dev.vedette.errors.Scrubber scrubber,
            Quarantine quarantine,
            List<BatchListener> listeners) {
        this.queue = new ArrayBlockingQueue<>(settings.capacity());
        this.store = store;
        this.clock = clock;
        this.overflow = settings.overflow();
        this.maxBlockNanos = settings.maxBlock().toNanos();
        this.batchSize = settings.batchSize();
        this.maxDelayNanos = settings.maxDelay().toNanos();
        this.initialBackoffMillis = Math.max(1, settings.initialBackoff().toMillis());
        this.maxBackoffMillis =
                Math.max(initialBackoffMillis, settings.maxBackoff().toMillis());
        this.batches = new BatchMaker(fingerprints, scrubber);
        this.quarantine = quarantine;
        this.listeners = List.copyOf(listeners);
        this.spool = settings.spool() == null ? null : RecordSpool.open(settings.spool());
        this.writer = Thread.ofPlatform()
                .name("vedette-writer")
                .daemon(true)
                .unstarted(spool == null ? this::run : () -> new SpoolingWriter(this, spool).run());
        this.writer.start();
    }

    /** Hands a record to the queue; never throws, never blocks beyond the configured bound. */
    public void offer(@Nullable Object item) {
        if (item == null) {
            rejected.increment();
            return;
        }
        if (closed) {
            droppedAfterClose.increment();
            return;
        }
        boolean timed = item instanceof Transaction t && t.occurredAt() != null;
        long at = timed ? NO_TIME : clock.millis();
        boolean ok;
        if (spool != null && spool.writeAhead()) {
            ok = offerWriteAhead(spool, item, at);
            if (!ok) {
                dropLog.warn(log, "Vedette spool {} is full: dropped {} records so far", spool, spool.dropped());
                return;
            }
        } else if (overflow == OverflowPolicy.DROP_NEWEST) {
            ok = queue.offer(new Queued(item, at));
        } else {
            try {
                ok = queue.offer(new Queued(item, at), maxBlockNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ok = false;
            }
        }
        if (ok) {
            taken(item);
        } else {
            dropped.increment();
            dropLog.warn(log, "Vedette queue is full ({} records): dropped {} records so far", queue.size(), dropped);
        }
    }

    private void taken(Object item) {
        accepted.increment();
        if (item instanceof Transaction t && !t.flags().isEmpty()) {
            flagged.increment();
            flagLog.warn(
                    log,
                    "Vedette recorded transaction '{}' with values it had to clean ({}; see its metadata '{}'),"
                            + " {} such records so far",
                    t.id(),
                    t.flags().keySet(),
                    Transaction.FLAGS_KEY,
                    flagged);
        }
    }

    /**
     * Hands records to the queue all together or not at all, never waiting and never dropping: when
     * the queue (or, in write-ahead mode, the spool) has no room for every one of them, none is taken
     * and nothing is counted as dropped; the caller says "try later". Callers of this method queue
     * one at a time, so that their checks of the room left hold; only a concurrent {@link #offer}
     * from another thread can take room between the check and the last record, and then the records
     * from the first one that did not fit on are not taken: the returned count is that of the taken
     * prefix.
     *
     * @return how many records, from the first, were taken: {@code items.size()}, or 0 when there
     *     was no room for all of them (or the pipeline is closed), or in a race a prefix
     */
    public int offerAll(List<?> items) {
        if (items.isEmpty() || closed) {
            return 0;
        }
        synchronized (bulkLock) {
            if (spool == null || !spool.writeAhead()) {
                if (queue.remainingCapacity() < items.size()) {
                    return 0;
                }
            }
            int taken = 0;
            for (Object item : items) {
                boolean timed = item instanceof Transaction t && t.occurredAt() != null;
                long at = timed ? NO_TIME : clock.millis();
                boolean ok = spool != null && spool.writeAhead()
                        ? offerWriteAhead(spool, item, at)
                        : queue.offer(new Queued(item, at));
                if (!ok) {
                    break;
                }
                taken(item);
                taken++;
            }
            return taken;
        }
    }

    /**
     * Appends the record to the spool and queues it, under one lock so that the queue holds records
     * in spool order (the writer commits the spool up to the last record of each batch it stores).
     * A record that finds the queue full stays in the spool and is written from there.
     */
    private boolean offerWriteAhead(RecordSpool spool, Object item, long at) {
        byte type = RecordCodec.type(item);
        RecordCodec.Out payload;
        try {
            payload = RecordCodec.encodeShared(item, at);
        } catch (RuntimeException e) {
            return queue.offer(new Queued(item, at)); // not one of the five: the writer will say so
        }
        appendLock.lock();
        try {
            long end = spool.file().append(type, payload.bytes(), payload.length());
            if (end < 0) {
                spool.countDropped();
                return false;
            }
            spool.countSpooled();
            if (!queue.offer(new Queued(item, at, end, true))) {
                gap = true;
            }
            return true;
        } finally {
            appendLock.unlock();
        }
    }

    /** Counts a record call with invalid input. */
    public void reject() {
        rejected.increment();
    }

    /**
     * Waits until everything accepted before this call is written (from the spool too) and its
     * post-write processing (rules, health tracking) has run, or the timeout passes.
     */
    public boolean flush(Duration timeout) {
        long target = accepted.sum();
        long deadline = System.nanoTime() + timeout.toNanos();
        flushRequested = true;
        progressLock.lock();
        try {
            while (processed < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !writer.isAlive()) {
                    return false;
                }
                progress.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            progressLock.unlock();
            flushRequested = false;
        }
    }

    /**
     * Stops accepting records, writes what is queued within the timeout, and stops the writer. With
     * a spool, what could not be written stays in it for the next monitor on the same directory.
     *
     * @return the number of accepted records that were not written
     */
    public long close(Duration timeout) {
        closed = true;
        flush(timeout);
        writer.interrupt();
        try {
            writer.join(Math.max(1, Math.min(timeout.toMillis(), 1_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long unwritten = accepted.sum() - processed;
        if (spool != null) {
            if (!writer.isAlive()) {
                spool.close();
            }
            if (spool.file().hasPending()) {
                log.warn(
                        "Vedette closed with {} records not written to the store; its spool {} keeps {} bytes"
                                + " of records for the next start",
                        unwritten,
                        spool,
                        spool.file().end() - spool.file().committed());
                return unwritten;
            }
        }
        if (unwritten > 0) {
            log.warn("Vedette closed with {} records not written to the store", unwritten);
        }
        return unwritten;
    }

    /** The pipeline's counters. */
    public MonitorStats stats() {
        RecordSpool s = spool;
        return new MonitorStats(
                accepted.sum(),
                dropped.sum(),
                droppedAfterClose.sum(),
                rejected.sum(),
                flagged.sum(),
                written.get(),
                writeFailures.sum(),
                quarantine.total(),
                quarantine.evicted(),
                queue.size(),
                queue.size() + queue.remainingCapacity(),
                lastWriteError,
                s == null ? 0 : s.spooled(),
                s == null ? 0 : s.replayed(),
                s == null ? 0 : s.dropped(),
                s == null ? 0 : s.corrupt(),
                s == null ? 0 : s.bytes());
    }

    /** True while the writer thread runs. */
    public boolean isRunning() {
        return writer.isAlive();
    }

    private void run() {
        List<Queued> batch = new ArrayList<>(batchSize);
        while (true) {
            long before = handled;
            try {
                Queued first = queue.poll(closed ? 1 : 50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                linger(batch);
                writeWithRetry(batch);
                batch.clear();
            } catch (InterruptedException e) {
                dropHandled(batch, before);
                if (!batch.isEmpty() || !queue.isEmpty()) {
                    // closing: give what is left one last try without waiting
                    queue.drainTo(batch);
                    lastTry = true;
                    writeSplitting(batch);
                }
                return;
            } catch (Throwable t) {
                // never let the writer die: account for the batch and go on
                dropHandled(batch, before);
                log.error("Vedette writer failed on a batch of {} records; they are lost", batch.size(), t);
                lose(batch);
                batch.clear();
            }
        }
    }

    /**
     * Removes from the batch the records already written or quarantined since {@code before}: a split
     * batch is handled left to right, so they are its first ones.
     */
    void dropHandled(List<Queued> batch, long before) {
        int done = (int) Math.min(batch.size(), handled - before);
        batch.subList(0, done).clear();
    }

    void linger(List<Queued> batch) throws InterruptedException {
        queue.drainTo(batch, batchSize - batch.size());
        long deadline = System.nanoTime() + maxDelayNanos;
        while (batch.size() < batchSize && !flushRequested && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Queued next = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(5)), TimeUnit.NANOSECONDS);
            if (next != null) {
                batch.add(next);
                queue.drainTo(batch, batchSize - batch.size());
            }
        }
    }

    /**
     * Writes the records, retrying transient failures with backoff; a permanent failure splits them
     * in halves, each written the same way, until a refused record is alone and is quarantined.
     */
    private void writeWithRetry(List<Queued> items) throws InterruptedException {
        long backoff = initialBackoffMillis;
        while (true) {
            RuntimeException failure = attempt(items);
            if (failure == null) {
                return;
            }
            if (permanent(failure)) {
                if (items.size() == 1) {
                    quarantine(items.getFirst(), failure);
                } else {
                    int half = items.size() / 2;
                    writeWithRetry(items.subList(0, half));
                    writeWithRetry(items.subList(half, items.size()));
                }
                return;
            }
            if (lastTry) {
                return;
            }
            failLog.warn(
                    log,
                    "Vedette could not write {} records to the store, retrying in {} ms: {}",
                    items.size(),
                    backoff,
                    lastWriteError);
            Thread.sleep(backoff); // interrupted by close() once its timeout has passed
            backoff = Math.min(maxBackoffMillis, backoff * 2);
        }
    }

    /**
     * One write of the records; a permanent failure splits them in halves, each written the same
     * way, until a refused record is alone and is quarantined. False on a transient failure: the
     * records before the failing ones (counted in {@code handled}) are written.
     */
    boolean writeSplitting(List<Queued> items) {
        RuntimeException failure = attempt(items);
        if (failure == null) {
            return true;
        }
        if (!permanent(failure)) {
            return false;
        }
        if (items.size() == 1) {
            quarantine(items.getFirst(), failure);
            return true;
        }
        int half = items.size() / 2;
        return writeSplitting(items.subList(0, half)) && writeSplitting(items.subList(half, items.size()));
    }

    private static boolean permanent(RuntimeException failure) {
        return failure instanceof StoreException e && e.isPermanent();
    }

    /** One write of the records and its post-write processing; the failure, or null if written. */
    private @Nullable RuntimeException attempt(List<Queued> items) {
        WriteBatch batch = batches.toBatch(items);
        WriteResult result;
        try {
            result = store.write(batch);
        } catch (RuntimeException e) {
            if (!permanent(e)) { // a refusal is not a store failure: it is counted as quarantined
                writeFailures.increment();
                lastWriteError = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            return e;
        }
        written.addAndGet(items.size());
        notifyListeners(batch, result);
        handled += items.size();
        if (replaying && spool != null) {
            spool.replayed(items.size()); // before flush can see them processed
        }
        markProcessed(fresh(items));
        return null;
    }

    private void quarantine(Queued q, RuntimeException failure) {
        String[] name = batches.describe(q.item());
        QuarantinedRecord record =
                new QuarantinedRecord(name[0], name[1], clock.instant(), String.valueOf(failure.getMessage()));
        quarantine.add(record);
        handled++;
        if (replaying && spool != null) {
            spool.replayed(1);
        }
        markProcessed(q.fresh() ? 1 : 0);
        log.warn(
                "Vedette quarantined {} '{}': the store refused it for good ({}); {} records quarantined so far",
                record.kind(),
                record.id(),
                record.reason(),
                quarantine.total());
    }

    /** Records given up on: processed, never written. */
    void lose(List<Queued> items) {
        handled += items.size();
        markProcessed(fresh(items));
    }

    private static int fresh(List<Queued> items) {
        int n = 0;
        for (Queued q : items) {
            if (q.fresh()) {
                n++;
            }
        }
        return n;
    }

    private void notifyListeners(WriteBatch written, WriteResult result) {
        WrittenBatch batch;
        try {
            batch = new WrittenBatch(
                    result.transactionsOf(written),
                    written.healthReports(),
                    result.errorGroupChanges(),
                    written.logs());
        } catch (RuntimeException e) {
            log.error("Vedette post-write processing failed", e);
            return;
        }
        for (ErrorGroupChange change : batch.errorGroupChanges()) {
            log.debug("Vedette error group {} is {}", change.group().fingerprint(), change.kind());
        }
        for (BatchListener listener : listeners) {
            try {
                listener.afterWrite(batch);
            } catch (RuntimeException e) {
                log.error(
                        "Vedette post-write processing failed in {}",
                        listener.getClass().getSimpleName(),
                        e);
            }
        }
    }

    void markProcessed(int n) {
        if (n == 0) {
            return;
        }
        progressLock.lock();
        try {
            processed += n;
            progress.signalAll();
        } finally {
            progressLock.unlock();
        }
    }
}

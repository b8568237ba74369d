package dev.vedette.internal.pipeline;

import dev.vedette.internal.RateLimitedLog;
import dev.vedette.model.ErrorEvent;
import dev.vedette.model.ErrorGroupChange;
import dev.vedette.model.HealthReport;
import dev.vedette.model.LogEntry;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.OverflowPolicy;
import dev.vedette.model.QuarantinedRecord;
import dev.vedette.model.Transaction;
import dev.vedette.model.WrittenBatch;
import dev.vedette.store.ErrorOccurrence;
import dev.vedette.store.Store;
import dev.vedette.store.StoreException;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 */
public final class Pipeline {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    /**
     * A record with the time it was recorded, in epoch milliseconds (a primitive, so the record path
     * allocates no {@code Instant}); {@link #NO_TIME} when the record carries its own time.
     */
    private record Queued(Object item, long atMillis) {
        Instant at() {
            return Instant.ofEpochMilli(atMillis);
        }
    }

    private static final long NO_TIME = Long.MIN_VALUE;

    private final ArrayBlockingQueue<Queued> queue;
    private final Store store;
    private final Clock clock;
    private final OverflowPolicy overflow;
    private final long maxBlockNanos;
    private final int batchSize;
    private final long maxDelayNanos;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final Fingerprints fingerprints;
    private final dev.vedette.errors.Scrubber scrubber;
    private final List<BatchListener> listeners;
    private final Quarantine quarantine;
    private final Thread writer;
    private final RateLimitedLog dropLog = new RateLimitedLog(Duration.ofSeconds(30));
    private final RateLimitedLog failLog = new RateLimitedLog(Duration.ofSeconds(30));
    private final RateLimitedLog flagLog = new RateLimitedLog(Duration.ofSeconds(30));

    private final LongAdder accepted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder droppedAfterClose = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder flagged = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final LongAdder writeFailures = new LongAdder();
    private volatile @Nullable String lastWriteError;

    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progress = progressLock.newCondition();
    private volatile long processed;
    private volatile boolean flushRequested;
    private volatile boolean closed;
    private boolean lastTry; // the writer's own: on close, transient failures are not retried

    /** Settings of a pipeline. */
    public record Settings(
            int capacity,
            OverflowPolicy overflow,
            Duration maxBlock,
            int batchSize,
            Duration maxDelay,
            Duration initialBackoff,
            Duration maxBackoff) {}

    /** Starts the writer thread; {@code listeners} are called after each write, in this order. */
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
        this.fingerprints = fingerprints;
        this.scrubber = scrubber;
        this.quarantine = quarantine;
        this.listeners = List.copyOf(listeners);
        this.writer = Thread.ofPlatform().name("vedette-writer").daemon(true).unstarted(this::run);
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
        Queued q = new Queued(item, timed ? NO_TIME : clock.millis());
        boolean ok;
        if (overflow == OverflowPolicy.DROP_NEWEST) {
            ok = queue.offer(q);
        } else {
            try {
                ok = queue.offer(q, maxBlockNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ok = false;
            }
        }
        if (ok) {
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
        } else {
            dropped.increment();
            dropLog.warn(log, "Vedette queue is full ({} records): dropped {} records so far", queue.size(), dropped);
        }
    }

    /** Counts a record call with invalid input. */
    public void reject() {
        rejected.increment();
    }

    /**
     * Waits until everything accepted before this call is written and its post-write processing
     * (rules, health tracking) has run, or the timeout passes.
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
     * Stops accepting records, writes what is queued within the timeout, and stops the writer.
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
        if (unwritten > 0) {
            log.warn("Vedette closed with {} records not written to the store", unwritten);
        }
        return unwritten;
    }

    /** The pipeline's counters. */
    public MonitorStats stats() {
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
                lastWriteError);
    }

    /** True while the writer thread runs. */
    public boolean isRunning() {
        return writer.isAlive();
    }

    private void run() {
        List<Queued> batch = new ArrayList<>(batchSize);
        while (true) {
            long before = processed;
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
                dropAccounted(batch, before);
                if (!batch.isEmpty() || !queue.isEmpty()) {
                    // closing: give what is left one last try without waiting
                    queue.drainTo(batch);
                    tryOnce(batch);
                }
                return;
            } catch (Throwable t) {
                // never let the writer die: account for the batch and go on
                dropAccounted(batch, before);
                log.error("Vedette writer failed on a batch of {} records; they are lost", batch.size(), t);
                markProcessed(batch.size());
                batch.clear();
            }
        }
    }

    /**
     * Removes from the batch the records already written or quarantined since {@code before}: a split
     * batch is handled left to right, so they are its first ones.
     */
    private void dropAccounted(List<Queued> batch, long before) {
        int done = (int) Math.min(batch.size(), processed - before);
        batch.subList(0, done).clear();
    }

    private void linger(List<Queued> batch) throws InterruptedException {
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
                isolate(items, failure);
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

    private void isolate(List<Queued> items, RuntimeException failure) throws InterruptedException {
        if (items.size() == 1) {
            quarantine(items.getFirst(), failure);
            return;
        }
        int half = items.size() / 2;
        writeWithRetry(items.subList(0, half));
        writeWithRetry(items.subList(half, items.size()));
    }

    private static boolean permanent(RuntimeException failure) {
        return failure instanceof StoreException e && e.isPermanent();
    }

    /** One write of the records and its post-write processing; the failure, or null if written. */
    private @Nullable RuntimeException attempt(List<Queued> items) {
        WriteBatch batch = toBatch(items);
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
        markProcessed(items.size());
        return null;
    }

    private void quarantine(Queued q, RuntimeException failure) {
        String[] name = describe(q.item());
        QuarantinedRecord record =
                new QuarantinedRecord(name[0], name[1], clock.instant(), String.valueOf(failure.getMessage()));
        quarantine.add(record);
        markProcessed(1);
        log.warn(
                "Vedette quarantined {} '{}': the store refused it for good ({}); {} records quarantined so far",
                record.kind(),
                record.id(),
                record.reason(),
                quarantine.total());
    }

    /** The kind and id of a record, naming it without its content. */
    private String[] describe(Object item) {
        return switch (item) {
            case Transaction t -> new String[] {"transaction", t.id()};
            case HealthReport r -> new String[] {"health", r.component()};
            case ErrorEvent e -> new String[] {"error", fingerprints.fingerprint(e)};
            case LogEntry l -> new String[] {"log", l.component() == null ? "-" : l.component()};
            case dev.vedette.model.WebhookEvent w -> new String[] {"webhook", w.provider() + "/" + w.eventType()};
            default -> new String[] {item.getClass().getSimpleName(), "-"};
        };
    }

    /** On close: one last write without waiting; refused records are still isolated. */
    private void tryOnce(List<Queued> items) {
        if (items.isEmpty()) {
            return;
        }
        lastTry = true;
        RuntimeException failure = attempt(items);
        if (failure != null && permanent(failure)) {
            try {
                isolate(items, failure);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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

    private void markProcessed(int n) {
        progressLock.lock();
        try {
            processed += n;
            progress.signalAll();
        } finally {
            progressLock.unlock();
        }
    }

    /** Masks card numbers and secrets in free text and metadata before anything is stored. */
    private Transaction scrub(Transaction t) {
        if (t.errorMessage() == null && t.metadata().isEmpty()) {
            return t;
        }
        String message = scrubber.scrub(t.errorMessage());
        java.util.Map<String, Object> metadata = t.metadata().isEmpty() ? t.metadata() : scrubber.scrub(t.metadata());
        if (java.util.Objects.equals(message, t.errorMessage()) && metadata.equals(t.metadata())) {
            return t;
        }
        return t.toBuilder().error(t.errorCode(), message).metadata(metadata).build();
    }

    private LogEntry scrub(LogEntry l) {
        String message = scrubber.scrub(l.message());
        java.util.Map<String, Object> details = scrubber.scrub(l.details());
        if (message.equals(l.message()) && details.equals(l.details())) {
            return l;
        }
        return new LogEntry(
                l.level(), l.component(), message, details, l.transactionId(), l.customer(), l.occurredAt());
    }

    private WriteBatch toBatch(List<Queued> items) {
        List<Transaction> transactions = new ArrayList<>();
        List<HealthReport> health = new ArrayList<>();
        List<ErrorOccurrence> errors = new ArrayList<>();
        List<LogEntry> logs = new ArrayList<>();
        for (Queued q : items) {
            switch (q.item()) {
                case Transaction t -> transactions.add(scrub(t.occurredAt() != null ? t : t.stampedAt(q.at())));
                case HealthReport r -> health.add(r.stampedAt(q.at()));
                case ErrorEvent e -> {
                    ErrorEvent stamped = e.stampedAt(q.at()).withText(scrubber::scrub, scrubber::scrub);
                    errors.add(new ErrorOccurrence(
                            fingerprints.fingerprint(stamped), Fingerprints.template(stamped.message()), stamped));
                }
                case LogEntry l -> logs.add(scrub(l.stampedAt(q.at())));
                case dev.vedette.model.WebhookEvent w ->
                    logs.add(scrub(w.toLogEntry().stampedAt(q.at())));
                default ->
                    throw new IllegalStateException("not a record: " + q.item().getClass());
            }
        }
        return new WriteBatch(transactions, health, errors, logs);
    }
}

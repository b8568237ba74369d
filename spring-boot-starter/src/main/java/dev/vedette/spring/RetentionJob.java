package dev.vedette.spring;

import dev.vedette.Monitor;
import dev.vedette.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes raw data older than the retention period ({@link dev.vedette.store.Store#purge}) every
 * interval, on one daemon thread, on one instance of a cluster at a time (under the store lock
 * {@value #LOCK}). The monitor's own scheduler does not purge; this is the only job the starter
 * schedules. Failures are logged and retried at the next interval.
 */
public final class RetentionJob implements SmartLifecycle {
    /** The store lock held while purging. */
    public static final String LOCK = "vedette-retention";
    /** Rows per delete statement. */
    public static final int CHUNK_SIZE = 1_000;

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final Monitor monitor;
    private final Store store;
    private final Duration raw;
    private final Duration interval;
    private final String owner = "retention-" + UUID.randomUUID();
    private @Nullable ScheduledExecutorService executor;

    /**
     * A job for the monitor's store.
     *
     * @param monitor the monitor, for its clock
     * @param store the monitor's store
     * @param raw age after which raw data is deleted
     * @param interval time between purges
     * @throws IllegalArgumentException if a duration is not positive
     */
    public RetentionJob(Monitor monitor, Store store, Duration raw, Duration interval) {
        if (raw == null || raw.isNegative() || raw.isZero()) {
            throw new IllegalArgumentException("raw must be positive, was " + raw);
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.monitor = monitor;
        this.store = store;
        this.raw = raw;
        this.interval = interval;
    }

    /**
     * Purges now if this instance gets the lock.
     *
     * @return rows deleted, or -1 if another instance holds the lock
     */
    public long runOnce() {
        Instant now = monitor.clock().instant();
        if (!store.tryLock(LOCK, owner, now, interval)) {
            return -1;
        }
        long deleted = store.purge(now.minus(raw), CHUNK_SIZE);
        if (deleted > 0) {
            log.info("Vedette retention deleted {} rows older than {}", deleted, raw);
        }
        return deleted;
    }

    /** Schedules the purge: first after one interval, then every interval. */
    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vedette-retention");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        runOnce();
                    } catch (RuntimeException e) {
                        log.warn("Vedette retention failed: {}", e.toString());
                    }
                },
                ms,
                ms,
                TimeUnit.MILLISECONDS);
    }

    /** Stops the schedule; a purge in progress finishes its current statement. */
    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Whether the purge is scheduled. */
    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}

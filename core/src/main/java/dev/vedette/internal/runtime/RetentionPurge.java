package dev.vedette.internal.runtime;

import dev.vedette.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes raw data older than the retention period ({@link Store#purge}) once per interval, the
 * first time one interval after start, on one instance of a cluster at a time (under the store
 * lock {@value #LOCK}, leased for one interval). Failures are logged and retried at the next
 * interval.
 */
public final class RetentionPurge {
    /** The store lock held while purging. */
    public static final String LOCK = "vedette-retention";
    /** Rows per delete statement. */
    public static final int CHUNK_SIZE = 1_000;

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final Store store;
    private final Clock clock;
    private final Duration raw;
    private final Duration interval;
    private final String owner;
    private Instant nextRun;

    /**
     * A purge of {@code store}.
     *
     * @param raw age after which raw data is deleted
     * @param interval time between purges
     * @param owner this instance's name in the lock
     */
    public RetentionPurge(Store store, Clock clock, Duration raw, Duration interval, String owner) {
        this.store = store;
        this.clock = clock;
        this.raw = raw;
        this.interval = interval;
        this.owner = owner;
        this.nextRun = clock.instant().plus(interval);
    }

    /**
     * Purges if an interval has passed since the last attempt and this instance gets the lock.
     *
     * @return rows deleted, or -1 if it was not due, another instance holds the lock, or it failed
     */
    public synchronized long purgeIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextRun)) {
            return -1;
        }
        nextRun = now.plus(interval);
        try {
            if (!store.tryLock(LOCK, owner, now, interval)) {
                return -1;
            }
            long deleted = store.purge(now.minus(raw), CHUNK_SIZE);
            if (deleted > 0) {
                log.info("Vedette retention deleted {} rows older than {}", deleted, raw);
            }
            return deleted;
        } catch (RuntimeException e) {
            log.warn("Vedette retention failed: {}", e.toString());
            return -1;
        }
    }
}

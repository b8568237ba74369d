package dev.vedette.model;

import org.jspecify.annotations.Nullable;

/**
 * Counters of the record pipeline, for monitoring Vedette itself. All counts are since the monitor
 * was built.
 *
 * @param accepted records accepted into the queue
 * @param dropped records dropped because the queue was full
 * @param droppedAfterClose records given after {@code close()} (ignored)
 * @param rejected record calls with invalid input (a null value) that were ignored
 * @param flagged transactions accepted with values that had to be cleaned (see {@link
 *     Transaction#flags()}): end-user or provider data that was cut, kept as text or not recorded
 * @param written records written to the store
 * @param writeFailures failed store writes (each retried while there is room); a write the store
 *     refused for good is not one (see {@code quarantined})
 * @param quarantined records the store refused for good (a value or key the database rejects),
 *     isolated from their batch and set aside, so that the rest of the batch was written (see {@code
 *     monitor.errors().quarantine()})
 * @param quarantineEvicted quarantined records no longer listed because the quarantine keeps only
 *     the newest 1,000
 * @param queueDepth records waiting now
 * @param queueCapacity the queue's bound
 * @param lastWriteError the message of the newest failed write (not counting refusals), or null
 * @param spooled records appended to the disk spool (see {@code MonitorBuilder.spool}): in overflow
 *     mode, those moved there while the store failed; in write-ahead mode, every accepted record
 * @param replayed records read back from the spool and written to the store (or quarantined),
 *     including those an earlier process left there
 * @param spoolDropped records lost because the spool was full (its byte bound) or the disk failed:
 *     in overflow mode accepted records the writer could not spool; in write-ahead mode records
 *     refused by the record call (not counted as accepted). Not part of {@code dropped}
 * @param spoolCorrupt torn or corrupt frames found in the spool when it was opened, and frames that
 *     could not be read back; skipped
 * @param spoolBytes bytes the spool's files take on disk now (0 without a spool)
 */
public record MonitorStats(
        long accepted,
        long dropped,
        long droppedAfterClose,
        long rejected,
        long flagged,
        long written,
        long writeFailures,
        long quarantined,
        long quarantineEvicted,
        int queueDepth,
        int queueCapacity,
        @Nullable String lastWriteError,
        long spooled,
        long replayed,
        long spoolDropped,
        long spoolCorrupt,
        long spoolBytes) {}

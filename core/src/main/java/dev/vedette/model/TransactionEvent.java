package dev.vedette.model;

import java.time.Instant;

/**
 * One entry of a transaction's timeline: an observation as it was recorded.
 *
 * @param sequence the store's arrival order for this transaction, starting at 1
 * @param observation what was recorded (its {@code occurredAt} is always set)
 * @param recordedAt when the store wrote it
 */
public record TransactionEvent(long sequence, Transaction observation, Instant recordedAt) {}

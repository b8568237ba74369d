package dev.vedette.model;

/**
 * A log entry as stored.
 *
 * @param id the store's id, unique and increasing in write order
 * @param entry the entry; its {@code occurredAt} is set
 */
public record StoredLogEntry(long id, LogEntry entry) {}

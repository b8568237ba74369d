package dev.vedette.model;

import java.time.Instant;

/**
 * A record that the store refused for good (a value or key the database rejects, SQLState classes
 * 22 and 23 and the like), isolated from its batch and set aside so that the records around it are
 * written. Listed by {@code monitor.errors().quarantine()}. It names the record without its content:
 * no personal data is kept here.
 *
 * @param kind what was recorded: {@code transaction}, {@code health}, {@code error}, {@code log} or
 *     {@code webhook}
 * @param id what identifies it: the transaction id, the health component, the error fingerprint, the
 *     log component (or {@code -}), the webhook's {@code provider/eventType}
 * @param quarantinedAt when it was set aside, by the monitor's clock
 * @param reason the store's failure message (which never holds personal data)
 */
public record QuarantinedRecord(String kind, String id, Instant quarantinedAt, String reason) {}

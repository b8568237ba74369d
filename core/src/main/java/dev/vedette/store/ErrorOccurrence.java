package dev.vedette.store;

import dev.vedette.model.ErrorEvent;

/**
 * An error event with the fingerprint it was grouped under, as written to a store.
 *
 * @param fingerprint the group key (hex digest)
 * @param messageTemplate the message with numbers, ids and e-mails replaced
 * @param event the event; its {@code occurredAt} is set
 */
public record ErrorOccurrence(String fingerprint, String messageTemplate, ErrorEvent event) {}

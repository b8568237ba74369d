package dev.vedette.model;

import java.time.Instant;

/**
 * What a host can observe through {@code monitor.events()}. Immutable; delivered synchronously on
 * Vedette's own threads, so listeners must be fast and must not block.
 */
public sealed interface MonitorEvent {
    /** When it happened. */
    Instant at();

    /** A new alert was opened (it may be suppressed by a silence or inhibition). */
    record AlertRaised(AlertRecord alert, Instant at) implements MonitorEvent {}

    /** An active alert absorbed another occurrence, or was acknowledged. */
    record AlertUpdated(AlertRecord alert, Instant at) implements MonitorEvent {}

    /** An alert was resolved. */
    record AlertResolved(AlertRecord alert, Instant at) implements MonitorEvent {}

    /** A notification was delivered. */
    record DeliverySent(Delivery delivery, Instant at) implements MonitorEvent {}

    /** A notification failed and will be retried. */
    record DeliveryFailed(Delivery delivery, Instant at) implements MonitorEvent {}

    /** A notification failed for good. */
    record DeliveryDead(Delivery delivery, Instant at) implements MonitorEvent {}

    /** A component's flap-protected health changed. */
    record HealthChanged(String component, HealthStatus from, HealthStatus to, Instant at) implements MonitorEvent {}
}

package dev.vedette.alerting;

import dev.vedette.model.Delivery;

/**
 * Sends the outbox deliveries of one {@link dev.vedette.model.DeliveryKind} that carry something
 * other than alerts (the scheduled reports): the {@link Dispatcher} claims them like any delivery,
 * hands each one to its payload sender instead of building a {@link Notification}, and records the
 * result with the usual retries (backoff, {@code Retry-After}, DEAD after the last attempt or on a
 * permanent failure). Such deliveries are neither grouped nor counted against a channel's storm cap.
 */
@FunctionalInterface
public interface PayloadSender {

    /**
     * Sends {@code delivery} through {@code channel}. Should not throw; an exception counts as a
     * {@link SendResult.RetryLater}.
     */
    SendResult send(Notifier channel, Delivery delivery);
}

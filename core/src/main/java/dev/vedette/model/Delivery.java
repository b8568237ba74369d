package dev.vedette.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One notification in the outbox: an alert, a channel and a reason. Persisted before it is sent;
 * a dispatcher claims it (so two instances never send it at once), sends it, and records the result.
 *
 * @param id unique id
 * @param alertId the alert (for digests and tests, the id of the newest alert they carry, or a synthetic id)
 * @param channel the notifier's name
 * @param kind why it is sent
 * @param state where it stands
 * @param attempts attempts made
 * @param nextAttemptAt when it is due
 * @param lastError the last failure, or null
 * @param createdAt when planned
 * @param sentAt when delivered, or null
 * @param claimedBy the dispatcher holding it, or null
 * @param claimedUntil until when the claim holds; an expired claim may be taken over
 */
public record Delivery(
        String id,
        String alertId,
        String channel,
        DeliveryKind kind,
        DeliveryState state,
        int attempts,
        Instant nextAttemptAt,
        @Nullable String lastError,
        Instant createdAt,
        @Nullable Instant sentAt,
        @Nullable String claimedBy,
        @Nullable Instant claimedUntil) {

    /** A new pending delivery, due now. */
    public static Delivery pending(String id, String alertId, String channel, DeliveryKind kind, Instant now) {
        return new Delivery(id, alertId, channel, kind, DeliveryState.PENDING, 0, now, null, now, null, null, null);
    }

    /** True if a dispatcher may claim it at {@code now}. */
    public boolean isClaimable(Instant now) {
        return !state.isFinal() && !nextAttemptAt.isAfter(now) && (claimedUntil == null || !claimedUntil.isAfter(now));
    }

    /** This delivery claimed by {@code owner} until {@code until}. */
    public Delivery claimed(String owner, Instant until) {
        return new Delivery(
                id, alertId, channel, kind, state, attempts, nextAttemptAt, lastError, createdAt, sentAt, owner, until);
    }

    /** Put back without an attempt (rate limit, storm cap): due again at {@code next}; the claim is released. */
    public Delivery deferred(Instant next) {
        return new Delivery(
                id, alertId, channel, kind, state, attempts, next, lastError, createdAt, sentAt, null, null);
    }

    /** The result of an attempt: new state, next due time and error; the claim is released. */
    public Delivery attempted(DeliveryState newState, Instant next, @Nullable String error, @Nullable Instant sent) {
        return new Delivery(
                id, alertId, channel, kind, newState, attempts + 1, next, error, createdAt, sent, null, null);
    }
}

package dev.vedette.alerting;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link Notifier#send}: sent, try again later (optionally after a delay the peer
 * asked for), or failed for good. Reasons must not contain secrets.
 */
public sealed interface SendResult {

    /** Delivered. */
    record Sent() implements SendResult {}

    /**
     * A temporary failure (rate limit, 5xx, I/O): the outbox retries with backoff.
     *
     * @param delay the delay the peer asked for (Retry-After), or null to use the backoff
     * @param reason why, for the delivery's {@code lastError}
     */
    record RetryLater(@Nullable Duration delay, String reason) implements SendResult {}

    /**
     * A permanent failure (bad request, bad address, bad credentials): the delivery becomes DEAD.
     *
     * @param reason why
     */
    record Failed(String reason) implements SendResult {}

    /** Delivered. */
    static SendResult sent() {
        return new Sent();
    }

    /** Retry with the outbox's backoff. */
    static SendResult retryLater(String reason) {
        return new RetryLater(null, reason);
    }

    /** Retry after at least {@code delay}. */
    static SendResult retryAfter(Duration delay, String reason) {
        return new RetryLater(delay, reason);
    }

    /** Failed for good. */
    static SendResult failed(String reason) {
        return new Failed(reason);
    }
}

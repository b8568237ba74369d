package dev.vedette.model;

/** Where a delivery stands in the outbox. */
public enum DeliveryState {
    /** Not tried yet. */
    PENDING,
    /** Tried and failed; another attempt is due at {@code nextAttemptAt}. */
    FAILED,
    /** Delivered. Final. */
    SENT,
    /** Failed for good (a permanent error, or out of attempts). Final. */
    DEAD;

    /** True for SENT and DEAD. */
    public boolean isFinal() {
        return this == SENT || this == DEAD;
    }
}

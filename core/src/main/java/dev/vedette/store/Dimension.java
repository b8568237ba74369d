package dev.vedette.store;

/** What an {@link AggregateQuery} can group by, besides time and currency (which always group). */
public enum Dimension {
    /** The transaction status code. */
    STATUS,
    /** The payment provider. */
    PROVIDER,
    /** The payment method. */
    PAYMENT_METHOD
}

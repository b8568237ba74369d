package dev.vedette.analytics;

/**
 * How the host records refunds, which decides how revenue is computed. In both models {@code
 * revenue = gross - refunds}.
 *
 * <ul>
 *   <li>{@link #SAME_TRANSACTION} (the default, and Vedette's data model): a refund moves the paid
 *       transaction's own status to a {@link dev.vedette.model.TransactionStatus.Kind#REVERSED REVERSED}
 *       status such as {@code REFUNDED}. Its row then no longer counts as SUCCEEDED, so gross =
 *       SUCCEEDED + REVERSED amounts, refunds = REVERSED amounts, and revenue = SUCCEEDED amounts. A
 *       refunded transaction was a successful payment: it counts as paid.
 *   <li>{@link #SEPARATE_TRANSACTION}: the host records each refund as a transaction of its own (its
 *       own id, a REVERSED status) and the original payment stays SUCCEEDED. Gross = SUCCEEDED
 *       amounts, refunds = REVERSED amounts, revenue = SUCCEEDED − REVERSED (may be negative). A
 *       refund transaction is not a payment attempt: it counts neither as paid nor as failed.
 * </ul>
 *
 * <p>Either way a refund is attributed to the period in which its transaction was created (for
 * {@code SAME_TRANSACTION}: the period of the order it refunds).
 */
public enum RefundAccounting {
    /** A refund changes the status of the original transaction (default). */
    SAME_TRANSACTION,
    /** A refund is recorded as a separate transaction with a REVERSED status. */
    SEPARATE_TRANSACTION
}

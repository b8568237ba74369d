package dev.vedette.model;

import dev.vedette.internal.Validate;
import java.util.Locale;
import java.util.Map;

/**
 * The status of a payment transaction: an open value object with well-known constants.
 *
 * <p>Equality is by {@link #code()}. Each status has a {@link Kind} that tells analytics and rules
 * what it means: whether the payment is still in flight, succeeded, failed, or was reversed. Every
 * kind except {@link Kind#PENDING} is terminal: once a transaction reaches a terminal status, an
 * event that is older (by event time) never moves it back.
 *
 * <p>Hosts with statuses of their own name them with {@link #of(String, Kind)}, for example {@code
 * TransactionStatus.of("CHARGEBACK", Kind.REVERSED)}. Stores persist code and kind, so a custom
 * status reads back as it was written.
 */
public final class TransactionStatus {

    /** What a status means for analytics and rules. */
    public enum Kind {
        /** In flight: no outcome yet. The only non-terminal kind. */
        PENDING,
        /** Money was taken. Counts as revenue and success. */
        SUCCEEDED,
        /** The payment did not go through. Counts as a failure. */
        FAILED,
        /** Money was returned after a success (refund, chargeback). Subtracted from revenue. */
        REVERSED
    }

    /** Created, not yet finished. */
    public static final TransactionStatus PENDING = new TransactionStatus("PENDING", Kind.PENDING);
    /** Paid. */
    public static final TransactionStatus COMPLETED = new TransactionStatus("COMPLETED", Kind.SUCCEEDED);
    /** Declined or otherwise unsuccessful, as reported by the provider. */
    public static final TransactionStatus FAILED = new TransactionStatus("FAILED", Kind.FAILED);
    /** Failed because of an error on our side or the provider's (exception, timeout, 5xx). */
    public static final TransactionStatus ERROR = new TransactionStatus("ERROR", Kind.FAILED);
    /** Paid and then refunded. */
    public static final TransactionStatus REFUNDED = new TransactionStatus("REFUNDED", Kind.REVERSED);

    private static final Map<String, TransactionStatus> WELL_KNOWN =
            Map.of("PENDING", PENDING, "COMPLETED", COMPLETED, "FAILED", FAILED, "ERROR", ERROR, "REFUNDED", REFUNDED);

    private final String code;
    private final Kind kind;

    private TransactionStatus(String code, Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    /**
     * Returns the well-known status with this code (case-insensitive).
     *
     * @throws IllegalArgumentException if the code is not one of the well-known ones; use {@link
     *     #of(String, Kind)} for a custom status
     */
    public static TransactionStatus of(String code) {
        Validate.identifier("status", code, 32);
        TransactionStatus known = WELL_KNOWN.get(code.toUpperCase(Locale.ROOT));
        if (known == null) {
            throw new IllegalArgumentException("status must be one of " + WELL_KNOWN.keySet()
                    + " or declared with TransactionStatus.of(code, kind), was '" + Validate.quote(code) + "'");
        }
        return known;
    }

    /**
     * Returns a status with this code and kind. A well-known code must keep its well-known kind.
     *
     * @throws IllegalArgumentException if the code is blank, longer than 32 characters, or a
     *     well-known code with another kind
     */
    public static TransactionStatus of(String code, Kind kind) {
        Validate.identifier("status", code, 32);
        Validate.notNull("kind", kind);
        String upper = code.toUpperCase(Locale.ROOT);
        TransactionStatus known = WELL_KNOWN.get(upper);
        if (known != null) {
            if (known.kind != kind) {
                throw new IllegalArgumentException(
                        "status " + upper + " is well known with kind " + known.kind + ", was declared " + kind);
            }
            return known;
        }
        return new TransactionStatus(upper, kind);
    }

    /** The upper-case code, e.g. {@code COMPLETED}. */
    public String code() {
        return code;
    }

    /** What the status means. */
    public Kind kind() {
        return kind;
    }

    /** True for every status except those of kind {@link Kind#PENDING}. */
    public boolean isTerminal() {
        return kind != Kind.PENDING;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionStatus other && other.code.equals(code);
    }

    @Override
    public int hashCode() {
        return code.hashCode();
    }

    @Override
    public String toString() {
        return code;
    }
}

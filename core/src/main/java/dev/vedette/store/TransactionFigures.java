package dev.vedette.store;

import dev.vedette.internal.Validate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link FiguresQuery}: counts over every transaction created in the range, however
 * many there are. Every figure is exact except the two customer counts when {@link
 * #customerEstimate()} is not null: then they are HyperLogLog estimates over the whole UTC days
 * that estimate names (a {@code JdbcStore} answers them from per-day sketches; the in-memory store
 * always counts exactly).
 *
 * @param transactions transactions created in the range
 * @param paid those whose status kind is one of the query's {@code paidKinds}
 * @param customers distinct customer e-mail addresses, compared case-insensitively (lower-cased);
 *     transactions without an e-mail are not counted; 0 unless the query includes {@link
 *     FiguresQuery.Part#CUSTOMERS}
 * @param payingCustomers distinct customer e-mail addresses among the paid transactions; 0 unless the
 *     query includes {@link FiguresQuery.Part#CUSTOMERS}
 * @param steps for each step the query names, in the query's order: how many transactions recorded it
 * @param failures one entry per error code among the FAILED-kind transactions (a null code for those
 *     recorded without one), in no particular order; empty unless the query includes {@link
 *     FiguresQuery.Part#FAILURES}
 * @param customerEstimate null when {@code customers} and {@code payingCustomers} are exact counts
 *     over the query's range; otherwise what they estimate
 */
public record TransactionFigures(
        long transactions,
        long paid,
        long customers,
        long payingCustomers,
        Map<String, Long> steps,
        List<FailureCount> failures,
        @Nullable CustomerEstimate customerEstimate) {

    /**
     * The error code under which a store that bounds the distinct codes it keeps per day counts the
     * failures whose code did not fit ({@link FailureCount#otherCodes()} is true for that entry).
     */
    public static final String OTHER_CODES = "(other)";

    /** Copies the map (keeping its order) and the list. */
    public TransactionFigures {
        Validate.notNull("steps", steps);
        steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        failures = List.copyOf(failures);
    }

    /** Figures whose every count is exact ({@code customerEstimate} null). */
    public TransactionFigures(
            long transactions,
            long paid,
            long customers,
            long payingCustomers,
            Map<String, Long> steps,
            List<FailureCount> failures) {
        this(transactions, paid, customers, payingCustomers, steps, failures, null);
    }

    /** True if {@link #customers()} and {@link #payingCustomers()} are estimates rather than exact counts. */
    public boolean customersEstimated() {
        return customerEstimate != null;
    }

    /**
     * What estimated customer counts cover. A sketch per UTC day cannot be cut inside a day, so the
     * counts are over every UTC day the query's range touches: {@code from} is the start of the UTC
     * day of the query's {@code from}, {@code to} the end of the UTC day before the query's {@code
     * to} (or {@code to} itself when it is a UTC midnight). A customer is counted as paying if one of
     * their transactions created on those days has had a paid status kind.
     *
     * @param from inclusive start, a UTC midnight
     * @param to exclusive end, a UTC midnight
     * @param relativeStandardError the estimator's relative standard error (about 0.023 for 2048
     *     registers); about 95 % of estimates lie within twice it
     */
    public record CustomerEstimate(Instant from, Instant to, double relativeStandardError) {
        /** Checks the range. */
        public CustomerEstimate {
            Validate.notNull("from", from);
            Validate.notNull("to", to);
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("from must be before to, was " + from + " >= " + to);
            }
        }
    }

    /**
     * FAILED-kind transactions with one error code.
     *
     * @param errorCode the error code, or null for failures recorded without one
     * @param count how many
     * @param newestMessage the error message of the newest such transaction (by {@code createdAt},
     *     ties by id in {@link Cursor#KEY_ORDER}) that has one, or null if none has; always null for
     *     {@code otherCodes}
     * @param otherCodes true for the entry of the failures whose codes a store did not keep apart
     *     (its {@code errorCode} is {@link #OTHER_CODES}); false for a real code
     */
    public record FailureCount(
            @Nullable String errorCode,
            long count,
            @Nullable String newestMessage,
            boolean otherCodes) {

        /** The failures of one real error code. */
        public FailureCount(@Nullable String errorCode, long count, @Nullable String newestMessage) {
            this(errorCode, count, newestMessage, false);
        }
    }
}

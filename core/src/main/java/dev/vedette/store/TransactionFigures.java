package dev.vedette.store;

import dev.vedette.internal.Validate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link FiguresQuery}: exact counts over every transaction created in the range,
 * however many there are.
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
 */
public record TransactionFigures(
        long transactions,
        long paid,
        long customers,
        long payingCustomers,
        Map<String, Long> steps,
        List<FailureCount> failures) {

    /** Copies the map (keeping its order) and the list. */
    public TransactionFigures {
        Validate.notNull("steps", steps);
        steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        failures = List.copyOf(failures);
    }

    /**
     * FAILED-kind transactions with one error code.
     *
     * @param errorCode the error code, or null for failures recorded without one
     * @param count how many
     * @param newestMessage the error message of the newest such transaction (by {@code createdAt},
     *     ties by id in {@link Cursor#KEY_ORDER}) that has one, or null if none has
     */
    public record FailureCount(
            @Nullable String errorCode,
            long count,
            @Nullable String newestMessage) {}
}

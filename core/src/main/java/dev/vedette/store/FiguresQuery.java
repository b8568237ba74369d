package dev.vedette.store;

import dev.vedette.internal.Validate;
import dev.vedette.model.TransactionStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link Store#transactionFigures} counts over the transactions whose {@code createdAt} lies in
 * [{@code from}, {@code to}): distinct customers, paid transactions, funnel steps and failures by
 * error code. These are the figures the transaction rollups cannot hold, answered by the store
 * (from aggregates or rollups of its own) instead of reading the rows into the caller.
 *
 * @param from inclusive start
 * @param to exclusive end
 * @param paidKinds the status kinds that count as paid (for paying customers and {@link
 *     TransactionFigures#paid()}); may be empty
 * @param steps step names to count transactions for (a transaction counts when its recorded
 *     {@linkplain dev.vedette.model.StoredTransaction#steps() steps} contain the name); no
 *     duplicates, no nulls
 * @param parts which of the costlier figures to compute; a figure left out is answered as 0 (customer
 *     counts) or empty (failures), so a funnel does not pay for distinct customers
 */
public record FiguresQuery(
        Instant from, Instant to, Set<TransactionStatus.Kind> paidKinds, List<String> steps, Set<Part> parts) {

    /** The costlier figures a query may leave out. */
    public enum Part {
        /** {@link TransactionFigures#customers()} and {@link TransactionFigures#payingCustomers()}. */
        CUSTOMERS,
        /** {@link TransactionFigures#failures()}. */
        FAILURES
    }

    /** A query for every figure: counts, both customer counts, the steps and the failures. */
    public FiguresQuery(Instant from, Instant to, Set<TransactionStatus.Kind> paidKinds, List<String> steps) {
        this(from, to, paidKinds, steps, EnumSet.allOf(Part.class));
    }

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if an argument is null, {@code from} is not before {@code
     *     to}, or a step is null, blank or repeated
     */
    public FiguresQuery {
        Validate.notNull("from", from);
        Validate.notNull("to", to);
        Validate.notNull("paidKinds", paidKinds);
        Validate.notNull("steps", steps);
        Validate.notNull("parts", parts);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, was " + from + " >= " + to);
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String s : steps) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("steps must not hold null or blank names, was " + steps);
            }
            if (!seen.add(s)) {
                throw new IllegalArgumentException("steps must not repeat a name, '" + Validate.quote(s) + "' did");
            }
        }
        paidKinds = paidKinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(paidKinds));
        steps = List.copyOf(steps);
        parts = parts.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(parts));
    }

    /** Whether the query asks for {@code part}. */
    public boolean includes(Part part) {
        return parts.contains(part);
    }
}

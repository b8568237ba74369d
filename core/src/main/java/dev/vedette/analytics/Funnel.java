package dev.vedette.analytics;

import java.time.Instant;
import java.util.List;

/**
 * How many transactions created in [{@code from}, {@code to}) reached each step: exact counts over
 * every transaction of the range, from one {@link dev.vedette.store.Store#transactionFigures}
 * aggregate.
 *
 * <p>A transaction counts at a step when: {@code created} — always; {@code completed} — it is paid
 * (see {@link Totals}); any other name — its recorded {@linkplain
 * dev.vedette.model.StoredTransaction#steps() steps} contain that name. Steps are counted
 * independently, so a later step can count more transactions than an earlier one (negative drop-off)
 * when hosts record steps out of order.
 *
 * @param from inclusive start
 * @param to exclusive end
 * @param steps the steps in the order asked
 */
public record Funnel(Instant from, Instant to, List<Step> steps) {
    /** The step every transaction reaches. */
    public static final String CREATED = "created";
    /** The step paid transactions reach. */
    public static final String COMPLETED = "completed";

    /** Copies the list. */
    public Funnel {
        steps = List.copyOf(steps);
    }

    /**
     * One step.
     *
     * @param name the step name
     * @param count transactions that reached it
     * @param conversion {@code count / count of the first step}, 0 to 1; NaN when the first step is 0
     * @param dropOff {@code (previous count - count) / previous count}; 0 for the first step; NaN when
     *     the previous step is 0
     */
    public record Step(String name, long count, double conversion, double dropOff) {}
}

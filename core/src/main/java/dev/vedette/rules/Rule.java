package dev.vedette.rules;

import dev.vedette.model.WrittenBatch;
import java.time.Duration;

/**
 * A detection rule: watches what is recorded and raises an alert when a condition holds, and
 * resolves it when the condition clears.
 *
 * <p>Two ways to watch, both optional:
 *
 * <ul>
 *   <li><b>Event-driven</b>: {@link #onBatch} is called on the pipeline's writer thread after each
 *       batch is written (after the store's write has committed), so detection is sub-second. It
 *       must be fast, must not block, and should keep bounded state (time buckets, not lists of
 *       events). Judge transactions by {@link dev.vedette.store.WriteResult#transactionsOf(WriteBatch)}: the merged
 *       state each observation produced, with provider, customer and method from earlier steps; a
 *       raw observation of a payment recorded in steps may carry only its status.
 *   <li><b>Scheduled</b>: {@link #evaluate} is called every {@link #evaluationInterval()} on one
 *       instance of the cluster (under the store's lock), against the shared store, so a cluster sees
 *       cluster-wide numbers.
 * </ul>
 *
 * A rule that throws is logged and skipped; it never breaks the monitor. Alerts a rule raises
 * should carry a stable dedup key (by convention {@code rule:<name>[:<key>]}) so that repeated
 * detections are absorbed and {@link RuleContext#resolve} can find them.
 *
 * <p>Compatibility: methods may be added with default implementations in minor releases.
 */
public interface Rule {

    /** A unique name, used in dedup keys and logs, e.g. {@code error-rate}. */
    String name();

    /**
     * Called on the writer thread after each written batch, with the merged state of what was
     * written; does nothing by default. Keep it quick: the next batch waits for it.
     */
    default void onBatch(WrittenBatch batch, RuleContext context) {}

    /** Called on a schedule; does nothing by default. */
    default void evaluate(RuleContext context) {}

    /** How often {@link #evaluate} runs (default one minute). */
    default Duration evaluationInterval() {
        return Duration.ofMinutes(1);
    }
}

package dev.vedette.store;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The rules every store applies when it writes an alert change, as pure functions: the engine
 * decides (routing, suppression, grouping) before it calls the store, the store reads the current
 * row, applies one of these inside its transaction and writes the result. Nothing here has side
 * effects or calls back into the engine.
 *
 * <ul>
 *   <li><b>Raise</b>: with no active alert of the candidate's dedup key, the candidate is opened
 *       with the plan's triggers (none if it is suppressed). Otherwise the active alert becomes
 *       {@link AlertRecord#absorb(AlertRecord)} of the candidate; it is notified again only when it
 *       is not suppressed and the candidate is more urgent than it was, on the plan's escalation
 *       deliveries for its severity.
 *   <li><b>Update</b>: a change that returns its argument (or null) writes nothing; one that keeps
 *       the id is stored with the given deliveries.
 * </ul>
 */
public final class AlertMerge {
    private AlertMerge() {}

    /**
     * Applies one raise.
     *
     * @param active the active alert with the candidate's dedup key, as stored, or null if none
     * @param plan the engine's plan
     * @return the alert to store (the candidate, or {@code active} after absorbing it), the previous
     *     state ({@code active}) and the deliveries to store with it, addressed to the stored alert
     */
    public static AlertUpsert raise(@Nullable AlertRecord active, RaisePlan plan) {
        AlertRecord candidate = plan.candidate();
        if (active == null) {
            return new AlertUpsert(candidate, null, candidate.suppressedBy() == null ? plan.triggers() : List.of());
        }
        AlertRecord merged = active.absorb(candidate);
        if (merged.suppressedBy() != null || !candidate.severity().isMoreUrgentThan(active.severity())) {
            return new AlertUpsert(merged, active, List.of());
        }
        List<Delivery> escalation = plan.escalations().getOrDefault(active.severity(), List.of()).stream()
                .map(d -> forAlert(d, merged.id()))
                .toList();
        return new AlertUpsert(merged, active, escalation);
    }

    /**
     * Applies one change to a stored alert.
     *
     * @param current the alert as stored
     * @param change the change; returning its argument or null means no change
     * @param deliveries the deliveries to store with the change
     * @return the outcome, or empty if nothing changed
     * @throws IllegalArgumentException if the change altered the alert's id
     */
    public static Optional<AlertUpsert> update(
            AlertRecord current, UnaryOperator<AlertRecord> change, List<Delivery> deliveries) {
        AlertRecord next = change.apply(current);
        if (next == null || next.equals(current)) {
            return Optional.empty();
        }
        if (!next.id().equals(current.id())) {
            throw new IllegalArgumentException(
                    "a change must keep the alert id " + current.id() + ", was " + next.id());
        }
        return Optional.of(new AlertUpsert(next, current, deliveries));
    }

    private static Delivery forAlert(Delivery d, String alertId) {
        return d.alertId().equals(alertId)
                ? d
                : new Delivery(
                        d.id(),
                        alertId,
                        d.channel(),
                        d.kind(),
                        d.state(),
                        d.attempts(),
                        d.nextAttemptAt(),
                        d.lastError(),
                        d.createdAt(),
                        d.sentAt(),
                        d.claimedBy(),
                        d.claimedUntil());
    }
}

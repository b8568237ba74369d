package dev.vedette.store;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.Severity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the alerting engine decided for one raise, before the store looks at the active alert with
 * the same dedup key. The store hands it to {@link AlertMerge#raise} with that alert (or none) and
 * writes the result; nothing in it is computed inside the store's transaction.
 *
 * @param candidate the new OPEN alert with one occurrence, already scrubbed, with its suppression
 *     and {@code lastNotifiedAt} decided
 * @param triggers the TRIGGER deliveries for the candidate's routed channels, stored if the candidate
 *     opens a new, unsuppressed alert
 * @param escalations per severity of an active alert the candidate is more urgent than: the TRIGGER
 *     deliveries for the channels the candidate routes to that an alert of that severity does not;
 *     stored if the candidate escalates an unsuppressed active alert of that severity
 */
public record RaisePlan(AlertRecord candidate, List<Delivery> triggers, Map<Severity, List<Delivery>> escalations) {
    /** Copies the lists and the map. */
    public RaisePlan {
        triggers = List.copyOf(triggers);
        Map<Severity, List<Delivery>> copy = new EnumMap<>(Severity.class);
        escalations.forEach((s, ds) -> copy.put(s, List.copyOf(ds)));
        escalations = Map.copyOf(copy);
    }

    /** A plan that opens or absorbs the candidate and delivers nothing. */
    public static RaisePlan silent(AlertRecord candidate) {
        return new RaisePlan(candidate, List.of(), Map.of());
    }

    /** A plan that delivers these triggers if the candidate opens a new alert, and nothing on escalation. */
    public static RaisePlan of(AlertRecord candidate, List<Delivery> triggers) {
        return new RaisePlan(candidate, triggers, Map.of());
    }
}

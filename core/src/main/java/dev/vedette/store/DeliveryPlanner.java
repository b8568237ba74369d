package dev.vedette.store;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decides which deliveries an alert change needs. A store calls it inside the same atomic step
 * that writes the alert, so the alert and its deliveries are stored together or not at all.
 * It must be fast and free of I/O.
 */
@FunctionalInterface
public interface DeliveryPlanner {
    /**
     * @param alert the alert as it will be stored
     * @param previous the alert before this change, or null if the alert is new
     * @return the deliveries to insert (may be empty)
     */
    List<Delivery> plan(AlertRecord alert, @Nullable AlertRecord previous);

    /** Plans nothing. */
    static DeliveryPlanner none() {
        return (alert, previous) -> List.of();
    }
}

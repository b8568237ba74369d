package dev.vedette.store;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link Store#raiseAlert}.
 *
 * @param alert the alert as stored
 * @param previous the active alert it was absorbed into, as it was before; null if a new alert was opened
 * @param deliveries the deliveries stored with it
 */
public record AlertUpsert(AlertRecord alert, @Nullable AlertRecord previous, List<Delivery> deliveries) {
    /** Copies the list. */
    public AlertUpsert {
        deliveries = List.copyOf(deliveries);
    }

    /** True if a new alert was opened. */
    public boolean isNew() {
        return previous == null;
    }
}

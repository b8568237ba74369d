package dev.vedette.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How the monitor's store is doing, from the monitor's side ({@code monitor.storeStatus()}): whether
 * calls to it fail, and what the alert journal did while they did.
 *
 * @param failingSince since when calls to the store have failed without a success in between, or
 *     null while it works
 * @param lastError the last failure (the store's message, without values from the data), or null
 * @param journaling true while alerts are raised, routed and delivered from memory because the
 *     store cannot be reached; false once the journal is written back
 * @param outages outages the journal covered, over the monitor's life
 * @param journaledAlerts alerts raised from memory, over the monitor's life
 * @param journalDropped alerts and audit entries the full journal could not keep for writing back
 *     (the alerts were still delivered)
 */
public record StoreStatus(
        @Nullable Instant failingSince,
        @Nullable String lastError,
        boolean journaling,
        long outages,
        long journaledAlerts,
        long journalDropped) {

    /** True while calls to the store succeed and no journal waits to be written back. */
    public boolean reachable() {
        return failingSince == null && !journaling;
    }
}

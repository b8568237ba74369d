package dev.vedette.spring.dashboard;

import dev.vedette.Monitor;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.QuarantinedRecord;
import java.util.List;

/**
 * The records the store refused for good: {@code {total, evicted, items}}, newest first.
 *
 * @param total records quarantined since the monitor started
 * @param evicted quarantined records no longer listed (only the newest 1,000 are kept)
 * @param items the kept records: kind, id, when and why, never their content
 */
public record QuarantineView(long total, long evicted, List<Item> items) {
    /**
     * One quarantined record.
     *
     * @param kind transaction, health, error, log or webhook
     * @param id the transaction id, component, fingerprint or provider/event type
     * @param quarantinedAt ISO instant
     * @param reason the store's failure message
     */
    public record Item(String kind, String id, String quarantinedAt, String reason) {
        static Item of(QuarantinedRecord r) {
            return new Item(r.kind(), r.id(), r.quarantinedAt().toString(), r.reason());
        }
    }

    static QuarantineView of(Monitor monitor) {
        List<Item> items = monitor.errors().quarantine().stream().map(Item::of).toList();
        MonitorStats stats = monitor.stats();
        return new QuarantineView(stats.quarantined(), stats.quarantineEvicted(), items);
    }
}

package dev.vedette.spring;

import dev.vedette.Monitor;
import dev.vedette.model.ComponentState;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.StoreStatus;
import dev.vedette.store.Store;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Vedette's own state as an Actuator health indicator (named {@code vedette}): DOWN when the store
 * cannot be read, UNKNOWN before the monitor exists, UP otherwise. The details say what to look at
 * even when it is UP: the pipeline's counters ({@code dropped} records, {@code writeFailures},
 * {@code quarantined} records and the {@code lastWriteError}), the number of {@code deadDeliveries} (notifications that failed for
 * good), and the flap-protected status of every component Vedette watches.
 */
public final class VedetteHealthIndicator implements HealthIndicator {
    private final Supplier<@Nullable Monitor> monitor;
    private final Supplier<@Nullable Store> store;

    /**
     * An indicator that reads the monitor each time it is asked (so the indicator can exist before
     * the monitor does).
     */
    public VedetteHealthIndicator(Supplier<@Nullable Monitor> monitor, Supplier<@Nullable Store> store) {
        this.monitor = monitor;
        this.store = store;
    }

    /** Reads the monitor's stats, the store's delivery counts and the component states. */
    @Override
    public Health health() {
        Monitor m = monitor.get();
        if (m == null) {
            return Health.unknown().withDetail("monitor", "not started").build();
        }
        MonitorStats s = m.stats();
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("accepted", s.accepted());
        pipeline.put("dropped", s.dropped());
        pipeline.put("written", s.written());
        pipeline.put("writeFailures", s.writeFailures());
        pipeline.put("quarantined", s.quarantined());
        pipeline.put("queueDepth", s.queueDepth());
        pipeline.put("queueCapacity", s.queueCapacity());
        if (s.lastWriteError() != null) {
            pipeline.put("lastWriteError", s.lastWriteError());
        }
        Health.Builder health;
        try {
            Map<DeliveryState, Long> deliveries = m.alerts().deliveryCounts();
            Map<String, String> components = new LinkedHashMap<>();
            for (ComponentState c : m.health().components()) {
                components.put(c.component(), c.status().code());
            }
            health = Health.up()
                    .withDetail("deadDeliveries", deliveries.getOrDefault(DeliveryState.DEAD, 0L))
                    .withDetail("pendingDeliveries", deliveries.getOrDefault(DeliveryState.PENDING, 0L))
                    .withDetail("components", components);
        } catch (RuntimeException e) {
            health = Health.down()
                    .withDetail("storeError", "unreachable: " + e.getClass().getSimpleName());
        }
        StoreStatus storeStatus = m.storeStatus();
        if (!storeStatus.reachable()) {
            // the alert path runs from memory: the answers above came from the journal, not the store
            health = Health.down()
                    .withDetail(
                            "storeError",
                            "unreachable since " + storeStatus.failingSince() + ": " + storeStatus.lastError())
                    .withDetail("alertsFromMemory", storeStatus.journaling());
        }
        Store st = store.get();
        if (st != null) {
            health.withDetail("store", st.getClass().getSimpleName());
        }
        return health.withDetail("pipeline", pipeline).build();
    }
}

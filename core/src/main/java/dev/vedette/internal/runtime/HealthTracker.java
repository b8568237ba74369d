package dev.vedette.internal.runtime;

import dev.vedette.health.ComponentTracker;
import dev.vedette.health.FlapPolicy;
import dev.vedette.internal.pipeline.BatchListener;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.ComponentState;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.MonitorEvent;
import dev.vedette.model.WrittenBatch;
import dev.vedette.rules.RuleContext;
import dev.vedette.store.Store;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns the health reports of each written batch into component states with flap protection
 * ({@link ComponentTracker}): a component that goes DOWN raises an alert with the dedup key {@code
 * health:<component>}, one that recovers resolves it, and every change of status is published as a
 * {@link MonitorEvent.HealthChanged}.
 */
public final class HealthTracker implements BatchListener {
    private final Store store;
    private final FlapPolicy policy;
    private final RuleContext alerts;
    private final Consumer<MonitorEvent> events;
    private final Clock clock;

    /**
     * A tracker.
     *
     * @param store where component states are kept
     * @param policy flap protection and alert severities
     * @param alerts how alerts are raised and resolved (never throws)
     * @param events where health changes are published
     * @param clock the time of the published events
     */
    public HealthTracker(
            Store store, FlapPolicy policy, RuleContext alerts, Consumer<MonitorEvent> events, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.alerts = alerts;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void afterWrite(WrittenBatch batch) {
        for (HealthReport report : batch.healthReports()) {
            track(report);
        }
    }

    private void track(HealthReport report) {
        ComponentState current = store.componentState(report.component()).orElse(null);
        ComponentTracker.Transition t = ComponentTracker.apply(current, report, policy);
        ComponentState next = t.state();
        String key = "health:" + report.component();
        if (t.wentDown()) {
            Optional<AlertRecord> alert =
                    alerts.raise(Alert.builder(policy.severityFor(report.component()), report.component() + " is DOWN")
                            .component(report.component())
                            .source(key)
                            .dedupKey(key)
                            .message(report.message())
                            .build());
            next = withAlert(next, alert.map(AlertRecord::id).orElse(null));
        } else if (t.recovered()) {
            alerts.resolve(key);
            next = withAlert(next, null);
        }
        store.saveComponentState(next);
        if (t.changed()) {
            events.accept(new MonitorEvent.HealthChanged(
                    report.component(), t.from() == null ? HealthStatus.UNKNOWN : t.from(), t.to(), clock.instant()));
        }
    }

    private static ComponentState withAlert(ComponentState s, @Nullable String alertId) {
        return new ComponentState(
                s.component(),
                s.status(),
                s.since(),
                s.consecutiveFailures(),
                s.consecutiveSuccesses(),
                s.lastReport(),
                alertId);
    }
}

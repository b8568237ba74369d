package dev.vedette.internal.runtime;

import dev.vedette.health.ComponentTracker;
import dev.vedette.health.FlapPolicy;
import dev.vedette.internal.RateLimitedLog;
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
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Turns health reports into component states with flap protection
 * ({@link ComponentTracker}): a component that goes DOWN raises an alert with the dedup key {@code
 * health:<component>}, one that recovers resolves it, and every change of status is published as a
 * {@link MonitorEvent.HealthChanged}.
 *
 * <p>The reports of scheduled checks and heartbeats are tracked as they are measured ({@link
 * #observe}), so a component going down is alerted on even when the store cannot take the report;
 * other components (reports a host records itself) are tracked once their report is written.
 */
public final class HealthTracker implements BatchListener {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HealthTracker.class);

    private final Store store;
    private final FlapPolicy policy;
    private final RuleContext alerts;
    private final Consumer<MonitorEvent> events;
    private final Clock clock;
    private final Predicate<String> observedDirectly;
    private final RateLimitedLog failLog = new RateLimitedLog(java.time.Duration.ofMinutes(1));

    /**
     * A tracker.
     *
     * @param store where component states are kept
     * @param policy flap protection and alert severities
     * @param alerts how alerts are raised and resolved (never throws)
     * @param events where health changes are published
     * @param clock the time of the published events
     * @param observedDirectly the components whose reports come through {@link #observe} (scheduled
     *     checks and heartbeats); their written reports are not tracked a second time
     */
    public HealthTracker(
            Store store,
            FlapPolicy policy,
            RuleContext alerts,
            Consumer<MonitorEvent> events,
            Clock clock,
            Predicate<String> observedDirectly) {
        this.store = store;
        this.policy = policy;
        this.alerts = alerts;
        this.events = events;
        this.clock = clock;
        this.observedDirectly = observedDirectly;
    }

    @Override
    public void afterWrite(WrittenBatch batch) {
        for (HealthReport report : batch.healthReports()) {
            if (!observedDirectly.test(report.component())) {
                track(report);
            }
        }
    }

    /** Tracks the report of a scheduled check or heartbeat now, before it is written. */
    public void observe(HealthReport report) {
        try {
            track(report);
        } catch (RuntimeException e) {
            failLog.warn(log, "Vedette could not track the health of {}: {}", report.component(), e.toString());
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

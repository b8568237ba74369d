package dev.vedette;

import dev.vedette.health.Heartbeat;
import dev.vedette.health.Heartbeats;
import dev.vedette.health.UptimeReport;
import dev.vedette.model.ComponentState;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStats;
import dev.vedette.model.HealthStatus;
import dev.vedette.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The health read side ({@code monitor.health()}): flap-protected component states, samples,
 * uptime over 24 h / 7 d / 30 d, and heartbeats (dead-man's switches).
 */
public final class Health {
    private final Store store;
    private final Clock clock;
    private final Heartbeats heartbeats;
    private final Consumer<HealthReport> track;

    Health(Store store, Clock clock, Heartbeats heartbeats, Consumer<HealthReport> track) {
        this.store = store;
        this.clock = clock;
        this.heartbeats = heartbeats;
        this.track = track;
    }

    /** Every component's current, flap-protected state, by name. */
    public List<ComponentState> components() {
        return store.componentStates();
    }

    /** One component's state. */
    public Optional<ComponentState> component(String name) {
        return store.componentState(name);
    }

    /** The aggregate of every component's flap-protected status (see {@link HealthStatus#worst}). */
    public HealthStatus status() {
        return HealthStatus.worst(
                components().stream().map(ComponentState::status).toList());
    }

    /** Samples of a component in [from, to), newest first. */
    public List<HealthReport> samples(String component, Instant from, Instant to, int limit) {
        return store.healthSamples(component, from, to, limit);
    }

    /** Samples of a component in [from, to), counted by status, with a response-time histogram. */
    public HealthStats stats(String component, Instant from, Instant to) {
        return store.healthStats(component, from, to);
    }

    /** Uptime of a component over the last 24 hours, 7 days and 30 days. */
    public UptimeReport uptime(String component) {
        return UptimeReport.compute(component, clock.instant(), (from, to) -> store.healthStats(component, from, to));
    }

    /**
     * Records a heartbeat for a component registered with {@code MonitorBuilder.heartbeat}.
     *
     * @return false if no heartbeat has that name
     */
    public boolean beat(String component) {
        return heartbeats.beat(component);
    }

    /**
     * Registers a heartbeat while the monitor runs (as the ingest API's check-ins do), or updates
     * the configuration of one with the same name, keeping its last signal.
     *
     * @throws IllegalArgumentException if heartbeat is null
     * @throws IllegalStateException if this would exceed the maximum number of heartbeats
     */
    public void register(Heartbeat heartbeat) {
        heartbeats.register(heartbeat);
    }

    /** True if a heartbeat is registered under this name. Null-safe. */
    public boolean isHeartbeat(@Nullable String component) {
        return heartbeats.isRegistered(component);
    }

    /**
     * Records that a run of a heartbeat's job started: with {@link Heartbeat.Builder#maxRunTime}, a
     * run that neither beats nor fails within that time makes it DOWN.
     *
     * @return false if no heartbeat has that name
     */
    public boolean start(String component) {
        return heartbeats.start(component);
    }

    /**
     * Records that a heartbeat's job failed: it is DOWN from now until its next {@link #beat}.
     *
     * @return false if no heartbeat has that name
     */
    public boolean fail(String component, @Nullable String message) {
        return heartbeats.fail(component, message);
    }

    /**
     * Judges a heartbeat now and tracks the report at once, as the scheduled evaluation does (flap
     * protection, alert on DOWN, resolve on recovery), instead of waiting for the next evaluation.
     *
     * @return the report, or empty if no heartbeat has that name
     */
    public Optional<HealthReport> evaluate(String component) {
        HealthReport report = heartbeats.evaluate(component);
        if (report == null) {
            return Optional.empty();
        }
        track.accept(report);
        return Optional.of(report);
    }
}

package dev.vedette.internal.runtime;

import dev.vedette.health.ComponentTracker;
import dev.vedette.health.FlapPolicy;
import dev.vedette.health.HealthCheck;
import dev.vedette.health.HealthCheckRunner;
import dev.vedette.health.Heartbeats;
import dev.vedette.model.ComponentState;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered health checks and heartbeats, run all at once on demand or each on its own
 * interval by the scheduler. Checks run in parallel on virtual threads, each bounded by its own
 * timeout; the caller records the reports.
 *
 * <p>Fast confirmation: the schedule folds each check's reports through {@link ComponentTracker}
 * with the monitor's {@link FlapPolicy}, the same pure function the health tracker applies to the
 * stored state. While the latest report disagrees with the flap-protected status (failures that have
 * not yet made the component DOWN, successes that have not yet brought it back) the check's next
 * run is {@link FlapPolicy#confirmInterval()} after the run started instead of its interval. The
 * first time a component is seen its stored state seeds this view, so a component that was DOWN
 * before a restart is confirmed back up just as fast.
 */
public final class CheckSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckSchedule.class);

    private final List<HealthCheck> checks;
    private final Heartbeats heartbeats;
    private final Clock clock;
    private final FlapPolicy policy;
    private final Function<String, Optional<ComponentState>> storedState;
    private final HealthCheckRunner runner;
    private final Map<String, Instant> nextRun = new HashMap<>();
    private final Map<String, @Nullable ComponentState> states = new HashMap<>();

    /**
     * A schedule of {@code checks} and {@code heartbeats}.
     *
     * @param policy the flap thresholds and the confirmation interval
     * @param storedState a component's stored state, read once per component to seed the schedule's
     *     view (a read that fails is logged and treated as no state)
     */
    public CheckSchedule(
            List<HealthCheck> checks,
            Heartbeats heartbeats,
            Clock clock,
            FlapPolicy policy,
            Function<String, Optional<ComponentState>> storedState) {
        this.checks = List.copyOf(checks);
        this.heartbeats = heartbeats;
        this.clock = clock;
        this.policy = policy;
        this.storedState = storedState;
        this.runner = new HealthCheckRunner(clock);
    }

    /** True if this schedule produces the reports of {@code component} (a check's or heartbeat's name). */
    public boolean schedules(String component) {
        return heartbeats.isRegistered(component)
                || checks.stream().anyMatch(c -> c.name().equals(component));
    }

    /** Runs every check now, then evaluates the heartbeats. */
    public List<HealthReport> runAll() {
        Instant now = clock.instant();
        List<HealthReport> reports = new ArrayList<>(run(checks, now));
        reports.addAll(heartbeats.evaluate());
        return reports;
    }

    /**
     * Runs the checks whose next run has come (their interval, or the confirmation interval while a
     * change of status is unconfirmed), then evaluates the heartbeats.
     */
    public List<HealthReport> runDue() {
        Instant now = clock.instant();
        List<HealthCheck> due = new ArrayList<>();
        synchronized (nextRun) {
            for (HealthCheck c : checks) {
                Instant next = nextRun.get(c.name());
                if (next == null || !next.isAfter(now)) {
                    due.add(c);
                    nextRun.put(c.name(), now.plus(c.interval()));
                }
            }
        }
        List<HealthReport> reports = new ArrayList<>();
        if (!due.isEmpty()) {
            reports.addAll(run(due, now));
        }
        reports.addAll(heartbeats.evaluate());
        return reports;
    }

    private List<HealthReport> run(List<HealthCheck> toRun, Instant startedAt) {
        List<HealthReport> reports = runner.runAll(toRun);
        synchronized (nextRun) {
            for (int i = 0; i < reports.size(); i++) {
                HealthCheck check = toRun.get(i);
                Duration wait = unconfirmed(reports.get(i))
                        ? min(policy.confirmInterval(), check.interval())
                        : check.interval();
                nextRun.put(check.name(), startedAt.plus(wait));
            }
        }
        return reports;
    }

    /** Folds the report into the schedule's view; true while the flap policy has not decided. */
    private boolean unconfirmed(HealthReport report) {
        String component = report.component();
        ComponentState before = states.containsKey(component) ? states.get(component) : seed(component);
        ComponentState after = ComponentTracker.apply(before, report, policy).state();
        states.put(component, after);
        return after.status().equals(HealthStatus.DOWN)
                ? after.consecutiveSuccesses() > 0
                : after.consecutiveFailures() > 0;
    }

    private @Nullable ComponentState seed(String component) {
        try {
            return storedState.apply(component).orElse(null);
        } catch (RuntimeException e) {
            log.debug("Vedette could not read the state of {} to seed its check schedule: {}", component, e.toString());
            return null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops the threads of checks still running. */
    @Override
    public void close() {
        runner.close();
    }
}

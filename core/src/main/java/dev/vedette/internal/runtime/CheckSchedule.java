package dev.vedette.internal.runtime;

import dev.vedette.health.HealthCheck;
import dev.vedette.health.HealthCheckRunner;
import dev.vedette.health.Heartbeats;
import dev.vedette.model.HealthReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registered health checks and heartbeats, run all at once on demand or each on its own
 * interval by the scheduler. Checks run in parallel on virtual threads, each bounded by its own
 * timeout; the caller records the reports.
 */
public final class CheckSchedule implements AutoCloseable {
    private final List<HealthCheck> checks;
    private final Heartbeats heartbeats;
    private final Clock clock;
    private final HealthCheckRunner runner;
    private final Map<String, Instant> nextRun = new HashMap<>();

    /** A schedule of {@code checks} and {@code heartbeats}. */
    public CheckSchedule(List<HealthCheck> checks, Heartbeats heartbeats, Clock clock) {
        this.checks = List.copyOf(checks);
        this.heartbeats = heartbeats;
        this.clock = clock;
        this.runner = new HealthCheckRunner(clock);
    }

    /** Runs every check now, then evaluates the heartbeats. */
    public List<HealthReport> runAll() {
        List<HealthReport> reports = new ArrayList<>(runner.runAll(checks));
        reports.addAll(heartbeats.evaluate());
        return reports;
    }

    /** Runs the checks whose interval has passed since their last run, then evaluates the heartbeats. */
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
            reports.addAll(runner.runAll(due));
        }
        reports.addAll(heartbeats.evaluate());
        return reports;
    }

    /** Stops the threads of checks still running. */
    @Override
    public void close() {
        runner.close();
    }
}

package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.HealthSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs health checks in parallel, one virtual thread per check, each bounded by its own {@link
 * HealthCheck#timeout()}. The runner never lets one check block the others and never throws
 * because of a check:
 *
 * <ul>
 *   <li>a check still running at its timeout becomes DOWN "timed out after 5s" (its actual timeout)
 *       with that timeout as response time; its thread is interrupted and abandoned;
 *   <li>a check that throws becomes DOWN with the exception's class and message (e.g. {@code
 *       "IllegalStateException: pool exhausted"}) and the {@code exception} detail holding the
 *       class's full name;
 *   <li>a check that returns null becomes UNKNOWN "check returned no report";
 *   <li>a report for another component is re-labelled to the check's {@link HealthCheck#name()};
 *   <li>a report without a response time gets the measured duration of the call;
 *   <li>every report is stamped with {@code checkedAt} = the clock's time when the run started
 *       (replacing the check's own), so one run's reports share one timestamp.
 * </ul>
 *
 * <p>Timeouts count from the start of the run. A check with an unusable name (null, blank, too
 * long) is reported under its cleaned, shortened name or {@code unnamed-check}; an unusable
 * timeout means the default 5 s. Threads are virtual and therefore daemon threads: a hung check
 * never keeps the JVM alive. After {@link #close()} every check is reported UNKNOWN "runner is
 * closed". Thread-safe.
 *
 * <pre>{@code
 * try (HealthCheckRunner runner = new HealthCheckRunner(Clock.systemUTC())) {
 *     HealthSummary summary = runner.runSummary(checks);
 *     if (summary.status().equals(HealthStatus.DOWN)) { ... }
 * }
 * }</pre>
 */
public final class HealthCheckRunner implements AutoCloseable {
    private final Clock clock;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("vedette-health-", 0).factory());
    private volatile boolean closed;

    /**
     * A runner that stamps reports with {@code clock}'s time.
     *
     * @throws IllegalArgumentException if clock is null
     */
    public HealthCheckRunner(Clock clock) {
        this.clock = Validate.notNull("clock", clock);
    }

    /**
     * Runs every check in parallel and returns one report per check, in the order of {@code
     * checks}. Returns once every check has finished or reached its timeout, so it takes at most
     * about the longest timeout.
     *
     * @throws IllegalArgumentException if the list or one of its elements is null
     */
    public List<HealthReport> runAll(List<? extends HealthCheck> checks) {
        Validate.notNull("checks", checks);
        for (int i = 0; i < checks.size(); i++) {
            Validate.notNull("checks[" + i + "]", checks.get(i));
        }
        Instant startedAt = clock.instant();
        long startNanos = System.nanoTime();
        List<Future<Outcome>> futures = new ArrayList<>(checks.size());
        for (HealthCheck check : checks) {
            futures.add(submit(check));
        }
        List<HealthReport> reports = new ArrayList<>(checks.size());
        boolean interrupted = false;
        for (int i = 0; i < checks.size(); i++) {
            HealthCheck check = checks.get(i);
            String name = CheckSupport.componentName(check);
            Future<Outcome> future = futures.get(i);
            if (future == null) {
                reports.add(unknown(name, "runner is closed", startedAt));
                continue;
            }
            Duration timeout = CheckSupport.timeoutOf(check);
            long remaining = nanos(timeout) - (System.nanoTime() - startNanos);
            if (interrupted) {
                if (future.state() == Future.State.SUCCESS) {
                    reports.add(toReport(name, future.resultNow(), startedAt));
                } else {
                    future.cancel(true);
                    reports.add(unknown(name, "interrupted while waiting for the check", startedAt));
                }
                continue;
            }
            try {
                Outcome outcome = future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
                reports.add(toReport(name, outcome, startedAt));
            } catch (TimeoutException e) {
                future.cancel(true);
                reports.add(timedOut(name, timeout, startedAt));
            } catch (InterruptedException e) {
                interrupted = true;
                future.cancel(true);
                reports.add(unknown(name, "interrupted while waiting for the check", startedAt));
            } catch (ExecutionException | RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                reports.add(failed(name, cause, Duration.ZERO, startedAt));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(reports);
    }

    /**
     * Runs one check; see {@link #runAll(List)}.
     *
     * @throws IllegalArgumentException if check is null
     */
    public HealthReport run(HealthCheck check) {
        Validate.notNull("check", check);
        return runAll(List.of(check)).get(0);
    }

    /**
     * Runs every check and aggregates the reports with {@link HealthSummary#of}: the worst status
     * wins, DOWN &gt; DEGRADED &gt; UNKNOWN &gt; UP, and no checks give UNKNOWN. The summary's
     * {@code checkedAt} is the run's start.
     *
     * @throws IllegalArgumentException if the list or one of its elements is null
     */
    public HealthSummary runSummary(List<? extends HealthCheck> checks) {
        List<HealthReport> reports = runAll(checks);
        Instant startedAt = reports.isEmpty() ? clock.instant() : reports.get(0).checkedAt();
        return HealthSummary.of(reports, startedAt == null ? clock.instant() : startedAt);
    }

    /**
     * Stops the runner: checks still running are interrupted and later runs report UNKNOWN. Does not
     * wait for hung checks. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }

    private @org.jspecify.annotations.Nullable Future<Outcome> submit(HealthCheck check) {
        if (closed) {
            return null;
        }
        try {
            return executor.submit(() -> call(check));
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static Outcome call(HealthCheck check) {
        long start = System.nanoTime();
        try {
            HealthReport report = check.check();
            return new Outcome(report, null, CheckSupport.since(start));
        } catch (Throwable t) {
            return new Outcome(null, t, CheckSupport.since(start));
        }
    }

    private static HealthReport toReport(String name, Outcome outcome, Instant startedAt) {
        if (outcome.error() != null) {
            return failed(name, outcome.error(), outcome.took(), startedAt);
        }
        if (outcome.report() == null) {
            return HealthReport.builder(name, HealthStatus.UNKNOWN)
                    .responseTime(outcome.took())
                    .message("check returned no report")
                    .checkedAt(startedAt)
                    .build();
        }
        return CheckSupport.adopt(outcome.report(), name, outcome.took(), startedAt);
    }

    private static HealthReport failed(String name, Throwable error, Duration took, Instant startedAt) {
        return HealthReport.builder(name, HealthStatus.DOWN)
                .responseTime(took)
                .message(CheckSupport.describe(error))
                .detail("exception", error.getClass().getName())
                .checkedAt(startedAt)
                .build();
    }

    private static HealthReport timedOut(String name, Duration timeout, Instant startedAt) {
        return HealthReport.builder(name, HealthStatus.DOWN)
                .responseTime(timeout)
                .message("timed out after " + CheckSupport.format(timeout))
                .detail("timeoutMs", timeout.toMillis())
                .checkedAt(startedAt)
                .build();
    }

    private static HealthReport unknown(String name, String message, Instant startedAt) {
        return HealthReport.builder(name, HealthStatus.UNKNOWN)
                .message(message)
                .checkedAt(startedAt)
                .build();
    }

    private record Outcome(
            @org.jspecify.annotations.Nullable HealthReport report,
            @org.jspecify.annotations.Nullable Throwable error,
            Duration took) {}
}

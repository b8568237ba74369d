package dev.vedette.internal.runtime;

import dev.vedette.alerting.AlertJobs;
import dev.vedette.internal.RateLimitedLog;
import dev.vedette.model.HealthReport;
import dev.vedette.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic work behind a monitor, in one {@link #runOnce()}: due health checks and heartbeats
 * and the {@link StoreWatch} (on every instance, whether the store works or not); then, on the one instance of a cluster that holds the store lock {@value
 * #LOCK}, due rule evaluations, alert reminders, release of suppressed alerts, the digest and the
 * reports; and the retention purge, under its own lock. {@link #start} runs it on a daemon thread
 * every second, the locked part at most every 10 seconds.
 */
public final class BackgroundJobs implements AutoCloseable {
    /** The store lock held by the instance that runs the cluster-wide jobs. */
    public static final String LOCK = "vedette-jobs";

    private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration LOCKED_INTERVAL = Duration.ofSeconds(10);

    private final Store store;
    private final Clock clock;
    private final String instanceId;
    private final Consumer<HealthReport> checkReports;
    private final StoreWatch watch;
    private final RateLimitedLog failLog = new RateLimitedLog(Duration.ofMinutes(1));
    private final CheckSchedule checks;
    private final RuleRunner rules;
    private final AlertJobs alertJobs;
    private final ReportSender reports;
    private final @Nullable RetentionPurge retention;
    private @Nullable Thread thread;
    private Instant nextLockedRun = Instant.MIN;

    /**
     * The jobs of one monitor.
     *
     * @param checkReports where check and heartbeat reports go (recorded, and tracked at once)
     * @param watch the watch on the store, evaluated on every run
     * @param retention the purge, or null when raw data is kept forever
     */
    public BackgroundJobs(
            Store store,
            Clock clock,
            String instanceId,
            Consumer<HealthReport> checkReports,
            StoreWatch watch,
            CheckSchedule checks,
            RuleRunner rules,
            AlertJobs alertJobs,
            ReportSender reports,
            @Nullable RetentionPurge retention) {
        this.store = store;
        this.clock = clock;
        this.instanceId = instanceId;
        this.checkReports = checkReports;
        this.watch = watch;
        this.checks = checks;
        this.rules = rules;
        this.alertJobs = alertJobs;
        this.reports = reports;
        this.retention = retention;
    }

    /**
     * Runs the due work once in the calling thread.
     *
     * @return true if this instance held the cluster lock and ran the cluster-wide jobs
     */
    public boolean runOnce() {
        try {
            runUnlocked();
            boolean locked = store.tryLock(LOCK, instanceId, clock.instant(), LEASE);
            if (locked) {
                rules.evaluateDue();
                runAlertJobs();
                reports.planIfDue();
            }
            return locked;
        } finally {
            if (retention != null) {
                retention.purgeIfDue();
            }
        }
    }

    private void runUnlocked() {
        checks.runDue().forEach(checkReports);
        watch.evaluate();
    }

    private void runAlertJobs() {
        alertJobs.remind();
        alertJobs.releaseSuppressed();
        alertJobs.planDigestIfDue();
    }

    /**
     * Starts the daemon thread "vedette-scheduler": every second it runs the due checks and the store
     * watch, and {@link
     * #runOnce()} when 10 seconds have passed since it last held the lock; after the cluster-wide
     * jobs it calls {@code afterLockedRun}. It stops once {@code stopped} is true or on {@link
     * #close()}.
     */
    public synchronized void start(BooleanSupplier stopped, Runnable afterLockedRun) {
        if (thread == null) {
            thread = Thread.ofPlatform()
                    .name("vedette-scheduler")
                    .daemon(true)
                    .start(() -> loop(stopped, afterLockedRun));
        }
    }

    /** How long {@link #close()} waits for a running job. */
    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(10);

    private void loop(BooleanSupplier stopped, Runnable afterLockedRun) {
        while (!stopped.getAsBoolean()) {
            try {
                Thread.sleep(1_000);
                if (stopped.getAsBoolean()) {
                    return;
                }
                Instant now = clock.instant();
                if (now.isBefore(nextLockedRun)) {
                    runUnlocked();
                } else if (runOnce()) {
                    nextLockedRun = now.plus(LOCKED_INTERVAL);
                    afterLockedRun.run();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failLog.warn(log, "Vedette scheduled jobs failed: {}", e.toString());
            }
        }
    }

    /**
     * Interrupts the scheduler thread, if it runs, and waits (at most 10 s) for the job it may be in
     * the middle of to end, so that the monitor closes the store only after the last job has used it.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        t.interrupt();
        try {
            t.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

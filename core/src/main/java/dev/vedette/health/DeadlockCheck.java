package dev.vedette.health;

import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks for deadlocked threads with {@link ThreadMXBean#findDeadlockedThreads()} (monitors and
 * {@code java.util.concurrent} locks). DOWN naming the threads when there is a deadlock — a
 * deadlock never heals, so the application needs a restart — UP otherwise.
 *
 * <p>Details: {@code threads}, a list of "name waiting for lock held by owner" entries (at most
 * 20). Create one with {@link HealthChecks#deadlocks(String)}.
 */
public final class DeadlockCheck extends AbstractCheck {
    private static final int MAX_THREADS = 20;

    private DeadlockCheck(Builder b) {
        super(b);
    }

    /** Looks for deadlocked threads. */
    @Override
    public HealthReport check() {
        long start = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null || ids.length == 0) {
            return HealthReport.up(name, CheckSupport.since(start));
        }
        List<String> names = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        for (ThreadInfo info : threads.getThreadInfo(ids)) {
            if (info == null || entries.size() >= MAX_THREADS) {
                continue;
            }
            names.add(info.getThreadName());
            entries.add(info.getThreadName() + " waiting for " + info.getLockName() + " held by "
                    + info.getLockOwnerName());
        }
        return HealthReport.builder(name, HealthStatus.DOWN)
                .responseTime(CheckSupport.since(start))
                .message(ids.length + " deadlocked threads: " + String.join(", ", names))
                .detail("threads", entries)
                .build();
    }

    /** Configures a {@link DeadlockCheck}; it has only the common options. */
    public static final class Builder extends HealthCheckBuilder<Builder> {
        Builder(String name) {
            super(name);
        }

        @Override
        public DeadlockCheck build() {
            return new DeadlockCheck(this);
        }
    }
}

package dev.vedette.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.Monitor;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.MonitorStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Sustained end-to-end throughput through a default {@link Monitor} (queue 10,000, DROP_NEWEST,
 * batches of 500, 50 ms batch delay, background jobs on) into a {@link JdbcStore} on H2 (file),
 * PostgreSQL and MariaDB. 4 producer threads build and record new transactions (all new ids, the
 * realistic mix of {@link JdbcBench#transaction}) at a fixed offered rate for the measured window,
 * after an uncounted warm-up; then the queue is flushed. Reports offered, accepted, dropped and
 * written per second from {@link Monitor#stats()}.
 *
 * <p>Args: seconds (default 20), offered records/s over all producers (default 20000), warm-up
 * seconds (default 3), databases (default h2,postgres,mariadb). An unreachable server is skipped.
 */
public final class JdbcThroughputHarness {
    private JdbcThroughputHarness() {}

    private static final int PRODUCERS = 4;

    public static void main(String[] args) throws Exception {
        int seconds = BenchSupport.intArg(args, 0, 20);
        int rate = BenchSupport.intArg(args, 1, 20_000);
        int warmup = BenchSupport.intArg(args, 2, 3);
        String dbs = args.length > 3 ? args[3] : "h2,postgres,mariadb";
        System.out.printf(
                "== Sustained throughput through a default Monitor into JdbcStore, %d producers offering %,d records/s, %d s measured after %d s warm-up%n",
                PRODUCERS, rate, seconds, warmup);
        System.out.printf(
                "%-9s %11s %11s %11s %11s %7s %9s %9s %s%n",
                "database",
                "offered/s",
                "accepted/s",
                "dropped/s",
                "written/s",
                "drop %",
                "max depth",
                "w.fails",
                "after flush");
        for (String name : dbs.split(",")) {
            JdbcBench.Kind kind =
                    JdbcBench.Kind.valueOf(name.trim().toUpperCase().replace("POSTGRESQL", "POSTGRES"));
            JdbcBench db = JdbcBench.open(kind);
            if (db == null) {
                continue;
            }
            try (db;
                    HikariDataSource pool = db.pool(5)) {
                JdbcStore store = JdbcStore.builder().dataSource(pool).build();
                try (Monitor monitor = Monitor.builder().store(store).build()) {
                    long[] seq = {0};
                    step(monitor, seq, rate, warmup, null);
                    step(monitor, seq, rate, seconds, kind.name());
                }
                store.close();
            }
        }
    }

    private static void step(Monitor monitor, long[] seq, int rate, int seconds, String label)
            throws InterruptedException {
        monitor.flush(Duration.ofSeconds(120));
        MonitorStats before = monitor.stats();
        LongAdder offered = new LongAdder();
        int[] maxDepth = {0};
        long durationNanos = seconds * 1_000_000_000L;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        long base = seq[0];
        for (int p = 0; p < PRODUCERS; p++) {
            int id = p;
            producers.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                SplittableRandom r = new SplittableRandom(base + id);
                double perProducer = rate / (double) PRODUCERS;
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long begin = System.nanoTime();
                long sent = 0;
                while (true) {
                    long elapsed = System.nanoTime() - begin;
                    if (elapsed >= durationNanos) {
                        break;
                    }
                    long due = (long) (elapsed / 1e9 * perProducer);
                    if (sent >= due) {
                        LockSupport.parkNanos(200_000);
                        continue;
                    }
                    for (long n = Math.min(due - sent, 64); n > 0; n--) {
                        String txnId = "p" + id + "_" + (base + sent) + "_" + label;
                        monitor.recordTransaction(JdbcBench.transaction(txnId, Instant.now(), r));
                        sent++;
                    }
                }
                offered.add(sent);
            }));
        }
        Thread sampler = Thread.ofPlatform().daemon(true).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxDepth[0] = Math.max(maxDepth[0], monitor.stats().queueDepth());
                LockSupport.parkNanos(5_000_000);
            }
        });
        long begin = System.nanoTime();
        start.countDown();
        for (Thread t : producers) {
            t.join();
        }
        double secs = (System.nanoTime() - begin) / 1e9;
        MonitorStats after = monitor.stats();
        sampler.interrupt();
        seq[0] = base + offered.sum() + 1_000_000_000L;
        if (label == null) {
            return;
        }
        long t0 = System.nanoTime();
        monitor.flush(Duration.ofSeconds(120));
        double flushSecs = (System.nanoTime() - t0) / 1e9;
        MonitorStats flushed = monitor.stats();
        long accepted = after.accepted() - before.accepted();
        long dropped = after.dropped() - before.dropped();
        long written = after.written() - before.written();
        System.out.printf(
                "%-9s %11.0f %11.0f %11.0f %11.0f %7.2f %9d %9d %s%n",
                label,
                offered.sum() / secs,
                accepted / secs,
                dropped / secs,
                written / secs,
                100.0 * dropped / Math.max(1, offered.sum()),
                maxDepth[0],
                flushed.writeFailures() - before.writeFailures(),
                String.format(
                        "written %,d of %,d accepted in %.1f s (loadavg %s)",
                        flushed.written() - before.written(), accepted, secs + flushSecs, JdbcBench.loadAvg()));
    }
}

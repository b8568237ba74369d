package dev.vedette.benchmarks;

import dev.vedette.Monitor;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Sustained throughput into the default {@link InMemoryStore} with the default pipeline (queue
 * 10,000, DROP_NEWEST, batches of 500, 50 ms batch delay): 4 producer threads at a stepped target
 * rate, then unthrottled, reporting accepted, dropped and written per second and the deepest queue
 * seen. Each producer cycles its own pool of pre-built transactions with distinct ids (4 × 50,000
 * = 2× the store bound, so a reused id has been evicted before it comes round again).
 *
 * <p>Args: seconds per step (default 5), comma-separated target rates in records/s (default
 * 10000,25000,50000,100000,200000,400000,800000; 0 = unthrottled, always run last).
 */
public final class ThroughputHarness {
    private ThroughputHarness() {}

    private static final int PRODUCERS = 4;
    private static final int POOL = 50_000;

    public static void main(String[] args) throws Exception {
        int seconds = BenchSupport.intArg(args, 0, 5);
        List<Long> rates = new ArrayList<>();
        for (String r : (args.length > 1 ? args[1] : "10000,25000,50000,100000,200000,400000,800000").split(",")) {
            rates.add(Long.parseLong(r.trim()));
        }
        rates.add(0L);
        Transaction[][] pools = new Transaction[PRODUCERS][POOL];
        Instant t0 = Instant.parse("2026-11-23T08:00:00Z");
        for (int p = 0; p < PRODUCERS; p++) {
            for (int i = 0; i < POOL; i++) {
                pools[p][i] =
                        BenchSupport.transaction("txn-p" + p + "-" + i, TransactionStatus.COMPLETED, t0.plusMillis(i));
            }
        }
        InMemoryStore store = new InMemoryStore();
        try (Monitor monitor = Monitor.builder().store(store).build()) {
            System.out.printf(
                    "== Sustained throughput, %d producers, %d s per step, default pipeline (queue %d) into InMemoryStore(max %d)%n",
                    PRODUCERS, seconds, monitor.stats().queueCapacity(), InMemoryStore.DEFAULT_MAX_TRANSACTIONS);
            System.out.printf(
                    "%-14s %12s %12s %12s %12s %8s %12s%n",
                    "target/s", "offered/s", "accepted/s", "dropped/s", "written/s", "drop %", "max depth");
            int[] cursor = new int[PRODUCERS];
            // short warm-up so the first step does not measure the JIT
            step(monitor, pools, cursor, 200_000, 2, false);
            for (long rate : rates) {
                step(monitor, pools, cursor, rate, seconds, true);
            }
            System.out.printf("end: %s; store counters %s%n", monitor.stats(), store.counters());
        }
    }

    private static void step(
            Monitor monitor, Transaction[][] pools, int[] cursor, long rate, int seconds, boolean print)
            throws InterruptedException {
        monitor.flush(Duration.ofSeconds(30));
        MonitorStats before = monitor.stats();
        LongAdder offered = new LongAdder();
        AtomicInteger maxDepth = new AtomicInteger();
        long durationNanos = seconds * 1_000_000_000L;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int id = p;
            producers.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                Transaction[] pool = pools[id];
                double perProducer = rate / (double) PRODUCERS;
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long begin = System.nanoTime();
                long sent = 0;
                int c = cursor[id];
                while (true) {
                    long elapsed = System.nanoTime() - begin;
                    if (elapsed >= durationNanos) {
                        break;
                    }
                    long due = rate == 0 ? sent + 256 : (long) (elapsed / 1e9 * perProducer);
                    if (sent >= due) {
                        LockSupport.parkNanos(20_000);
                        continue;
                    }
                    for (long n = Math.min(due - sent, 256); n > 0; n--) {
                        monitor.recordTransaction(pool[c]);
                        c = c + 1 == pool.length ? 0 : c + 1;
                        sent++;
                    }
                }
                cursor[id] = c;
                offered.add(sent);
            }));
        }
        Thread sampler = Thread.ofPlatform().daemon(true).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxDepth.accumulateAndGet(monitor.stats().queueDepth(), Math::max);
                LockSupport.parkNanos(1_000_000);
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
        if (!print) {
            return;
        }
        long accepted = after.accepted() - before.accepted();
        long dropped = after.dropped() - before.dropped();
        long written = after.written() - before.written();
        System.out.printf(
                "%-14s %12.0f %12.0f %12.0f %12.0f %8.2f %12d%n",
                rate == 0 ? "unthrottled" : String.valueOf(rate),
                offered.sum() / secs,
                accepted / secs,
                dropped / secs,
                written / secs,
                100.0 * dropped / Math.max(1, offered.sum()),
                maxDepth.get());
    }
}

package dev.vedette.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.vedette.Monitor;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * DESIGN §10 "memory: bounded by configuration; a queued record ≤ 200 bytes retained".
 *
 * <p>Heap is read with the MemoryMXBean after repeated {@code System.gc()}; run with {@code
 * -XX:+UseSerialGC} so a full collection leaves exactly the live set. Args: N queued records
 * (default 200000), runs (default 5), M store bound (default 100000), K same-id observations
 * (default 100000).
 */
public final class MemoryHarness {
    private MemoryHarness() {}

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    public static void main(String[] args) throws Exception {
        int n = BenchSupport.intArg(args, 0, 200_000);
        int runs = BenchSupport.intArg(args, 1, 5);
        int m = BenchSupport.intArg(args, 2, 100_000);
        int k = BenchSupport.intArg(args, 3, 100_000);
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        System.out.printf(
                "== Memory (N=%d queued records, %d runs; store bound M=%d; K=%d same-id observations)%n",
                n, runs, m, k);
        System.out.printf(
                "JVM %s, GC %s, UseCompressedOops=%s, UseCompactObjectHeaders=%s, max heap %d MB%n",
                Runtime.version(),
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining("/")),
                hs.getVMOption("UseCompressedOops").getValue(),
                option(hs, "UseCompactObjectHeaders"),
                Runtime.getRuntime().maxMemory() >> 20);

        double[] txnSize = new double[runs];
        double[] slot = new double[runs];
        double[] without = new double[runs];
        double[] with = new double[runs];
        for (int r = 0; r < runs; r++) {
            txnSize[r] = transactionSize(n);
            slot[r] = queueSlotCost(n);
            without[r] = queuedWithoutTransaction(n, r == 0);
            with[r] = queuedWithTransaction(n);
        }
        System.out.println(row("sample Transaction object (host-owned), bytes each", txnSize));
        System.out.println(row("queue slot preallocated at build (ArrayBlockingQueue), bytes per slot", slot));
        System.out.println(row("queued record, Transaction excluded (host keeps it), bytes", without));
        System.out.println(row("queued record, Transaction included (host dropped it), bytes", with));

        storeBound(m);
        sameIdTimeline(k);
    }

    private static String option(HotSpotDiagnosticMXBean hs, String name) {
        try {
            return hs.getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return "n/a";
        }
    }

    private static String row(String name, double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return String.format(
                "%-72s median %7.1f  min %7.1f  max %7.1f  runs %s",
                name,
                s[s.length / 2],
                s[0],
                s[s.length - 1],
                Arrays.stream(values).mapToObj(v -> String.format("%.1f", v)).toList());
    }

    private static Transaction txn(String prefix, int i) {
        return BenchSupport.transaction(prefix + i, TransactionStatus.COMPLETED, T0.plusMillis(i));
    }

    private static Transaction[] transactions(String prefix, int n) {
        Transaction[] all = new Transaction[n];
        for (int i = 0; i < n; i++) {
            all[i] = txn(prefix, i);
        }
        return all;
    }

    private static double transactionSize(int n) {
        long before = BenchSupport.usedHeapAfterGc();
        Transaction[] all = transactions("txn-size-", n);
        long after = BenchSupport.usedHeapAfterGc();
        Reference.reachabilityFence(all);
        // the array holding them: 16 + 4 per element with compressed oops
        return (after - before - (16.0 + 4.0 * n)) / n;
    }

    /** Heap a Monitor takes at build, per queue slot: (capacity n) minus (capacity 1). */
    private static double queueSlotCost(int n) throws InterruptedException {
        long big = monitorFootprint(n);
        long small = monitorFootprint(1);
        return (double) (big - small) / (n - 1);
    }

    private static long monitorFootprint(int capacity) throws InterruptedException {
        long before = BenchSupport.usedHeapAfterGc();
        Monitor monitor = Monitor.builder()
                .store(new InMemoryStore())
                .queueCapacity(capacity)
                .backgroundJobs(false)
                .build();
        long after = BenchSupport.usedHeapAfterGc();
        Reference.reachabilityFence(monitor);
        monitor.close(Duration.ofSeconds(5));
        return after - before;
    }

    /** A monitor whose writer is parked inside store.write() holding one record. */
    private record Blocked(Monitor monitor, CountDownLatch gate) {}

    private static Blocked blockedMonitor(int capacity) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        Store store = BenchSupport.gatedStore(
                InMemoryStore.builder().maxTransactions(1_000).build(), entered, gate);
        Monitor monitor = Monitor.builder()
                .store(store)
                .queueCapacity(capacity)
                .backgroundJobs(false)
                .build();
        monitor.recordTransaction(txn("txn-blocker-", 0));
        if (!entered.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the writer never reached the store");
        }
        return new Blocked(monitor, gate);
    }

    private static double queuedWithoutTransaction(int n, boolean overload) throws InterruptedException {
        Blocked b = blockedMonitor(n);
        Transaction[] owned = transactions("txn-owned-", n);
        long before = BenchSupport.usedHeapAfterGc();
        for (Transaction t : owned) {
            b.monitor().recordTransaction(t);
        }
        long after = BenchSupport.usedHeapAfterGc();
        MonitorStats full = b.monitor().stats();
        check(full.queueDepth() == n && full.dropped() == 0, "queue not filled exactly: " + full);
        if (overload) {
            // 10x the bound on top of a full queue: every extra record must be dropped and counted
            for (int i = 0; i < 10 * n; i++) {
                b.monitor().recordTransaction(owned[i % n]);
            }
            long afterOverload = BenchSupport.usedHeapAfterGc();
            MonitorStats s = b.monitor().stats();
            System.out.printf(
                    "queue bound under 10x overload: offered %d more into a full queue of %d -> dropped %d,"
                            + " queue depth %d/%d, heap change %+.1f KB%n",
                    10L * n, n, s.dropped(), s.queueDepth(), s.queueCapacity(), (afterOverload - after) / 1024.0);
            check(s.dropped() == 10L * n && s.queueDepth() == n, "queue bound did not hold: " + s);
        }
        Reference.reachabilityFence(owned);
        b.gate().countDown();
        b.monitor().close(Duration.ofSeconds(30));
        return (double) (after - before) / n;
    }

    private static double queuedWithTransaction(int n) throws InterruptedException {
        Blocked b = blockedMonitor(n);
        long before = BenchSupport.usedHeapAfterGc();
        for (int i = 0; i < n; i++) {
            b.monitor().recordTransaction(txn("txn-dropped-by-host-", i));
        }
        long after = BenchSupport.usedHeapAfterGc();
        MonitorStats s = b.monitor().stats();
        check(s.queueDepth() == n && s.dropped() == 0, "queue not filled exactly: " + s);
        b.gate().countDown();
        b.monitor().close(Duration.ofSeconds(30));
        return (double) (after - before) / n;
    }

    /** Records [from, to) in chunks below the queue bound, flushing after each, so nothing is dropped. */
    private static void recordFlushed(Monitor monitor, int from, int to, String prefix) {
        for (int i = from; i < to; i++) {
            monitor.recordTransaction(txn(prefix, i));
            if ((i - from + 1) % 5_000 == 0 && !monitor.flush(Duration.ofSeconds(30))) {
                throw new IllegalStateException("flush timed out");
            }
        }
        if (!monitor.flush(Duration.ofSeconds(30))) {
            throw new IllegalStateException("flush timed out");
        }
    }

    private static void storeBound(int m) throws InterruptedException {
        InMemoryStore store = InMemoryStore.builder().maxTransactions(m).build();
        Monitor monitor = Monitor.builder().store(store).backgroundJobs(false).build();
        long before = BenchSupport.usedHeapAfterGc();
        recordFlushed(monitor, 0, m, "txn-stored-");
        long atBound = BenchSupport.usedHeapAfterGc();
        System.out.printf(
                "InMemoryStore: %d transactions stored (1 observation each), %.1f bytes retained per stored transaction"
                        + " (Transaction + StoredTransaction + timeline + map entries); counters %s%n",
                m, (double) (atBound - before) / m, store.counters());
        recordFlushed(monitor, m, 10 * m, "txn-stored-");
        long atOverload = BenchSupport.usedHeapAfterGc();
        MonitorStats s = monitor.stats();
        System.out.printf(
                "store bound under 10x overload: %d distinct transactions recorded into maxTransactions=%d -> counters %s,"
                        + " pipeline dropped %d, heap change vs at-bound %+.1f MB%n",
                10L * m, m, store.counters(), s.dropped(), (atOverload - atBound) / 1048576.0);
        check(store.counters().get("transactions") == m, "store bound did not hold: " + store.counters());
        monitor.close(Duration.ofSeconds(30));
    }

    /** One transaction id observed k times: how much the store keeps for it. */
    private static void sameIdTimeline(int k) throws InterruptedException {
        InMemoryStore store = InMemoryStore.builder().maxTransactions(1_000).build();
        Monitor monitor = Monitor.builder().store(store).backgroundJobs(false).build();
        long before = BenchSupport.usedHeapAfterGc();
        for (int i = 0; i < k; i++) {
            monitor.recordTransaction(
                    BenchSupport.transaction("txn-same-id", TransactionStatus.PENDING, T0.plusMillis(i)));
            if ((i + 1) % 5_000 == 0) {
                monitor.flush(Duration.ofSeconds(30));
            }
        }
        monitor.flush(Duration.ofSeconds(30));
        long after = BenchSupport.usedHeapAfterGc();
        int timeline =
                store.transaction("txn-same-id").map(t -> t.timeline().size()).orElse(-1);
        System.out.printf(
                "same id observed %d times: store holds %s, timeline length %d, heap retained %.1f MB (%.1f bytes per observation)%n",
                k, store.counters(), timeline, (after - before) / 1048576.0, (double) (after - before) / k);
        monitor.close(Duration.ofSeconds(30));
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            System.out.println("CHECK FAILED: " + message);
        }
    }
}

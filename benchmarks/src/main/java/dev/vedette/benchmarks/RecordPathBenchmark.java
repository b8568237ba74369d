package dev.vedette.benchmarks;

import dev.vedette.Monitor;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.spool.SpoolSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DESIGN §10 "record call on the host thread": {@code Monitor.recordTransaction} against a bare
 * {@code ArrayBlockingQueue.offer} of the same object (drained by a consumer thread shaped like the
 * pipeline's writer, so it never fills) and a Micrometer counter, in the same run.
 *
 * <p>Run with {@code -t 1|2|4} and {@code -prof gc}. The Monitor's writer thread (and the queue's
 * consumer) compete with the benchmark threads for CPU; on a 2-core machine {@code -t 2} and {@code
 * -t 4} oversubscribe it.
 */
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RecordPathBenchmark {
    /** Large enough that neither queue fills while the consumer keeps up. */
    static final int CAPACITY = 1 << 20;

    static Transaction sample() {
        return BenchSupport.transaction(
                "txn-bench-1", TransactionStatus.COMPLETED, Instant.parse("2026-11-23T08:00:00Z"));
    }

    /** A Monitor whose store discards writes; no dispatcher/scheduler threads. */
    @State(Scope.Benchmark)
    public static class MonitorState {
        Monitor monitor;
        Transaction txn;
        private MonitorStats last;

        @Setup(Level.Trial)
        public void setUp() {
            monitor = Monitor.builder()
                    .store(BenchSupport.discardingStore())
                    .queueCapacity(CAPACITY)
                    .backgroundJobs(false)
                    .build();
            txn = sample();
            last = monitor.stats();
        }

        @TearDown(Level.Iteration)
        public void report() {
            MonitorStats s = monitor.stats();
            System.out.printf(
                    "  [monitor] accepted +%d, dropped +%d, written +%d, queue depth %d/%d%n",
                    s.accepted() - last.accepted(),
                    s.dropped() - last.dropped(),
                    s.written() - last.written(),
                    s.queueDepth(),
                    s.queueCapacity());
            last = s;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            monitor.close(Duration.ofSeconds(5));
        }
    }

    /** A Monitor with a spool on a temporary directory, in the subclass's mode; its store is healthy. */
    public abstract static class SpoolState {
        Monitor monitor;
        Transaction txn;
        private java.nio.file.Path dir;
        private MonitorStats last;

        abstract SpoolSettings.Mode mode();

        @Setup(Level.Trial)
        public void setUp() throws java.io.IOException {
            dir = java.nio.file.Files.createTempDirectory("vedette-bench-spool");
            monitor = Monitor.builder()
                    .store(BenchSupport.discardingStore())
                    .queueCapacity(CAPACITY)
                    .backgroundJobs(false)
                    .spool(SpoolSettings.builder(dir)
                            .mode(mode())
                            .maxBytes(1L << 30)
                            .build())
                    .build();
            txn = sample();
            last = monitor.stats();
        }

        @TearDown(Level.Iteration)
        public void report() {
            MonitorStats s = monitor.stats();
            System.out.printf(
                    "  [spool %s] accepted +%d, dropped +%d, spoolDropped +%d, spooled +%d, written +%d,"
                            + " queue depth %d, spool bytes %d%n",
                    mode(),
                    s.accepted() - last.accepted(),
                    s.dropped() - last.dropped(),
                    s.spoolDropped() - last.spoolDropped(),
                    s.spooled() - last.spooled(),
                    s.written() - last.written(),
                    s.queueDepth(),
                    s.spoolBytes());
            last = s;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws java.io.IOException {
            monitor.close(Duration.ofSeconds(5));
            try (var files = java.nio.file.Files.walk(dir)) {
                for (java.nio.file.Path p :
                        files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The spool in overflow mode, idle: the store is healthy, so records never go to disk. */
    @State(Scope.Benchmark)
    public static class OverflowSpoolState extends SpoolState {
        @Override
        SpoolSettings.Mode mode() {
            return SpoolSettings.Mode.OVERFLOW;
        }
    }

    /** The spool in write-ahead mode: every record is encoded and appended on the host thread. */
    @State(Scope.Benchmark)
    public static class WriteAheadSpoolState extends SpoolState {
        @Override
        SpoolSettings.Mode mode() {
            return SpoolSettings.Mode.WRITE_AHEAD;
        }
    }

    /** A bare ArrayBlockingQueue with a consumer that drains it in batches of up to 500, like the writer. */
    @State(Scope.Benchmark)
    public static class QueueState {
        final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
        final LongAdder refused = new LongAdder();
        Transaction txn;
        private volatile boolean running;
        private volatile long consumed; // written by the consumer thread only
        private long lastConsumed;
        private long lastRefused;
        private Thread consumer;

        @Setup(Level.Trial)
        public void setUp() {
            txn = sample();
            running = true;
            consumer = Thread.ofPlatform().name("bench-consumer").daemon(true).start(() -> {
                List<Object> batch = new ArrayList<>(500);
                while (running) {
                    try {
                        Object first = queue.poll(50, TimeUnit.MILLISECONDS);
                        if (first != null) {
                            batch.add(first);
                            queue.drainTo(batch, 499);
                            consumed += batch.size();
                            batch.clear();
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @TearDown(Level.Iteration)
        public void report() {
            long c = consumed;
            long r = refused.sum();
            System.out.printf(
                    "  [abq] consumed +%d, refused +%d, queue depth %d/%d%n",
                    c - lastConsumed, r - lastRefused, queue.size(), CAPACITY);
            lastConsumed = c;
            lastRefused = r;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            running = false;
            consumer.join(1_000);
        }
    }

    /** Like {@link QueueState}, to show what wrapping each record with its arrival time costs. */
    @State(Scope.Benchmark)
    public static class WrappedQueueState extends QueueState {}

    /** Wrapper shaped like the pipeline's private {@code Queued} record. */
    record Stamped(Object item, Instant at) {}

    @State(Scope.Benchmark)
    public static class MicrometerState {
        Counter counter;
        final Clock clock = Clock.systemUTC();

        @Setup(Level.Trial)
        public void setUp() {
            counter = new SimpleMeterRegistry().counter("vedette.bench.records");
        }
    }

    @Benchmark
    public void monitorRecordTransaction(MonitorState s) {
        s.monitor.recordTransaction(s.txn);
    }

    /** recordTransaction with an idle overflow spool (issue #18 goal: p99 ≤ 1 µs and ≤ 2× the bare offer). */
    @Benchmark
    public void monitorRecordTransactionIdleSpool(OverflowSpoolState s) {
        s.monitor.recordTransaction(s.txn);
    }

    /** recordTransaction in write-ahead mode (issue #18 goal: p99 ≤ 1 µs and ≤ 3× the bare offer). */
    @Benchmark
    public void monitorRecordTransactionWriteAhead(WriteAheadSpoolState s) {
        s.monitor.recordTransaction(s.txn);
    }

    @Benchmark
    public boolean arrayBlockingQueueOffer(QueueState s) {
        boolean ok = s.queue.offer(s.txn);
        if (!ok) {
            s.refused.increment();
        }
        return ok;
    }

    /** offer(new Stamped(txn, Instant.now())): the bare queue plus the pipeline's per-record allocation. */
    @Benchmark
    public boolean arrayBlockingQueueOfferStamped(WrappedQueueState s) {
        boolean ok = s.queue.offer(new Stamped(s.txn, Instant.now()));
        if (!ok) {
            s.refused.increment();
        }
        return ok;
    }

    /** What the pipeline's clock.instant() per record costs on its own (the default Clock.systemUTC()). */
    @Benchmark
    public Instant clockInstant(MicrometerState s) {
        return s.clock.instant();
    }

    @Benchmark
    public void micrometerCounterIncrement(MicrometerState s) {
        s.counter.increment();
    }
}

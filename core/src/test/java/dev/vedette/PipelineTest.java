package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.HealthReport;
import dev.vedette.model.LogLevel;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.OverflowPolicy;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Page;
import dev.vedette.store.StoreException;
import dev.vedette.store.TransactionQuery;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private static final Instant NOW = Instant.parse("2026-05-04T12:00:00Z");

    /** An in-memory store whose writes can be made to fail or to wait. */
    static final class ControlledStore extends DelegatingStore {
        final AtomicInteger failuresLeft = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        final AtomicInteger writes = new AtomicInteger();

        ControlledStore() {
            super(InMemoryStore.builder().maxTransactions(1_000_000).build());
        }

        @Override
        public WriteResult write(WriteBatch batch) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted");
            }
            if (failuresLeft.getAndDecrement() > 0) {
                throw new StoreException("connection refused");
            }
            writes.incrementAndGet();
            return super.write(batch);
        }
    }

    private static MonitorBuilder monitor(ControlledStore store) {
        return Monitor.builder()
                .store(store)
                .clock(new TestClock(NOW))
                .backgroundJobs(false)
                .writeRetryBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
    }

    @Test
    void manyThreadsRecordAndEveryRecordIsWrittenExactlyOnce() throws Exception {
        ControlledStore store = new ControlledStore();
        try (Monitor m = monitor(store).queueCapacity(200_000).build()) {
            int threads = 8;
            int perThread = 5_000;
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                producers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        m.recordTransaction(Transaction.builder("t" + id + "-" + (i % 1_000))
                                .status(i < 1_000 ? TransactionStatus.PENDING : TransactionStatus.COMPLETED)
                                .amount("1.00", "USD")
                                .build());
                    }
                }));
            }
            for (Thread p : producers) {
                p.join();
            }
            assertThat(m.flush(Duration.ofSeconds(30))).isTrue();

            MonitorStats stats = m.stats();
            assertThat(stats.accepted()).isEqualTo(threads * perThread);
            assertThat(stats.written()).isEqualTo(threads * perThread);
            assertThat(stats.dropped()).isZero();
            StoredTransaction one = m.transactions().get("t3-7").orElseThrow();
            assertThat(one.eventCount()).isEqualTo(5);
            assertThat(one.status()).isEqualTo(TransactionStatus.COMPLETED);
            assertThat(store.counters()).containsEntry("transactions", 8_000L);
            assertThat(store.writes.get()).as("written in batches").isLessThan(threads * perThread / 2);
        }
    }

    @Test
    void fullQueueDropsNewestAndCountsIt() throws Exception {
        ControlledStore store = new ControlledStore();
        store.gate = new CountDownLatch(1);
        try (Monitor m = monitor(store)
                .queueCapacity(10)
                .batchSize(5)
                .maxBatchDelay(Duration.ZERO)
                .build()) {
            for (int i = 0; i < 100; i++) {
                m.recordTransaction(Transaction.builder("t" + i).build());
            }
            MonitorStats during = m.stats();
            assertThat(during.accepted() + during.dropped()).isEqualTo(100);
            assertThat(during.dropped()).isGreaterThanOrEqualTo(100 - 10 - 5);
            assertThat(during.queueCapacity()).isEqualTo(10);

            store.gate.countDown();
            assertThat(m.flush(Duration.ofSeconds(10))).isTrue();
            MonitorStats after = m.stats();
            assertThat(after.written()).isEqualTo(during.accepted());
            Page<StoredTransaction> all = m.transactions()
                    .search(TransactionQuery.builder().limit(1_000).build());
            assertThat(all.items()).hasSize((int) during.accepted());
        }
    }

    @Test
    void blockPolicyWaitsForRoomUpToItsBound() throws Exception {
        ControlledStore store = new ControlledStore();
        store.gate = new CountDownLatch(1);
        try (Monitor m = monitor(store)
                .queueCapacity(1)
                .batchSize(1)
                .overflowPolicy(OverflowPolicy.BLOCK, Duration.ofMillis(20))
                .build()) {
            for (int i = 0; i < 5; i++) {
                m.recordTransaction(Transaction.builder("t" + i).build());
            }
            assertThat(m.stats().dropped())
                    .as("the writer is stuck, so waiting does not help")
                    .isGreaterThanOrEqualTo(3);
            store.gate.countDown();
            assertThat(m.flush(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void storeFailuresAreRetriedAndNothingIsLost() {
        ControlledStore store = new ControlledStore();
        store.failuresLeft.set(3);
        try (Monitor m = monitor(store).build()) {
            for (int i = 0; i < 50; i++) {
                m.recordTransaction(Transaction.builder("t" + i)
                        .status(TransactionStatus.COMPLETED)
                        .build());
            }
            assertThat(m.flush(Duration.ofSeconds(10))).isTrue();

            MonitorStats stats = m.stats();
            assertThat(stats.writeFailures()).isEqualTo(3);
            assertThat(stats.lastWriteError()).isEqualTo("StoreException: connection refused");
            assertThat(stats.written()).isEqualTo(50);
            assertThat(m.transactions().get("t49")).isPresent();
        }
    }

    @Test
    void recordsAreStampedWithTheMonitorClock() {
        ControlledStore store = new ControlledStore();
        try (Monitor m = monitor(store).build()) {
            m.recordTransaction(
                    Transaction.builder("t1").status(TransactionStatus.PENDING).build());
            m.recordHealth(HealthReport.up("db", Duration.ofMillis(3)));
            m.flush(Duration.ofSeconds(5));

            assertThat(m.transactions().get("t1").orElseThrow().createdAt()).isEqualTo(NOW);
            assertThat(store.healthSamples("db", NOW, NOW.plusSeconds(1), 10)).hasSize(1);
        }
    }

    @Test
    void nullsAndRecordsAfterCloseAreCountedNoOps() {
        ControlledStore store = new ControlledStore();
        Monitor m = monitor(store).build();
        m.recordTransaction(null);
        m.recordHealth(null);
        m.recordError((Throwable) null);
        m.log(LogLevel.INFO, "bad component with spaces\n", "x");
        m.close();
        m.recordTransaction(Transaction.builder("late").build());

        MonitorStats stats = m.stats();
        assertThat(stats.rejected()).isEqualTo(4);
        assertThat(stats.droppedAfterClose()).isEqualTo(1);
        assertThat(stats.accepted()).isZero();
    }

    @Test
    void closeWritesWhatIsQueuedAndReportsWhatItCouldNot() {
        ControlledStore store = new ControlledStore();
        Monitor m = monitor(store).build();
        for (int i = 0; i < 20; i++) {
            m.recordTransaction(Transaction.builder("t" + i).build());
        }
        assertThat(m.close(Duration.ofSeconds(10))).isZero();
        assertThat(m.stats().written()).isEqualTo(20);

        ControlledStore broken = new ControlledStore();
        broken.failuresLeft.set(Integer.MAX_VALUE);
        Monitor failing = monitor(broken).build();
        for (int i = 0; i < 7; i++) {
            failing.recordTransaction(Transaction.builder("t" + i).build());
        }
        assertThat(failing.close(Duration.ofMillis(200))).isEqualTo(7);
        assertThat(failing.stats().written()).isZero();
    }

    @Test
    void errorsAreGroupedByFingerprint() {
        ControlledStore store = new ControlledStore();
        try (Monitor m = monitor(store).build()) {
            for (int order = 1; order <= 3; order++) {
                m.recordError(new IllegalStateException(
                        "Order " + order * 1000 + " for ada" + order + "@example.com failed"));
            }
            m.recordError(new IllegalArgumentException("something else"));
            m.flush(Duration.ofSeconds(5));

            var groups = m.errors().groups(java.util.Set.of(), 10, null).items();
            assertThat(groups).hasSize(2);
            assertThat(groups).anySatisfy(g -> {
                assertThat(g.count()).isEqualTo(3);
                assertThat(g.messageTemplate()).isEqualTo("Order <n> for <email> failed");
                assertThat(g.lastStackTrace()).contains("IllegalStateException");
            });
        }
    }

    @Test
    void noThreadKeepsTheJvmAlive() {
        ControlledStore store = new ControlledStore();
        try (Monitor m = Monitor.builder().store(store).build()) {
            m.recordTransaction(Transaction.builder("t").build());
            assertThat(Thread.getAllStackTraces().keySet())
                    .filteredOn(t -> t.getName().startsWith("vedette-"))
                    .isNotEmpty()
                    .allSatisfy(t -> assertThat(t.isDaemon()).as(t.getName()).isTrue());
        }
    }
}

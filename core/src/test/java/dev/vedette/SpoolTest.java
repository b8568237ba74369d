package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.MonitorStats;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.spool.SpoolSettings;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.StoreException;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import dev.vedette.test.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk spool in both modes, on an in-memory store that can be taken down and brought back. */
class SpoolTest {
    private static final Instant NOW = Instant.parse("2026-05-04T12:00:00Z");

    @TempDir
    Path dir;

    /** An in-memory store whose writes fail (transiently) while it is down. */
    static final class SwitchableStore extends DelegatingStore {
        volatile boolean down;
        final AtomicInteger failures = new AtomicInteger();

        SwitchableStore() {
            super(InMemoryStore.builder().maxTransactions(1_000_000).build());
        }

        @Override
        public WriteResult write(WriteBatch batch) {
            if (down) {
                failures.incrementAndGet();
                throw new StoreException("connection refused");
            }
            return super.write(batch);
        }
    }

    private MonitorBuilder monitor(SwitchableStore store, SpoolSettings.Mode mode, TestClock clock) {
        return Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(false)
                .queueCapacity(50)
                .batchSize(20)
                .writeRetryBackoff(Duration.ofMillis(1), Duration.ofMillis(20))
                .closeTimeout(Duration.ofMillis(200))
                .spool(SpoolSettings.builder(dir).mode(mode).build());
    }

    private static Transaction txn(int i, TransactionStatus status) {
        return Transaction.builder("t" + i).status(status).amount("1.00", "USD").build();
    }

    /** Every 25 records, lets the writer empty the queue of 50 (into the spool while the store is down). */
    private static void paced(Monitor m, int i) {
        if (i % 25 == 24) {
            Poll.until(() -> m.stats().queueDepth() == 0);
        }
    }

    private static void assertEachStoredOnce(Monitor m, int count) {
        for (int i = 0; i < count; i++) {
            StoredTransaction t = m.transactions().get("t" + i).orElseThrow(() -> new AssertionError("missing"));
            assertThat(t.eventCount()).as("t%s observations", t.id()).isEqualTo(1);
        }
    }

    @Test
    void overflowKeepsEveryRecordThroughAnOutageTenTimesTheQueue() {
        SwitchableStore store = new SwitchableStore();
        store.down = true;
        try (Monitor m =
                monitor(store, SpoolSettings.Mode.OVERFLOW, new TestClock(NOW)).build()) {
            for (int i = 0; i < 500; i++) {
                m.recordTransaction(txn(i, TransactionStatus.PENDING));
                paced(m, i);
            }
            assertThat(m.flush(Duration.ofMillis(300)))
                    .as("nothing can be written yet")
                    .isFalse();
            for (int i = 0; i < 100; i++) { // the same ids again: their order must survive the spool
                m.recordTransaction(txn(i, TransactionStatus.COMPLETED).toBuilder()
                        .occurredAt(NOW.plusSeconds(1))
                        .build());
                paced(m, i);
            }
            store.down = false;

            assertThat(m.flush(Duration.ofSeconds(10))).isTrue();

            MonitorStats s = m.stats();
            assertThat(s.accepted()).isEqualTo(600);
            assertThat(s.dropped()).isZero();
            assertThat(s.spoolDropped()).isZero();
            assertThat(s.written()).isEqualTo(600);
            assertThat(s.spooled()).isPositive();
            assertThat(s.replayed()).isEqualTo(s.spooled());
            assertThat(store.failures.get()).isPositive();
            assertThat(store.counters()).containsEntry("transactions", 500L);
            assertThat(m.transactions().get("t7").orElseThrow().status()).isEqualTo(TransactionStatus.COMPLETED);
            assertThat(m.transactions().get("t7").orElseThrow().eventCount()).isEqualTo(2);
            assertThat(m.transactions().get("t300").orElseThrow().statusAt())
                    .as("stamped when recorded, not when replayed")
                    .isEqualTo(NOW);
        }
    }

    @Test
    void overflowBeyondTheByteBoundCountsEveryDroppedRecord() {
        SwitchableStore store = new SwitchableStore();
        store.down = true;
        MonitorBuilder b = monitor(store, SpoolSettings.Mode.OVERFLOW, new TestClock(NOW))
                .spool(SpoolSettings.builder(dir)
                        .maxBytes(SpoolSettings.MIN_MAX_BYTES)
                        .build());
        try (Monitor m = b.build()) {
            String padding = "x".repeat(1_500); // ~1.5 KiB frames: 1 MiB holds about 680
            int n = 1_500;
            for (int i = 0; i < n; i++) {
                m.recordTransaction(txn(i, TransactionStatus.FAILED).toBuilder()
                        .error("DECLINED", padding)
                        .build());
                paced(m, i);
            }
            Poll.until(() -> m.stats().queueDepth() == 0);
            store.down = false;
            assertThat(m.flush(Duration.ofSeconds(15))).isTrue();

            MonitorStats s = m.stats();
            assertThat(s.dropped()).isZero();
            assertThat(s.spoolDropped()).isPositive();
            assertThat(s.written() + s.spoolDropped()).isEqualTo(n);
            assertThat(store.counters()).containsEntry("transactions", s.written());
            assertThat(s.spoolBytes()).isLessThanOrEqualTo(SpoolSettings.MIN_MAX_BYTES);
        }
    }

    @Test
    void whatTheSpoolHoldsAtCloseIsWrittenByTheNextMonitorWithItsOriginalTimes() {
        SwitchableStore store = new SwitchableStore();
        store.down = true;
        Monitor first =
                monitor(store, SpoolSettings.Mode.OVERFLOW, new TestClock(NOW)).build();
        for (int i = 0; i < 200; i++) {
            first.recordTransaction(txn(i, TransactionStatus.COMPLETED));
            paced(first, i);
        }
        first.close();
        assertThat(store.counters()).doesNotContainEntry("transactions", 200L);

        store.down = false;
        try (Monitor second = monitor(store, SpoolSettings.Mode.OVERFLOW, new TestClock(NOW.plusSeconds(3600)))
                .build()) {
            Poll.until(() -> second.stats().replayed() == 200);

            assertThat(second.stats().replayed()).isEqualTo(200);
            assertThat(second.stats().accepted()).isZero();
            assertThat(second.flush(Duration.ofSeconds(1))).isTrue();
            assertEachStoredOnce(second, 200);
            assertThat(second.transactions().get("t199").orElseThrow().statusAt())
                    .isEqualTo(NOW);
        }
    }

    @Test
    void writeAheadSpoolsEveryRecordAndTrimsItAsTheWriterStores() {
        SwitchableStore store = new SwitchableStore();
        try (Monitor m = monitor(store, SpoolSettings.Mode.WRITE_AHEAD, new TestClock(NOW))
                .queueCapacity(100_000)
                .build()) {
            for (int i = 0; i < 20_000; i++) {
                m.recordTransaction(txn(i, TransactionStatus.COMPLETED));
            }
            assertThat(m.flush(Duration.ofSeconds(20))).isTrue();

            MonitorStats s = m.stats();
            assertThat(s.spooled()).isEqualTo(20_000);
            assertThat(s.written()).isEqualTo(20_000);
            assertThat(s.spoolBytes()).isLessThanOrEqualTo(SpoolSettings.DEFAULT_MAX_BYTES);
            assertEachStoredOnce(m, 20_000);
        }
        try (Monitor again = monitor(store, SpoolSettings.Mode.WRITE_AHEAD, new TestClock(NOW))
                .build()) {
            assertThat(again.flush(Duration.ofSeconds(1))).isTrue();
            assertThat(again.stats().replayed()).as("everything was committed").isZero();
        }
    }

    @Test
    void writeAheadThroughAnOutageWritesEachRecordOnceAndInOrder() {
        SwitchableStore store = new SwitchableStore();
        try (Monitor m = monitor(store, SpoolSettings.Mode.WRITE_AHEAD, new TestClock(NOW))
                .build()) {
            for (int i = 0; i < 100; i++) {
                m.recordTransaction(txn(i, TransactionStatus.PENDING));
            }
            store.down = true;
            for (int i = 100; i < 1_000; i++) { // 18 times the queue
                m.recordTransaction(txn(i, TransactionStatus.PENDING));
            }
            for (int i = 0; i < 1_000; i++) {
                m.recordTransaction(txn(i, TransactionStatus.COMPLETED).toBuilder()
                        .occurredAt(NOW.plusSeconds(1))
                        .build());
            }
            store.down = false;

            assertThat(m.flush(Duration.ofSeconds(20))).isTrue();

            MonitorStats s = m.stats();
            assertThat(s.accepted()).isEqualTo(2_000);
            assertThat(s.dropped()).isZero();
            assertThat(s.written()).isEqualTo(2_000);
            for (int i = 0; i < 1_000; i++) {
                StoredTransaction t = m.transactions().get("t" + i).orElseThrow();
                assertThat(t.eventCount()).as("t%s observations", i).isEqualTo(2);
                assertThat(t.status()).isEqualTo(TransactionStatus.COMPLETED);
            }
        }
    }

    @Test
    void writeAheadFromManyThreadsWritesEveryRecordOnceEvenWhenTheQueueOverflows() throws Exception {
        SwitchableStore store = new SwitchableStore();
        int threads = 8;
        int each = 2_500;
        try (Monitor m = monitor(store, SpoolSettings.Mode.WRITE_AHEAD, new TestClock(NOW))
                .build()) {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<Thread> hosts = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                hosts.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        m.recordTransaction(txn(id * each + i, TransactionStatus.COMPLETED));
                    }
                }));
            }
            go.countDown();
            for (Thread h : hosts) {
                h.join();
            }

            assertThat(m.flush(Duration.ofSeconds(20))).isTrue();

            MonitorStats s = m.stats();
            assertThat(s.accepted()).isEqualTo(threads * each);
            assertThat(s.dropped())
                    .as("a full queue of 50 does not drop in write-ahead mode")
                    .isZero();
            assertThat(s.replayed())
                    .as("records that found the queue full were written from the spool")
                    .isPositive();
            assertThat(s.spooled()).isEqualTo(threads * each);
            assertThat(s.written()).isEqualTo(threads * each);
            assertEachStoredOnce(m, threads * each);
        }
    }

    @Test
    void aDirectoryInUseIsRefusedAtBuild() {
        SwitchableStore store = new SwitchableStore();
        try (Monitor m =
                monitor(store, SpoolSettings.Mode.OVERFLOW, new TestClock(NOW)).build()) {
            assertThatThrownBy(() -> monitor(new SwitchableStore(), SpoolSettings.Mode.OVERFLOW, new TestClock(NOW))
                            .build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
            assertThat(m.stats().spoolBytes()).isPositive();
        }
    }

    @Test
    void settingsNameTheBadValue() {
        assertThatThrownBy(() -> SpoolSettings.builder(dir).maxBytes(1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes")
                .hasMessageContaining("1000");
    }

    /** Polls until a condition holds (10 s at most). */
    static final class Poll {
        static void until(java.util.function.BooleanSupplier condition) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
            }
        }
    }
}

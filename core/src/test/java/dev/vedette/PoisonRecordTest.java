package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vedette.internal.pipeline.Pipeline;
import dev.vedette.micrometer.VedetteMetrics;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.QuarantinedRecord;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.StoreException;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import dev.vedette.test.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A batch the store refuses for good is split until the refused records are alone; the rest is written. */
class PoisonRecordTest {
    private static final Instant NOW = Instant.parse("2026-05-04T12:00:00Z");

    /**
     * A store that refuses, permanently, any write holding one of the poison ids or components, and
     * can first fail a number of writes transiently (a connection lost).
     */
    static final class RefusingStore extends DelegatingStore {
        final Set<String> poison;
        final AtomicInteger transientFailuresLeft = new AtomicInteger();
        volatile int transientFailuresAfterRefusal;
        final List<Integer> attemptSizes = new CopyOnWriteArrayList<>();

        RefusingStore(Set<String> poison) {
            super(InMemoryStore.builder().maxTransactions(1_000_000).build());
            this.poison = poison;
        }

        @Override
        public WriteResult write(WriteBatch batch) {
            attemptSizes.add(batch.transactions().size() + batch.healthReports().size());
            if (transientFailuresLeft.getAndDecrement() > 0) {
                throw new StoreException("connection refused");
            }
            boolean refused = batch.transactions().stream().anyMatch(t -> poison.contains(t.id()))
                    || batch.healthReports().stream().anyMatch(r -> poison.contains(r.component()));
            if (refused) {
                transientFailuresLeft.set(transientFailuresAfterRefusal);
                transientFailuresAfterRefusal = 0;
                throw new StoreException("write failed (SQLState 23505)", null, true);
            }
            return super.write(batch);
        }
    }

    private static Monitor monitor(RefusingStore store) {
        return Monitor.builder()
                .store(store)
                .clock(new TestClock(NOW))
                .backgroundJobs(false)
                .queueCapacity(20_000)
                .batchSize(10_000)
                .maxBatchDelay(Duration.ofSeconds(30))
                .writeRetryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .build();
    }

    private static Transaction tx(String id) {
        return Transaction.builder(id)
                .status(TransactionStatus.COMPLETED)
                .amount("1.00", "USD")
                .build();
    }

    @Test
    void aBatchOfTenThousandWithThreePoisonRecordsWritesTheOtherTenThousandLessThreeAndGoesOn() {
        RefusingStore store = new RefusingStore(Set.of("t-17", "t-5000", "t-9999"));
        Logger pipelineLog = (Logger) LoggerFactory.getLogger(Pipeline.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        pipelineLog.addAppender(lines);
        try (Monitor m = monitor(store)) {
            for (int i = 0; i < 10_000; i++) {
                m.recordTransaction(tx("t-" + i));
            }
            assertThat(m.flush(Duration.ofSeconds(30))).isTrue();

            assertThat(store.attemptSizes.getFirst()).isEqualTo(10_000);
            MonitorStats stats = m.stats();
            assertThat(stats.written()).isEqualTo(9_997);
            assertThat(stats.quarantined()).isEqualTo(3);
            assertThat(stats.quarantineEvicted()).isZero();
            assertThat(stats.writeFailures()).isZero();
            assertThat(stats.lastWriteError()).isNull();
            assertThat(m.transactions().get("t-16")).isPresent();
            assertThat(m.transactions().get("t-9998")).isPresent();
            assertThat(m.transactions().get("t-17")).isEmpty();
            // isolating 3 records among 10,000 takes a few dozen writes, not one per record
            assertThat(store.attemptSizes).hasSizeLessThan(100);
            assertThat(m.errors().quarantine())
                    .extracting(QuarantinedRecord::kind, QuarantinedRecord::id)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("transaction", "t-9999"),
                            org.assertj.core.groups.Tuple.tuple("transaction", "t-5000"),
                            org.assertj.core.groups.Tuple.tuple("transaction", "t-17"));
            assertThat(m.errors().quarantine())
                    .allSatisfy(q -> assertThat(q.reason()).contains("23505"))
                    .allSatisfy(q -> assertThat(q.quarantinedAt()).isEqualTo(NOW));

            // the writer keeps going
            m.recordTransaction(tx("after"));
            assertThat(m.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(m.transactions().get("after")).isPresent();
            assertThat(m.stats().written()).isEqualTo(9_998);
        } finally {
            pipelineLog.detachAppender(lines);
        }
        List<String> warnings = lines.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(msg -> msg.contains("quarantined"))
                .toList();
        assertThat(warnings).hasSize(3);
        assertThat(warnings.getFirst()).contains("transaction 't-17'", "23505");
    }

    @Test
    void aTransientFailureWhileSplittingIsRetriedAndQuarantinesNothingMore() {
        RefusingStore store = new RefusingStore(Set.of("t-3"));
        store.transientFailuresAfterRefusal = 2;
        try (Monitor m = monitor(store)) {
            for (int i = 0; i < 8; i++) {
                m.recordTransaction(tx("t-" + i));
            }
            assertThat(m.flush(Duration.ofSeconds(10))).isTrue();

            // 8 refused, then the half of 4 fails twice on a lost connection and is retried as it is
            assertThat(store.attemptSizes).startsWith(8, 4, 4, 4);
            assertThat(m.stats().written()).isEqualTo(7);
            assertThat(m.stats().quarantined()).isEqualTo(1);
            assertThat(m.errors().quarantine())
                    .extracting(QuarantinedRecord::id)
                    .containsExactly("t-3");
            // the two lost connections are write failures; the refusals are not
            assertThat(m.stats().writeFailures()).isEqualTo(2);
            assertThat(m.stats().lastWriteError()).contains("connection refused");
        }
    }

    @Test
    void onlyATransientFailureIsRetriedAsItIsAndNothingIsQuarantined() {
        RefusingStore store = new RefusingStore(Set.of());
        store.transientFailuresLeft.set(3);
        try (Monitor m = monitor(store)) {
            for (int i = 0; i < 5; i++) {
                m.recordTransaction(tx("t-" + i));
            }
            assertThat(m.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(store.attemptSizes).containsOnly(5);
            assertThat(m.stats().written()).isEqualTo(5);
            assertThat(m.stats().quarantined()).isZero();
        }
    }

    @Test
    void aRefusedHealthReportIsQuarantinedByItsComponent() {
        RefusingStore store = new RefusingStore(Set.of("bad-db"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Monitor m = monitor(store)) {
            new VedetteMetrics(2).attach(m).bindTo(registry);
            m.recordHealth(HealthReport.builder("bad-db", HealthStatus.DOWN).build());
            m.recordHealth(HealthReport.builder("good-db", HealthStatus.UP).build());
            assertThat(m.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(m.errors().quarantine())
                    .singleElement()
                    .satisfies(q -> assertThat(q.kind()).isEqualTo("health"))
                    .satisfies(q -> assertThat(q.id()).isEqualTo("bad-db"));
            assertThat(m.stats().written()).isEqualTo(1);
            assertThat(registry.get("vedette.pipeline.quarantined")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
        }
    }
}

package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.HealthReport;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RecordAllTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void recordsAreTakenAllTogetherOrNotAtAllAndNothingIsCountedAsDropped() throws Exception {
        PipelineTest.ControlledStore store = new PipelineTest.ControlledStore();
        store.gate = new CountDownLatch(1);
        try (Monitor m = Monitor.builder()
                .store(store)
                .clock(new TestClock(NOW))
                .backgroundJobs(false)
                .queueCapacity(5)
                .batchSize(1)
                .build()) {
            assertThat(m.recordAll(List.of(tx("held")))).isEqualTo(1);
            while (m.stats().queueDepth() > 0) {
                Thread.onSpinWait(); // the writer takes "held" and waits at the gate
            }
            List<Object> five = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                five.add(tx("a" + i));
            }
            List<Object> two = List.of(tx("b0"), HealthReport.up("db", Duration.ofMillis(3)));

            assertThat(m.recordAll(five)).isEqualTo(5);
            assertThat(m.recordAll(two)).isZero();
            assertThat(m.stats().dropped()).isZero();

            store.gate.countDown();
            assertThat(m.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(m.recordAll(two)).isEqualTo(2);
            assertThat(m.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(m.transactions().get("a4")).isPresent();
            assertThat(m.transactions().get("b0")).isPresent();
            assertThatThrownBy(() -> m.recordAll(List.of("not a record")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("records[0]");
        }
    }

    private static Transaction tx(String id) {
        return Transaction.builder(id).status(TransactionStatus.PENDING).build();
    }
}

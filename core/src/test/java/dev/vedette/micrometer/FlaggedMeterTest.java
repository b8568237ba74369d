package dev.vedette.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.Transaction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlaggedMeterTest {

    @Test
    void flaggedTransactionsAreAPipelineCounter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Monitor monitor = Monitor.builder().backgroundJobs(false).build()) {
            new VedetteMetrics(2).attach(monitor).bindTo(registry);
            monitor.recordTransaction(
                    Transaction.builder("t-1").amount("1.999", "USD").build());
            monitor.recordTransaction(
                    Transaction.builder("t-2").amount("1.99", "USD").build());
            assertThat(monitor.flush(Duration.ofSeconds(5))).isTrue();

            assertThat(registry.get("vedette.pipeline.flagged")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("vedette.pipeline.written")
                            .functionCounter()
                            .count())
                    .isEqualTo(2);
        }
    }
}

package dev.vedette.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.errors.Scrubber;
import dev.vedette.model.HealthReport;
import dev.vedette.model.OverflowPolicy;
import dev.vedette.model.WrittenBatch;
import dev.vedette.store.InMemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PipelineListenersTest {

    @Test
    void aListenerThatThrowsDoesNotKeepTheOthersFromTheBatch() {
        List<String> calls = new CopyOnWriteArrayList<>();
        List<WrittenBatch> seen = new CopyOnWriteArrayList<>();
        BatchListener first = batch -> calls.add("first");
        BatchListener failing = batch -> {
            calls.add("failing");
            throw new IllegalStateException("boom");
        };
        BatchListener last = batch -> {
            calls.add("last");
            seen.add(batch);
        };
        Pipeline pipeline = new Pipeline(
                new InMemoryStore(),
                Clock.systemUTC(),
                new Pipeline.Settings(
                        16,
                        OverflowPolicy.DROP_NEWEST,
                        Duration.ZERO,
                        8,
                        Duration.ofMillis(1),
                        Duration.ofMillis(10),
                        Duration.ofMillis(10)),
                new Fingerprints(Fingerprints.DEFAULT_FRAMEWORK_PREFIXES),
                Scrubber.defaults(),
                new Quarantine(Quarantine.DEFAULT_CAPACITY),
                List.of(first, failing, last));
        try {
            pipeline.offer(HealthReport.up("smtp", Duration.ofMillis(3)));
            assertThat(pipeline.flush(Duration.ofSeconds(5))).isTrue();

            assertThat(calls).containsExactly("first", "failing", "last");
            assertThat(seen)
                    .singleElement()
                    .satisfies(batch -> assertThat(batch.healthReports())
                            .extracting(HealthReport::component)
                            .containsExactly("smtp"));
            assertThat(pipeline.stats().written()).isEqualTo(1);
        } finally {
            pipeline.close(Duration.ofSeconds(1));
        }
    }
}

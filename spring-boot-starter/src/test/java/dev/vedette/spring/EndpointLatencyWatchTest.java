package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.model.AlertRecord;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointLatencyWatchTest {

    @Test
    void slowRouteRaisesOnceAndResolvesWhenItsWindowIsFastAgain() {
        EndpointStats stats = new EndpointStats();
        EndpointLatencyWatch watch = new EndpointLatencyWatch(
                stats, Duration.ofSeconds(1), 95, Duration.ofMinutes(2), Duration.ofMinutes(1), 10, "node-1");
        try (Monitor monitor = Monitor.builder().backgroundJobs(false).build()) {
            for (int i = 0; i < 20; i++) {
                stats.record("GET", "/checkout", 200, Duration.ofMillis(i < 18 ? 1_400 : 100));
                stats.record("GET", "/health", 200, Duration.ofMillis(5));
            }
            watch.evaluate(monitor);
            watch.evaluate(monitor); // no new requests: still the same window, no second alert

            assertThat(monitor.alerts().active()).singleElement().satisfies(a -> {
                assertThat(a.title()).isEqualTo("Slow endpoint GET /checkout: p95 1400 ms");
                assertThat(a.labels()).containsEntry("route", "/checkout").containsEntry("instance", "node-1");
                assertThat(a.occurrences()).isEqualTo(1);
            });

            for (int i = 0; i < 20; i++) {
                stats.record("GET", "/checkout", 200, Duration.ofMillis(50));
            }
            watch.evaluate(monitor); // the slow step has left the two-step window
            assertThat(monitor.alerts().active()).isEmpty();
            assertThat(monitor.alerts()
                            .search(dev.vedette.store.AlertQuery.all(10))
                            .items())
                    .extracting(AlertRecord::resolvedBy)
                    .containsExactly("auto");
        }
    }

    @Test
    void quietRoutesDoNotAlert() {
        EndpointStats stats = new EndpointStats();
        EndpointLatencyWatch watch = new EndpointLatencyWatch(
                stats, Duration.ofSeconds(1), 95, Duration.ofMinutes(5), Duration.ofSeconds(30), 20, "n");
        try (Monitor monitor = Monitor.builder().backgroundJobs(false).build()) {
            for (int i = 0; i < 19; i++) {
                stats.record("POST", "/pay", 200, Duration.ofSeconds(3));
            }
            watch.evaluate(monitor);
            assertThat(monitor.alerts().active()).as("below the minimum volume").isEmpty();
        }
        assertThatThrownBy(() -> new EndpointLatencyWatch(
                        stats, Duration.ofSeconds(1), 0, Duration.ofMinutes(5), Duration.ofSeconds(30), 20, "n"))
                .hasMessage("percentile must be in (0, 100], was 0.0");
    }
}

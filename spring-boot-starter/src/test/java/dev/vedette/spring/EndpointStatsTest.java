package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointStatsTest {

    @Test
    void percentilesComeFromTheSharedHistogramBuckets() {
        EndpointStats stats = new EndpointStats();
        for (int i = 1; i <= 100; i++) {
            stats.record("GET", "/orders", 200, Duration.ofMillis(i));
        }

        EndpointStats.Endpoint e = stats.endpoint("GET", "/orders").orElseThrow();
        assertThat(e.count()).isEqualTo(100);
        assertThat(e.p50()).isEqualTo(Duration.ofMillis(50));
        assertThat(e.p95()).isEqualTo(Duration.ofMillis(100));
        assertThat(e.p99()).isEqualTo(Duration.ofMillis(100));
        assertThat(e.max()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void slowRequestsAndErrorsAreCounted() {
        EndpointStats stats = new EndpointStats(10, Duration.ofSeconds(1));
        stats.record("POST", "/pay", 500, Duration.ofMillis(1_500));
        stats.record("POST", "/pay", 200, Duration.ofMillis(1_000));
        stats.record("POST", "/pay", 429, Duration.ofMillis(10));

        EndpointStats.Endpoint e = stats.endpoint("POST", "/pay").orElseThrow();
        assertThat(e.slow()).isEqualTo(1);
        assertThat(e.serverErrors()).isEqualTo(1);
        assertThat(e.clientErrors()).isEqualTo(1);
        assertThat(e.serverErrorRate()).isEqualTo(1 / 3.0);
    }

    @Test
    void routesPastTheBoundCountUnderOther() {
        EndpointStats stats = new EndpointStats(2, Duration.ofSeconds(1));
        stats.record("GET", "/a", 200, Duration.ofMillis(1));
        stats.record("GET", "/b", 200, Duration.ofMillis(1));
        stats.record("GET", "/c", 200, Duration.ofMillis(1));
        stats.record("GET", "/d", 200, Duration.ofMillis(1));

        assertThat(stats.endpoints())
                .extracting(EndpointStats.Endpoint::route)
                .containsExactlyInAnyOrder("/a", "/b", EndpointStats.OTHER_ROUTE);
        assertThat(stats.endpoints().stream()
                        .filter(e -> e.route().equals(EndpointStats.OTHER_ROUTE))
                        .findFirst()
                        .orElseThrow()
                        .count())
                .isEqualTo(2);
        stats.reset();
        assertThat(stats.endpoints()).isEmpty();
    }

    @Test
    void slowestOrdersByP95() {
        EndpointStats stats = new EndpointStats();
        stats.record("GET", "/fast", 200, Duration.ofMillis(2));
        stats.record("GET", "/slow", 200, Duration.ofMillis(900));
        stats.record("GET", "/medium", 200, Duration.ofMillis(90));

        assertThat(stats.slowest(2)).extracting(EndpointStats.Endpoint::route).containsExactly("/slow", "/medium");
    }

    @Test
    void badBoundsAreRejected() {
        assertThatThrownBy(() -> new EndpointStats(0, Duration.ofSeconds(1)))
                .hasMessage("maxRoutes must be at least 1, was 0");
        assertThatThrownBy(() -> new EndpointStats(1, Duration.ZERO))
                .hasMessage("slowThreshold must be positive, was PT0S");
        assertThatThrownBy(() -> new EndpointStats().slowest(-1)).hasMessage("limit must not be negative, was -1");
    }
}

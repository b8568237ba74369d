package dev.vedette.spring.dashboard;

import dev.vedette.spring.EndpointStats;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET {base}/api/endpoints}: the API performance page, from the in-memory {@link
 * EndpointStats} of this instance since it started (Vedette's servlet filter feeds it, by route
 * template). Without the filter (vedette.web.enabled=false, or not a servlet application) the answer
 * says it is not tracking and lists nothing.
 */
@DashboardApi
public class DashboardEndpointsApi {
    private final @Nullable EndpointStats stats;

    DashboardEndpointsApi(@Nullable EndpointStats stats) {
        this.stats = stats;
    }

    /**
     * The API performance table.
     *
     * @param tracking whether request timings are being recorded on this instance
     * @param slowThresholdMs the latency above which a request counts as slow
     * @param maxRoutes the bound on tracked routes (the rest count under {@code * OTHER})
     * @param items one row per route, highest p95 first (ties: more requests first)
     */
    public record Endpoints(boolean tracking, long slowThresholdMs, int maxRoutes, List<Row> items) {}

    /**
     * One route.
     *
     * @param method HTTP method ({@code *} for the overflow row)
     * @param route route template
     * @param count requests
     * @param clientErrors 4xx answers
     * @param serverErrors 5xx answers and requests that threw
     * @param errorRate share of 5xx answers, 0 to 1
     * @param slowRequests requests above the slow threshold
     * @param slow whether the route's p95 is above the slow threshold (the row is highlighted)
     * @param avgMs mean latency
     * @param p50Ms median latency (upper bound of its histogram bucket)
     * @param p95Ms 95th percentile
     * @param p99Ms 99th percentile
     * @param maxMs largest latency
     */
    public record Row(
            String method,
            String route,
            long count,
            long clientErrors,
            long serverErrors,
            double errorRate,
            long slowRequests,
            boolean slow,
            @Nullable Long avgMs,
            @Nullable Long p50Ms,
            @Nullable Long p95Ms,
            @Nullable Long p99Ms,
            long maxMs) {
        static Row of(EndpointStats.Endpoint e, Duration threshold) {
            return new Row(
                    e.method(),
                    e.route(),
                    e.count(),
                    e.clientErrors(),
                    e.serverErrors(),
                    e.serverErrorRate(),
                    e.slow(),
                    e.p95() != null && e.p95().compareTo(threshold) > 0,
                    DashboardViews.millis(e.average()),
                    DashboardViews.millis(e.p50()),
                    DashboardViews.millis(e.p95()),
                    DashboardViews.millis(e.p99()),
                    e.max().toMillis());
        }
    }

    /** Every tracked route, slowest first. */
    @GetMapping("/endpoints")
    public Endpoints endpoints() {
        if (stats == null) {
            return new Endpoints(false, EndpointStats.DEFAULT_SLOW_THRESHOLD.toMillis(), 0, List.of());
        }
        Duration threshold = stats.slowThreshold();
        List<Row> rows = stats.endpoints().stream()
                .filter(e -> e.count() > 0)
                .sorted(Comparator.comparing((EndpointStats.Endpoint e) -> e.p95() == null ? Duration.ZERO : e.p95())
                        .thenComparingLong(EndpointStats.Endpoint::count)
                        .reversed()
                        .thenComparing(EndpointStats.Endpoint::route)
                        .thenComparing(EndpointStats.Endpoint::method))
                .map(e -> Row.of(e, threshold))
                .toList();
        return new Endpoints(true, threshold.toMillis(), stats.maxRoutes(), rows);
    }
}

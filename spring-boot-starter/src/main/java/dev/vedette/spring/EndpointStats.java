package dev.vedette.spring;

import dev.vedette.model.LatencyHistogram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Request counts, error counts and latency histograms per HTTP route, in memory, since the
 * application started: the data behind the "slow endpoints" view. Fed by Vedette's servlet filter
 * with the route template ({@code GET /orders/{id}}), never the raw path, so the number of routes is
 * that of the application's handlers. It is bounded all the same: past {@link #maxRoutes()} routes,
 * requests count under the route {@value #OTHER_ROUTE} (method {@code *}).
 *
 * <p>Latencies go into {@link LatencyHistogram}'s fixed buckets, so p50/p95/p99 here agree with
 * the percentiles of every Vedette store (each is the upper bound of the bucket holding it).
 * Thread-safe and lock-free on the record path.
 *
 * <pre>{@code
 * for (EndpointStats.Endpoint e : endpointStats.slowest(10)) {
 *     System.out.println(e.method() + " " + e.route() + " p95=" + e.p95() + " errors=" + e.serverErrors());
 * }
 * }</pre>
 */
public final class EndpointStats {
    /** Default bound on tracked routes: {@value}. */
    public static final int DEFAULT_MAX_ROUTES = 200;
    /** Default latency above which a request counts as slow: 1 second. */
    public static final Duration DEFAULT_SLOW_THRESHOLD = Duration.ofSeconds(1);
    /** The route that counts requests past the bound. */
    public static final String OTHER_ROUTE = "OTHER";

    private final int maxRoutes;
    private final Duration slowThreshold;
    private final Map<Key, Counters> routes = new ConcurrentHashMap<>();
    private volatile Counters overflow = new Counters();

    private record Key(String method, String route) {}

    private static final class Counters {
        final AtomicLongArray buckets = new AtomicLongArray(LatencyHistogram.BUCKETS);
        final AtomicLong maxMillis = new AtomicLong();
        final LongAdder clientErrors = new LongAdder();
        final LongAdder serverErrors = new LongAdder();
        final LongAdder slow = new LongAdder();
        final LongAdder totalNanos = new LongAdder();
    }

    /**
     * A snapshot of one route.
     *
     * @param method the HTTP method, or {@code *} for {@value #OTHER_ROUTE}
     * @param route the route template, e.g. {@code /orders/{id}}
     * @param count requests
     * @param clientErrors responses with a 4xx status
     * @param serverErrors responses with a 5xx status (and requests that threw)
     * @param slow requests slower than the slow threshold
     * @param average mean latency (exact, not from the histogram), null when there are no requests
     * @param p50 median latency, null when there are no requests
     * @param p95 95th percentile latency, null when there are no requests
     * @param p99 99th percentile latency, null when there are no requests
     * @param max the largest latency
     * @param histogram the latency histogram
     */
    public record Endpoint(
            String method,
            String route,
            long count,
            long clientErrors,
            long serverErrors,
            long slow,
            @Nullable Duration average,
            @Nullable Duration p50,
            @Nullable Duration p95,
            @Nullable Duration p99,
            Duration max,
            LatencyHistogram histogram) {

        /** Share of requests answered with a 5xx status, 0 when there are none. */
        public double serverErrorRate() {
            return count == 0 ? 0 : (double) serverErrors / count;
        }
    }

    /** Stats with the default bounds. */
    public EndpointStats() {
        this(DEFAULT_MAX_ROUTES, DEFAULT_SLOW_THRESHOLD);
    }

    /**
     * Stats with custom bounds.
     *
     * @throws IllegalArgumentException if {@code maxRoutes} is less than 1 or the threshold is not
     *     positive
     */
    public EndpointStats(int maxRoutes, Duration slowThreshold) {
        if (maxRoutes < 1) {
            throw new IllegalArgumentException("maxRoutes must be at least 1, was " + maxRoutes);
        }
        if (slowThreshold == null || slowThreshold.isNegative() || slowThreshold.isZero()) {
            throw new IllegalArgumentException("slowThreshold must be positive, was " + slowThreshold);
        }
        this.maxRoutes = maxRoutes;
        this.slowThreshold = slowThreshold;
    }

    /** The bound on tracked routes. */
    public int maxRoutes() {
        return maxRoutes;
    }

    /** The latency above which a request counts as slow. */
    public Duration slowThreshold() {
        return slowThreshold;
    }

    /**
     * Counts one request. Never throws for a negative latency (counted as zero).
     *
     * @param method the HTTP method
     * @param route the route template
     * @param status the response status
     * @param latency how long the request took
     */
    public void record(String method, String route, int status, Duration latency) {
        Counters c = routes.get(new Key(method, route));
        if (c == null) {
            c = routes.size() < maxRoutes
                    ? routes.computeIfAbsent(new Key(method, route), k -> new Counters())
                    : overflow;
        }
        c.buckets.incrementAndGet(LatencyHistogram.bucketOf(latency));
        c.maxMillis.accumulateAndGet(Math.max(0, latency.toMillis()), Math::max);
        c.totalNanos.add(latency.isNegative() ? 0 : saturatedNanos(latency));
        if (status >= 500) {
            c.serverErrors.increment();
        } else if (status >= 400) {
            c.clientErrors.increment();
        }
        if (latency.compareTo(slowThreshold) > 0) {
            c.slow.increment();
        }
    }

    /** Every route with at least one request, in no particular order. */
    public List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        routes.forEach((k, c) -> out.add(snapshot(k.method(), k.route(), c)));
        Endpoint other = snapshot("*", OTHER_ROUTE, overflow);
        if (other.count() > 0) {
            out.add(other);
        }
        return out;
    }

    /**
     * The {@code limit} routes with the highest p95, slowest first (ties by count).
     *
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public List<Endpoint> slowest(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        return endpoints().stream()
                .filter(e -> e.count() > 0)
                .sorted(Comparator.comparing((Endpoint e) -> e.p95() == null ? Duration.ZERO : e.p95())
                        .thenComparingLong(Endpoint::count)
                        .reversed())
                .limit(limit)
                .toList();
    }

    /** One route, if it has been requested. */
    public Optional<Endpoint> endpoint(String method, String route) {
        Counters c = routes.get(new Key(method, route));
        return c == null ? Optional.empty() : Optional.of(snapshot(method, route, c));
    }

    /** Forgets every route and the overflow counts. */
    public void reset() {
        routes.clear();
        overflow = new Counters();
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 1_000_000; // a latency of centuries: keep the sum from overflowing
        }
    }

    private static Endpoint snapshot(String method, String route, Counters c) {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = c.buckets.get(i);
        }
        LatencyHistogram h = LatencyHistogram.of(counts, c.maxMillis.get());
        long n = h.count();
        return new Endpoint(
                method,
                route,
                n,
                c.clientErrors.sum(),
                c.serverErrors.sum(),
                c.slow.sum(),
                n == 0 ? null : Duration.ofNanos(c.totalNanos.sum() / n),
                n == 0 ? null : h.percentile(50),
                n == 0 ? null : h.percentile(95),
                n == 0 ? null : h.percentile(99),
                Duration.ofMillis(h.maxMillis()),
                h);
    }
}

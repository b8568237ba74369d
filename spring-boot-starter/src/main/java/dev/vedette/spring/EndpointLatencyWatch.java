package dev.vedette.spring;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.LatencyHistogram;
import dev.vedette.model.Severity;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the request timings of {@link EndpointStats} into alerts: "GET /checkout p95 is 1.5s, above
 * 1s over the last 5 minutes". Each {@link #evaluate} step takes the requests since the previous
 * step (the difference of the cumulative histograms) into a sliding window of {@code window /
 * step} steps per route; a route whose window holds at least {@code minRequests} requests and whose
 * percentile is above the threshold raises a HIGH alert (component {@code http}, dedup key {@code
 * endpoint-latency:<instance>:<METHOD route>}); it is resolved when that no longer holds.
 *
 * <p>Request timings are per instance, so each instance watches its own routes and names itself in
 * the alert. Memory is bounded by the routes {@link EndpointStats} tracks.
 */
public final class EndpointLatencyWatch {
    private static final Logger log = LoggerFactory.getLogger(EndpointLatencyWatch.class);

    private final EndpointStats stats;
    private final Duration threshold;
    private final double percentile;
    private final int steps;
    private final long minRequests;
    private final String instance;
    private final Map<String, long[]> previous = new HashMap<>();
    private final Map<String, ArrayDeque<long[]>> windows = new HashMap<>();
    private final Set<String> firing = new HashSet<>();

    /**
     * A watch over {@code stats} that alerts on one percentile per route.
     *
     * @param stats the request timings
     * @param threshold latency above which the percentile alerts
     * @param percentile the percentile, in (0, 100]
     * @param window the sliding window
     * @param step the time between two {@link #evaluate} calls
     * @param minRequests requests in the window before a route may alert
     * @param instance this instance's name, for the alert
     * @throws IllegalArgumentException on a bad value
     */
    public EndpointLatencyWatch(
            EndpointStats stats,
            Duration threshold,
            double percentile,
            Duration window,
            Duration step,
            long minRequests,
            String instance) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
        }
        if (threshold.isNegative() || threshold.isZero() || step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("threshold and step must be positive, were " + threshold + ", " + step);
        }
        if (window.compareTo(step) < 0) {
            throw new IllegalArgumentException("window must be at least one step (" + step + "), was " + window);
        }
        if (minRequests < 1) {
            throw new IllegalArgumentException("minRequests must be at least 1, was " + minRequests);
        }
        this.stats = stats;
        this.threshold = threshold;
        this.percentile = percentile;
        this.steps = (int) Math.max(1, window.toMillis() / step.toMillis());
        this.minRequests = minRequests;
        this.instance = instance;
    }

    /** One step: updates every route's window and raises or resolves alerts. Never throws. */
    public synchronized void evaluate(@Nullable Monitor monitor) {
        if (monitor == null) {
            return;
        }
        for (EndpointStats.Endpoint e : stats.endpoints()) {
            String route = e.method() + " " + e.route();
            long[] now = e.histogram().counts();
            long[] before = previous.getOrDefault(route, new long[now.length]);
            long[] delta = new long[now.length];
            for (int i = 0; i < now.length; i++) {
                delta[i] = Math.max(0, now[i] - before[i]);
            }
            previous.put(route, now);
            ArrayDeque<long[]> window = windows.computeIfAbsent(route, k -> new ArrayDeque<>());
            window.addLast(delta);
            while (window.size() > steps) {
                window.removeFirst();
            }
            long[] merged = new long[now.length];
            window.forEach(d -> {
                for (int i = 0; i < d.length; i++) {
                    merged[i] += d[i];
                }
            });
            LatencyHistogram h = LatencyHistogram.of(merged, e.max().toMillis());
            Duration p = h.count() >= minRequests ? h.percentile(percentile) : null;
            String key = "endpoint-latency:" + instance + ":" + route;
            try {
                if (p != null && p.compareTo(threshold) > 0) {
                    if (firing.add(route)) {
                        monitor.raiseAlert(Alert.builder(
                                        Severity.HIGH,
                                        "Slow endpoint " + route + ": p" + (int) percentile + " " + p.toMillis()
                                                + " ms")
                                .component("http")
                                .source("rule:endpoint-latency")
                                .dedupKey(
                                        key.length() > Alert.MAX_DEDUP_KEY_LENGTH
                                                ? key.substring(0, Alert.MAX_DEDUP_KEY_LENGTH)
                                                : key)
                                .label("route", e.route())
                                .label("method", e.method())
                                .label("instance", instance)
                                .message("p" + (int) percentile + " of " + h.count() + " requests on " + instance
                                        + " is " + p.toMillis() + " ms, above " + threshold.toMillis() + " ms")
                                .build());
                    }
                } else if (firing.remove(route)) {
                    monitor.alerts()
                            .resolveByKey(
                                    key.length() > Alert.MAX_DEDUP_KEY_LENGTH
                                            ? key.substring(0, Alert.MAX_DEDUP_KEY_LENGTH)
                                            : key,
                                    "auto");
                }
            } catch (RuntimeException ex) {
                log.warn("Vedette could not raise or resolve the latency alert for {}: {}", route, ex.toString());
            }
        }
    }
}

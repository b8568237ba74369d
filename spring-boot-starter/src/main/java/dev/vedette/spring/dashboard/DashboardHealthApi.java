package dev.vedette.spring.dashboard;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.vedette.Monitor;
import dev.vedette.health.Incident;
import dev.vedette.health.UptimeReport;
import dev.vedette.model.ComponentState;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code GET {base}/api/health} and {@code /health/{component}}: the health page. */
@DashboardApi
public class DashboardHealthApi {
    private static final int MAX_HOURS = 24 * 30;
    /** Samples per component in the history bar of the health page. */
    static final int RECENT = 60;
    /** Incidents listed on a component's page. */
    static final int MAX_INCIDENTS = 50;

    private final Monitor monitor;

    DashboardHealthApi(Monitor monitor) {
        this.monitor = monitor;
    }

    /**
     * Every component.
     *
     * @param status overall status code
     * @param light green, amber or red
     * @param components every component with its uptime
     */
    public record Components(String status, String light, List<WithUptime> components) {}

    /**
     * A component with its uptime and its latest samples' statuses.
     *
     * @param component the component's fields
     * @param uptime uptime over 24 h / 7 d / 30 d
     * @param recent the status codes of its newest samples (at most {@value #RECENT}), oldest first:
     *     the history bar
     */
    public record WithUptime(@JsonUnwrapped ComponentView component, UptimeView uptime, List<String> recent) {}

    /**
     * A period in which the component was DOWN.
     *
     * @param start ISO instant of the first DOWN sample
     * @param end ISO instant of the first UP or DEGRADED sample after it, null while ongoing
     * @param durationSeconds how long it lasted, or has lasted so far
     * @param ongoing whether it goes on
     * @param startedEarlier whether the window opened inside it, so it may have begun earlier
     * @param message the first DOWN sample's message
     */
    public record IncidentView(
            String start,
            @Nullable String end,
            long durationSeconds,
            boolean ongoing,
            boolean startedEarlier,
            @Nullable String message) {
        static IncidentView of(Incident i, Instant now) {
            return new IncidentView(
                    i.start().toString(),
                    DashboardViews.time(i.end()),
                    i.duration(now).toSeconds(),
                    i.ongoing(),
                    i.startedEarlier(),
                    i.message());
        }
    }

    /**
     * One component with statistics over a window and its samples.
     *
     * @param component the component's fields
     * @param uptime uptime over 24 h / 7 d / 30 d
     * @param window statistics over the window
     * @param samples samples, newest first
     * @param incidents DOWN periods that began in the last 30 days, newest first (at most {@value
     *     #MAX_INCIDENTS})
     */
    public record Detail(
            @JsonUnwrapped ComponentView component,
            UptimeView uptime,
            Window window,
            List<ComponentView.@Nullable ReportView> samples,
            List<IncidentView> incidents) {}

    /**
     * Statistics over the last {@code hours}.
     *
     * @param from ISO instant
     * @param to ISO instant
     * @param samples number of samples
     * @param byStatus samples per status code
     * @param uptime fraction, null without samples
     * @param p50Ms median response time
     * @param p95Ms 95th percentile response time
     * @param p99Ms 99th percentile response time
     */
    public record Window(
            String from,
            String to,
            long samples,
            Map<String, Long> byStatus,
            @Nullable Double uptime,
            @Nullable Long p50Ms,
            @Nullable Long p95Ms,
            @Nullable Long p99Ms) {
        static Window of(Instant from, Instant to, HealthStats stats) {
            Map<String, Long> byStatus = new TreeMap<>();
            stats.samplesByStatus().forEach((s, n) -> byStatus.put(s.code(), n));
            return new Window(
                    from.toString(),
                    to.toString(),
                    stats.samples(),
                    byStatus,
                    DashboardViews.rate(stats.uptime()),
                    DashboardViews.millis(stats.responseTime().percentile(0.50)),
                    DashboardViews.millis(stats.responseTime().percentile(0.95)),
                    DashboardViews.millis(stats.responseTime().percentile(0.99)));
        }
    }

    /** Every component with its status light, last report and uptime over 24 h / 7 d / 30 d. */
    @GetMapping("/health")
    public Components health() {
        Instant now = monitor.clock().instant();
        List<WithUptime> components = monitor.health().components().stream()
                .map(c -> new WithUptime(
                        ComponentView.of(c),
                        UptimeView.of(monitor.health(), c.component()),
                        recent(c.component(), now)))
                .toList();
        String status = monitor.health().status().code();
        return new Components(status, DashboardViews.light(status), components);
    }

    /** One component: samples for the response-time chart and history, and statistics over the window. */
    @GetMapping("/health/{component}")
    public Detail component(
            @PathVariable String component,
            @RequestParam(required = false) @Nullable Integer hours,
            @RequestParam(required = false) @Nullable Integer limit) {
        ComponentState state = monitor.health()
                .component(component)
                .orElseThrow(() -> DashboardProblems.notFound("component", component));
        int h = hours == null ? 24 : hours;
        if (h < 1 || h > MAX_HOURS) {
            throw new IllegalArgumentException("hours must be between 1 and " + MAX_HOURS + ", was '" + h + "'");
        }
        Instant now = monitor.clock().instant();
        Instant from = now.minus(Duration.ofHours(h));
        HealthStats stats = monitor.health().stats(component, from, now);
        int samples = DashboardParams.limit(limit == null ? DashboardParams.MAX_LIMIT : limit);
        return new Detail(
                ComponentView.of(state),
                UptimeView.of(monitor.health(), component),
                Window.of(from, now, stats),
                monitor.health().samples(component, from, now, samples).stream()
                        .map(ComponentView.ReportView::of)
                        .toList(),
                monitor.health().incidents(component, now.minus(UptimeReport.MONTH), now).stream()
                        .limit(MAX_INCIDENTS)
                        .map(i -> IncidentView.of(i, now))
                        .toList());
    }

    /** The status codes of the component's newest samples in the last 30 days, oldest first. */
    private List<String> recent(String component, Instant now) {
        List<String> codes = new ArrayList<>();
        for (HealthReport r : monitor.health().samples(component, now.minus(UptimeReport.MONTH), now, RECENT)) {
            codes.add(r.status().code());
        }
        Collections.reverse(codes);
        return codes;
    }
}

package dev.vedette.spring;

import static dev.vedette.spring.PropertyChecks.check;

import dev.vedette.Monitor;
import dev.vedette.spring.VedetteProperties.WebProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Auto-configures, in servlet web applications with Spring MVC, the {@link VedetteHttpFilter}
 * that times every request by route template into the {@link EndpointStats} bean (the "slow
 * endpoints" view). Paths in {@code vedette.web.exclude-paths} and the dashboard's base path are not
 * timed. Switched off by {@code vedette.web.enabled=false}.
 */
@AutoConfiguration(after = VedetteAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "vedette.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "vedette.web.enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({HandlerMapping.class, FilterRegistrationBean.class})
@EnableConfigurationProperties(VedetteProperties.class)
public class VedetteWebAutoConfiguration {
    /** The filter's order: early, so that it times the whole chain. */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /** How often the latency watch looks at the request timings. */
    static final Duration LATENCY_STEP = Duration.ofSeconds(30);

    /** Creates the auto-configuration; Spring calls it. */
    public VedetteWebAutoConfiguration() {}

    /** The per-route request stats. */
    @Bean
    @ConditionalOnMissingBean
    public EndpointStats vedetteEndpointStats(VedetteProperties properties) {
        WebProperties p = properties.web();
        PropertyChecks.requireAtLeast("vedette.web.max-routes", p.maxRoutes(), 1);
        PropertyChecks.requirePositive("vedette.web.slow-threshold", p.slowThreshold());
        return new EndpointStats(p.maxRoutes(), p.slowThreshold());
    }

    /** Alerts on routes whose latency percentile stays above the slow threshold. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "vedette.web.latency-alerts", matchIfMissing = true)
    public EndpointLatencyWatch vedetteEndpointLatencyWatch(EndpointStats stats, VedetteProperties properties) {
        WebProperties p = properties.web();
        if (!(p.latencyPercentile() > 0 && p.latencyPercentile() <= 100)) {
            throw PropertyChecks.invalid(
                    "vedette.web.latency-percentile",
                    p.latencyPercentile(),
                    "must be above 0 and at most 100, was " + p.latencyPercentile());
        }
        if (p.latencyWindow().compareTo(LATENCY_STEP) < 0) {
            throw PropertyChecks.invalid(
                    "vedette.web.latency-window",
                    p.latencyWindow(),
                    "must be at least " + LATENCY_STEP.toSeconds() + "s (the watch looks every "
                            + LATENCY_STEP.toSeconds() + " seconds), was " + p.latencyWindow());
        }
        if (p.latencyMinRequests() < 1) {
            throw PropertyChecks.invalid(
                    "vedette.web.latency-min-requests",
                    p.latencyMinRequests(),
                    "must be at least 1, was " + p.latencyMinRequests());
        }
        String host = instanceName(properties);
        return check(
                "vedette.web.latency-percentile",
                p.latencyPercentile(),
                () -> new EndpointLatencyWatch(
                        stats,
                        p.slowThreshold(),
                        p.latencyPercentile(),
                        p.latencyWindow(),
                        LATENCY_STEP,
                        p.latencyMinRequests(),
                        host));
    }

    /**
     * This instance's name in latency alerts: {@code vedette.instance-id} when set, else the {@code
     * HOSTNAME} environment variable, else {@code local}.
     */
    static String instanceName(VedetteProperties properties) {
        String id = properties.instanceId();
        if (id != null && !id.isBlank()) {
            return id;
        }
        return System.getenv().getOrDefault("HOSTNAME", "local");
    }

    /** Runs the latency watch every 30 seconds on a daemon thread while the context lives. */
    @Bean
    @ConditionalOnBean(EndpointLatencyWatch.class)
    public SmartLifecycle vedetteEndpointLatencySchedule(EndpointLatencyWatch watch, ObjectProvider<Monitor> monitor) {
        return new SmartLifecycle() {
            private @Nullable ScheduledExecutorService executor;

            @Override
            public void start() {
                executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                        .name("vedette-endpoint-latency")
                        .daemon(true)
                        .factory());
                long ms = LATENCY_STEP.toMillis();
                executor.scheduleAtFixedRate(
                        () -> watch.evaluate(monitor.getIfUnique()), ms, ms, TimeUnit.MILLISECONDS);
            }

            @Override
            public void stop() {
                ScheduledExecutorService running = executor;
                if (running != null) {
                    running.shutdownNow();
                    executor = null;
                }
            }

            @Override
            public boolean isRunning() {
                return executor != null;
            }
        };
    }

    /** The timing filter, registered for every request. */
    @Bean
    @ConditionalOnMissingBean(name = "vedetteHttpFilter")
    public FilterRegistrationBean<VedetteHttpFilter> vedetteHttpFilter(
            EndpointStats stats, ObjectProvider<Monitor> monitor, VedetteProperties properties) {
        List<String> excluded = new ArrayList<>(properties.web().excludePaths());
        String dashboard = properties.dashboard().basePath();
        if (properties.dashboard().enabled() && !dashboard.isBlank() && !dashboard.equals("/")) {
            excluded.add((dashboard.endsWith("/") ? dashboard : dashboard + "/") + "**");
        }
        VedetteHttpFilter filter = check(
                "vedette.web.exclude-paths",
                excluded,
                () -> new VedetteHttpFilter(stats, monitor::getIfUnique, excluded));
        FilterRegistrationBean<VedetteHttpFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("vedetteHttpFilter");
        registration.setOrder(FILTER_ORDER);
        return registration;
    }
}

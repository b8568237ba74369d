package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vedette.Monitor;
import dev.vedette.health.FlapPolicy;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.RecordingNotifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What a Spring developer following docs/spring-boot.md meets: defaults, validation and log lines. */
class StarterConfigurationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(VedetteAutoConfigurationTests.ALL)
            .withPropertyValues(
                    "vedette.checks.disk-space.enabled=false",
                    "vedette.checks.jvm-heap.enabled=false",
                    "vedette.checks.deadlocks.enabled=false");

    private final Logger storeLog = (Logger) LoggerFactory.getLogger(VedetteStoreAutoConfiguration.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level level;

    @BeforeEach
    void attach() {
        level = storeLog.getLevel();
        storeLog.setLevel(Level.INFO);
        logs.start();
        storeLog.addAppender(logs);
    }

    @AfterEach
    void detach() {
        storeLog.detachAppender(logs);
        storeLog.setLevel(level);
    }

    private static InvalidConfigurationPropertyValueException invalid(
            org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider<?> context) {
        assertThat(context.getStartupFailure()).as("startup failure").isNotNull();
        Throwable t = context.getStartupFailure();
        while (t != null && !(t instanceof InvalidConfigurationPropertyValueException)) {
            t = t.getCause();
        }
        assertThat(t)
                .as("an InvalidConfigurationPropertyValueException in " + context.getStartupFailure())
                .isNotNull();
        return (InvalidConfigurationPropertyValueException) t;
    }

    // (b) a short timeout alone is valid: degradedAbove follows it

    @Test
    void aOneSecondHttpTimeoutStartsWithoutADegradedAboveProperty() {
        runner.withPropertyValues(
                        "vedette.checks.http[0].name=paypal",
                        "vedette.checks.http[0].url=http://127.0.0.1:1/health",
                        "vedette.checks.http[0].timeout=1s",
                        "vedette.checks.tcp[0].name=redis",
                        "vedette.checks.tcp[0].host=127.0.0.1",
                        "vedette.checks.tcp[0].port=1",
                        "vedette.checks.tcp[0].timeout=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Monitor.class).runChecks().reports())
                            .extracting(HealthReport::component)
                            .containsExactlyInAnyOrder("paypal", "redis");
                });
    }

    @Test
    void aSubSecondTcpTimeoutStartsToo() {
        runner.withPropertyValues(
                        "vedette.checks.tcp[0].name=redis",
                        "vedette.checks.tcp[0].host=127.0.0.1",
                        "vedette.checks.tcp[0].port=6379",
                        "vedette.checks.tcp[0].timeout=200ms")
                .run(context -> assertThat(context).hasNotFailed());
    }

    // (c) the latency window is reported under its own name, with its 30 s minimum

    @Test
    void aNegativeLatencyWindowNamesTheLatencyWindow() {
        new WebApplicationContextRunner()
                .withConfiguration(VedetteAutoConfigurationTests.ALL)
                .withPropertyValues("vedette.checks.disk-space.enabled=false", "vedette.web.latency-window=-5m")
                .run(context -> {
                    InvalidConfigurationPropertyValueException e = invalid(context);
                    assertThat(e.getName()).isEqualTo("vedette.web.latency-window");
                    assertThat(e.getReason()).contains("at least 30s");
                });
    }

    @Test
    void aLatencyWindowBelowThirtySecondsFailsAndThirtySecondsStarts() {
        WebApplicationContextRunner web = new WebApplicationContextRunner()
                .withConfiguration(VedetteAutoConfigurationTests.ALL)
                .withPropertyValues("vedette.checks.disk-space.enabled=false");
        web.withPropertyValues("vedette.web.latency-window=29s")
                .run(context -> assertThat(invalid(context).getName()).isEqualTo("vedette.web.latency-window"));
        web.withPropertyValues("vedette.web.latency-window=30s")
                .run(context -> assertThat(context).hasNotFailed());
        web.withPropertyValues("vedette.web.latency-percentile=0")
                .run(context -> assertThat(invalid(context).getName()).isEqualTo("vedette.web.latency-percentile"));
        web.withPropertyValues("vedette.web.latency-min-requests=0")
                .run(context -> assertThat(invalid(context).getName()).isEqualTo("vedette.web.latency-min-requests"));
    }

    // (d) consistent validation

    @Test
    void aNegativeActuatorIntervalFailsLikeANegativeHttpInterval() {
        ApplicationContextRunner health =
                runner.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class));
        health.withPropertyValues("vedette.checks.actuator.interval=-1s")
                .run(context -> assertThat(invalid(context).getName()).isEqualTo("vedette.checks.actuator.interval"));
        health.withPropertyValues("vedette.checks.actuator.timeout=0s")
                .run(context -> assertThat(invalid(context).getName()).isEqualTo("vedette.checks.actuator.timeout"));
        runner.withPropertyValues(
                        "vedette.checks.http[0].name=paypal",
                        "vedette.checks.http[0].url=https://api-m.paypal.com/",
                        "vedette.checks.http[0].interval=-1s")
                .run(context -> assertThat(invalid(context).getName()).isEqualTo("vedette.checks.http[0].interval"));
    }

    @Test
    void aNegativeBuiltInCheckIntervalNamesTheInterval() {
        new ApplicationContextRunner()
                .withConfiguration(VedetteAutoConfigurationTests.ALL)
                .withPropertyValues("vedette.checks.jvm-heap.interval=-30s")
                .run(context -> assertThat(invalid(context).getName()).isEqualTo("vedette.checks.jvm-heap.interval"));
    }

    @Test
    void anUnknownFallbackChannelFailsLikeAnUnknownRouteChannel() {
        runner.withUserConfiguration(Slack.class)
                .withPropertyValues("vedette.alerting.fallback-channel=pager")
                .run(context -> {
                    InvalidConfigurationPropertyValueException e = invalid(context);
                    assertThat(e.getName()).isEqualTo("vedette.alerting.fallback-channel");
                    assertThat(e.getReason()).contains("'pager'").contains("slack");
                });
        runner.withUserConfiguration(Slack.class)
                .withPropertyValues("vedette.alerting.routes[0].channels=pager")
                .run(context -> assertThat(invalid(context).getName()).isEqualTo("vedette.alerting.routes"));
        runner.withUserConfiguration(Slack.class)
                .withPropertyValues("vedette.alerting.fallback-channel=slack")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    static class Slack {
        @Bean
        RecordingNotifier slack() {
            return new RecordingNotifier("slack");
        }
    }

    // (e) the in-memory fallback is said once, with its reason

    @Test
    void withoutADataSourceTheInMemoryFallbackIsLoggedOnceWithTheReason() {
        runner.run(context -> assertThat(context).hasSingleBean(InMemoryStore.class));

        assertThat(logs.list)
                .extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
                .containsExactly("INFO Vedette keeps its data in memory (bounded to 100000 transactions, lost on"
                        + " restart): the application has no DataSource bean");
    }

    @Test
    void withoutTheJdbcLibraryOrWithTypeMemoryTheReasonSaysSo() {
        runner.withClassLoader(new FilteredClassLoader(JdbcStore.class))
                .run(context -> assertThat(context).hasSingleBean(InMemoryStore.class));
        runner.withPropertyValues("vedette.store.type=memory")
                .run(context -> assertThat(context).hasSingleBean(InMemoryStore.class));

        assertThat(logs.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).endsWith("vedette-jdbc-store is not on the class path"))
                .anySatisfy(m -> assertThat(m).endsWith("vedette.store.type=memory"));
    }

    // (g) the slow-endpoint alert names the configured instance

    @Test
    void theSlowEndpointAlertIsLabelledWithTheInstanceId() {
        new WebApplicationContextRunner()
                .withConfiguration(VedetteAutoConfigurationTests.ALL)
                .withPropertyValues(
                        "vedette.checks.disk-space.enabled=false",
                        "vedette.instance-id=checkout-7",
                        "vedette.web.slow-threshold=100ms",
                        "vedette.web.latency-min-requests=1")
                .run(context -> {
                    EndpointStats stats = context.getBean(EndpointStats.class);
                    Monitor monitor = context.getBean(Monitor.class);
                    for (int i = 0; i < 5; i++) {
                        stats.record("GET", "/checkout", 200, Duration.ofMillis(900));
                    }
                    context.getBean(EndpointLatencyWatch.class).evaluate(monitor);
                    assertThat(monitor.flush(Duration.ofSeconds(5))).isTrue();

                    List<AlertRecord> open = monitor.alerts().active();
                    assertThat(open).hasSize(1);
                    assertThat(open.get(0).labels()).containsEntry("instance", "checkout-7");
                    assertThat(open.get(0).dedupKey()).contains("checkout-7");
                });
    }

    // (h) health components past max-tag-values are tagged "other", as providers are

    @Test
    void healthComponentsPastMaxTagValuesAreTaggedOther() {
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
                .withUserConfiguration(Registry.class)
                .withPropertyValues("vedette.metrics.max-tag-values=2")
                .run(context -> {
                    Monitor monitor = context.getBean(Monitor.class);
                    monitor.recordHealth(HealthReport.up("db", Duration.ofMillis(5)));
                    monitor.recordHealth(HealthReport.up("smtp", Duration.ofMillis(7)));
                    monitor.recordHealth(HealthReport.up("paypal", Duration.ofMillis(300)));
                    monitor.recordHealth(HealthReport.down("stripe", Duration.ofMillis(1200), "Connection refused"));
                    assertThat(monitor.flush(Duration.ofSeconds(5))).isTrue();
                    assertThat(monitor.health()
                                    .component("stripe")
                                    .orElseThrow()
                                    .status())
                            .isEqualTo(HealthStatus.DOWN);

                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.find("vedette.health.status").gauges())
                            .extracting(g -> g.getId().getTag("component"))
                            .containsExactlyInAnyOrder("db", "smtp", "other");
                    assertThat(registry.get("vedette.health.status")
                                    .tag("component", "other")
                                    .gauge()
                                    .value())
                            .isZero();
                    assertThat(registry.get("vedette.health.response.time")
                                    .tag("component", "other")
                                    .timeGauge()
                                    .value(TimeUnit.MILLISECONDS))
                            .isEqualTo(1200);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        SimpleMeterRegistry registry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        FlapPolicy immediate() {
            return FlapPolicy.builder().failureThreshold(1).build();
        }
    }
}

package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthSummary;
import dev.vedette.rules.Rule;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class VedetteAutoConfigurationTests {
    static final AutoConfigurations ALL = AutoConfigurations.of(
            VedetteStoreAutoConfiguration.class,
            VedetteNotifiersAutoConfiguration.class,
            VedetteAutoConfiguration.class,
            VedetteMetricsAutoConfiguration.class,
            VedetteHealthAutoConfiguration.class,
            VedetteWebAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(ALL)
            .withPropertyValues(
                    "vedette.checks.disk-space.enabled=false",
                    "vedette.checks.jvm-heap.enabled=false",
                    "vedette.checks.deadlocks.enabled=false");

    @Test
    void defaultsGiveAMonitorOnAnInMemoryStore() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Monitor.class).hasSingleBean(InMemoryStore.class);
            assertThat(StarterTests.writesTo(context.getBean(Monitor.class), context.getBean(Store.class)))
                    .isTrue();
        });
    }

    @Test
    void closingTheContextClosesTheMonitorAfterWritingWhatIsQueued() {
        runner.run(context -> {
            Monitor monitor = context.getBean(Monitor.class);
            monitor.recordHealth(HealthReport.up("queue", java.time.Duration.ofMillis(3)));
            context.close();
            assertThat(monitor.stats().written()).isEqualTo(1);
            monitor.recordHealth(HealthReport.up("queue", java.time.Duration.ofMillis(3)));
            assertThat(monitor.stats().droppedAfterClose()).isEqualTo(1);
        });
    }

    @Test
    void vedetteEnabledFalseTurnsEverythingOff() {
        runner.withPropertyValues("vedette.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(Monitor.class)
                        .doesNotHaveBean(Store.class)
                        .doesNotHaveBean(VedetteHealthIndicator.class)
                        .doesNotHaveBean(VedetteProperties.class));
    }

    @Test
    void pipelinePropertiesReachTheMonitor() {
        runner.withPropertyValues("vedette.pipeline.queue-capacity=123", "vedette.pipeline.overflow-policy=block")
                .run(context -> assertThat(
                                context.getBean(Monitor.class).stats().queueCapacity())
                        .isEqualTo(123));
    }

    @Test
    void aSpoolDirectoryTurnsTheSpoolOn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        runner.withPropertyValues(
                        "vedette.spool.directory=" + dir,
                        "vedette.spool.max-size=2MB",
                        "vedette.spool.mode=write-ahead")
                .run(context -> {
                    Monitor monitor = context.getBean(Monitor.class);
                    monitor.recordTransaction(
                            dev.vedette.model.Transaction.builder("t-spool").build());
                    assertThat(monitor.stats().spooled())
                            .as("write-ahead spools every record")
                            .isEqualTo(1);
                    assertThat(monitor.stats().spoolBytes()).isPositive().isLessThanOrEqualTo(2L * 1024 * 1024);
                });
        runner.run(context -> assertThat(context.getBean(Monitor.class).stats().spoolBytes())
                .as("no directory, no spool")
                .isZero());
    }

    @Test
    void aSpoolBoundUnderOneMegabyteFailsNamingTheProperty(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        runner.withPropertyValues("vedette.spool.directory=" + dir, "vedette.spool.max-size=10KB")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.spool.max-size")
                        .hasMessageContaining("10240"));
    }

    @Test
    void anInvalidPipelineValueFailsStartupNamingTheProperty() {
        runner.withPropertyValues("vedette.pipeline.queue-capacity=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.pipeline.queue-capacity")
                        .hasMessageContaining("must be at least 1, was 0"));
    }

    @Test
    void deliveryLanePropertiesReachTheMonitorAndABadOneFailsStartupNamingIt() {
        runner.withPropertyValues(
                        "vedette.alerting.channel-concurrency.log=2", "vedette.alerting.send-deadline.log=20s")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Monitor.class));
        runner.withPropertyValues("vedette.alerting.channel-concurrency.log=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.alerting.channel-concurrency.log")
                        .hasMessageContaining("must be at least 1, was 0"));
        runner.withPropertyValues("vedette.alerting.send-deadline.log=0s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.alerting.send-deadline.log"));
        runner.withPropertyValues("vedette.store.down-after=0s")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("vedette.store.down-after"));
    }

    @Test
    void aMaxBlockAboveOneSecondFailsNamingTheProperty() {
        runner.withPropertyValues("vedette.pipeline.max-block=2s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.pipeline.max-block"));
    }

    @Test
    void routesFromPropertiesSendAlertsToTheirChannels() {
        runner.withUserConfiguration(OpsNotifier.class)
                .withPropertyValues(
                        "vedette.alerting.routes[0].severities=critical",
                        "vedette.alerting.routes[0].component=paypal",
                        "vedette.alerting.routes[0].channels=ops",
                        "vedette.alerting.routes[1].channels=ops,audit",
                        "vedette.alerting.digest-channel=")
                .run(context -> {
                    Monitor monitor = context.getBean(Monitor.class);
                    AlertRecord alert = monitor.raiseAlert(
                            Alert.critical("PayPal down").component("paypal").build());
                    assertThat(monitor.alerts().deliveries(alert.id()))
                            .extracting(Delivery::channel)
                            .containsExactly("ops");
                });
    }

    @Test
    void aRouteToAChannelWithoutANotifierFailsNamingTheRoutes() {
        runner.withPropertyValues("vedette.alerting.routes[0].channels=nowhere")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("vedette.alerting.routes"));
    }

    @Test
    void aBadZoneFailsNamingTheProperty() {
        runner.withPropertyValues("vedette.alerting.zone=Mars/Olympus")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("vedette.alerting.zone"));
    }

    @Test
    void checksFromPropertiesRunWithTheMonitor() {
        runner.withPropertyValues(
                        "vedette.checks.tcp[0].name=closed-port",
                        "vedette.checks.tcp[0].host=127.0.0.1",
                        "vedette.checks.tcp[0].port=1",
                        "vedette.checks.tcp[0].timeout=2s",
                        "vedette.checks.http[0].name=paypal",
                        "vedette.checks.http[0].url=http://127.0.0.1:1/health",
                        "vedette.checks.http[0].timeout=3s",
                        "vedette.checks.jvm-heap.enabled=true")
                .run(context -> {
                    HealthSummary summary = context.getBean(Monitor.class).runChecks();
                    assertThat(summary.reports())
                            .extracting(HealthReport::component)
                            .containsExactlyInAnyOrder("closed-port", "paypal", "jvm-heap");
                });
    }

    @Test
    void aCheckWithoutAUrlFailsNamingTheProperty() {
        runner.withPropertyValues("vedette.checks.http[0].name=paypal")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.checks.http[0].url"));
    }

    @Test
    void aBadFlapThresholdFailsNamingTheProperty() {
        runner.withPropertyValues("vedette.checks.failure-threshold=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.checks.failure-threshold"));
    }

    @Test
    void aBadConfirmIntervalFailsNamingTheProperty() {
        runner.withPropertyValues("vedette.checks.confirm-interval=0s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.checks.confirm-interval"));
    }

    @Test
    void rulesFromPropertiesAreBuiltAndBadOnesNameTheirIndex() {
        runner.withPropertyValues(
                        "vedette.rules[0].type=error-rate",
                        "vedette.rules[0].name=payments-errors",
                        "vedette.rules[0].properties.threshold=20%")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Monitor.class));
        runner.withPropertyValues("vedette.rules[0].type=error-rate", "vedette.rules[0].properties.threshold=lots")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.rules[0]")
                        .hasMessageContaining("threshold"));
    }

    @Test
    void aRuleBeanWithTheNameOfAPropertyRuleFailsNamingTheRules() {
        runner.withUserConfiguration(NamedRule.class)
                .withPropertyValues("vedette.rules[0].type=error-rate", "vedette.rules[0].name=payments-errors")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.rules")
                        .hasMessageContaining("payments-errors"));
    }

    @Test
    void aMonitorOfYourOwnWins() {
        runner.withUserConfiguration(OwnMonitor.class).run(context -> {
            assertThat(context).hasSingleBean(Monitor.class).doesNotHaveBean(InMemoryStore.class);
            assertThat(context.getBean(Monitor.class).stats().queueCapacity()).isEqualTo(7);
        });
    }

    @Test
    void customizersChangeTheBuilder() {
        runner.withBean(VedetteMonitorCustomizer.class, () -> b -> b.queueCapacity(42))
                .run(context -> assertThat(
                                context.getBean(Monitor.class).stats().queueCapacity())
                        .isEqualTo(42));
    }

    @Test
    void retentionPurgesRawDataOlderThanNinetyDaysByDefault() {
        assertThat(purgesDataAged(Duration.ofDays(89))).isFalse();
        assertThat(purgesDataAged(Duration.ofDays(91))).isTrue();
    }

    @Test
    void retentionPropertiesReachTheMonitor() {
        assertThat(purgesDataAged(Duration.ofDays(8), "vedette.retention.raw=7d", "vedette.retention.interval=1d"))
                .isTrue();
        assertThat(purgesDataAged(Duration.ofHours(20), "vedette.retention.raw=1h", "vedette.retention.interval=1d"))
                .as("the first purge comes one interval after start")
                .isFalse();
    }

    @Test
    void retentionCanBeSwitchedOffAndRejectsANonPositivePeriod() {
        assertThat(purgesDataAged(Duration.ofDays(91), "vedette.retention.enabled=false"))
                .isFalse();
        runner.withPropertyValues("vedette.retention.raw=0s")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("vedette.retention.raw"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OpsNotifier {
        @Bean
        RecordingNotifier ops() {
            return new RecordingNotifier("ops");
        }

        @Bean
        RecordingNotifier audit() {
            return new RecordingNotifier("audit");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NamedRule {
        @Bean
        Rule paymentsErrors() {
            return () -> "payments-errors";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMonitor {
        @Bean(destroyMethod = "close")
        Monitor monitor() {
            return Monitor.builder().queueCapacity(7).build();
        }
    }

    /** True if a transaction recorded through the monitor lands in this store. */
    /**
     * Records a transaction, moves the monitor's clock on by {@code age} and runs its scheduled jobs:
     * true if the transaction was purged.
     */
    private boolean purgesDataAged(Duration age, String... properties) {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        AtomicBoolean purged = new AtomicBoolean();
        runner.withPropertyValues(properties)
                .withBean(
                        VedetteMonitorCustomizer.class,
                        () -> b -> b.clock(clock).backgroundJobs(false))
                .run(context -> {
                    Monitor monitor = context.getBean(Monitor.class);
                    monitor.recordTransaction(dev.vedette.model.Transaction.builder("old")
                            .status(dev.vedette.model.TransactionStatus.COMPLETED)
                            .amount("1.00", "EUR")
                            .build());
                    assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();
                    clock.advance(age);
                    monitor.runScheduledJobs();
                    purged.set(monitor.transactions().get("old").isEmpty());
                });
        return purged.get();
    }
}

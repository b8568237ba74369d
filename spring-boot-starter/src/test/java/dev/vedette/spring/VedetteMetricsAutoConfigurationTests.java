package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.micrometer.VedetteMetrics;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class VedetteMetricsAutoConfigurationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
            .withConfiguration(VedetteAutoConfigurationTests.ALL)
            .withPropertyValues("vedette.checks.disk-space.enabled=false");

    @Test
    void aMeterRegistryGetsVedettesMetersAndTransactionCounts() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(VedetteMetrics.class);
            Monitor monitor = context.getBean(Monitor.class);
            assertThat(context.getBean(VedetteMetrics.class).monitor()).isSameAs(monitor);
            monitor.recordTransaction(Transaction.builder("t-1")
                    .status(TransactionStatus.COMPLETED)
                    .amount("5.00", "EUR")
                    .provider("stripe")
                    .build());
            assertThat(monitor.flush(Duration.ofSeconds(5))).isTrue();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("vedette.transactions.recorded")
                            .tag("status", "COMPLETED")
                            .tag("provider", "stripe")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("vedette.pipeline.accepted")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("vedette.pipeline.queue.capacity").gauge().value())
                    .isEqualTo(10_000);
        });
    }

    @Test
    void withoutAMeterRegistryThereAreNoMeters() {
        runner.run(context ->
                assertThat(context).doesNotHaveBean(VedetteMetrics.class).hasSingleBean(Monitor.class));
    }

    @Test
    void metricsCanBeSwitchedOff() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("vedette.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(VedetteMetrics.class));
    }

    @Test
    void withoutMicrometerTheMonitorStillStarts() {
        new ApplicationContextRunner()
                .withConfiguration(VedetteAutoConfigurationTests.ALL)
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(Monitor.class)
                        .doesNotHaveBean(VedetteMetrics.class));
    }

    @Test
    void aBadTagBoundFailsNamingTheProperty() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("vedette.metrics.max-tag-values=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.metrics.max-tag-values"));
    }
}

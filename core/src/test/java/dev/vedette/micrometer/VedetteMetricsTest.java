package dev.vedette.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.alerting.AlertingTestHooks;
import dev.vedette.health.FlapPolicy;
import dev.vedette.model.Alert;
import dev.vedette.model.HealthReport;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.test.RecordingNotifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VedetteMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final VedetteMetrics metrics = new VedetteMetrics(2);
    private final RecordingNotifier slack = new RecordingNotifier("slack");
    private final Monitor monitor = Monitor.builder()
            .rule(metrics.transactionCounter())
            .notifier(slack)
            .flapPolicy(FlapPolicy.builder().failureThreshold(1).build())
            .backgroundJobs(false)
            .build();

    @AfterEach
    void close() {
        monitor.close();
    }

    @Test
    void pipelineMetersReadTheMonitorsStats() {
        metrics.attach(monitor).bindTo(registry);
        monitor.recordTransaction(tx("t-1", TransactionStatus.COMPLETED, "paypal"));
        monitor.recordTransaction(null);
        assertThat(monitor.flush(Duration.ofSeconds(5))).isTrue();

        assertThat(registry.get("vedette.pipeline.accepted").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("vedette.pipeline.written").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("vedette.pipeline.rejected").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("vedette.pipeline.dropped").functionCounter().count())
                .isZero();
        assertThat(registry.get("vedette.pipeline.queue.depth").gauge().value()).isZero();
        assertThat(registry.get("vedette.spool.bytes").gauge().value())
                .as("no spool")
                .isZero();
        assertThat(registry.get("vedette.spool.dropped").functionCounter().count())
                .isZero();
        assertThat(registry.get("vedette.pipeline.queue.capacity").gauge().value())
                .isEqualTo(10_000);
    }

    @Test
    void transactionsAreCountedByStatusAndProviderWithBoundedProviders() {
        metrics.bindTo(registry);
        metrics.attach(monitor);
        monitor.recordTransaction(tx("t-1", TransactionStatus.COMPLETED, "paypal"));
        monitor.recordTransaction(tx("t-2", TransactionStatus.COMPLETED, "paypal"));
        monitor.recordTransaction(tx("t-3", TransactionStatus.FAILED, "stripe"));
        monitor.recordTransaction(tx("t-4", TransactionStatus.FAILED, "adyen"));
        assertThat(monitor.flush(Duration.ofSeconds(5))).isTrue();

        assertThat(count("COMPLETED", "paypal")).isEqualTo(2);
        assertThat(count("FAILED", "stripe")).isEqualTo(1);
        assertThat(count("FAILED", VedetteMetrics.OTHER)).isEqualTo(1);
    }

    @Test
    void alertsAndDeliveriesAreCountedFromEvents() {
        metrics.attach(monitor).bindTo(registry);
        monitor.raiseAlert(Alert.high("Refunds spiking").component("payments").build());
        AlertingTestHooks.dispatch(monitor.alerts());

        assertThat(registry.get("vedette.alerts.raised")
                        .tag("severity", "HIGH")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("vedette.deliveries")
                        .tag("channel", "slack")
                        .tag("result", "sent")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void componentHealthIsAGaugePerComponent() {
        metrics.attach(monitor).bindTo(registry);
        monitor.recordHealth(HealthReport.down("smtp", Duration.ofMillis(1200), "Connection refused"));
        monitor.recordHealth(HealthReport.up("paypal", Duration.ofMillis(80)));
        assertThat(monitor.flush(Duration.ofSeconds(5))).isTrue();
        SimpleMeterRegistry late = new SimpleMeterRegistry();
        metrics.bindTo(late);

        for (SimpleMeterRegistry r : new SimpleMeterRegistry[] {registry, late}) {
            assertThat(r.get("vedette.health.status")
                            .tag("component", "smtp")
                            .gauge()
                            .value())
                    .isZero();
            assertThat(r.get("vedette.health.status")
                            .tag("component", "paypal")
                            .gauge()
                            .value())
                    .isEqualTo(1);
            assertThat(r.get("vedette.health.response.time")
                            .tag("component", "paypal")
                            .timeGauge()
                            .value(java.util.concurrent.TimeUnit.MILLISECONDS))
                    .isEqualTo(80);
        }
    }

    @Test
    void metersBeforeAttachReportNaN() {
        metrics.bindTo(registry);

        assertThat(registry.get("vedette.pipeline.queue.depth").gauge().value()).isNaN();
    }

    @Test
    void attachingASecondMonitorOrBadArgumentsFail() {
        metrics.attach(monitor);
        assertThat(metrics.attach(monitor)).isSameAs(metrics);
        try (Monitor other = Monitor.builder().backgroundJobs(false).build()) {
            assertThatThrownBy(() -> metrics.attach(other)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> metrics.attach(null)).hasMessage("monitor must not be null");
        assertThatThrownBy(() -> metrics.bindTo(null)).hasMessage("registry must not be null");
        assertThatThrownBy(() -> new VedetteMetrics(0)).hasMessage("maxTagValues must be at least 1, was 0");
    }

    private double count(String status, String provider) {
        return registry.get("vedette.transactions.recorded")
                .tag("status", status)
                .tag("provider", provider)
                .functionCounter()
                .count();
    }

    private static Transaction tx(String id, TransactionStatus status, String provider) {
        return Transaction.builder(id)
                .status(status)
                .amount("10.00", "EUR")
                .provider(provider)
                .build();
    }
}

package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.MonitorBuilder;
import dev.vedette.alerting.AlertingTestHooks;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.Severity;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RulesThroughMonitorTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-07-01T12:00:00Z"));
    private final RecordingNotifier slack = new RecordingNotifier("slack");

    private final Store store = new InMemoryStore();

    private Monitor monitor(Rule... rules) {
        MonitorBuilder b = Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(false)
                .notifier(slack);
        for (Rule r : rules) {
            b.rule(r);
        }
        return b.build();
    }

    @Test
    void anErrorRateAlertIsDeliveredOnceAndResolvedWhenTheWindowDrains() {
        try (Monitor m = monitor(Rules.errorRate())) {
            for (int i = 0; i < 30; i++) {
                m.recordTransaction(Transaction.builder("t" + i)
                        .status(i % 3 == 0 ? TransactionStatus.FAILED : TransactionStatus.COMPLETED)
                        .build());
            }
            m.flush(Duration.ofSeconds(5));
            AlertRecord alert = m.alerts().active().get(0);
            assertThat(alert.source()).isEqualTo("rule:error-rate");
            assertThat(alert.occurrences()).isEqualTo(1);

            clock.advance(Duration.ofMinutes(6));
            m.runScheduledJobs();
            assertThat(m.alerts().get(alert.id()).orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(slack.sent()).extracting(n -> n.kind()).contains(DeliveryKind.TRIGGER);
        }
    }

    @Test
    void newAndRegressedErrorsAlertAndAResolvedGroupResolvesItsAlert() {
        try (Monitor m = monitor(Rules.newErrors())) {
            m.recordError(boom());
            m.flush(Duration.ofSeconds(5));
            AlertRecord first = m.alerts().active().get(0);
            assertThat(first.title()).isEqualTo("New error: IllegalStateException");
            assertThat(first.severity()).isEqualTo(Severity.MEDIUM);
            String fingerprint = first.labels().get("fingerprint");

            m.recordError(boom());
            m.flush(Duration.ofSeconds(5));
            assertThat(m.alerts().active()).hasSize(1);

            m.errors().resolve(fingerprint, "ada");
            m.runScheduledJobs();
            assertThat(m.alerts().get(first.id()).orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);

            clock.advance(Duration.ofMinutes(1));
            m.recordError(boom());
            m.flush(Duration.ofSeconds(5));
            AlertRecord regression = m.alerts().active().get(0);
            assertThat(regression.title()).isEqualTo("Regressed error: IllegalStateException");
            assertThat(regression.severity()).isEqualTo(Severity.HIGH);
            assertThat(regression.dedupKey()).isEqualTo(first.dedupKey());
        }
    }

    @Test
    void aStoreBackedRuleAdoptsAndResolvesAnAlertLeftOpenBeforeARestart() {
        try (Monitor m = monitor(Rules.stuckPayments())) {
            m.recordTransaction(
                    Transaction.builder("p1").status(TransactionStatus.PENDING).build());
            m.flush(Duration.ofSeconds(5));
            clock.advance(Duration.ofMinutes(20));
            m.runScheduledJobs();
            assertThat(m.alerts().active()).extracting(AlertRecord::dedupKey).containsExactly("rule:stuck-payments");

            try (Monitor restarted = Monitor.builder()
                    .store(store)
                    .clock(clock)
                    .backgroundJobs(false)
                    .notifier(new RecordingNotifier("slack"))
                    .rule(Rules.stuckPayments())
                    .build()) {
                restarted.recordTransaction(Transaction.builder("p1")
                        .status(TransactionStatus.COMPLETED)
                        .build());
                restarted.flush(Duration.ofSeconds(5));
                clock.advance(Duration.ofMinutes(2));
                restarted.runScheduledJobs();
                assertThat(restarted.alerts().active()).isEmpty();
            }
        }
    }

    private static IllegalStateException boom() {
        return new IllegalStateException("ledger out of balance for order 42");
    }
}

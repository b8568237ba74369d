package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.alerting.AlertingTestHooks;
import dev.vedette.health.HealthChecks;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.ComponentState;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.MonitorEvent;
import dev.vedette.model.Severity;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionStatus;
import dev.vedette.model.WrittenBatch;
import dev.vedette.rules.Rule;
import dev.vedette.rules.RuleContext;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MonitorHealthAndRulesTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-07-01T12:00:00Z"));
    private final RecordingNotifier slack = new RecordingNotifier("slack");
    private final RecordingNotifier pagerduty = new RecordingNotifier("pagerduty");

    @Test
    void componentGoesDownAfterThreeFailuresAndRecoversAfterTwoSuccesses() {
        AtomicReference<HealthStatus> db = new AtomicReference<>(HealthStatus.DOWN);
        List<MonitorEvent.HealthChanged> changes = new CopyOnWriteArrayList<>();
        try (Monitor m = Monitor.builder()
                .store(new InMemoryStore())
                .clock(clock)
                .backgroundJobs(false)
                .notifier(slack)
                .notifier(pagerduty)
                .check(HealthChecks.of("database", db::get).build())
                .build()) {
            m.events().on(MonitorEvent.HealthChanged.class, changes::add);
            for (int i = 0; i < 2; i++) {
                assertThat(m.runChecks().status()).isEqualTo(HealthStatus.DOWN);
                m.flush(Duration.ofSeconds(5));
                clock.advance(Duration.ofSeconds(30));
            }
            assertThat(m.alerts().active())
                    .as("two failures are not an outage yet")
                    .isEmpty();

            m.runChecks();
            m.flush(Duration.ofSeconds(5));
            AlertRecord alert = m.alerts().active().get(0);
            assertThat(alert.severity()).as("database down is CRITICAL").isEqualTo(Severity.CRITICAL);
            assertThat(alert.title()).isEqualTo("database is DOWN");
            ComponentState state = m.health().component("database").orElseThrow();
            assertThat(state.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(state.alertId()).isEqualTo(alert.id());

            db.set(HealthStatus.UP);
            m.runChecks();
            m.flush(Duration.ofSeconds(5));
            assertThat(m.alerts().active()).hasSize(1);
            m.runChecks();
            m.flush(Duration.ofSeconds(5));
            assertThat(m.alerts().get(alert.id()).orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(m.health().component("database").orElseThrow().alertId()).isNull();

            AlertingTestHooks.dispatch(m.alerts());
            assertThat(pagerduty.sent())
                    .extracting(n -> n.kind())
                    .containsExactly(DeliveryKind.TRIGGER, DeliveryKind.RESOLVE);
            assertThat(changes).extracting(MonitorEvent.HealthChanged::to).contains(HealthStatus.DOWN, HealthStatus.UP);
            clock.advance(Duration.ofSeconds(1));
            assertThat(m.health().uptime("database").last24h()).isEqualTo(2.0 / 5.0);
        }
    }

    @Test
    void rulesSeeEveryWrittenBatchAndRunOnTheirSchedule() {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        List<Instant> evaluations = new CopyOnWriteArrayList<>();
        Rule rule = new Rule() {
            @Override
            public String name() {
                return "declines";
            }

            @Override
            public void onBatch(WrittenBatch batch, RuleContext ctx) {
                batchSizes.add(batch.transactions().size());
                long failed = batch.transactions().stream()
                        .map(TransactionChange::observation)
                        .filter(t -> TransactionStatus.FAILED.equals(t.status()))
                        .count();
                if (failed >= 3) {
                    ctx.raise(Alert.high("declines spiking")
                            .source("rule:declines")
                            .dedupKey("rule:declines")
                            .build());
                }
            }

            @Override
            public void evaluate(RuleContext ctx) {
                evaluations.add(ctx.now());
                ctx.resolve("rule:declines");
            }

            @Override
            public Duration evaluationInterval() {
                return Duration.ofMinutes(5);
            }
        };
        try (Monitor m = Monitor.builder()
                .clock(clock)
                .backgroundJobs(false)
                .notifier(slack)
                .rule(rule)
                .build()) {
            for (int i = 0; i < 3; i++) {
                m.recordTransaction(Transaction.builder("t" + i)
                        .status(TransactionStatus.FAILED)
                        .build());
            }
            m.flush(Duration.ofSeconds(5));
            assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
            assertThat(m.alerts().active()).extracting(AlertRecord::title).containsExactly("declines spiking");

            m.runScheduledJobs();
            clock.advance(Duration.ofMinutes(4));
            m.runScheduledJobs();
            clock.advance(Duration.ofMinutes(1));
            m.runScheduledJobs();
            assertThat(evaluations).hasSize(2);
            assertThat(m.alerts().active()).isEmpty();
        }
    }

    @Test
    void duplicateRuleAndCheckNamesAreRejected() {
        Rule r = () -> "same";
        assertThatThrownBy(() -> Monitor.builder().rule(r).rule(r)).hasMessage("two rules are named 'same'");
        assertThatThrownBy(() -> Monitor.builder()
                        .check(HealthChecks.of("db", () -> HealthStatus.UP).build())
                        .check(HealthChecks.of("db", () -> HealthStatus.UP).build()))
                .hasMessage("two checks are named 'db'");
    }
}

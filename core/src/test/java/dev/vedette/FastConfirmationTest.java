package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.alerting.AlertingTestHooks;
import dev.vedette.alerting.Notification;
import dev.vedette.health.FlapPolicy;
import dev.vedette.health.HealthChecks;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.HealthStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Fast confirmation, driven by a hand-moved clock: a check re-runs every 5 s after a first failure
 * (or a first success after DOWN) until the flap policy decides, then returns to its interval.
 */
class FastConfirmationTest {
    private static final Instant START = Instant.parse("2026-07-01T12:00:00Z");

    private final TestClock clock = new TestClock(START);
    private final RecordingNotifier slack = new RecordingNotifier("slack");
    private final AtomicReference<HealthStatus> status = new AtomicReference<>(HealthStatus.UP);
    private final AtomicInteger runs = new AtomicInteger();

    private Monitor monitor(FlapPolicy policy, Duration interval) {
        return Monitor.builder()
                .store(new InMemoryStore())
                .clock(clock)
                .backgroundJobs(false)
                .notifier(slack)
                .flapPolicy(policy)
                .check(HealthChecks.of("payments-api", () -> {
                            runs.incrementAndGet();
                            return status.get();
                        })
                        .interval(interval)
                        .build())
                .build();
    }

    /** Moves the clock to {@code at}, runs the due jobs, and lets the writer and the dispatcher finish. */
    private void tickAt(Monitor m, Instant at) {
        clock.set(at);
        m.runScheduledJobs();
        assertThat(m.flush(Duration.ofSeconds(5))).isTrue();
        AlertingTestHooks.dispatch(m.alerts());
    }

    /** An UP run at START, then the component fails from the next scheduled run on: t0 = START + 30 s. */
    private Instant firstFailure(Monitor m) {
        tickAt(m, START);
        Instant t0 = START.plusSeconds(30);
        status.set(HealthStatus.DOWN);
        tickAt(m, t0);
        return t0;
    }

    @Test
    void withTheDefaultsAnOutageIsAlertedTenSecondsAfterTheFirstFailureAndRecoveryFiveSecondsAfterTheFirstSuccess() {
        try (Monitor m = monitor(FlapPolicy.defaults(), Duration.ofSeconds(30))) {
            Instant t0 = firstFailure(m);
            assertThat(runs).as("first run, then the normal 30 s interval").hasValue(2);
            assertThat(slack.sent()).as("one failure is not an outage").isEmpty();

            tickAt(m, t0.plusSeconds(4));
            assertThat(runs).as("not before the confirm interval").hasValue(2);
            tickAt(m, t0.plusSeconds(5));
            assertThat(runs).as("first confirmation at t0 + 5 s").hasValue(3);
            assertThat(slack.sent()).isEmpty();
            tickAt(m, t0.plusSeconds(10));
            assertThat(runs).as("second confirmation at t0 + 10 s").hasValue(4);

            assertThat(slack.sent())
                    .as("the third failure alerts, at t0 + 10 s")
                    .hasSize(1);
            Notification trigger = slack.sent().get(0);
            assertThat(trigger.kind()).isEqualTo(DeliveryKind.TRIGGER);
            assertThat(trigger.alert().title()).isEqualTo("payments-api is DOWN");
            assertThat(trigger.alert().firstSeen()).isEqualTo(t0.plusSeconds(10));

            tickAt(m, t0.plusSeconds(15));
            tickAt(m, t0.plusSeconds(39));
            assertThat(runs).as("DOWN is decided: back to the 30 s interval").hasValue(4);
            tickAt(m, t0.plusSeconds(40));
            assertThat(runs).hasValue(5);

            Instant t1 = t0.plusSeconds(70);
            status.set(HealthStatus.UP);
            tickAt(m, t1);
            assertThat(runs).hasValue(6);
            AlertRecord alert = m.alerts().get(trigger.alert().id()).orElseThrow();
            assertThat(alert.status()).as("one success does not recover").isEqualTo(AlertStatus.OPEN);
            tickAt(m, t1.plusSeconds(5));
            assertThat(runs).as("recovery is confirmed at t1 + 5 s").hasValue(7);
            alert = m.alerts().get(alert.id()).orElseThrow();
            assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(alert.resolvedAt()).isEqualTo(t1.plusSeconds(5));
            assertThat(slack.sent())
                    .extracting(Notification::kind)
                    .containsExactly(DeliveryKind.TRIGGER, DeliveryKind.RESOLVE);

            tickAt(m, t1.plusSeconds(10));
            tickAt(m, t1.plusSeconds(34));
            assertThat(runs).as("UP is decided: back to the 30 s interval").hasValue(7);
            tickAt(m, t1.plusSeconds(35));
            assertThat(runs).hasValue(8);
        }
    }

    @Test
    void aSingleBlipDoesNotAlertAndTheCheckReturnsToItsInterval() {
        try (Monitor m = monitor(FlapPolicy.defaults(), Duration.ofSeconds(30))) {
            Instant t0 = firstFailure(m);
            status.set(HealthStatus.UP);
            tickAt(m, t0.plusSeconds(5));
            assertThat(runs).as("the blip is re-checked at t0 + 5 s").hasValue(3);

            tickAt(m, t0.plusSeconds(10));
            tickAt(m, t0.plusSeconds(34));
            assertThat(runs).as("no more confirmation runs after a success").hasValue(3);
            tickAt(m, t0.plusSeconds(35));
            assertThat(runs)
                    .as("next run one interval after the confirming one")
                    .hasValue(4);
            assertThat(slack.sent()).isEmpty();
            assertThat(m.alerts().active()).isEmpty();
        }
    }

    @Test
    void theConfirmIntervalIsConfigurableAndNeverLongerThanTheCheckInterval() {
        FlapPolicy policy =
                FlapPolicy.builder().confirmInterval(Duration.ofSeconds(2)).build();
        try (Monitor m = monitor(policy, Duration.ofSeconds(60))) {
            status.set(HealthStatus.DOWN);
            tickAt(m, START);
            tickAt(m, START.plusSeconds(2));
            tickAt(m, START.plusSeconds(4));
            assertThat(runs).hasValue(3);
            assertThat(slack.sent()).as("DOWN after 2 s confirmations").hasSize(1);
        }
        runs.set(0);
        try (Monitor m = monitor(FlapPolicy.defaults(), Duration.ofSeconds(3))) {
            status.set(HealthStatus.DOWN);
            tickAt(m, START.plusSeconds(100));
            tickAt(m, START.plusSeconds(103));
            assertThat(runs)
                    .as("a 3 s check is confirmed at its own 3 s, not slowed to 5 s")
                    .hasValue(2);
        }
        assertThatThrownBy(() -> FlapPolicy.builder().confirmInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confirmInterval")
                .hasMessageContaining("PT0S");
    }
}

package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.ComponentState;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ComponentTrackerTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final FlapPolicy policy = FlapPolicy.defaults(); // 3 failures, 2 successes
    private ComponentState state;

    private ComponentTracker.Transition feed(HealthStatus status) {
        clock.advance(Duration.ofSeconds(30));
        HealthReport report =
                HealthReport.builder("db", status).checkedAt(clock.instant()).build();
        ComponentTracker.Transition t = ComponentTracker.apply(state, report, policy);
        state = t.state();
        return t;
    }

    @Test
    void firstUpReportSetsUpImmediately() {
        ComponentTracker.Transition t = feed(HealthStatus.UP);

        assertThat(t.state().status()).isEqualTo(HealthStatus.UP);
        assertThat(t.from()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(t.to()).isEqualTo(HealthStatus.UP);
        assertThat(t.state().since()).isEqualTo(clock.instant());
        assertThat(t.state().consecutiveSuccesses()).isEqualTo(1);
    }

    @Test
    void firstDownReportsCountAndStayUnknownUntilTheThreshold() {
        ComponentTracker.Transition first = feed(HealthStatus.DOWN);
        ComponentTracker.Transition second = feed(HealthStatus.DOWN);

        assertThat(first.changed()).isFalse();
        assertThat(second.state().status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(second.state().consecutiveFailures()).isEqualTo(2);

        ComponentTracker.Transition third = feed(HealthStatus.DOWN);
        assertThat(third.wentDown()).isTrue();
        assertThat(third.from()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(third.state().since()).isEqualTo(clock.instant());
    }

    @Test
    void upComponentGoesDownOnlyAfterThreeConsecutiveFailures() {
        feed(HealthStatus.UP);
        Instant upSince = state.since();

        assertThat(feed(HealthStatus.DOWN).changed()).isFalse();
        assertThat(feed(HealthStatus.DOWN).changed()).isFalse();
        assertThat(state.status()).isEqualTo(HealthStatus.UP);
        assertThat(state.since()).isEqualTo(upSince);

        ComponentTracker.Transition t = feed(HealthStatus.DOWN);
        assertThat(t.from()).isEqualTo(HealthStatus.UP);
        assertThat(t.to()).isEqualTo(HealthStatus.DOWN);
        assertThat(feed(HealthStatus.DOWN).changed()).isFalse();
        assertThat(state.consecutiveFailures()).isEqualTo(4);
    }

    @Test
    void singleSuccessInterruptsAFailureStreak() {
        feed(HealthStatus.UP);
        feed(HealthStatus.DOWN);
        feed(HealthStatus.DOWN);
        feed(HealthStatus.UP);
        feed(HealthStatus.DOWN);
        feed(HealthStatus.DOWN);

        assertThat(state.status()).isEqualTo(HealthStatus.UP);
        assertThat(state.consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void downComponentRecoversAfterTwoConsecutiveSuccesses() {
        feed(HealthStatus.DOWN);
        feed(HealthStatus.DOWN);
        feed(HealthStatus.DOWN);

        assertThat(feed(HealthStatus.UP).changed()).isFalse();
        assertThat(state.status()).isEqualTo(HealthStatus.DOWN);
        ComponentTracker.Transition t = feed(HealthStatus.UP);
        assertThat(t.recovered()).isTrue();
        assertThat(t.to()).isEqualTo(HealthStatus.UP);
        assertThat(state.consecutiveFailures()).isZero();
    }

    @Test
    void recoveryTakesTheStatusOfTheConfirmingReport() {
        feed(HealthStatus.DOWN);
        feed(HealthStatus.DOWN);
        feed(HealthStatus.DOWN);
        feed(HealthStatus.UP);

        ComponentTracker.Transition t = feed(HealthStatus.DEGRADED);

        assertThat(t.from()).isEqualTo(HealthStatus.DOWN);
        assertThat(t.to()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void degradedAppliesImmediatelyWhenNotDown() {
        feed(HealthStatus.UP);

        ComponentTracker.Transition degraded = feed(HealthStatus.DEGRADED);
        ComponentTracker.Transition up = feed(HealthStatus.UP);

        assertThat(degraded.to()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(up.from()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(up.to()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void unknownReportsCountNeitherWay() {
        feed(HealthStatus.UP);
        feed(HealthStatus.DOWN);
        feed(HealthStatus.DOWN);
        ComponentTracker.Transition unknown = feed(HealthStatus.UNKNOWN);

        assertThat(unknown.changed()).isFalse();
        assertThat(state.status()).isEqualTo(HealthStatus.UP);
        assertThat(state.consecutiveFailures()).isEqualTo(2);
        assertThat(state.lastReport().status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(feed(HealthStatus.DOWN).wentDown()).isTrue();
    }

    @Test
    void alertIdIsCarriedOverUnchanged() {
        feed(HealthStatus.UP);
        state = new ComponentState(state.component(), state.status(), state.since(), 0, 1, state.lastReport(), "a-42");

        feed(HealthStatus.DOWN);
        feed(HealthStatus.DOWN);
        feed(HealthStatus.DOWN);

        assertThat(state.alertId()).isEqualTo("a-42");
        assertThat(state.status()).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void perComponentThresholdsApply() {
        FlapPolicy strict = FlapPolicy.builder().thresholds("db", 1, 5).build();
        HealthReport down = HealthReport.builder("db", HealthStatus.DOWN)
                .checkedAt(clock.instant())
                .build();

        assertThat(ComponentTracker.apply(null, down, strict).wentDown()).isTrue();
        assertThat(ComponentTracker.apply(null, down, FlapPolicy.defaults()).changed())
                .isFalse();
    }

    @Test
    void rejectsUnstampedReportsAndForeignStates() {
        HealthReport unstamped = HealthReport.up("db", Duration.ZERO);
        assertThatThrownBy(() -> ComponentTracker.apply(null, unstamped, policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("report.checkedAt must be set");
        feed(HealthStatus.UP);
        HealthReport other = HealthReport.builder("smtp", HealthStatus.UP)
                .checkedAt(clock.instant())
                .build();
        assertThatThrownBy(() -> ComponentTracker.apply(state, other, policy))
                .hasMessage("report is for component 'smtp' but the state is for 'db'");
    }
}

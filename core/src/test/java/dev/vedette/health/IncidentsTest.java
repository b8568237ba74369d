package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.store.InMemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IncidentsTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private final Monitor monitor = Monitor.builder()
            .store(new InMemoryStore())
            .clock(Clock.fixed(T0.plus(Duration.ofDays(2)), ZoneOffset.UTC))
            .build();

    @AfterEach
    void close() {
        monitor.close();
    }

    private void record(String component, int minute, HealthStatus status, String message) {
        monitor.recordHealth(HealthReport.builder(component, status)
                .message(message)
                .checkedAt(T0.plus(Duration.ofMinutes(minute)))
                .build());
    }

    private List<Incident> incidents(String component, int fromMinute, int toMinute) {
        assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();
        return monitor.health()
                .incidents(component, T0.plus(Duration.ofMinutes(fromMinute)), T0.plus(Duration.ofMinutes(toMinute)));
    }

    @Test
    void aDownRunIsOneIncidentFromItsFirstDownToTheFirstUpAndUnknownDoesNotSplitIt() {
        record("psp", 0, HealthStatus.UP, "ok");
        record("psp", 1, HealthStatus.DOWN, "refused");
        record("psp", 2, HealthStatus.UNKNOWN, "timeout reading status");
        record("psp", 3, HealthStatus.DOWN, "refused again");
        record("psp", 4, HealthStatus.DEGRADED, "slow");
        record("psp", 5, HealthStatus.UP, "ok");
        record("psp", 9, HealthStatus.DOWN, "503");

        List<Incident> found = incidents("psp", 0, 60);

        assertThat(found).hasSize(2);
        Incident newest = found.get(0);
        assertThat(newest.start()).isEqualTo(T0.plus(Duration.ofMinutes(9)));
        assertThat(newest.ongoing()).isTrue();
        assertThat(newest.message()).isEqualTo("503");
        assertThat(newest.duration(T0.plus(Duration.ofMinutes(30)))).isEqualTo(Duration.ofMinutes(21));
        Incident first = found.get(1);
        assertThat(first.start()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(first.end()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
        assertThat(first.duration(T0.plus(Duration.ofDays(1)))).isEqualTo(Duration.ofMinutes(3));
        assertThat(first.message()).isEqualTo("refused");
        assertThat(first.startedEarlier()).isFalse();
    }

    @Test
    void aRangeThatOpensInsideAnIncidentSaysItMayHaveStartedEarlier() {
        record("db", 0, HealthStatus.DOWN, "down");
        record("db", 10, HealthStatus.DOWN, "down");
        record("db", 20, HealthStatus.UP, "ok");

        List<Incident> found = incidents("db", 5, 60);

        assertThat(found).singleElement().satisfies(i -> {
            assertThat(i.startedEarlier()).isTrue();
            assertThat(i.start()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
            assertThat(i.end()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
        });
        assertThat(incidents("db", 21, 60)).isEmpty();
        assertThat(incidents("nothing", 0, 60)).isEmpty();
    }

    @Test
    void aComponentThatFlapsMoreThanTheBoundGivesItsNewestIncidentsWithTrueStarts() {
        // 1,500 DOWN/UP pairs: 3,000 changes, more than the 2,000 read
        for (int i = 0; i < 1_500; i++) {
            record("flappy", 2 * i, HealthStatus.DOWN, "down " + i);
            record("flappy", 2 * i + 1, HealthStatus.UP, "up " + i);
        }

        List<Incident> found = incidents("flappy", 0, 3_000);

        assertThat(found).hasSize(dev.vedette.Health.MAX_CHANGES / 2);
        assertThat(found.get(0).message()).isEqualTo("down 1499");
        assertThat(found).noneMatch(Incident::startedEarlier);
        assertThat(found).allSatisfy(i -> assertThat(i.duration(T0)).isEqualTo(Duration.ofMinutes(1)));
    }

    @Test
    void anIncidentCannotEndBeforeItStarts() {
        assertThatThrownBy(() -> new Incident("x", T0, T0.minusSeconds(1), false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("end must not be before start");
    }
}

package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.test.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeartbeatsTest {
    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final Heartbeats heartbeats = new Heartbeats(clock);

    @Test
    void beforeTheFirstBeatItIsUnknownForOneInterval() {
        heartbeats.register(Heartbeat.of("settlement", Duration.ofMinutes(30)));
        clock.advance(Duration.ofMinutes(30));

        HealthReport report = heartbeats.evaluate("settlement");

        assertThat(report.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(report.message()).isEqualTo("waiting for the first heartbeat (expected every 30m)");
        assertThat(report.checkedAt()).isEqualTo(clock.instant());
    }

    @Test
    void withoutAnyBeatItIsDownOnceOneIntervalHasPassed() {
        heartbeats.register(Heartbeat.of("settlement", Duration.ofMinutes(30)));
        clock.advance(Duration.ofMinutes(31));

        HealthReport report = heartbeats.evaluate("settlement");

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message()).isEqualTo("no heartbeat since registration 31m ago (expected every 30m)");
    }

    @Test
    void recentBeatIsUpAndAnOverdueOneIsDown() {
        heartbeats.register(Heartbeat.of("payments", Duration.ofMinutes(30)));
        heartbeats.beat("payments");
        Instant beatAt = clock.instant();

        clock.advance(Duration.ofMinutes(30));
        HealthReport up = heartbeats.evaluate("payments");
        clock.advance(Duration.ofMinutes(1));
        HealthReport down = heartbeats.evaluate("payments");

        assertThat(up.status()).isEqualTo(HealthStatus.UP);
        assertThat(up.message()).isEqualTo("last heartbeat 30m ago");
        assertThat(up.details())
                .containsEntry("lastBeatAt", beatAt.toString())
                .containsEntry("ageSeconds", 1800L)
                .containsEntry("intervalSeconds", 1800L);
        assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(down.message()).isEqualTo("no heartbeat for 31m (expected every 30m)");

        heartbeats.beat("payments");
        assertThat(heartbeats.evaluate("payments").status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void onlySilenceInsideBusinessHoursCounts() {
        heartbeats.register(Heartbeat.builder("payments", Duration.ofMinutes(30))
                .businessHours(WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(18, 0), AMSTERDAM)
                .build());
        clock.set(Instant.parse("2026-03-06T16:50:00Z")); // Friday 17:50 in Amsterdam
        heartbeats.beat("payments");

        clock.set(Instant.parse("2026-03-09T08:15:00Z")); // Monday 09:15: 10 + 15 business minutes
        HealthReport monday0915 = heartbeats.evaluate("payments");
        clock.set(Instant.parse("2026-03-09T08:21:00Z")); // Monday 09:21: 31 business minutes
        HealthReport monday0921 = heartbeats.evaluate("payments");

        assertThat(monday0915.status()).isEqualTo(HealthStatus.UP);
        assertThat(monday0921.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(monday0921.message())
                .isEqualTo("no heartbeat for 2d15h31m (expected every 30m during business hours)");
    }

    @Test
    void businessHoursFollowDaylightSavingTime() {
        Heartbeat.BusinessHours sundays = new Heartbeat.BusinessHours(
                EnumSet.of(DayOfWeek.SUNDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, AMSTERDAM);

        // 2026-03-29 is the Sunday the clocks go forward: that day has 23 hours
        Duration open =
                sundays.openTimeBetween(Instant.parse("2026-03-28T12:00:00Z"), Instant.parse("2026-03-30T12:00:00Z"));

        assertThat(open).isEqualTo(Duration.ofHours(23));
        assertThat(sundays.isOpen(Instant.parse("2026-03-29T12:00:00Z"))).isTrue();
        assertThat(sundays.isOpen(Instant.parse("2026-03-30T12:00:00Z"))).isFalse();
    }

    @Test
    void businessWindowIsInclusiveAtTheStartAndExclusiveAtTheEnd() {
        Heartbeat.BusinessHours hours =
                new Heartbeat.BusinessHours(WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(18, 0), AMSTERDAM);

        assertThat(hours.isOpen(Instant.parse("2026-03-02T08:00:00Z"))).isTrue(); // Monday 09:00
        assertThat(hours.isOpen(Instant.parse("2026-03-02T17:00:00Z"))).isFalse(); // Monday 18:00
        assertThat(hours.isOpen(Instant.parse("2026-03-07T10:00:00Z"))).isFalse(); // Saturday
        assertThat(hours.openTimeBetween(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z")))
                .isEqualTo(Duration.ofHours(45));
    }

    @Test
    void beatForAnUnregisteredComponentIsIgnored() {
        assertThat(heartbeats.beat("nobody")).isFalse();
        assertThat(heartbeats.beat(null)).isFalse();
        assertThat(heartbeats.evaluate()).isEmpty();
        assertThat(heartbeats.evaluate("nobody")).isNull();
    }

    @Test
    void reportsComeInRegistrationOrder() {
        for (String c : List.of("c", "a", "b")) {
            heartbeats.register(Heartbeat.of(c, Duration.ofMinutes(5)));
        }

        assertThat(heartbeats.evaluate()).extracting(HealthReport::component).containsExactly("c", "a", "b");
    }

    @Test
    void reRegisteringKeepsTheLastBeatAndOrder() {
        heartbeats.register(Heartbeat.of("a", Duration.ofMinutes(5)));
        heartbeats.register(Heartbeat.of("b", Duration.ofMinutes(5)));
        heartbeats.beat("a");
        clock.advance(Duration.ofMinutes(10));

        assertThat(heartbeats.evaluate("a").status()).isEqualTo(HealthStatus.DOWN);
        heartbeats.register(Heartbeat.of("a", Duration.ofMinutes(15)));

        assertThat(heartbeats.evaluate("a").status()).isEqualTo(HealthStatus.UP);
        assertThat(heartbeats.evaluate()).extracting(HealthReport::component).containsExactly("a", "b");
        assertThat(heartbeats.unregister("a")).isTrue();
        assertThat(heartbeats.size()).isEqualTo(1);
    }

    @Test
    void numberOfHeartbeatsIsBounded() {
        Heartbeats two = new Heartbeats(clock, 2);
        two.register(Heartbeat.of("a", Duration.ofMinutes(1)));
        two.register(Heartbeat.of("b", Duration.ofMinutes(1)));

        assertThatThrownBy(() -> two.register(Heartbeat.of("c", Duration.ofMinutes(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot register heartbeat 'c': at most 2 heartbeats, already 2");
        two.register(Heartbeat.of("a", Duration.ofMinutes(2)));
        assertThat(two.size()).isEqualTo(2);
    }

    @Test
    void concurrentBeatsAndRegistrationsAreSafe() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String name = "job-" + i;
            threads.add(Thread.ofVirtual().start(() -> {
                heartbeats.register(Heartbeat.of(name, Duration.ofMinutes(1)));
                for (int n = 0; n < 1_000; n++) {
                    heartbeats.beat(name);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(heartbeats.size()).isEqualTo(16);
        assertThat(heartbeats.evaluate())
                .hasSize(16)
                .extracting(HealthReport::status)
                .containsOnly(HealthStatus.UP);
    }

    @Test
    void rejectsBadConfiguration() {
        assertThatThrownBy(() -> Heartbeat.of("a", Duration.ofDays(31)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval must be at most PT720H, was PT744H");
        assertThatThrownBy(() -> Heartbeat.of("a", Duration.ZERO)).hasMessage("interval must be positive, was PT0S");
        assertThatThrownBy(() -> Heartbeat.of(" ", Duration.ofMinutes(1)))
                .hasMessage("component must not be blank, was ' '");
        assertThatThrownBy(
                        () -> new Heartbeat.BusinessHours(WEEKDAYS, LocalTime.of(18, 0), LocalTime.of(9, 0), AMSTERDAM))
                .hasMessage("to must be after from (18:00), was 09:00");
        assertThatThrownBy(
                        () -> new Heartbeat.BusinessHours(Set.of(), LocalTime.of(9, 0), LocalTime.of(18, 0), AMSTERDAM))
                .hasMessage("days must not be empty");
        assertThatThrownBy(() -> new Heartbeats(clock, 0)).hasMessage("maxHeartbeats must be at least 1, was 0");
        assertThatThrownBy(() -> heartbeats.register(null)).hasMessage("heartbeat must not be null");
    }
}

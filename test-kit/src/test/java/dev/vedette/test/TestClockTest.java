package dev.vedette.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TestClockTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T12:00:00Z"));

    @Test
    void standsStillUntilMoved() {
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));

        clock.advance(Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-23T12:05:00Z"));

        clock.set(Instant.parse("2026-11-23T11:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
    }

    @Test
    void everyZoneSeesTheSameInstant() {
        assertThat(clock.withZone(ZoneId.of("Europe/Paris")).instant()).isEqualTo(clock.instant());
        assertThat(clock.getZone()).isEqualTo(ZoneId.of("Z"));
    }
}

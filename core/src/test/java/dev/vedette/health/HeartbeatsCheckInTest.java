package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.HealthStatus;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeartbeatsCheckInTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final Heartbeats heartbeats = new Heartbeats(clock);

    @Test
    void aFailureIsDownUntilTheNextBeatEvenAtTheSameInstant() {
        heartbeats.register(Heartbeat.of("job", Duration.ofMinutes(5)));
        heartbeats.beat("job");
        assertThat(heartbeats.fail("job", "exit 1")).isTrue();

        assertThat(heartbeats.evaluate("job").status()).isEqualTo(HealthStatus.DOWN);
        assertThat(heartbeats.evaluate("job").message()).contains("last run failed", "exit 1");

        heartbeats.beat("job");
        assertThat(heartbeats.evaluate("job").status()).isEqualTo(HealthStatus.UP);
        assertThat(heartbeats.fail("nope", null)).isFalse();
    }

    @Test
    void aStartedRunThatOutlivesItsMaxRunTimeIsDownAndItsBeatEndsIt() {
        heartbeats.register(Heartbeat.builder("job", Duration.ofHours(1))
                .maxRunTime(Duration.ofMinutes(5))
                .build());
        heartbeats.beat("job");
        heartbeats.start("job");
        clock.advance(Duration.ofMinutes(5));
        assertThat(heartbeats.evaluate("job").status()).isEqualTo(HealthStatus.UP);

        clock.advance(Duration.ofSeconds(1));
        assertThat(heartbeats.evaluate("job").status()).isEqualTo(HealthStatus.DOWN);
        assertThat(heartbeats.evaluate("job").message()).contains("run started 5m1s ago has not finished (allowed 5m)");

        heartbeats.beat("job");
        assertThat(heartbeats.evaluate("job").status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void reRegisteringKeepsTheLastBeatAndTheRunningStart() {
        heartbeats.register(Heartbeat.of("job", Duration.ofMinutes(1)));
        heartbeats.beat("job");
        heartbeats.start("job");
        heartbeats.register(Heartbeat.builder("job", Duration.ofMinutes(10))
                .maxRunTime(Duration.ofMinutes(2))
                .build());
        clock.advance(Duration.ofMinutes(3));

        assertThat(heartbeats.lastBeat("job")).isNotNull();
        assertThat(heartbeats.evaluate("job").message()).contains("has not finished");
    }
}

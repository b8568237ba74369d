package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.internal.runtime.RetentionPurge;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryStore store = InMemoryStore.builder().clock(clock).build();

    private Monitor monitorWith(MonitorBuilder builder) {
        Monitor monitor =
                builder.clock(clock).store(store).backgroundJobs(false).build();
        monitor.recordTransaction(Transaction.builder("old")
                .status(TransactionStatus.COMPLETED)
                .amount("1.00", "EUR")
                .build());
        assertThat(monitor.flush(Duration.ofSeconds(5))).isTrue();
        return monitor;
    }

    @Test
    void rawDataOlderThanThePeriodIsPurgedUnderTheLock() {
        try (Monitor monitor = monitorWith(Monitor.builder().retention(Duration.ofDays(30), Duration.ofHours(1)))) {
            clock.advance(Duration.ofHours(2));
            monitor.runScheduledJobs();
            assertThat(monitor.transactions().get("old")).isPresent();

            clock.advance(Duration.ofDays(31));
            monitor.runScheduledJobs();
            assertThat(monitor.transactions().get("old")).isEmpty();
            assertThat(store.tryLock(RetentionPurge.LOCK, "someone-else", clock.instant(), Duration.ofMinutes(1)))
                    .isFalse();
        }
    }

    @Test
    void theFirstPurgeComesOneIntervalAfterStart() {
        try (Monitor monitor = monitorWith(Monitor.builder().retention(Duration.ofDays(1), Duration.ofHours(6)))) {
            clock.advance(Duration.ofDays(2));
            // two days have passed but the monitor was built two days ago: the first purge is due
            monitor.runScheduledJobs();
            assertThat(monitor.transactions().get("old")).isEmpty();
        }
    }

    @Test
    void anotherInstanceHoldingTheLockKeepsThisOneFromPurging() {
        try (Monitor monitor = monitorWith(Monitor.builder().retention(Duration.ofDays(30)))) {
            clock.advance(Duration.ofDays(31));
            assertThat(store.tryLock(RetentionPurge.LOCK, "someone-else", clock.instant(), Duration.ofHours(1)))
                    .isTrue();
            monitor.runScheduledJobs();
            assertThat(monitor.transactions().get("old")).isPresent();
        }
    }

    @Test
    void withoutRetentionNothingIsPurged() {
        try (Monitor monitor = monitorWith(Monitor.builder())) {
            clock.advance(Duration.ofDays(3_650));
            monitor.runScheduledJobs();
            assertThat(monitor.transactions().get("old")).isPresent();
        }
    }

    @Test
    void nonPositivePeriodsAreRejected() {
        assertThatThrownBy(() -> Monitor.builder().retention(Duration.ZERO, Duration.ofHours(1)))
                .hasMessage("raw must be positive, was PT0S");
        assertThatThrownBy(() -> Monitor.builder().retention(Duration.ofDays(1), Duration.ofSeconds(-1)))
                .hasMessage("interval must be positive, was PT-1S");
    }
}

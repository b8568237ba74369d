package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RetentionJobTest {

    @Test
    void rawDataOlderThanThePeriodIsPurgedUnderTheLock() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        InMemoryStore store = InMemoryStore.builder().clock(clock).build();
        try (Monitor monitor = Monitor.builder()
                .clock(clock)
                .store(store)
                .backgroundJobs(false)
                .build()) {
            monitor.recordTransaction(Transaction.builder("old")
                    .status(TransactionStatus.COMPLETED)
                    .amount("1.00", "EUR")
                    .build());
            assertThat(monitor.flush(Duration.ofSeconds(5))).isTrue();
            RetentionJob job = new RetentionJob(monitor, store, Duration.ofDays(30), Duration.ofHours(1));

            assertThat(job.runOnce()).isZero();
            now.set(now.get().plus(Duration.ofDays(31)));
            assertThat(job.runOnce()).isPositive();
            assertThat(monitor.transactions().get("old")).isEmpty();

            assertThat(store.tryLock(RetentionJob.LOCK, "someone-else", now.get(), Duration.ofMinutes(1)))
                    .isFalse();
        }
    }

    @Test
    void nonPositivePeriodsAreRejected() {
        InMemoryStore store = new InMemoryStore();
        try (Monitor monitor =
                Monitor.builder().store(store).backgroundJobs(false).build()) {
            assertThatThrownBy(() -> new RetentionJob(monitor, store, Duration.ZERO, Duration.ofHours(1)))
                    .hasMessage("raw must be positive, was PT0S");
            assertThatThrownBy(() -> new RetentionJob(monitor, store, Duration.ofDays(1), Duration.ofSeconds(-1)))
                    .hasMessage("interval must be positive, was PT-1S");
        }
    }

    @Test
    void startAndStopScheduleOnADaemonThread() {
        InMemoryStore store = new InMemoryStore();
        try (Monitor monitor =
                Monitor.builder().store(store).backgroundJobs(false).build()) {
            RetentionJob job = new RetentionJob(monitor, store, Duration.ofDays(1), Duration.ofHours(1));
            job.start();
            assertThat(job.isRunning()).isTrue();
            job.stop();
            assertThat(job.isRunning()).isFalse();
        }
    }
}

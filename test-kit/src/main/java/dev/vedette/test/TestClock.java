package dev.vedette.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it. Give it to {@code Monitor.builder().clock(...)}
 * (and to stores, rules or notifiers that take a clock) and drive time by hand:
 *
 * <pre>{@code
 * TestClock clock = new TestClock(Instant.parse("2026-11-23T12:00:00Z"));
 * Monitor monitor = Monitor.builder().clock(clock).backgroundJobs(false).build();
 * clock.advance(Duration.ofMinutes(5));
 * monitor.runScheduledJobs();
 * }</pre>
 *
 * <p>Its zone is always UTC; {@link #withZone} returns the same clock so that every reader sees
 * the same instant. Thread-safe: background threads may read it while the test moves it.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;

    /** A clock showing {@code start} until it is moved. */
    public TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves the clock forward by {@code d} (backward if {@code d} is negative). */
    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    /** Sets the clock to {@code t}, which may be earlier than the current time. */
    public void set(Instant t) {
        now.set(t);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

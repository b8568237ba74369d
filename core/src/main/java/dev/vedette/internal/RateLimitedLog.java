package dev.vedette.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Logs a warning at most once per interval, so a storm of drops cannot flood the host's logs. */
public final class RateLimitedLog {
    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);

    /** At most one line per interval. */
    public RateLimitedLog(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Logs at WARN unless a line was logged within the interval. */
    public void warn(Logger log, String format, Object... args) {
        long now = System.nanoTime();
        long due = next.get();
        if ((due == Long.MIN_VALUE || now - due >= 0) && next.compareAndSet(due, now + intervalNanos)) {
            log.warn(format, args);
        }
    }
}

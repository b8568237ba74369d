package dev.vedette.jdbc;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Instants and durations as BIGINT nanoseconds, exact within ±292 years of 1970. */
final class Times {
    private static final long BILLION = 1_000_000_000L;

    private Times() {}

    static long nanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), BILLION), t.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("time must be within 292 years of 1970 to be stored, was " + t);
        }
    }

    static @Nullable Long nanosOrNull(@Nullable Instant t) {
        return t == null ? null : nanos(t);
    }

    /** A query bound: times beyond the storable range are clamped, which keeps range semantics. */
    static long bound(Instant t) {
        if (t.getEpochSecond() >= Long.MAX_VALUE / BILLION) {
            return Long.MAX_VALUE;
        }
        if (t.getEpochSecond() <= Long.MIN_VALUE / BILLION) {
            return Long.MIN_VALUE;
        }
        return nanos(t);
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, BILLION), Math.floorMod(nanos, BILLION));
    }

    static @Nullable Instant instantOrNull(@Nullable Long nanos) {
        return nanos == null ? null : instant(nanos);
    }

    static @Nullable Long durationNanos(@Nullable Duration d) {
        return d == null ? null : d.toNanos();
    }

    static @Nullable Duration duration(@Nullable Long nanos) {
        return nanos == null ? null : Duration.ofNanos(nanos);
    }
}

package dev.vedette.analytics;

import dev.vedette.internal.Validate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Distinct active users over the last minutes and per day, in bounded memory.
 *
 * <p>The host calls {@link #recordActivity(String)} with a stable user key (a user id or a hash of
 * one) whenever a user does something. Each call adds the key to two {@link HyperLogLog} sketches:
 * the one of the current minute (a ring of 60) and the one of the current day in the business zone
 * (a ring of {@link Builder#days(int)} days). Reads merge sketches by register maximum, so a user
 * active in several minutes counts once. Memory is fixed: {@code (60 + days)} sketches of {@code
 * 2^precision * 6 / 8} bytes (about 300 KB with the defaults, precision 12 and 31 days). Estimates
 * have a relative standard error of about {@code 1.04 / sqrt(2^precision)} (1.6 % at 12).
 *
 * <p>"The last n minutes" is the current minute bucket plus the n − 1 before it, so it covers
 * between n − 1 and n minutes of activity. Minute buckets are UTC minutes (zone offsets are whole
 * minutes in practice), days are days of the business zone.
 *
 * <p>Thread-safe; {@code recordActivity} is lock-free (a hash, two register compare-and-sets and, once
 * a minute, one new sketch) and never throws.
 */
public final class ActiveUsers {
    /** Default sketch precision. */
    public static final int DEFAULT_PRECISION = 12;
    /** Default number of days kept. */
    public static final int DEFAULT_DAYS = 31;
    /** Number of minute buckets kept. */
    public static final int MINUTES = 60;

    private final Clock clock;
    private final ZoneId zone;
    private final int precision;
    private final int days;
    private final AtomicReferenceArray<Slot> minutes = new AtomicReferenceArray<>(MINUTES);
    private final AtomicReferenceArray<Slot> dayRing;
    private final AtomicLong failures = new AtomicLong();

    private record Slot(long key, HyperLogLog sketch) {}

    /**
     * Figures at one moment.
     *
     * @param at when they were read
     * @param last5Minutes distinct users in the last 5 minutes
     * @param last15Minutes distinct users in the last 15 minutes
     * @param last60Minutes distinct users in the last 60 minutes
     * @param today distinct users today (business zone)
     */
    public record Snapshot(Instant at, long last5Minutes, long last15Minutes, long last60Minutes, long today) {}

    private ActiveUsers(Builder b) {
        this.clock = b.clock;
        this.zone = b.zone;
        this.precision = b.precision;
        this.days = b.days;
        this.dayRing = new AtomicReferenceArray<>(days);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The sketch precision. */
    public int precision() {
        return precision;
    }

    /** The relative standard error of every estimate, {@code 1.04 / sqrt(2^precision)}. */
    public double standardError() {
        return HyperLogLog.standardError(precision);
    }

    /** Calls to {@link #recordActivity} that failed inside (for example a clock that threw). */
    public long failures() {
        return failures.get();
    }

    /** Records that the user with this key is active now. Null or blank keys are ignored; never throws. */
    public void recordActivity(@Nullable String userKey) {
        if (userKey == null || userKey.isBlank()) {
            return;
        }
        try {
            long hash = HyperLogLog.hash(userKey);
            Instant now = clock.instant();
            HyperLogLog minute = slot(minutes, Math.floorDiv(now.getEpochSecond(), 60));
            if (minute != null) {
                minute.addHash(hash);
            }
            HyperLogLog day = slot(dayRing, LocalDate.ofInstant(now, zone).toEpochDay());
            if (day != null) {
                day.addHash(hash);
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
        }
    }

    private @Nullable HyperLogLog slot(AtomicReferenceArray<Slot> ring, long key) {
        int i = (int) Math.floorMod(key, (long) ring.length());
        while (true) {
            Slot s = ring.get(i);
            if (s != null && s.key == key) {
                return s.sketch;
            }
            if (s != null && s.key > key) {
                return null; // the clock went back past a bucket that was reused: drop, do not corrupt
            }
            Slot fresh = new Slot(key, new HyperLogLog(precision));
            if (ring.compareAndSet(i, s, fresh)) {
                return fresh.sketch;
            }
        }
    }

    /**
     * Distinct users in the last {@code n} minutes (the current minute bucket and the n − 1 before).
     *
     * @throws IllegalArgumentException if n is not between 1 and {@value #MINUTES}
     */
    public long activeLastMinutes(int n) {
        Validate.between("minutes", n, 1, MINUTES);
        long now = Math.floorDiv(clock.instant().getEpochSecond(), 60);
        HyperLogLog union = new HyperLogLog(precision);
        for (int i = 0; i < MINUTES; i++) {
            Slot s = minutes.get(i);
            if (s != null && s.key <= now && s.key > now - n) {
                union.mergeFrom(s.sketch);
            }
        }
        return union.estimate();
    }

    /** Distinct users on a day of the business zone, or empty if that day is not (or no longer) kept. */
    public OptionalLong activeOn(LocalDate day) {
        Validate.notNull("day", day);
        long key = day.toEpochDay();
        long today = LocalDate.ofInstant(clock.instant(), zone).toEpochDay();
        if (key > today || key <= today - days) {
            return OptionalLong.empty();
        }
        Slot s = dayRing.get((int) Math.floorMod(key, (long) days));
        return OptionalLong.of(s != null && s.key == key ? s.sketch.estimate() : 0);
    }

    /** Distinct users per kept day, oldest first, up to today; days without activity show 0. */
    public SortedMap<LocalDate, Long> daily() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        TreeMap<LocalDate, Long> out = new TreeMap<>();
        for (int i = days - 1; i >= 0; i--) {
            LocalDate d = today.minusDays(i);
            out.put(d, activeOn(d).orElse(0));
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** Distinct users over several of the kept days together (a user active on two days counts once). */
    public long activeBetween(LocalDate firstDay, LocalDate lastDay) {
        Validate.notNull("firstDay", firstDay);
        Validate.notNull("lastDay", lastDay);
        HyperLogLog union = new HyperLogLog(precision);
        for (int i = 0; i < days; i++) {
            Slot s = dayRing.get(i);
            if (s != null && s.key >= firstDay.toEpochDay() && s.key <= lastDay.toEpochDay()) {
                union.mergeFrom(s.sketch);
            }
        }
        return union.estimate();
    }

    /** The 5, 15 and 60 minute figures and today's, read now. */
    public Snapshot snapshot() {
        Instant at = clock.instant();
        return new Snapshot(
                at,
                activeLastMinutes(5),
                activeLastMinutes(15),
                activeLastMinutes(60),
                activeOn(LocalDate.ofInstant(at, zone)).orElse(0));
    }

    /** Builds {@link ActiveUsers}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.of("UTC");
        private int precision = DEFAULT_PRECISION;
        private int days = DEFAULT_DAYS;

        private Builder() {}

        /** The clock (default system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Validate.notNull("clock", clock);
            return this;
        }

        /** The business zone days are cut in (default UTC). */
        public Builder zone(ZoneId zone) {
            this.zone = Validate.notNull("zone", zone);
            return this;
        }

        /**
         * Sketch precision, {@value HyperLogLog#MIN_PRECISION} to {@value HyperLogLog#MAX_PRECISION}
         * (default {@value #DEFAULT_PRECISION}); 12 to 14 are the useful range.
         */
        public Builder precision(int precision) {
            this.precision =
                    Validate.between("precision", precision, HyperLogLog.MIN_PRECISION, HyperLogLog.MAX_PRECISION);
            return this;
        }

        /** Days kept, 1 to 366 (default {@value #DEFAULT_DAYS}). */
        public Builder days(int days) {
            this.days = Validate.between("days", days, 1, 366);
            return this;
        }

        /** Builds. */
        public ActiveUsers build() {
            return new ActiveUsers(this);
        }
    }
}

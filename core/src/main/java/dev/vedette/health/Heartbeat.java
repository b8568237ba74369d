package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of one dead-man's switch: a component that must signal ({@link
 * Heartbeats#beat(String)}) at least once per {@link #interval()}, optionally counting only time
 * inside {@link BusinessHours}. Immutable; register it with {@link Heartbeats#register(Heartbeat)}.
 *
 * <pre>{@code
 * Heartbeat payments = Heartbeat.builder("completed-payments", Duration.ofMinutes(30))
 *     .businessHours(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
 *         LocalTime.of(9, 0), LocalTime.of(18, 0), ZoneId.of("Europe/Amsterdam"))
 *     .build();
 * }</pre>
 *
 * @see Heartbeats
 */
public final class Heartbeat {
    /** Longest accepted interval: 30 days. */
    public static final Duration MAX_INTERVAL = Duration.ofDays(30);

    private final String component;
    private final Duration interval;
    private final @Nullable BusinessHours businessHours;
    private final @Nullable Duration maxRunTime;

    private Heartbeat(Builder b) {
        this.component = b.component;
        this.interval = b.interval;
        this.businessHours = b.businessHours;
        this.maxRunTime = b.maxRunTime;
    }

    /**
     * Starts a heartbeat for {@code component} expected every {@code interval}.
     *
     * @throws IllegalArgumentException if the component is not a valid name (non-blank, at most 64
     *     characters) or the interval is not positive or longer than {@link #MAX_INTERVAL}
     */
    public static Builder builder(String component, Duration interval) {
        return new Builder(component, interval);
    }

    /** A heartbeat expected every {@code interval}, at any time of day; see {@link #builder}. */
    public static Heartbeat of(String component, Duration interval) {
        return builder(component, interval).build();
    }

    /** The component whose signal this expects. */
    public String component() {
        return component;
    }

    /** The longest allowed gap between two signals (counting only business hours, if set). */
    public Duration interval() {
        return interval;
    }

    /** The hours in which silence counts, or null for always. */
    public @Nullable BusinessHours businessHours() {
        return businessHours;
    }

    /**
     * The longest a run may take from {@link Heartbeats#start} to its beat or failure before the
     * heartbeat is DOWN, or null for no limit.
     */
    public @Nullable Duration maxRunTime() {
        return maxRunTime;
    }

    @Override
    public String toString() {
        return "Heartbeat[" + component + " every " + CheckSupport.format(interval)
                + (businessHours == null ? "" : " " + businessHours) + "]";
    }

    /** Builds a {@link Heartbeat}. */
    public static final class Builder {
        private final String component;
        private final Duration interval;
        private @Nullable BusinessHours businessHours;
        private @Nullable Duration maxRunTime;

        private Builder(String component, Duration interval) {
            this.component = Validate.identifier("component", component, HealthReport.MAX_COMPONENT_LENGTH);
            Validate.positive("interval", interval);
            if (interval.compareTo(MAX_INTERVAL) > 0) {
                throw new IllegalArgumentException("interval must be at most " + MAX_INTERVAL + ", was " + interval);
            }
            this.interval = interval;
        }

        /**
         * Counts silence only on {@code days} between {@code from} and {@code to} in {@code zone}; see
         * {@link BusinessHours}. Default: always.
         *
         * @throws IllegalArgumentException as {@link BusinessHours#BusinessHours}
         */
        public Builder businessHours(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
            this.businessHours = new BusinessHours(days, from, to, zone);
            return this;
        }

        /**
         * The longest a run may take: a {@link Heartbeats#start started} run with no beat or failure
         * within it makes the heartbeat DOWN (a missed run). Default: no limit.
         *
         * @throws IllegalArgumentException if not positive or longer than {@link #MAX_INTERVAL}
         */
        public Builder maxRunTime(Duration maxRunTime) {
            Validate.positive("maxRunTime", maxRunTime);
            if (maxRunTime.compareTo(MAX_INTERVAL) > 0) {
                throw new IllegalArgumentException(
                        "maxRunTime must be at most " + MAX_INTERVAL + ", was " + maxRunTime);
            }
            this.maxRunTime = maxRunTime;
            return this;
        }

        /** Builds the heartbeat. */
        public Heartbeat build() {
            return new Heartbeat(this);
        }
    }

    /**
     * A weekly window in which a heartbeat's silence counts: on each of {@code days}, from {@code
     * from} (inclusive) to {@code to} (exclusive) local time in {@code zone}. {@code to} = {@link
     * LocalTime#MIDNIGHT} means the end of the day. Windows do not cross midnight. Daylight-saving
     * changes follow the zone's rules (a window is as long as it really is that day).
     *
     * @param days the days of the week with a window
     * @param from start of the window
     * @param to end of the window, after {@code from}, or midnight for the end of the day
     * @param zone the time zone the window is in
     */
    public record BusinessHours(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
        /**
         * Validates and copies the days.
         *
         * @throws IllegalArgumentException if a value is null, {@code days} is empty, or {@code to}
         *     is not after {@code from} (and not midnight)
         */
        public BusinessHours {
            Validate.notNull("days", days);
            Validate.notNull("from", from);
            Validate.notNull("to", to);
            Validate.notNull("zone", zone);
            if (days.isEmpty()) {
                throw new IllegalArgumentException("days must not be empty");
            }
            days = Set.copyOf(EnumSet.copyOf(days));
            if (!to.equals(LocalTime.MIDNIGHT) && !to.isAfter(from)) {
                throw new IllegalArgumentException("to must be after from (" + from + "), was " + to);
            }
        }

        /** True if {@code instant} falls inside a window. */
        public boolean isOpen(Instant instant) {
            Validate.notNull("instant", instant);
            LocalDate day = instant.atZone(zone).toLocalDate();
            return days.contains(day.getDayOfWeek()) && !instant.isBefore(start(day)) && instant.isBefore(end(day));
        }

        /** How much of the span from {@code start} to {@code end} lies inside windows; zero if end is not after start. */
        public Duration openTimeBetween(Instant start, Instant end) {
            return openTimeBetween(start, end, null);
        }

        /** As {@link #openTimeBetween(Instant, Instant)}, but stops counting once past {@code limit}. */
        Duration openTimeBetween(Instant start, Instant end, @Nullable Duration limit) {
            Validate.notNull("start", start);
            Validate.notNull("end", end);
            if (!end.isAfter(start)) {
                return Duration.ZERO;
            }
            Duration total = Duration.ZERO;
            LocalDate last = end.atZone(zone).toLocalDate();
            for (LocalDate day = start.atZone(zone).toLocalDate().minusDays(1);
                    !day.isAfter(last);
                    day = day.plusDays(1)) {
                if (!days.contains(day.getDayOfWeek())) {
                    continue;
                }
                Instant s = max(start(day), start);
                Instant e = min(end(day), end);
                if (e.isAfter(s)) {
                    total = total.plus(Duration.between(s, e));
                    if (limit != null && total.compareTo(limit) > 0) {
                        return total;
                    }
                }
            }
            return total;
        }

        private Instant start(LocalDate day) {
            return ZonedDateTime.of(day, from, zone).toInstant();
        }

        private Instant end(LocalDate day) {
            return to.equals(LocalTime.MIDNIGHT)
                    ? day.plusDays(1).atStartOfDay(zone).toInstant()
                    : ZonedDateTime.of(day, to, zone).toInstant();
        }

        private static Instant max(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }

        private static Instant min(Instant a, Instant b) {
            return a.isBefore(b) ? a : b;
        }

        @Override
        public String toString() {
            return "business hours " + days + " " + from + "-" + to + " " + zone;
        }
    }
}

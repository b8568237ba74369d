package dev.vedette.rules;

import dev.vedette.internal.Validate;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Opening hours: some days of the week, a local time window on each, in a time zone. Used by {@link
 * AbsenceRule} so that "no completed payment in 30 minutes" only alerts while customers are
 * expected.
 *
 * @param days the open days
 * @param opens local opening time (inclusive)
 * @param closes local closing time (exclusive), after {@code opens}
 * @param zone the zone the times are in
 */
public record BusinessHours(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, ZoneId zone) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a value is null, no day is given, or {@code closes} is not
     *     after {@code opens}
     */
    public BusinessHours {
        Validate.notNull("days", days);
        Validate.notNull("opens", opens);
        Validate.notNull("closes", closes);
        Validate.notNull("zone", zone);
        if (days.isEmpty()) {
            throw new IllegalArgumentException("days must name at least one day");
        }
        if (!closes.isAfter(opens)) {
            throw new IllegalArgumentException("closes must be after opens, was " + opens + " to " + closes);
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    /** Monday to Friday, {@code opens} to {@code closes}, in {@code zone}. */
    public static BusinessHours weekdays(LocalTime opens, LocalTime closes, ZoneId zone) {
        return new BusinessHours(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), opens, closes, zone);
    }

    /** Every day, {@code opens} to {@code closes}, in {@code zone}. */
    public static BusinessHours daily(LocalTime opens, LocalTime closes, ZoneId zone) {
        return new BusinessHours(EnumSet.allOf(DayOfWeek.class), opens, closes, zone);
    }

    /** When the open period holding {@code t} started, or null if closed at {@code t}. */
    public @Nullable Instant openedAt(Instant t) {
        ZonedDateTime local = t.atZone(zone);
        LocalTime time = local.toLocalTime();
        if (!days.contains(local.getDayOfWeek()) || time.isBefore(opens) || !time.isBefore(closes)) {
            return null;
        }
        return local.toLocalDate().atTime(opens).atZone(zone).toInstant();
    }

    /** True if open at {@code t}. */
    public boolean isOpen(Instant t) {
        return openedAt(t) != null;
    }
}

package dev.vedette.analytics;

import dev.vedette.store.Bucket;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * The step of a {@link TimeSeries}, cut in the business time zone. Days are calendar days (23 or 25
 * hours on DST change days), weeks are ISO weeks starting on Monday, months are calendar months.
 * WEEK and MONTH are rolled up from the store's DAY buckets.
 */
public enum Interval {
    /** One hour of the business zone's clock. */
    HOUR(Bucket.HOUR),
    /** One calendar day. */
    DAY(Bucket.DAY),
    /** One ISO week, Monday 00:00 to the next Monday 00:00. */
    WEEK(Bucket.DAY),
    /** One calendar month. */
    MONTH(Bucket.DAY);

    private static final DateTimeFormatter HOUR_LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final Bucket bucket;

    Interval(Bucket bucket) {
        this.bucket = bucket;
    }

    /** The store bucket this interval is built from. */
    public Bucket bucket() {
        return bucket;
    }

    /** The start of the interval holding {@code t} in {@code zone}. */
    public Instant start(Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        LocalDate d = z.toLocalDate();
        return switch (this) {
            case HOUR -> z.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> d.atStartOfDay(zone).toInstant();
            case WEEK ->
                d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .atStartOfDay(zone)
                        .toInstant();
            case MONTH -> d.withDayOfMonth(1).atStartOfDay(zone).toInstant();
        };
    }

    /** The start of the interval after the one starting at {@code start}. */
    public Instant next(Instant start, ZoneId zone) {
        ZonedDateTime z = start.atZone(zone);
        LocalDate d = z.toLocalDate();
        return switch (this) {
            case HOUR -> z.plusHours(1).truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> d.plusDays(1).atStartOfDay(zone).toInstant();
            case WEEK -> d.plusWeeks(1).atStartOfDay(zone).toInstant();
            case MONTH -> d.plusMonths(1).atStartOfDay(zone).toInstant();
        };
    }

    /**
     * A label for the interval starting at {@code start}: {@code 2026-03-29 03:00} (HOUR, local
     * time), {@code 2026-03-29} (DAY), {@code 2026-W13} (WEEK, ISO week-based year), {@code 2026-03}
     * (MONTH).
     */
    public String label(Instant start, ZoneId zone) {
        ZonedDateTime z = start.atZone(zone);
        return switch (this) {
            case HOUR -> HOUR_LABEL.format(z);
            case DAY -> z.toLocalDate().toString();
            case WEEK ->
                String.format(
                        Locale.ROOT,
                        "%d-W%02d",
                        z.get(IsoFields.WEEK_BASED_YEAR),
                        z.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format(Locale.ROOT, "%d-%02d", z.getYear(), z.getMonthValue());
        };
    }
}

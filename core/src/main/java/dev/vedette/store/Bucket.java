package dev.vedette.store;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** A time bucket size for aggregates: the bucket start is truncated in the query's time zone. */
public enum Bucket {
    /** One minute. */
    MINUTE,
    /** One hour. */
    HOUR,
    /** One calendar day in the zone (23 or 25 hours on DST days). */
    DAY;

    /** The start of the bucket holding {@code t}, in {@code zone}. */
    public Instant start(Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        return switch (this) {
            case MINUTE -> z.truncatedTo(ChronoUnit.MINUTES).toInstant();
            case HOUR -> z.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> z.toLocalDate().atStartOfDay(zone).toInstant();
        };
    }
}

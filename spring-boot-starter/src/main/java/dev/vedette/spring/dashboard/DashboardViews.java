package dev.vedette.spring.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * How the dashboard's JSON records ({@code *View}) spell Vedette's values: times are ISO-8601
 * strings, money amounts are decimal strings with their currency, durations are milliseconds, NaN
 * rates are null, and e-mail addresses are masked when configured. The records are written by
 * {@link DashboardJsonConverter}, so the host's Jackson settings cannot change their shape.
 */
final class DashboardViews {
    private final boolean maskEmails;

    DashboardViews(boolean maskEmails) {
        this.maskEmails = maskEmails;
    }

    /** {@code ada@example.com} becomes {@code a***@example.com}; text without {@code @} becomes {@code a***}. */
    static @Nullable String mask(@Nullable String email) {
        if (email == null || email.isEmpty()) {
            return email;
        }
        int at = email.lastIndexOf('@');
        String first = email.substring(0, email.offsetByCodePoints(0, 1));
        return at <= 0 ? first + "***" : first + "***" + email.substring(at);
    }

    /** The address as the dashboard shows it: masked when {@code mask-emails} is set. */
    @Nullable
    String email(@Nullable String email) {
        return maskEmails ? mask(email) : email;
    }

    static @Nullable String time(@Nullable Instant t) {
        return t == null ? null : t.toString();
    }

    static @Nullable Long millis(@Nullable Duration d) {
        return d == null ? null : d.toMillis();
    }

    static @Nullable Double rate(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? null : r;
    }

    /** green for UP, red for DOWN, amber for anything else (DEGRADED, UNKNOWN, custom). */
    static String light(String status) {
        return switch (status) {
            case "UP" -> "green";
            case "DOWN" -> "red";
            default -> "amber";
        };
    }

    /**
     * The business zone as an id that browsers' {@code Intl} accepts: region ids as they are, {@code Z}
     * as {@code UTC}, whole-hour offsets as {@code Etc/GMT-9} (POSIX sign), other offsets as {@code +05:30}.
     */
    static String browserZone(ZoneId zone) {
        ZoneId z = zone.normalized();
        if (z instanceof ZoneOffset offset) {
            int seconds = offset.getTotalSeconds();
            if (seconds == 0) {
                return "UTC";
            }
            if (seconds % 3600 == 0) {
                int hours = seconds / 3600;
                return "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours);
            }
            return offset.getId();
        }
        return z.getId();
    }
}

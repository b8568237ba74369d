package dev.vedette.spring.dashboard;

import dev.vedette.model.TransactionStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads the dashboard API's query parameters. Every reading that fails throws {@link
 * IllegalArgumentException} naming the parameter and the value as sent (cut to 64 characters), which
 * {@link DashboardProblems} answers with 400. Dates are read in the business zone.
 */
final class DashboardParams {
    /** Largest page any list endpoint returns. */
    static final int MAX_LIMIT = 200;

    private static final int DEFAULT_LIMIT = 50;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,9})?");
    private static final int AMOUNT_SCALE = 4;
    private static final BigDecimal AMOUNT_STEP = BigDecimal.ONE.movePointLeft(AMOUNT_SCALE);
    private static final BigDecimal AMOUNT_LIMIT = BigDecimal.ONE.movePointRight(26);
    private static final List<String> KNOWN_STATUSES = Stream.of(
                    TransactionStatus.COMPLETED,
                    TransactionStatus.PENDING,
                    TransactionStatus.FAILED,
                    TransactionStatus.ERROR,
                    TransactionStatus.REFUNDED)
            .map(TransactionStatus::code)
            .toList();
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private final ZoneId zone;

    DashboardParams(ZoneId zone) {
        this.zone = zone;
    }

    /** A page size: {@code limit} if given ({@value DEFAULT_LIMIT} if not), 1 to {@value MAX_LIMIT}. */
    static int limit(@Nullable Integer limit) {
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (l < 1 || l > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was '" + l + "'");
        }
        return l;
    }

    /** The value stripped, or null if it is null or blank. */
    static @Nullable String blank(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Repeated and comma-separated values, stripped, blanks left out. */
    static List<String> split(@Nullable List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
            }
        }
        return out;
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field + " must be one of " + EnumSet.allOf(type) + ", was '" + value + "'");
        }
    }

    static @Nullable Currency currency(@Nullable String code) {
        String c = blank(code);
        if (c == null) {
            return null;
        }
        try {
            return Currency.getInstance(c.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, was '" + code + "'");
        }
    }

    static TransactionStatus transactionStatus(String code) {
        try {
            return TransactionStatus.of(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "status must be one of " + KNOWN_STATUSES + ", was '" + shorten(code) + "'");
        }
    }

    /**
     * An amount bound: a decimal number with ASCII digits, optionally signed and with an exponent
     * ({@code 12.50}, {@code -3}, {@code 1e2}, {@code 5E-1}), less than 10^26 in magnitude (the
     * stores keep 26 digits before the point and 4 after it). A bound with more than 4 decimals is
     * rounded so that it matches the same amounts: a minimum up, a maximum down.
     */
    static @Nullable BigDecimal amount(String field, @Nullable String value, RoundingMode rounding) {
        String v = blank(value);
        if (v == null) {
            return null;
        }
        BigDecimal d;
        try {
            if (!DECIMAL.matcher(v).matches()) {
                throw new NumberFormatException();
            }
            d = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    field + " must be a decimal number such as 12.50 or 1e2, was '" + shorten(value) + "'");
        }
        if (d.abs().compareTo(AMOUNT_LIMIT) >= 0) {
            throw new IllegalArgumentException(
                    field + " must be less than 1e26 in magnitude, was '" + shorten(value) + "'");
        }
        if (d.signum() != 0 && d.abs().compareTo(AMOUNT_STEP) < 0) {
            // too small for setScale to be cheap with an exponent like 1e-999999999: round by hand
            boolean awayFromZero = (rounding == RoundingMode.CEILING) == (d.signum() > 0);
            return awayFromZero
                    ? AMOUNT_STEP.multiply(BigDecimal.valueOf(d.signum()))
                    : BigDecimal.ZERO.setScale(AMOUNT_SCALE);
        }
        return d.setScale(AMOUNT_SCALE, rounding);
    }

    /** Rejects a range whose start is not before its end, naming both as the client sent them. */
    static void checkOrder(
            @Nullable Instant from, @Nullable String fromText, @Nullable Instant to, @Nullable String toText) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException(
                    "from must be before to, was '" + shorten(fromText) + "' and '" + shorten(toText) + "'");
        }
    }

    /** The value as a message quotes it: at most 64 characters. */
    static String shorten(@Nullable String value) {
        String v = String.valueOf(value);
        return v.length() > 64 ? v.substring(0, 61) + "..." : v;
    }

    /**
     * A date ({@code 2026-11-23}, in the business zone; an end date is inclusive) or an ISO instant
     * ({@code 2026-11-23T10:00:00Z}, or with an offset), between the years 1 and 9999.
     */
    @Nullable
    Instant instant(String field, @Nullable String value, boolean end) {
        String v = blank(value);
        if (v == null) {
            return null;
        }
        try {
            if (v.length() == 10) {
                // dates are checked as dates: 0001-01-01 starts before year 1 in zones east of UTC
                LocalDate d = LocalDate.parse(v);
                if (d.getYear() < 1 || d.getYear() > 9999) {
                    throw outOfRange(field, value);
                }
                return (end ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
            }
            Instant t = Instant.parse(v);
            if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
                throw outOfRange(field, value);
            }
            return t;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + " must be a date (2026-11-23) or an ISO-8601 instant"
                    + " (2026-11-23T10:00:00Z), was '" + shorten(value) + "'");
        }
    }

    private static IllegalArgumentException outOfRange(String field, @Nullable String value) {
        return new IllegalArgumentException(
                field + " must be between 0001-01-01 and 9999-12-31, was '" + shorten(value) + "'");
    }
}

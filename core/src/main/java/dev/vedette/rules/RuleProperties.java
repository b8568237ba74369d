package dev.vedette.rules;

import dev.vedette.internal.Validate;
import dev.vedette.model.Severity;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a rule's properties: parses each value, applies it through the rule's fluent method, and
 * turns every failure into an {@link IllegalArgumentException} naming the rule type, the key and
 * the bad value. Keys not read by the rule are rejected, so a typo never passes silently.
 */
final class RuleProperties {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    private final String type;
    private final Map<String, String> values;
    private final Set<String> read = new HashSet<>();

    RuleProperties(String type, Map<String, String> values) {
        this.type = type;
        this.values = Map.copyOf(values);
        values.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException(
                        "rule type '" + type + "': properties must not hold null keys or values");
            }
        });
    }

    /** Applies the value of {@code key}, if present, to {@code rule}. */
    <R, V> R apply(R rule, String key, Function<String, V> parser, BiFunction<R, V, R> setter) {
        read.add(key);
        String raw = values.get(key);
        if (raw == null) {
            return rule;
        }
        String value = raw.strip();
        try {
            return setter.apply(rule, parser.apply(value));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalArgumentException(
                    "rule type '" + type + "': property '" + key + "' has a bad value '" + Validate.quote(raw) + "': "
                            + e.getMessage(),
                    e);
        }
    }

    /** The parsed value of {@code key}, marking it read; null if absent. */
    <V> @Nullable V value(String key, Function<String, V> parser) {
        read.add(key);
        String raw = values.get(key);
        if (raw == null) {
            return null;
        }
        try {
            return parser.apply(raw.strip());
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalArgumentException(
                    "rule type '" + type + "': property '" + key + "' has a bad value '" + Validate.quote(raw) + "': "
                            + e.getMessage(),
                    e);
        }
    }

    /** Runs a parse that combines several keys, naming them in the error. */
    <T> T parse(String what, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalArgumentException("rule type '" + type + "': " + what + ": " + e.getMessage(), e);
        }
    }

    /** Rejects keys that no {@link #apply} call read. */
    void rejectUnknown() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "rule type '" + type + "': unknown " + (unknown.size() == 1 ? "property " : "properties ") + unknown
                            + "; known: " + new TreeSet<>(read));
        }
    }

    static String string(String v) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return v;
    }

    static int integer(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
    }

    static double decimal(String v) {
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number");
        }
    }

    /** {@code 0.1} or {@code 10%}. */
    static double ratio(String v) {
        if (v.endsWith("%")) {
            return decimal(v.substring(0, v.length() - 1).strip()) / 100.0;
        }
        return decimal(v);
    }

    static BigDecimal amount(String v) {
        try {
            return new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a decimal amount such as 100.00");
        }
    }

    static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    /** ISO-8601 ({@code PT5M}) or short form ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 1w}). */
    static Duration duration(String v) {
        Matcher m = SHORT_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a duration such as 5m, 1h, 30s or PT5M");
        }
    }

    static Severity severity(String v) {
        try {
            return Severity.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be one of CRITICAL, HIGH, MEDIUM, LOW");
        }
    }

    static ZoneId zone(String v) {
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("must be a time zone id such as Europe/Berlin or UTC");
        }
    }

    static LocalTime time(String v) {
        try {
            return LocalTime.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a local time such as 09:00");
        }
    }

    /** Comma-separated list, blanks dropped. */
    static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("must list at least one value");
        }
        return out;
    }

    /** Comma-separated failure classes: {@code PROVIDER_OUTAGE} or {@code provider-outage}. */
    static FailureClass[] classes(String v) {
        List<FailureClass> out = new ArrayList<>();
        for (String part : list(v)) {
            String u = part.toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                out.add(FailureClass.valueOf(u));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + part + "' is not one of customer-decline, provider-outage, "
                        + "integration-error, unknown");
            }
        }
        return out.toArray(new FailureClass[0]);
    }

    /** {@code MON-FRI}, {@code MON,WED,FRI} or full names. */
    static Set<DayOfWeek> days(String v) {
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : list(v)) {
            String[] range = part.split("-");
            if (range.length == 2) {
                DayOfWeek from = day(range[0]);
                DayOfWeek to = day(range[1]);
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    days.add(d);
                    if (d == to) {
                        break;
                    }
                }
            } else if (range.length == 1) {
                days.add(day(range[0]));
            } else {
                throw new IllegalArgumentException("'" + part + "' is not a day or a range of days");
            }
        }
        return days;
    }

    private static DayOfWeek day(String v) {
        String u = v.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(u) || d.name().startsWith(u) && u.length() == 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + v + "' is not a day of the week (MON, TUE, ... or MONDAY, ...)");
    }
}

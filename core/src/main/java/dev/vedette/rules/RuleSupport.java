package dev.vedette.rules;

import dev.vedette.model.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation and formatting shared by the built-in rules. */
final class RuleSupport {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,63}");

    private RuleSupport() {}

    static String name(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "name must be 1 to 64 lower-case letters, digits, '_', '.' or '-', starting with a letter or digit, was '"
                            + quote(name) + "'");
        }
        return name;
    }

    static Severity severity(Severity severity) {
        if (severity == null) {
            throw new IllegalArgumentException("severity must not be null");
        }
        return severity;
    }

    static Duration positive(String field, Duration d) {
        if (d == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + d);
        }
        return d;
    }

    static double ratio(String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(field + " must be at least 0 and below 1, was " + value);
        }
        return value;
    }

    static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /** The bucket width for a window split into {@code buckets}, at least one millisecond. */
    static Duration bucket(String field, Duration window, int buckets) {
        Duration b = window.dividedBy(buckets);
        if (b.toMillis() < 1 || !b.multipliedBy(buckets).equals(window)) {
            throw new IllegalArgumentException(field + ": window " + window + " must split into " + buckets
                    + " buckets of a whole number of milliseconds");
        }
        return b;
    }

    /**
     * A value usable inside a dedup key: itself if short, printable and not an e-mail address, else a
     * digest. Dedup keys reach logs and every channel (PagerDuty's {@code dedup_key}), so a customer's
     * address never stands in one.
     */
    static String keyPart(String raw) {
        if (raw.length() <= 160
                && raw.chars().noneMatch(Character::isISOControl)
                && !raw.isBlank()
                && raw.indexOf('@') < 0) {
            return raw;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** A label value: printable, at most 256 characters. */
    static String labelValue(String raw) {
        StringBuilder b = new StringBuilder(Math.min(raw.length(), 256));
        for (int i = 0; i < raw.length() && b.length() < 256; i++) {
            char c = raw.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }

    /** A short human form: 90s → "90s", PT5M → "5m", PT1H → "1h", P1D → "1d". */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1_000L == 0) {
            return ms / 1_000L + "s";
        }
        return ms + "ms";
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    static String quote(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}

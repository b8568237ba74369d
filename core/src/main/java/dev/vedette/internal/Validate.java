package dev.vedette.internal;

import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Validation and sanitising helpers shared by the value builders. Every message names the field
 * and quotes the bad value (shortened, so a 10 MB string never lands in an exception message).
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class Validate {

    /** Appended to free text that was cut at its limit. */
    public static final String TRUNCATION_MARKER = "…[truncated]";

    /** The longest e-mail address SMTP allows. */
    public static final int MAX_EMAIL_LENGTH = 254;

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    private Validate() {}

    /** Requires a non-null value. */
    public static <T> T notNull(String field, @Nullable T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /**
     * An identifier: non-blank, at most {@code max} characters, no control characters. Identifiers
     * are rejected rather than truncated, since a cut identifier names something else.
     */
    public static String identifier(String field, @Nullable String value, int max) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, was '" + quote(value) + "'");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters, was " + value.length()
                    + " characters ('" + quote(value) + "')");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(field + " must not contain control characters, found U+"
                        + String.format("%04X", (int) c) + " at index " + i + " in '" + quote(value) + "'");
            }
            if (loneSurrogateAt(value, i)) {
                throw new IllegalArgumentException(field
                        + " must not contain a lone UTF-16 surrogate (databases store it as '?', so two such ids"
                        + " would be one), found U+" + String.format("%04X", (int) c) + " at index " + i);
            }
            if (Character.isHighSurrogate(c)) {
                i++; // the pair's low half
            }
        }
        if (value.charAt(value.length() - 1) == ' ') {
            throw new IllegalArgumentException(field
                    + " must not end with a space (MySQL and MariaDB compare keys ignoring trailing spaces, so"
                    + " 'a' and 'a ' would be one), was '" + quote(value) + "'");
        }
        return value;
    }

    /** True if the UTF-16 unit at {@code i} is a surrogate that is not half of a well-formed pair. */
    private static boolean loneSurrogateAt(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
    }

    /**
     * The text with each lone UTF-16 surrogate replaced by U+FFFD, the same replacement in every
     * store (JDBC drivers would otherwise store it as {@code ?}); the same instance when there is none.
     */
    public static String withoutLoneSurrogates(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (loneSurrogateAt(value, i)) {
                if (out == null) {
                    out = new StringBuilder(value);
                }
                out.setCharAt(i, '\uFFFD');
            } else if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        return out == null ? value : out.toString();
    }

    /** An optional identifier: {@code null} stays {@code null}; otherwise as {@link #identifier}. */
    public static @Nullable String optionalIdentifier(String field, @Nullable String value, int max) {
        return value == null ? null : identifier(field, value, max);
    }

    /**
     * Free text: NUL characters (which PostgreSQL cannot store) and lone UTF-16 surrogates (which JDBC
     * drivers store as {@code ?}) become U+FFFD, and text longer than {@code max} is cut and ends with
     * {@link #TRUNCATION_MARKER}. Never throws for content.
     */
    public static @Nullable String text(@Nullable String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = withoutLoneSurrogates(value.indexOf('\u0000') >= 0 ? value.replace('\u0000', '\uFFFD') : value);
        if (clean.length() <= max) {
            return clean;
        }
        int keep = Math.max(0, max - TRUNCATION_MARKER.length());
        if (keep > 0 && Character.isHighSurrogate(clean.charAt(keep - 1))) {
            keep--;
        }
        return clean.substring(0, keep) + TRUNCATION_MARKER;
    }

    /** An optional e-mail address: at most 254 characters with one {@code @} and no spaces. */
    public static @Nullable String optionalEmail(String field, @Nullable String value) {
        if (value == null) {
            return null;
        }
        identifier(field, value, 254);
        if (!EMAIL.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be an e-mail address, was '" + quote(value) + "'");
        }
        return value;
    }

    /**
     * End-user or provider text used as a code (payment method, error code, provider ids): never
     * throws. Control characters become U+FFFD, text longer than {@code max} is cut and ends with
     * {@link #TRUNCATION_MARKER}, blank text is not recorded (null). Each change is reported to
     * {@code flag} as (field, what was done), so the record can say what it holds.
     */
    public static @Nullable String lenientCode(
            String field, @Nullable String value, int max, BiConsumer<String, String> flag) {
        if (value == null) {
            return null;
        }
        String clean = withoutControls(field, value, flag);
        if (clean.isBlank()) {
            flag.accept(field, "was blank, not recorded");
            return null;
        }
        if (clean.length() > max) {
            flag.accept(field, "was " + clean.length() + " characters, cut to " + max);
            return text(clean, max);
        }
        return clean;
    }

    /**
     * An e-mail address as an end user typed it: never throws. Cleaned and cut as {@link
     * #lenientCode} (at 254 characters); text that is not shaped like an address (one {@code @}, no
     * spaces) is kept as given and flagged.
     */
    public static @Nullable String lenientEmail(String field, @Nullable String value, BiConsumer<String, String> flag) {
        String clean = lenientCode(field, value, MAX_EMAIL_LENGTH, flag);
        if (clean != null && !EMAIL.matcher(clean).matches()) {
            flag.accept(field, "is not an e-mail address, kept as text");
        }
        return clean;
    }

    private static String withoutControls(String field, String value, BiConsumer<String, String> flag) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                if (out == null) {
                    out = new StringBuilder(value);
                }
                out.setCharAt(i, '\uFFFD');
            }
        }
        String clean = out == null ? value : out.toString();
        String paired = withoutLoneSurrogates(clean);
        if (out != null) {
            flag.accept(field, "control characters replaced by U+FFFD");
        }
        if (paired != clean) {
            flag.accept(field, "lone UTF-16 surrogates replaced by U+FFFD");
        }
        return paired;
    }

    /** Requires {@code value >= min}. */
    public static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /** Requires a positive duration. */
    public static java.time.Duration positive(String field, java.time.@Nullable Duration value) {
        notNull(field, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
        return value;
    }

    /** Requires a duration that is zero or positive. */
    public static java.time.Duration notNegative(String field, java.time.@Nullable Duration value) {
        notNull(field, value);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }

    /** The value shortened to 64 characters for use inside a message. */
    public static String quote(String value) {
        if (value.length() <= 64) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(60)) ? 60 : 61;
        return value.substring(0, end) + "...";
    }

    // Checks of the configuration builders (notifier channels, Spring properties). Their messages
    // say "but was" and quote the value as given; secrets are never echoed.

    /** A non-secret text that must not be blank: the bad value is quoted in the message. */
    public static String notBlank(String field, @Nullable String value) {
        notNull(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'");
        }
        return value;
    }

    /** A secret: not blank, no whitespace or control characters; the message never contains it. */
    public static String secret(String field, @Nullable String value) {
        notNull(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i)) || Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(
                        field + " must not contain whitespace or control characters (value hidden, it is a secret)");
            }
        }
        return value;
    }

    /** A positive duration of at most {@code max}, such as a timeout. */
    public static java.time.Duration positiveAtMost(
            String field, java.time.@Nullable Duration value, java.time.Duration max) {
        notNull(field, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, but was " + value);
        }
        if (value.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be at most " + max + ", but was " + value);
        }
        return value;
    }

    /**
     * Requires {@code min <= value <= max}, worded like the other configuration-builder checks: the
     * message ends {@code ", but was <value>"}.
     */
    public static int inRange(String field, int value, int min, int max) {
        return between(field, value, min, max, ", but was ");
    }

    /**
     * An absolute http(s) URL with a host. When {@code secret} is true (a Slack webhook URL, a webhook
     * with a token in its path) the message shows neither the path nor the query.
     */
    public static java.net.URI httpUrl(String field, @Nullable String value, boolean secret) {
        notNull(field, value);
        String shown = secret ? "(value hidden, it may contain a secret)" : "'" + value + "'";
        java.net.URI uri;
        try {
            uri = new java.net.URI(value.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(field + " must be a valid URL, but was " + shown);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException(field + " must be an absolute http or https URL, but was "
                    + (secret ? "a URL with scheme '" + scheme + "'" : shown));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException(field + " must have a host, but was " + shown);
        }
        return uri;
    }

    /** A non-empty collection without nulls, copied to an unmodifiable list in its order. */
    public static <T> java.util.List<T> nonEmptyList(String field, java.util.@Nullable Collection<T> values) {
        notNull(field, values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        java.util.List<T> copy = new java.util.ArrayList<>(values.size());
        int i = 0;
        for (T value : values) {
            copy.add(notNull(field + "[" + i + "]", value));
            i++;
        }
        return java.util.List.copyOf(copy);
    }

    // Checks of the rules' builders.

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,63}");

    /**
     * A name used in keys and logs (a rule's name): 1 to 64 lower-case letters, digits, {@code _ . -},
     * starting with a letter or digit.
     */
    public static String slug(String field, @Nullable String value) {
        notNull(field, value);
        if (!SLUG.matcher(value).matches()) {
            throw new IllegalArgumentException(field
                    + " must be 1 to 64 lower-case letters, digits, '_', '.' or '-', starting with a letter or digit, was '"
                    + quote(value) + "'");
        }
        return value;
    }

    /** Requires {@code 0 <= value < 1}. */
    public static double ratio(String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(field + " must be at least 0 and below 1, was " + value);
        }
        return value;
    }

    /** Requires {@code min <= value <= max}; the message ends {@code ", was <value>"}. */
    public static int between(String field, int value, int min, int max) {
        return between(field, value, min, max, ", was ");
    }

    private static int between(String field, int value, int min, int max, String was) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + was + value);
        }
        return value;
    }

    /**
     * Requires a positive duration of at least {@code min}; {@code minText} words the bound for the
     * message, e.g. {@code "1 minute"}.
     */
    public static java.time.Duration atLeast(
            String field, java.time.@Nullable Duration value, java.time.Duration min, String minText) {
        positive(field, value);
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException(field + " must be at least " + minText + ", was " + value);
        }
        return value;
    }
}

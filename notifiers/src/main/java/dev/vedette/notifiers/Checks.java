package dev.vedette.notifiers;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Eager validation for the configuration builders. Messages name the field; secrets are never echoed. */
final class Checks {
    /** The longest timeout a builder accepts. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private Checks() {}

    static <T> T notNull(String field, @Nullable T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /** A non-secret text: the bad value is quoted in the message. */
    static String notBlank(String field, @Nullable String value) {
        notNull(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'");
        }
        return value;
    }

    /** A secret: the message never contains the value. */
    static String secret(String field, @Nullable String value) {
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

    static Duration timeout(String field, @Nullable Duration value) {
        notNull(field, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, but was " + value);
        }
        if (value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_TIMEOUT + ", but was " + value);
        }
        return value;
    }

    static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " must be between " + min + " and " + max + ", but was " + value);
        }
        return value;
    }

    /**
     * An absolute http(s) URL with a host. When {@code secret} is true (a Slack webhook URL, a webhook
     * with a token in its path) the message shows neither the path nor the query.
     */
    static URI httpUrl(String field, @Nullable String value, boolean secret) {
        notNull(field, value);
        String shown = secret ? "(value hidden, it may contain a secret)" : "'" + value + "'";
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " must be a valid URL, but was " + shown);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException(field + " must be an absolute http or https URL, but was "
                    + (secret ? "a URL with scheme '" + scheme + "'" : shown));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException(field + " must have a host, but was " + shown);
        }
        return uri;
    }

    static <T> List<T> nonEmptyList(String field, @Nullable Collection<T> values) {
        notNull(field, values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        List<T> copy = new ArrayList<>(values.size());
        int i = 0;
        for (T value : values) {
            copy.add(notNull(field + "[" + i + "]", value));
            i++;
        }
        return List.copyOf(copy);
    }
}

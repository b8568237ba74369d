package dev.vedette.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Validates and deep-copies JSON-compatible metadata maps into unmodifiable structures.
 *
 * <p>Accepted values: {@link String} (free text, see {@link #MAX_STRING}), {@link Boolean}, the
 * JDK's integral and decimal {@link Number}s, and {@link List}s and {@link Map}s of those, nested at
 * most {@link #MAX_DEPTH} deep. Keys follow the identifier rules and are at most {@link #MAX_KEY}
 * characters; a map holds at most {@link #MAX_ENTRIES} entries. {@code null} values are rejected.
 */
public final class Metadata {
    public static final int MAX_ENTRIES = 64;
    public static final int MAX_KEY = 64;
    public static final int MAX_STRING = 1_000;
    public static final int MAX_DEPTH = 4;

    private Metadata() {}

    /** Returns an unmodifiable, validated deep copy in insertion order. */
    public static Map<String, Object> copy(String field, @Nullable Map<String, ?> source) {
        return copy(field, source, null);
    }

    /**
     * As {@link #copy(String, Map)}, but the content of values never throws when {@code flag} is
     * given: a null value is left out and a NaN or infinite number is kept as its text, and each is
     * reported to {@code flag} as (field path, what was done). Keys, value types, nesting and sizes
     * are the caller's code and still throw.
     */
    public static Map<String, Object> copy(
            String field, @Nullable Map<String, ?> source, @Nullable BiConsumer<String, String> flag) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        return copyMap(field, source, 1, flag);
    }

    private static Map<String, Object> copyMap(
            String field, Map<?, ?> source, int depth, @Nullable BiConsumer<String, String> flag) {
        if (source.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(
                    field + " must have at most " + MAX_ENTRIES + " entries, had " + source.size());
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : source.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException(field + " keys must be strings, was " + e.getKey());
            }
            Validate.identifier(field + " key", key, MAX_KEY);
            Object value = copyValue(field + "['" + Validate.quote(key) + "']", e.getValue(), depth, flag);
            if (value != null) {
                copy.put(key, value);
            }
        }
        return Collections.unmodifiableMap(copy);
    }

    private static @Nullable Object copyValue(
            String field, @Nullable Object value, int depth, @Nullable BiConsumer<String, String> flag) {
        if (value == null) {
            if (flag != null) {
                flag.accept(field, "was null, not recorded");
                return null;
            }
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (value instanceof String s) {
            return Validate.text(s, MAX_STRING);
        }
        if (value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger
                || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Double d) {
            return finite(field, d, flag);
        }
        if (value instanceof Float f) {
            return finite(field, f.doubleValue(), flag);
        }
        if (depth >= MAX_DEPTH && (value instanceof Map || value instanceof List)) {
            throw new IllegalArgumentException(field + " nests deeper than " + MAX_DEPTH + " levels");
        }
        if (value instanceof Map<?, ?> m) {
            return copyMap(field, m, depth + 1, flag);
        }
        if (value instanceof List<?> l) {
            if (l.size() > MAX_ENTRIES) {
                throw new IllegalArgumentException(
                        field + " must have at most " + MAX_ENTRIES + " elements, had " + l.size());
            }
            List<Object> copy = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                Object element = copyValue(field + "[" + i + "]", l.get(i), depth + 1, flag);
                if (element != null) {
                    copy.add(element);
                }
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException(field + " must be a string, number, boolean, list or map, was a "
                + value.getClass().getName());
    }

    private static Object finite(String field, double d, @Nullable BiConsumer<String, String> flag) {
        if ((Double.isNaN(d) || Double.isInfinite(d)) && flag != null) {
            flag.accept(field, "was " + d + ", kept as text");
            return String.valueOf(d);
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(field + " must be a finite number, was " + d);
        }
        return d;
    }
}

package dev.vedette.spring.ingest;

import dev.vedette.internal.Validate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one JSON object of a request and collects what is wrong with them, each as a
 * {@link FieldError} with the JSON Pointer into the whole body and the rule with the bad value. A
 * getter that finds a bad value records the error and returns null, so one pass reports every bad
 * field of an item.
 */
final class Fields {
    /** Most entries of a metadata, details or context object. */
    static final int MAX_MAP_ENTRIES = 32;

    private final JsonNode node;
    private final String pointer;
    private final List<FieldError> errors;

    private Fields(JsonNode node, String pointer, List<FieldError> errors) {
        this.node = node;
        this.pointer = pointer;
        this.errors = errors;
    }

    /**
     * The fields of {@code node} at {@code pointer}, or null (with an error) when it is not an object
     * or has a field outside {@code allowed}.
     */
    static @Nullable Fields of(
            JsonNode node, String pointer, String what, Set<String> allowed, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(pointer, "must be " + what + " (a JSON object), was " + describe(node)));
            return null;
        }
        Fields fields = new Fields(node, pointer, errors);
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                errors.add(new FieldError(
                        fields.at(name),
                        "is not a field of " + what + "; the fields are " + new java.util.TreeSet<>(allowed)));
            }
        }
        return fields;
    }

    String at(String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    void error(String name, String detail) {
        errors.add(new FieldError(name.isEmpty() ? pointer : at(name), detail));
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    @Nullable
    String required(String name, int max) {
        if (!has(name)) {
            error(name, "is required");
            return null;
        }
        return string(name, max);
    }

    /** An optional string of 1 to {@code max} characters without control characters. */
    @Nullable
    String string(String name, int max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            error(name, "must be a string, was " + describe(v));
            return null;
        }
        try {
            return Validate.identifier(name, v.stringValue(), max);
        } catch (IllegalArgumentException e) {
            error(name, rule(e.getMessage(), name));
            return null;
        }
    }

    /** An optional free text (control characters allowed; the value builders cut it at its limit). */
    @Nullable
    String text(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            error(name, "must be a string, was " + describe(v));
            return null;
        }
        return v.stringValue();
    }

    @Nullable
    Long whole(String name, long min, long max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber()
                && !(v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0)) {
            error(name, "must be a whole number, was " + describe(v));
            return null;
        }
        BigDecimal d = v.decimalValue();
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            error(name, "must be between " + min + " and " + max + ", was " + plain(d));
            return null;
        }
        return d.longValueExact();
    }

    @Nullable
    Instant instant(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            error(name, "must be an ISO-8601 instant such as 2026-12-03T10:15:30Z, was " + describe(v));
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(v.stringValue()).toInstant();
        } catch (DateTimeParseException e) {
            error(
                    name,
                    "must be an ISO-8601 instant with an offset such as 2026-12-03T10:15:30Z, was "
                            + quoted(v.stringValue()));
            return null;
        }
    }

    /** An optional value of {@code allowed} (exact, upper case). */
    @Nullable
    String oneOf(String name, List<String> allowed, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                error(name, "is required, one of " + allowed);
            }
            return null;
        }
        if (!v.isString() || !allowed.contains(v.stringValue())) {
            error(name, "must be one of " + allowed + ", was " + describe(v));
            return null;
        }
        return v.stringValue();
    }

    /** An optional object of at most {@value #MAX_MAP_ENTRIES} scalar values. */
    Map<String, Object> scalars(String name) {
        JsonNode v = node.get(name);
        Map<String, Object> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            error(name, "must be an object of scalar values, was " + describe(v));
            return out;
        }
        if (v.size() > MAX_MAP_ENTRIES) {
            error(name, "must have at most " + MAX_MAP_ENTRIES + " entries, had " + v.size());
            return out;
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            JsonNode value = e.getValue();
            String at = at(name) + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
            if (value.isString()) {
                out.put(e.getKey(), value.stringValue());
            } else if (value.isBoolean()) {
                out.put(e.getKey(), value.booleanValue());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                out.put(e.getKey(), value.longValue());
            } else if (value.isNumber()) {
                out.put(e.getKey(), value.decimalValue());
            } else if (!value.isNull()) {
                errors.add(new FieldError(at, "must be a string, number, boolean or null, was " + describe(value)));
            }
        }
        return out;
    }

    /** An optional object of string values. */
    Map<String, String> strings(String name) {
        JsonNode v = node.get(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            error(name, "must be an object of strings, was " + describe(v));
            return out;
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (e.getValue().isString()) {
                out.put(e.getKey(), e.getValue().stringValue());
            } else {
                errors.add(new FieldError(
                        at(name) + "/" + e.getKey().replace("~", "~0").replace("/", "~1"),
                        "must be a string, was " + describe(e.getValue())));
            }
        }
        return out;
    }

    /** An optional nested object, or null. */
    @Nullable
    Fields object(String name, String what, Set<String> allowed) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return of(v, at(name), what, allowed, errors);
    }

    @Nullable
    JsonNode raw(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    /** A builder's message without the leading field name: "must be at most 64 characters, was ...". */
    static String rule(@Nullable String message, String name) {
        if (message == null) {
            return "is invalid";
        }
        return message.startsWith(name + " ") ? message.substring(name.length() + 1) : message;
    }

    static String describe(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "the string " + quoted(v.stringValue());
            case NUMBER -> "the number " + plain(v.decimalValue());
            case BOOLEAN -> v.booleanValue() ? "true" : "false";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** A number as written plainly, unless that would be long (1e999999999): then in scientific notation. */
    static String plain(BigDecimal d) {
        return Math.abs((long) d.scale()) > 64 || d.precision() > 64 ? d.toString() : d.toPlainString();
    }

    static String quoted(String s) {
        String cut = s.length() > 64 ? s.substring(0, 61) + "..." : s;
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static List<FieldError> list() {
        return new ArrayList<>();
    }
}

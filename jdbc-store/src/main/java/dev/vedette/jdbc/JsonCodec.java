package dev.vedette.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON text for metadata, details, labels and steps. Strings, booleans, {@code Integer}s and
 * {@code Double}s are plain JSON; other number types are tagged ({@code {"$decimal":"19.90"}}) so
 * that every value reads back with its Java type and exact value (BigDecimal scale included). A map
 * that itself has a single {@code $}-key is wrapped as {@code {"$map":{...}}} so tags never collide.
 */
final class JsonCodec {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private JsonCodec() {}

    static String writeMap(Map<String, ?> map) {
        if (map.isEmpty()) {
            return "{}";
        }
        return MAPPER.writeValueAsString(encode(map));
    }

    static Map<String, Object> readMap(String json) {
        Object raw = MAPPER.readValue(json, Object.class);
        if (!(raw instanceof Map<?, ?> m)) {
            throw new IllegalStateException("stored JSON is not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> decoded = (Map<String, Object>) decode(m);
        return decoded;
    }

    static String writeStrings(Map<String, String> map) {
        return MAPPER.writeValueAsString(new TreeMap<>(map));
    }

    static SortedMap<String, String> readStrings(String json) {
        return new TreeMap<>(MAPPER.readValue(json, STRING_MAP));
    }

    static String writeSteps(java.util.Set<String> steps) {
        if (steps.isEmpty()) {
            return "[]";
        }
        return MAPPER.writeValueAsString(new ArrayList<>(new TreeSet<>(steps)));
    }

    static TreeSet<String> readSteps(String json) {
        return new TreeSet<>(MAPPER.readValue(json, STRING_LIST));
    }

    private static Object encode(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, encode(v)));
            if (out.size() == 1 && out.keySet().iterator().next().startsWith("$")) {
                return Map.of("$map", out);
            }
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(encode(v)));
            return out;
        }
        if (value instanceof String
                || value instanceof Boolean
                || value instanceof Integer
                || value instanceof Double) {
            return value;
        }
        if (value instanceof Long) {
            return Map.of("$long", value.toString());
        }
        if (value instanceof BigDecimal d) {
            return Map.of("$decimal", d.toString());
        }
        if (value instanceof BigInteger) {
            return Map.of("$bigint", value.toString());
        }
        if (value instanceof Short) {
            return Map.of("$short", value.toString());
        }
        if (value instanceof Byte) {
            return Map.of("$byte", value.toString());
        }
        if (value instanceof Float) {
            return Map.of("$float", value.toString());
        }
        throw new IllegalArgumentException(
                "not a JSON-compatible value: " + value.getClass().getName());
    }

    private static Object decode(Object value) {
        if (value instanceof Map<?, ?> m) {
            if (m.size() == 1) {
                Map.Entry<?, ?> e = m.entrySet().iterator().next();
                String key = (String) e.getKey();
                if (key.startsWith("$")) {
                    Object v = e.getValue();
                    switch (key) {
                        case "$map" -> {
                            return decodeMap((Map<?, ?>) v);
                        }
                        case "$long" -> {
                            return Long.valueOf((String) v);
                        }
                        case "$decimal" -> {
                            return new BigDecimal((String) v);
                        }
                        case "$bigint" -> {
                            return new BigInteger((String) v);
                        }
                        case "$short" -> {
                            return Short.valueOf((String) v);
                        }
                        case "$byte" -> {
                            return Byte.valueOf((String) v);
                        }
                        case "$float" -> {
                            return Float.valueOf((String) v);
                        }
                        default -> {
                            return decodeMap(m);
                        }
                    }
                }
            }
            return decodeMap(m);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(decode(v)));
            return Collections.unmodifiableList(out);
        }
        return value;
    }

    private static Map<String, Object> decodeMap(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put((String) k, decode(v)));
        return Collections.unmodifiableMap(out);
    }
}

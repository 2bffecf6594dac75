package dev.cvj.cuda.interop;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the typed fields of a descriptor map (parsed JSON, or a map built in Java): each getter names the field
 * in its {@link IllegalArgumentException}, so every reader of a descriptor refuses bad input the same way.
 */
final class JsonFields {
    private JsonFields() {}

    /** Refuses any key outside {@code known}: a misspelt field must not be dropped silently. */
    static void refuseUnknownKeys(Map<String, ?> map, Set<String> known, String what) {
        for (String k : map.keySet()) {
            if (!known.contains(k)) {
                String hint = known.stream().filter(n -> n.equalsIgnoreCase(k)).findFirst()
                        .map(n -> " (did you mean \"" + n + "\"?)").orElse("");
                throw new IllegalArgumentException("unknown key \"" + k + "\" in " + what + hint + "; the keys are "
                        + known.stream().sorted().toList());
            }
        }
    }

    /** The value of {@code key}; missing or null is an error. */
    static Object required(Map<String, ?> map, String key) {
        if (!map.containsKey(key) || map.get(key) == null) {
            throw new IllegalArgumentException(key + ": required key is missing");
        }
        return map.get(key);
    }

    static String string(Object o, String field) {
        if (!(o instanceof String v)) {
            throw new IllegalArgumentException(field + ": must be a string, got " + describe(o));
        }
        return v;
    }

    static boolean bool(Object o, String field) {
        if (!(o instanceof Boolean v)) {
            throw new IllegalArgumentException(field + ": must be a boolean, got " + describe(o));
        }
        return v;
    }

    /** An integer of any integral {@link Number} type that fits in 64 bits. */
    static long toLong(Object o, String field) {
        if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        if (o instanceof BigInteger b) {
            if (b.bitLength() > 63) {
                throw new IllegalArgumentException(field + ": " + b + " does not fit in 64 bits");
            }
            return b.longValue();
        }
        throw new IllegalArgumentException(field + ": must be an integer, got " + describe(o));
    }

    /** An integer in {@code [min, max]}. */
    static long toLong(Object o, String field, long min, long max) {
        long v = toLong(o, field);
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + ": " + v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }

    /** A list (or {@code long[]}/{@code int[]}) of integers. */
    static long[] toLongs(Object o, String field) {
        if (o instanceof long[] a) {
            return a.clone();
        }
        if (o instanceof int[] a) {
            return Arrays.stream(a).asLongStream().toArray();
        }
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException(field + ": must be a list of integers, got " + describe(o));
        }
        long[] out = new long[l.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = toLong(l.get(k), field + "[" + k + "]");
        }
        return out;
    }

    /** The JSON text as a map: an object is required. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String json, String what) {
        Object v = Json.parse(json);
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(what + " must be a JSON object, got " + describe(v));
        }
        return (Map<String, Object>) m;
    }

    static String describe(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName() + " " + o;
    }
}

package dev.cvj.cuda.interop;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The descriptor reader follows RFC 8259 strictly and stays within fixed bounds. */
class JsonTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "01", "-01", "00", "[01]", "{\"a\": 007}",                 // leading zeros
        "\"\\u+123\"", "\"\\u-123\"", "\"\\u12g4\"", "\"\\u12\"",   // \\u escapes that are not four hex digits
        "\"\\u\uFF11\uFF12\uFF13\uFF14\"",                          // fullwidth digits are not hex digits
        "{} x", "1 2", "[1],", "nullx", "truefalse",               // text after the value
        "\"a\u0001b\"", "\"tab\tin string\"", "\"new\nline\"",       // control characters in a string
        "+1", ".5", "1.", "1.e3", "1e", "1e+", "-", "0x10", "1_000", // not RFC 8259 numbers
        "NaN", "Infinity", "[1,]", "{\"a\":1,}", "{'a': 1}", "[1 2]",
        "9223372036854775808", "-9223372036854775809",            // integers beyond 64 bits
        "1e400", "-1e400",                                          // beyond a double
        "{\"a\": 1, \"a\": 2}"                                      // duplicate keys
    })
    void refusesInvalidJson(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text), text);
        assertTrue(e.getMessage().startsWith("invalid JSON at offset "), e.getMessage());
    }

    @Test
    void readsValidNumbersAndEscapes() {
        assertEquals(0L, Json.parse("0"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(0.5e-3, Json.parse("0.5e-3"));
        assertEquals(100.0, Json.parse("1E+2"));
        assertEquals(-10.25, Json.parse("-10.25"));
        assertEquals("A\u00e9/\"\\\n", Json.parse("\"\\u0041\\u00E9\\/\\\"\\\\\\n\""));
        assertEquals(List.of(1L, true, Map.of()), Json.parse(" [1, true, {}] "));
    }

    @Test
    void deepNestingIsAClearErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nested deeper than " + Json.MAX_DEPTH), e.getMessage());
        String objects = "{\"a\": ".repeat(Json.MAX_DEPTH + 1) + "1" + "}".repeat(Json.MAX_DEPTH + 1);
        assertThrows(IllegalArgumentException.class, () -> Json.parse(objects));
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        Object v = Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH));
        for (int d = 1; d < Json.MAX_DEPTH; d++) {
            v = ((List<?>) v).getFirst();
        }
        assertEquals(List.of(), v);
        // siblings do not add up: depth is nesting, not the count of arrays
        String wide = "[" + "[[]],".repeat(1000) + "[]]";
        assertEquals(1001, ((List<?>) Json.parse(wide)).size());
    }

    @Test
    void refusesTextLongerThanTheBound() {
        String big = "\"" + "a".repeat(Json.MAX_CHARS) + "\"";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(big));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void publicReadersAreStrictToo() {
        String cai = "{\"shape\": [02], \"typestr\": \"<f4\", \"data\": [4096, false], \"version\": 3}";
        assertThrows(IllegalArgumentException.class, () -> CudaArrayInterface.fromJson(cai));
        String deep = "{\"shape\": [1], \"typestr\": \"<f4\", \"data\": [4096, false], \"version\": 3, \"descr\": "
                + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertThrows(IllegalArgumentException.class, () -> CudaArrayInterface.fromJson(deep));
    }
}

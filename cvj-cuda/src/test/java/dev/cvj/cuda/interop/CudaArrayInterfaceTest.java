package dev.cvj.cuda.interop;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CudaArrayInterfaceTest {
    private static final long PTR = 0x7f0000001000L;

    private static CudaArrayInterface img() {
        return CudaArrayInterface.of(new long[] {480, 640, 3}, "|u1", PTR, false, null, OptionalLong.of(2));
    }

    /** A map as CuPy's {@code __cuda_array_interface__} looks after conversion to Java. */
    private static Map<String, Object> cupyLike() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shape", List.of(2L, 3L));
        m.put("typestr", "<f4");
        m.put("descr", List.of(List.of("", "<f4")));
        m.put("stream", 1L);
        m.put("version", 3L);
        m.put("strides", null);
        m.put("data", List.of(PTR, false));
        return m;
    }

    private static IllegalArgumentException bad(Map<String, Object> m) {
        return assertThrows(IllegalArgumentException.class, () -> CudaArrayInterface.fromMap(m));
    }

    private static void assertMentions(Exception e, String... words) {
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "message \"" + e.getMessage() + "\" should mention " + w);
        }
    }

    // ---- fields and derived values ----------------------------------------------------------------

    @Test
    void derivedValuesOfContiguousArray() {
        CudaArrayInterface c = img();
        assertEquals(1, c.itemSize());
        assertEquals(480L * 640 * 3, c.elementCount());
        assertTrue(c.isContiguous());
        assertArrayEquals(new long[] {1920, 3, 1}, c.stridesOrContiguous());
        assertNull(c.strides());
        assertEquals(921600, c.byteSpan());
        assertEquals(3, c.rank());
        assertEquals(3, c.version());
    }

    @Test
    void stridedSpanIsLastElementPlusOne() {
        // rows padded to 2048 bytes: 479 * 2048 + 639 * 3 + 2 * 1 + 1
        var c = CudaArrayInterface.of(new long[] {480, 640, 3}, "|u1", PTR, false, new long[] {2048, 3, 1}, OptionalLong.empty());
        assertFalse(c.isContiguous());
        assertEquals(479L * 2048 + 639 * 3 + 2 + 1, c.byteSpan());
        var f = CudaArrayInterface.of(new long[] {4, 5}, "<f8", PTR, true, new long[] {8, 32}, OptionalLong.empty());
        assertFalse(f.isContiguous()); // Fortran order
        assertEquals(3 * 8 + 4 * 32 + 8, f.byteSpan());
        assertEquals(8, f.itemSize());
    }

    @Test
    void contiguityIgnoresExtentOneDimensionsAndEmptyArrays() {
        assertTrue(CudaArrayInterface.of(new long[] {1, 4}, "<i4", PTR, false, new long[] {999, 4}, OptionalLong.empty()).isContiguous());
        assertTrue(CudaArrayInterface.of(new long[] {0, 4}, "<i4", 0, false, new long[] {4, 8}, OptionalLong.empty()).isContiguous());
        assertEquals(0, CudaArrayInterface.of(new long[] {0, 4}, "<i4", 0, false, null, OptionalLong.empty()).byteSpan());
    }

    @Test
    void scalarHasOneElement() {
        var s = CudaArrayInterface.of(new long[0], "<f2", PTR, false, null, OptionalLong.empty());
        assertEquals(1, s.elementCount());
        assertEquals(2, s.byteSpan());
        assertEquals(0, s.stridesOrContiguous().length);
    }

    @Test
    void arraysAreCopiedInAndOut() {
        long[] shape = {2, 3};
        long[] strides = {12, 4};
        var c = CudaArrayInterface.of(shape, "<f4", PTR, false, strides, OptionalLong.empty());
        shape[0] = 99;
        strides[0] = 99;
        assertArrayEquals(new long[] {2, 3}, c.shape());
        assertArrayEquals(new long[] {12, 4}, c.strides());
        c.shape()[1] = 77;
        assertArrayEquals(new long[] {2, 3}, c.shape());
    }

    @Test
    void equalityComparesContents() {
        assertEquals(img(), img());
        assertEquals(img().hashCode(), img().hashCode());
        assertNotEquals(img(), img().withStream(OptionalLong.of(1)));
        assertNotEquals(img(), CudaArrayInterface.of(new long[] {480, 640, 3}, "|u1", PTR, true, null, OptionalLong.of(2)));
    }

    // ---- validation of each field -----------------------------------------------------------------

    @Test
    void rejectsNegativeExtent() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaArrayInterface.of(new long[] {2, -1}, "<f4", PTR, false, null, OptionalLong.empty()));
        assertMentions(e, "shape", "-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"f4", "<f", "<x4", "<f4 ", "f<4", "<f-4", "", "<F4", "<f0", "<u99999999999"})
    void rejectsMalformedTypestr(String ts) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaArrayInterface.of(new long[] {1}, ts, PTR, false, null, OptionalLong.empty()));
        assertMentions(e, "typestr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<f4", ">i8", "|u1", "=c16", "|b1", "<m8", "<M8", "|O8", "|S10", "<U4", "|V2"})
    void acceptsEveryTypestrKind(String ts) {
        var c = CudaArrayInterface.of(new long[] {1}, ts, PTR, false, null, OptionalLong.empty());
        assertEquals(Integer.parseInt(ts.substring(2)), c.itemSize());
    }

    @Test
    void rejectsStridesOfWrongRank() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaArrayInterface.of(new long[] {2, 3}, "<f4", PTR, false, new long[] {4}, OptionalLong.empty()));
        assertMentions(e, "strides", "rank 2");
    }

    @Test
    void rejectsNegativeStrides() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaArrayInterface.of(new long[] {2, 3}, "<f4", PTR, false, new long[] {12, -4}, OptionalLong.empty()));
        assertMentions(e, "strides", "negative");
    }

    @Test
    void rejectsNullDataForNonEmptyArrayOnly() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaArrayInterface.of(new long[] {2}, "<f4", 0, false, null, OptionalLong.empty()));
        assertMentions(e, "data", "2 elements");
        assertEquals(0, CudaArrayInterface.of(new long[] {0}, "<f4", 0, false, null, OptionalLong.empty()).data());
    }

    @Test
    void rejectsNegativePointer() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaArrayInterface.of(new long[] {2}, "<f4", -16, false, null, OptionalLong.empty()));
        assertMentions(e, "data");
    }

    @Test
    void streamZeroIsInvalidOthersAreKept() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaArrayInterface.of(new long[] {1}, "<f4", PTR, false, null, OptionalLong.of(0)));
        assertMentions(e, "stream", "0");
        for (long s : new long[] {1, 2, 0x55aa0100L, 0x7f12_3456_7890L}) {
            assertEquals(s, CudaArrayInterface.of(new long[] {1}, "<f4", PTR, false, null, OptionalLong.of(s)).stream().getAsLong());
        }
        // Values no cudaStream_t can have: CUDA would dereference them and crash the JVM (found by the fuzzer)
        for (long s : new long[] {-1, 3, 16, 4095, 0x55aa00ffL, 1L << 48, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE}) {
            var bad = assertThrows(IllegalArgumentException.class,
                    () -> CudaArrayInterface.of(new long[] {1}, "<f4", PTR, false, null, OptionalLong.of(s)));
            assertMentions(bad, "stream", Long.toHexString(s));
        }
        assertThrows(IllegalArgumentException.class,
                () -> new CudaArrayInterface(new long[] {1}, "<f4", PTR, false, null, null, null, 3));
    }

    @Test
    void versionChecks() {
        assertThrows(IllegalArgumentException.class,
                () -> new CudaArrayInterface(new long[] {1}, "<f4", PTR, false, null, OptionalLong.empty(), null, 4));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CudaArrayInterface(new long[] {1}, "<f4", PTR, false, null, OptionalLong.of(1), null, 2));
        assertMentions(e, "stream", "version 2");
        assertEquals(2, new CudaArrayInterface(new long[] {1}, "<f4", PTR, false, null, OptionalLong.empty(), null, 2).version());
    }

    @Test
    void sizeOverflowIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> CudaArrayInterface.of(
                new long[] {1L << 32, 1L << 32}, "<f4", PTR, false, null, OptionalLong.empty()));
        assertMentions(e, "shape");
    }

    @Test
    void spanOverflowIsAnError() {
        // 2^32 elements of 8 bytes = 2^35 bytes: fine
        assertEquals(1L << 35, CudaArrayInterface.of(new long[] {1L << 31, 2}, "<f8", PTR, false, null, OptionalLong.empty()).byteSpan());
        // elements fit in a long, but bytes do not
        var e = assertThrows(IllegalArgumentException.class, () -> CudaArrayInterface.of(
                new long[] {1L << 61}, "<f8", PTR, false, null, OptionalLong.empty()));
        assertMentions(e, "2^63");
        var e2 = assertThrows(IllegalArgumentException.class, () -> CudaArrayInterface.of(
                new long[] {3}, "<f4", PTR, false, new long[] {Long.MAX_VALUE / 2 + 1}, OptionalLong.empty()));
        assertMentions(e2, "strides");
    }

    @Test
    void descrIsCheckedAndCopied() {
        List<Object> d = new ArrayList<>(List.of(List.of("r", "|u1"), List.of("g", "|u1", List.of(2L))));
        var c = new CudaArrayInterface(new long[] {1}, "|V3", PTR, false, null, OptionalLong.empty(), d, 3);
        d.clear();
        assertEquals(2, c.descr().size());
        assertEquals(List.of("g", "|u1", List.of(2L)), c.descr().get(1));
        for (Object badEntry : List.<Object>of(List.of("x"), List.of(1L, "<f4"), List.of("x", "f4"), List.of("x", 5L), "x")) {
            var e = assertThrows(IllegalArgumentException.class, () -> new CudaArrayInterface(new long[] {1}, "<f4", PTR,
                    false, null, OptionalLong.empty(), List.of(badEntry), 3));
            assertMentions(e, "descr");
        }
        // nested record description
        var nested = new CudaArrayInterface(new long[] {1}, "|V8", PTR, false, null, OptionalLong.empty(),
                List.of(List.of("xy", List.of(List.of("x", "<f4"), List.of("y", "<f4")))), 3);
        assertEquals(1, nested.descr().size());
    }

    // ---- maps ------------------------------------------------------------------------------------

    @Test
    void readsCupyStyleMap() {
        var c = CudaArrayInterface.fromMap(cupyLike());
        assertArrayEquals(new long[] {2, 3}, c.shape());
        assertEquals("<f4", c.typestr());
        assertEquals(PTR, c.data());
        assertFalse(c.readOnly());
        assertNull(c.strides());
        assertEquals(OptionalLong.of(1), c.stream());
        assertEquals(List.of(List.of("", "<f4")), c.descr());
        assertEquals(3, c.version());
    }

    @Test
    void writesPythonDictShape() {
        var c = CudaArrayInterface.of(new long[] {2, 3}, "<f4", PTR, true, new long[] {16, 4}, OptionalLong.of(0x1238));
        Map<String, Object> m = c.toMap();
        assertEquals(List.of("shape", "typestr", "data", "version", "strides", "stream", "descr"), new ArrayList<>(m.keySet()));
        assertEquals(List.of(2L, 3L), m.get("shape"));
        assertEquals("<f4", m.get("typestr"));
        assertEquals(Arrays.asList(PTR, true), m.get("data"));
        assertEquals(3L, m.get("version"));
        assertEquals(List.of(16L, 4L), m.get("strides"));
        assertEquals(0x1238L, m.get("stream"));
        assertEquals(List.of(List.of("", "<f4")), m.get("descr"));
        Map<String, Object> contiguous = img().withStream(OptionalLong.empty()).toMap();
        assertTrue(contiguous.containsKey("strides"));
        assertNull(contiguous.get("strides"));
        assertTrue(contiguous.containsKey("stream"));
        assertNull(contiguous.get("stream"));
    }

    @Test
    void mapRoundTrips() {
        for (var c : List.of(img(), img().withStream(OptionalLong.empty()),
                CudaArrayInterface.of(new long[] {4, 5}, "<f8", PTR, true, new long[] {8, 32}, OptionalLong.of(0x7f00_0000_1000L)),
                CudaArrayInterface.of(new long[0], "<i2", PTR, false, null, OptionalLong.of(2)))) {
            var back = CudaArrayInterface.fromMap(c.toMap());
            // descr absent becomes the explicit default; everything else is identical
            assertEquals(new CudaArrayInterface(c.shape(), c.typestr(), c.data(), c.readOnly(), c.strides(), c.stream(),
                    List.of(List.of("", c.typestr())), c.version()), back);
            assertEquals(c.toMap(), back.toMap());
        }
    }

    @Test
    void acceptsAnyIntegralNumberType() {
        Map<String, Object> m = cupyLike();
        m.put("shape", List.of(2, (short) 3));
        m.put("data", List.of(BigInteger.valueOf(PTR), true));
        m.put("version", 3);
        m.put("strides", List.of(12, 4));
        var c = CudaArrayInterface.fromMap(m);
        assertArrayEquals(new long[] {2, 3}, c.shape());
        assertEquals(PTR, c.data());
        assertTrue(c.readOnly());
        assertArrayEquals(new long[] {12, 4}, c.strides());
    }

    @Test
    void absentOptionalKeys() {
        Map<String, Object> m = cupyLike();
        m.remove("strides");
        m.remove("stream");
        m.remove("descr");
        var c = CudaArrayInterface.fromMap(m);
        assertNull(c.strides());
        assertTrue(c.stream().isEmpty());
        assertNull(c.descr());
    }

    @Test
    void rejectsMask() {
        Map<String, Object> m = cupyLike();
        m.put("mask", null);
        assertDoesNotThrow(() -> CudaArrayInterface.fromMap(m));
        m.put("mask", Map.of("shape", List.of(2L, 3L)));
        assertMentions(bad(m), "mask", "not supported");
    }

    @Test
    void rejectsMissingRequiredKeys() {
        for (String k : List.of("shape", "typestr", "data", "version")) {
            Map<String, Object> m = cupyLike();
            m.remove(k);
            assertMentions(bad(m), k, "missing");
            m.put(k, null);
            assertMentions(bad(m), k, "missing");
        }
    }

    @Test
    void rejectsWrongTypes() {
        Object[][] cases = {
                {"shape", "2,3"}, {"shape", List.of(2.0, 3.0)}, {"shape", List.of(2L, "3")},
                {"typestr", 4L}, {"data", List.of(PTR)}, {"data", List.of(PTR, false, 1L)}, {"data", PTR},
                {"data", List.of(PTR, 0L)}, {"data", List.of(1.5, false)}, {"version", "3"}, {"version", 7L},
                {"strides", List.of(12.0, 4.0)}, {"stream", "1"}, {"stream", 0L}, {"descr", "<f4"},
                {"data", List.of(BigInteger.ONE.shiftLeft(64), false)},
        };
        for (Object[] c : cases) {
            Map<String, Object> m = cupyLike();
            m.put((String) c[0], c[1]);
            assertMentions(bad(m), (String) c[0]);
        }
    }

    @Test
    void rejectsUnknownKey() {
        Map<String, Object> m = cupyLike();
        m.put("shapes", List.of(1L));
        assertMentions(bad(m), "shapes");
        assertThrows(IllegalArgumentException.class, () -> CudaArrayInterface.fromMap(null));
    }

    // ---- JSON ------------------------------------------------------------------------------------

    @Test
    void writesJson() {
        var c = CudaArrayInterface.of(new long[] {2, 3}, "<f4", 4096, false, null, OptionalLong.of(2));
        assertEquals("{\"shape\": [2, 3], \"typestr\": \"<f4\", \"data\": [4096, false], \"version\": 3, "
                + "\"strides\": null, \"stream\": 2, \"descr\": [[\"\", \"<f4\"]]}", c.toJson());
    }

    @Test
    void readsHandWrittenJson() {
        String json = " {\n \"data\" : [ 140737488351232 , true ],\"shape\":[ 5 ],\n\t\"typestr\":\"<i8\","
                + "\"version\":3, \"strides\": [16], \"descr\": [[\"a\\u0062\\\"c\", \"<i8\"]]}  ";
        var c = CudaArrayInterface.fromJson(json);
        assertArrayEquals(new long[] {5}, c.shape());
        assertEquals(140737488351232L, c.data());
        assertTrue(c.readOnly());
        assertArrayEquals(new long[] {16}, c.strides());
        assertEquals("ab\"c", ((List<?>) c.descr().get(0)).get(0));
        assertTrue(c.stream().isEmpty());
    }

    @Test
    void jsonRoundTrips() {
        var c = new CudaArrayInterface(new long[] {3, 4, 5}, "<u2", PTR, true, new long[] {64, 16, 2}, OptionalLong.of(1),
                List.of(List.of("tab\there \\ \"q\" \u0001", "<u2")), 3);
        var back = CudaArrayInterface.fromJson(c.toJson());
        assertEquals(c, back);
        assertEquals(c.toJson(), back.toJson());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "{\"shape\": [1,]}", "{\"shape\" [1]}", "{\"a\": tru}", "{\"a\": \"x}",
            "{\"shape\": [1]} x", "{\"a\": 1, \"a\": 2}", "{\"a\": \"\\q\"}", "{\"a\": -}", "{1: 2}", "null"})
    void rejectsMalformedJson(String json) {
        assertThrows(IllegalArgumentException.class, () -> CudaArrayInterface.fromJson(json));
    }

    @Test
    void jsonFractionalNumbersAreRejectedAsIntegers() {
        var e = assertThrows(IllegalArgumentException.class, () -> CudaArrayInterface.fromJson(
                "{\"shape\": [2.5], \"typestr\": \"<f4\", \"data\": [4096, false], \"version\": 3}"));
        assertMentions(e, "shape");
    }
}

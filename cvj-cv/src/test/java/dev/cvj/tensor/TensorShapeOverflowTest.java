package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.interop.CudaArrayInterface;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Shapes and strides whose element count, byte size or byte span overflows a long are refused on every path that makes a tensor. */
class TensorShapeOverflowTest {

    private static void assertRefused(String method, String detail, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(method + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @Test
    void allocateHostRefusesACountThatOverflows() {
        // 2 * 2 * 2^62 = 2^64: used to succeed with elementCount 0 and strides [Long.MIN_VALUE, 2^62, 1]
        assertRefused("Tensor.allocateHost", "dimension", () -> Tensor.allocateHost(new long[] {2, 2, 1L << 62}, DataType.U8, null));
        // the count fits, the bytes do not: 2^61 F32 elements
        assertRefused("Tensor.allocateHost", "bytes", () -> Tensor.allocateHost(new long[] {1L << 61}, DataType.F32, null));
    }

    @Test
    void denseStridesThatOverflowAreRefusedEvenForAnEmptyShape() {
        assertRefused("Tensor.allocateHost", "dimension", () -> Tensor.allocateHost(new long[] {0, 1L << 62, 8}, DataType.U8, null));
    }

    @Test
    void emptyShapesWithLargeExtentsAreFine() {
        try (Tensor t = Tensor.allocateHost(new long[] {1L << 62, 0}, DataType.U8, null)) {
            assertEquals(0, t.elementCount());
            assertEquals(0, t.byteSpan());
            assertArrayEquals(new long[] {1, 1}, t.strides());
        }
    }

    @Test
    void deviceGeometryRefusesOverflowBeforeAnyAllocation() {
        assertThrows(IllegalArgumentException.class,
                () -> TensorGeometry.padded("Tensor.allocate", new long[] {2, 2, 1L << 62}, null, DataType.U8, 32));
        assertThrows(IllegalArgumentException.class,
                () -> TensorGeometry.padded("Tensor.allocate", new long[] {1, 1L << 58, 3, 3}, TensorLayout.NHWC, DataType.F32, 32));
    }

    @Test
    void wrapHostRefusesABroadcastCountThatOverflows() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(16);
            // broadcast strides span 1 element, but 2 * 2^63-ish elements overflow the count (it used to report 2)
            assertRefused("Tensor.wrapHost", "elements",
                    () -> Tensor.wrapHost(seg, new long[] {2, Long.MAX_VALUE}, DataType.U8, null, new long[] {0, 0}));
            assertRefused("Tensor.wrapHost", "dimension 1",
                    () -> Tensor.wrapHost(seg, new long[] {2, 1L << 62}, DataType.U8, null, new long[] {0, 4}));
            // a huge broadcast dimension alone is a legitimate view of one element
            Tensor b = Tensor.wrapHost(seg, new long[] {1L << 40}, DataType.U8, null, new long[] {0});
            assertEquals(1L << 40, b.elementCount());
            assertEquals(1, b.byteSpan());
        }
    }

    @Test
    void reshapeRefusesACountThatOverflowsAndNamesBothShapes() {
        try (Tensor t = Tensor.allocateHost(new long[] {4, 4}, DataType.U8, null)) {
            assertRefused("Tensor.reshape", "elements", () -> t.reshape(new long[] {4, 4, 1L << 62}, null));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.reshape(new long[] {3, 5}, null));
            assertTrue(e.getMessage().contains("[4, 4]") && e.getMessage().contains("[3, 5]"), e.getMessage());
        }
    }

    @Test
    void sliceRefusesStartPlusLengthThatOverflows() {
        try (Tensor t = Tensor.allocateHost(new long[] {4, 4}, DataType.U8, null)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.slice(1, Long.MAX_VALUE, 2));
            assertTrue(e.getMessage().startsWith("Tensor.slice:") && e.getMessage().contains("dimension 1"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> t.slice(1, 2, Long.MAX_VALUE));
            assertThrows(IndexOutOfBoundsException.class, () -> t.slice(1, Long.MIN_VALUE, 1));
        }
    }

    @Test
    void anInterfaceWhoseSpanOverflowsIsRefusedBeforeAnyDriverCall() {
        // the interface record refuses it; the map form goes through the same check
        assertThrows(IllegalArgumentException.class, () -> Tensor.asTensor(CudaArrayInterface.of(new long[] {2, 1L << 62},
                "|u1", 1 << 20, false, new long[] {1L << 62, 4}, OptionalLong.empty()), null));
        assertThrows(IllegalArgumentException.class, () -> Tensor.asTensor(Map.of("shape", java.util.List.of(4L, 1L << 62),
                "typestr", "<f4", "data", java.util.List.of(1L << 20, false), "version", 3L), null));
    }
}

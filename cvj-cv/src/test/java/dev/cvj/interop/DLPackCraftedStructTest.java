package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Structs a hostile or broken producer could hand over: refused with a message, the deleter called, nothing read past the segment. */
class DLPackCraftedStructTest {

    private static void assertRefusedAndReleased(MemorySegment m, String expected) {
        int deleted = ForeignProducer.DELETED.get();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DLPack.fromDLPack(m));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(deleted + 1, ForeignProducer.DELETED.get(), "a refused tensor is released (deleter called once)");
    }

    private static MemorySegment cpu(Arena arena, int code, int bits, long data, long[] shape, long[] strides, long byteOffset) {
        return ForeignProducer.versioned(arena, 1, DLDevice.CPU, 0, code, bits, 1, data, shape, strides, byteOffset, 0);
    }

    @Test
    void aSegmentSmallerThanTheStructIsRefusedWithoutReadingIt() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(16);
            MemorySegment m = cpu(arena, DLDataType.UINT, 8, data.address(), new long[] {16}, null, 0);
            int deleted = ForeignProducer.DELETED.get();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DLPack.fromDLPack(m.asSlice(0, 16)));
            assertTrue(e.getMessage().contains("reinterpret"), e.getMessage());
            assertEquals(deleted, ForeignProducer.DELETED.get(), "the deleter cannot be read from 16 bytes");
            // a raw pointer (zero-length segment) as native code returns it: the caller must say how big it is
            assertThrows(IllegalArgumentException.class, () -> DLPack.fromDLPack(MemorySegment.ofAddress(m.address())));
            // the header is there but not the DLTensor: released
            assertRefusedAndReleased(m.asSlice(0, 40), "80");
            assertThrows(IllegalArgumentException.class, () -> DLPack.fromLegacyDLPack(arena.allocate(63)));
            // the whole struct: accepted
            DLPack.fromDLPack(m).close();
        }
    }

    @Test
    void ndimOutsideZeroToSixtyFourIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(16);
            for (int ndim : new int[] {-1, 65, Integer.MAX_VALUE}) {
                MemorySegment m = cpu(arena, DLDataType.UINT, 8, data.address(), new long[] {16}, null, 0);
                DLManagedTensorVersioned.dlTensor(m).set(ValueLayout.JAVA_INT, DLTensor.NDIM, ndim);
                assertRefusedAndReleased(m, "ndim " + ndim);
            }
        }
    }

    @Test
    void dataTypesDLPackDoesNotDefineAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            long p = arena.allocate(64).address();
            assertRefusedAndReleased(cpu(arena, DLDataType.FLOAT, 24, p, new long[] {2}, null, 0), "24 bits");
            assertRefusedAndReleased(cpu(arena, DLDataType.INT, 128, p, new long[] {2}, null, 0), "128 bits");
            assertRefusedAndReleased(cpu(arena, DLDataType.BOOL, 16, p, new long[] {2}, null, 0), "16 bits");
            assertRefusedAndReleased(cpu(arena, DLDataType.FLOAT, 0, p, new long[] {2}, null, 0), "0 bits");
        }
    }

    @Test
    void shapesAndStridesThatOverflowAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            long p = arena.allocate(64).address();
            assertRefusedAndReleased(cpu(arena, DLDataType.UINT, 8, p, new long[] {2, 2, 1L << 62}, null, 0), "2^63-1");
            assertRefusedAndReleased(cpu(arena, DLDataType.FLOAT, 32, p, new long[] {2}, new long[] {1L << 62}, 0), "overflows");
            assertRefusedAndReleased(cpu(arena, DLDataType.UINT, 8, p, new long[] {3, 1L << 62}, new long[] {1L << 62, 1}, 0), "2^63-1");
            assertRefusedAndReleased(cpu(arena, DLDataType.UINT, 8, p, new long[] {-2}, null, 0), "negative");
        }
    }

    @Test
    void pointersThatCannotBeUserMemoryAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            long p = arena.allocate(64).address();
            assertRefusedAndReleased(cpu(arena, DLDataType.UINT, 8, 0, new long[] {4}, null, 0), "NULL data pointer");
            assertRefusedAndReleased(cpu(arena, DLDataType.UINT, 8, 0x10, new long[] {4}, null, 0), "not a user-space address");
            assertRefusedAndReleased(cpu(arena, DLDataType.UINT, 8, -4096, new long[] {4}, null, 0), "not a user-space address");
            assertRefusedAndReleased(cpu(arena, DLDataType.UINT, 8, p, new long[] {4}, null, -64), "byte_offset");
            assertRefusedAndReleased(cpu(arena, DLDataType.UINT, 8, p, new long[] {4}, null, 1L << 60), "not a user-space address");
            assertRefusedAndReleased(cpu(arena, DLDataType.UINT, 8, p, new long[] {1L << 60}, null, 0), "not a user-space address");
            MemorySegment badShape = cpu(arena, DLDataType.UINT, 8, p, new long[] {4}, null, 0);
            DLManagedTensorVersioned.dlTensor(badShape).set(ValueLayout.JAVA_LONG, DLTensor.SHAPE, 0x18);
            assertRefusedAndReleased(badShape, "shape");
            MemorySegment oddStrides = cpu(arena, DLDataType.UINT, 8, p, new long[] {4}, new long[] {1}, 0);
            DLManagedTensorVersioned.dlTensor(oddStrides).set(ValueLayout.JAVA_LONG, DLTensor.STRIDES, p + 3);
            assertRefusedAndReleased(oddStrides, "aligned");
        }
    }

    @Test
    void anEmptyTensorMayHaveANullDataPointer() {
        try (Arena arena = Arena.ofConfined();
             DLPackTensor in = DLPack.fromDLPack(cpu(arena, DLDataType.FLOAT, 32, 0, new long[] {0, 3}, null, 0))) {
            Tensor t = in.tensor(null);
            assertEquals(0, t.elementCount());
            assertEquals(DataType.F32, t.dtype());
            t.copyFrom(new float[0]);
        }
    }
}

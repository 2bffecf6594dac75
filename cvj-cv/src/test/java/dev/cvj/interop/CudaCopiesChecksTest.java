package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.interop.CudaArrayInterface;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The checks CudaCopies makes before any CUDA call (so they run without a GPU: the made-up pointers are
 * never used), and the copy plans it derives from strides.
 */
class CudaCopiesChecksTest {
    private static final long P = 0x7f00_0000_0000L;

    private static CudaArrayInterface cai(long[] shape, String typestr, boolean readOnly, long[] strides) {
        return CudaArrayInterface.of(shape, typestr, P, readOnly, strides, OptionalLong.empty());
    }

    private static void refused(Executable e, String... words) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        for (String w : words) {
            assertTrue(x.getMessage().contains(w), "message lacks \"" + w + "\": " + x.getMessage());
        }
    }

    @Test
    void elementTypeMustMatchTypedArrays() {
        CudaArrayInterface u8 = cai(new long[] {4, 4}, "|u1", false, null);
        refused(() -> CudaCopies.h2d(new float[16], u8), "float[]", "|u1", "byte[]");
        refused(() -> CudaCopies.d2h(u8, new int[16]), "int[]", "|u1");
        CudaArrayInterface f4 = cai(new long[] {8}, "<f4", false, null);
        refused(() -> CudaCopies.h2d(new int[8], f4), "int[]", "<f4", "float[]");
        refused(() -> CudaCopies.d2h(f4, new double[8]), "double[]", "<f4");
        refused(() -> CudaCopies.h2d(new short[8], f4), "short[]");
        CudaArrayInterface i4 = cai(new long[] {8}, "<i4", false, null);
        refused(() -> CudaCopies.h2d(new float[8], i4), "float[]", "<i4", "int[]");
        CudaArrayInterface f8 = cai(new long[] {8}, "<f8", false, null);
        refused(() -> CudaCopies.h2d(new long[8], f8), "long[]", "double[]");
    }

    @Test
    void elementCountMustMatch() {
        CudaArrayInterface f4 = cai(new long[] {3, 5}, "<f4", false, null);
        refused(() -> CudaCopies.h2d(new float[14], f4), "14 elements", "15");
        refused(() -> CudaCopies.d2h(f4, new float[16]), "16 elements", "15");
        CudaArrayInterface f2 = cai(new long[] {6}, "<f2", false, null);
        refused(() -> CudaCopies.h2d(new short[5], f2), "5 elements", "6");
    }

    @Test
    void rawBytesMustMatchTheByteCount() {
        CudaArrayInterface f4 = cai(new long[] {2, 3}, "<f4", false, null);
        refused(() -> CudaCopies.h2d(new byte[23], f4), "23 bytes", "24");
        refused(() -> CudaCopies.d2h(f4, MemorySegment.ofArray(new byte[25])), "25 bytes", "24");
        refused(() -> CudaCopies.h2d(ByteBuffer.allocate(12), f4), "12 bytes", "24");
    }

    @Test
    void readOnlyTargetsAreRefused() {
        CudaArrayInterface ro = cai(new long[] {4}, "<f4", true, null);
        refused(() -> CudaCopies.h2d(new float[4], ro), "read-only");
        CudaArrayInterface rw = cai(new long[] {4}, "<f4", false, null);
        refused(() -> CudaCopies.d2h(rw, ByteBuffer.allocate(16).asReadOnlyBuffer()), "read-only");
        refused(() -> CudaCopies.d2h(rw, MemorySegment.ofArray(new byte[16]).asReadOnly()), "read-only");
    }

    @Test
    void layoutsThatAreNotPitchedRowsAreRefused() {
        // Two channels of a 3-channel HWC image: runs of 2 elements, 3 apart, inside rows: not one pitch.
        CudaArrayInterface twoOfThree = cai(new long[] {4, 5, 2}, "|u1", false, new long[] {16, 3, 1});
        refused(() -> CudaCopies.h2d(new byte[40], twoOfThree), "strided", "not rows of contiguous elements");
        CudaArrayInterface overlapping = cai(new long[] {4, 8}, "<f4", false, new long[] {16, 4});
        refused(() -> CudaCopies.d2h(overlapping, new float[32]), "overlap");
        CudaArrayInterface broadcast = cai(new long[] {4, 8}, "<f4", false, new long[] {0, 4});
        refused(() -> CudaCopies.h2d(new float[32], broadcast), "overlap");
    }

    @Test
    void plans() {
        // Contiguous: one block.
        assertEquals(new CudaCopies.Plan(60, 1, 60), CudaCopies.Plan.of(cai(new long[] {3, 5}, "<f4", false, null), "t"));
        // Padded HWC rows (10 x 3 bytes in 32): 2D.
        assertEquals(new CudaCopies.Plan(30, 10, 32),
                CudaCopies.Plan.of(cai(new long[] {10, 10, 3}, "|u1", false, new long[] {32, 3, 1}), "t"));
        // A batch of padded images whose batch stride continues the rows: still one pitch.
        assertEquals(new CudaCopies.Plan(30, 20, 32),
                CudaCopies.Plan.of(cai(new long[] {2, 10, 10, 3}, "|u1", false, new long[] {320, 32, 3, 1}), "t"));
        // A column: rows of one element.
        assertEquals(new CudaCopies.Plan(4, 6, 40),
                CudaCopies.Plan.of(cai(new long[] {6, 1}, "<f4", false, new long[] {40, 4}), "t"));
        // Unit dimensions with odd strides do not matter.
        assertEquals(new CudaCopies.Plan(24, 1, 24),
                CudaCopies.Plan.of(cai(new long[] {1, 6, 1}, "<f4", false, new long[] {999, 4, 7}), "t"));
        // A crop of a wider float image.
        assertEquals(new CudaCopies.Plan(16, 3, 40),
                CudaCopies.Plan.of(cai(new long[] {3, 4}, "<f4", false, new long[] {40, 4}), "t"));
    }

    @Test
    void emptyArraysNeedNoCopy() {
        CudaArrayInterface empty = CudaArrayInterface.of(new long[] {0, 4}, "<f4", 0, false, null, OptionalLong.empty());
        CudaCopies.h2d(new float[0], empty);
        CudaCopies.d2h(empty, new byte[0]);
        refused(() -> CudaCopies.h2d(new float[1], empty), "1 elements", "0");
    }
}

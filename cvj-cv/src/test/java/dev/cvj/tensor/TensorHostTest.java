package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Host tensors: everything that needs no GPU. */
class TensorHostTest {
    private final Random rng = new Random(42);

    private int[] randomInts(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt();
        }
        return a;
    }

    private static int intAt(Tensor t, long... index) {
        long o = 0;
        long[] st = t.strides();
        for (int d = 0; d < index.length; d++) {
            o += index[d] * st[d];
        }
        return t.hostSegment().get(ValueLayout.JAVA_INT_UNALIGNED, o);
    }

    @Test
    void allocateHostIsDenseAndDescribed() {
        try (Tensor t = Tensor.allocateHost(new long[] {2, 5, 7, 3}, DataType.F32, TensorLayout.NHWC)) {
            assertTrue(t.isHost());
            assertNull(t.device());
            assertArrayEquals(new long[] {2, 5, 7, 3}, t.shape());
            assertArrayEquals(new long[] {420, 84, 12, 4}, t.strides());
            assertEquals(4, t.rank());
            assertEquals(5, t.shape('H'));
            assertEquals(7, t.shape('W'));
            assertEquals(3, t.shape('C'));
            assertEquals(2, t.shape(0));
            assertEquals(210, t.elementCount());
            assertEquals(840, t.byteSize());
            assertEquals(840, t.byteSpan());
            assertEquals(840, t.hostSegment().byteSize());
            assertTrue(t.isContiguous());
            assertSame(TensorLayout.NHWC, t.layout());
            assertEquals(DataType.F32, t.dtype());
            assertEquals(0, t.address() % 64, "host tensors are 64-byte aligned");
            assertThrows(IllegalArgumentException.class, () -> t.shape('D'));
            assertThrows(IndexOutOfBoundsException.class, () -> t.shape(4));
            assertThrows(IllegalStateException.class, t::deviceMemory);
            assertThrows(IllegalStateException.class, t::cuda);
        }
    }

    @Test
    void shapeMustMatchLayoutRank() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.allocateHost(new long[] {480, 640}, DataType.U8, TensorLayout.HWC));
        assertTrue(e.getMessage().contains("[480, 640]") && e.getMessage().contains("HWC"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.allocateHost(new long[] {2, -1, 3}, DataType.U8, TensorLayout.HWC));
        assertThrows(IllegalArgumentException.class, () -> Tensor.allocateHost(new long[16], DataType.U8, null));
    }

    @Test
    void layoutMayBeAbsent() {
        try (Tensor t = Tensor.allocateHost(new long[] {3, 4}, DataType.S16, null)) {
            assertNull(t.layout());
            assertThrows(IllegalStateException.class, () -> t.shape('H'));
        }
    }

    @Test
    void arrayRoundTripsForEveryArrayType() {
        try (Tensor t = Tensor.allocateHost(new long[] {3, 5}, DataType.F64, null)) {
            double[] a = rng.doubles(15).toArray();
            t.copyFrom(a);
            double[] b = new double[15];
            t.copyTo(b);
            assertArrayEquals(a, b);
            assertEquals(a[7], t.hostSegment().get(ValueLayout.JAVA_DOUBLE_UNALIGNED, 7 * 8));
        }
        try (Tensor t = Tensor.allocateHost(new long[] {17}, DataType.U8, TensorLayout.W)) {
            byte[] a = new byte[17];
            rng.nextBytes(a);
            t.copyFrom(a);
            byte[] b = new byte[17];
            t.copyTo(b);
            assertArrayEquals(a, b);
        }
        try (Tensor t = Tensor.allocateHost(new long[] {2, 2}, DataType.S64, null)) {
            long[] a = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
            t.copyFrom(a);
            long[] b = new long[4];
            t.copyTo(b);
            assertArrayEquals(a, b);
        }
        try (Tensor t = Tensor.allocateHost(new long[] {6}, DataType.F32, null)) {
            float[] a = {1.5f, -2f, Float.NaN, 0f, 1e30f, -0f};
            t.copyFrom(a);
            float[] b = new float[6];
            t.copyTo(b);
            assertArrayEquals(a, b);
        }
    }

    @Test
    void halfTypesUseShortArrays() {
        try (Tensor f16 = Tensor.allocateHost(new long[] {2}, DataType.F16, null);
             Tensor bf16 = Tensor.allocateHost(new long[] {2}, DataType.BF16, null)) {
            f16.copyFrom(new short[] {(short) 0x3C00, (short) 0xC000});
            bf16.copyFrom(new short[] {(short) 0x3F80, (short) 0xC040});
            assertEquals(1.0, f16.hostElementAsDouble(new long[] {0}));
            assertEquals(-2.0, f16.hostElementAsDouble(new long[] {1}));
            assertEquals(1.0, bf16.hostElementAsDouble(new long[] {0}));
            assertEquals(-3.0, bf16.hostElementAsDouble(new long[] {1}));
            assertThrows(IllegalArgumentException.class, () -> f16.copyFrom(new float[2]));
        }
    }

    @Test
    void arrayTypeAndLengthAreChecked() {
        try (Tensor f = Tensor.allocateHost(new long[] {4}, DataType.F32, null);
             Tensor i = Tensor.allocateHost(new long[] {4}, DataType.S32, null);
             Tensor u = Tensor.allocateHost(new long[] {4}, DataType.U32, null)) {
            assertThrows(IllegalArgumentException.class, () -> f.copyFrom(new int[4]));
            assertThrows(IllegalArgumentException.class, () -> i.copyFrom(new float[4]));
            assertThrows(IllegalArgumentException.class, () -> f.copyFrom(new double[4]));
            assertThrows(IllegalArgumentException.class, () -> f.copyFrom(new byte[16]));
            var e = assertThrows(IllegalArgumentException.class, () -> f.copyFrom(new float[5]));
            assertTrue(e.getMessage().contains("5"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> f.copyTo(new float[3]));
            assertThrows(IllegalArgumentException.class, () -> i.copyTo(new long[4]));
            u.copyFrom(new int[] {-1, 0, 1, 2}); // unsigned: bits as they are
            assertEquals(4294967295.0, u.hostElementAsDouble(new long[] {0}));
        }
    }

    @Test
    void sliceSharesMemory() {
        int[] data = randomInts(4 * 6 * 2);
        try (Tensor t = Tensor.allocateHost(new long[] {4, 6, 2}, DataType.S32, TensorLayout.HWC)) {
            t.copyFrom(data);
            Tensor s = t.slice(1, 2, 3);
            assertArrayEquals(new long[] {4, 3, 2}, s.shape());
            assertArrayEquals(t.strides(), s.strides());
            assertSame(TensorLayout.HWC, s.layout());
            assertFalse(s.isContiguous());
            assertEquals(t.address() + 2 * 8, s.address());
            int[] got = new int[24];
            s.copyTo(got);
            for (int h = 0; h < 4; h++) {
                for (int w = 0; w < 3; w++) {
                    for (int c = 0; c < 2; c++) {
                        assertEquals(data[h * 12 + (w + 2) * 2 + c], got[h * 6 + w * 2 + c]);
                        assertEquals(data[h * 12 + (w + 2) * 2 + c], intAt(s, h, w, c));
                    }
                }
            }
            // writing through the view changes exactly those elements of the root
            int[] fresh = randomInts(24);
            s.copyFrom(fresh);
            int[] all = new int[48];
            t.copyTo(all);
            int[] model = data.clone();
            for (int h = 0; h < 4; h++) {
                for (int w = 0; w < 3; w++) {
                    for (int c = 0; c < 2; c++) {
                        model[h * 12 + (w + 2) * 2 + c] = fresh[h * 6 + w * 2 + c];
                    }
                }
            }
            assertArrayEquals(model, all);
            // slice of a slice
            Tensor ss = s.slice(0, 1, 2).slice(2, 1, 1);
            assertArrayEquals(new long[] {2, 3, 1}, ss.shape());
            assertEquals(model[1 * 12 + (0 + 2) * 2 + 1], intAt(ss, 0, 0, 0));
            assertEquals(model[2 * 12 + (2 + 2) * 2 + 1], intAt(ss, 1, 2, 0));
        }
    }

    @Test
    void sliceBoundsAreChecked() {
        try (Tensor t = Tensor.allocateHost(new long[] {4, 6}, DataType.U8, null)) {
            assertThrows(IndexOutOfBoundsException.class, () -> t.slice(1, 4, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> t.slice(1, -1, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> t.slice(0, 0, 5));
            assertThrows(IndexOutOfBoundsException.class, () -> t.slice(2, 0, 1));
            Tensor empty = t.slice(1, 6, 0);
            assertEquals(0, empty.elementCount());
            assertEquals(0, empty.hostSegment().byteSize());
        }
    }

    @Test
    void reshapeSharesMemoryAndNeedsContiguity() {
        int[] data = randomInts(24);
        try (Tensor t = Tensor.allocateHost(new long[] {2, 3, 4}, DataType.S32, null)) {
            t.copyFrom(data);
            Tensor r = t.reshape(new long[] {6, 4}, TensorLayout.HW);
            assertArrayEquals(new long[] {16, 4}, r.strides());
            assertSame(TensorLayout.HW, r.layout());
            assertEquals(data[5 * 4 + 3], intAt(r, 5, 3));
            r.copyFrom(new int[24]);
            int[] back = new int[24];
            t.copyTo(back);
            assertArrayEquals(new int[24], back);
            assertThrows(IllegalArgumentException.class, () -> t.reshape(new long[] {5, 5}, null));
            assertThrows(IllegalArgumentException.class, () -> t.reshape(new long[] {6, 4}, TensorLayout.HWC));
            assertThrows(IllegalStateException.class, () -> t.slice(2, 1, 2).reshape(new long[] {12}, null));
            // a slice along the outermost dimension is still contiguous
            assertEquals(12, t.slice(0, 1, 1).reshape(new long[] {12}, TensorLayout.W).elementCount());
        }
    }

    @Test
    void closingTheRootEndsItsViews() {
        Tensor t = Tensor.allocateHost(new long[] {4, 4}, DataType.F32, null);
        Tensor v = t.slice(0, 1, 2);
        Tensor r = t.reshape(new long[] {16}, null);
        v.close(); // closing a view frees nothing
        assertTrue(v.isClosed());
        assertFalse(t.isClosed());
        t.copyFrom(new float[16]);
        assertThrows(IllegalStateException.class, () -> v.copyTo(new float[8]));
        t.close();
        t.close(); // idempotent
        assertTrue(t.isClosed());
        assertTrue(r.isClosed());
        var e = assertThrows(IllegalStateException.class, r::hostSegment);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> r.copyTo(new float[16]));
        assertThrows(IllegalStateException.class, () -> t.copyFrom(new float[16]));
        assertThrows(IllegalStateException.class, () -> r.slice(0, 0, 1));
        assertThrows(IllegalStateException.class, t::address);
    }

    @Test
    void wrapHostChecksTheSegment() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(100);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.wrapHost(seg, new long[] {5, 6}, DataType.F32, null, null));
            assertTrue(e.getMessage().contains("120") && e.getMessage().contains("100"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Tensor.wrapHost(seg, new long[] {2, 2}, DataType.F32, null, new long[] {8, 2}));
            assertThrows(IllegalArgumentException.class, () -> Tensor.wrapHost(seg, new long[] {2, 2}, DataType.F32, null, new long[] {8}));
            assertThrows(IllegalArgumentException.class, () -> Tensor.wrapHost(seg, new long[] {2, 2}, DataType.F32, null, new long[] {-8, 4}));
            Tensor ok = Tensor.wrapHost(seg, new long[] {3, 2}, DataType.F32, null, new long[] {32, 4}); // 2*32+4+4 = 72
            assertEquals(72, ok.byteSpan());
            assertEquals(seg.address(), ok.address());
            ok.close(); // borrowed: the segment stays usable
            seg.set(ValueLayout.JAVA_BYTE, 99, (byte) 1);
        }
    }

    @Test
    void readOnlySegmentsCannotBeWritten() {
        int[] data = {1, 2, 3};
        Tensor ro = Tensor.wrapHost(MemorySegment.ofArray(data).asReadOnly(), new long[] {3}, DataType.S32, null, null);
        assertTrue(ro.isReadOnly());
        assertThrows(IllegalStateException.class, () -> ro.copyFrom(new int[3]));
        int[] out = new int[3];
        ro.copyTo(out);
        assertArrayEquals(data, out);
        Tensor heap = Tensor.wrapHost(MemorySegment.ofArray(data), new long[] {3}, DataType.S32, null, null);
        assertThrows(IllegalStateException.class, heap::address, "a Java array has no stable address");
    }

    @Test
    void stridedHostCopyTransposes() {
        int rows = 5;
        int cols = 7;
        int[] src = randomInts(rows * cols);
        // the transpose of src as a view: shape [cols, rows], strides [4, 4 * cols]
        Tensor t = Tensor.wrapHost(MemorySegment.ofArray(src), new long[] {cols, rows}, DataType.S32, TensorLayout.HW,
                new long[] {4, 4L * cols});
        assertFalse(t.isContiguous());
        try (Tensor dense = Tensor.allocateHost(new long[] {cols, rows}, DataType.S32, TensorLayout.HW)) {
            dense.copyFrom(t, null);
            int[] got = new int[rows * cols];
            dense.copyTo(got);
            for (int i = 0; i < cols; i++) {
                for (int j = 0; j < rows; j++) {
                    assertEquals(src[j * cols + i], got[i * rows + j]);
                }
            }
            int[] direct = new int[rows * cols];
            t.copyTo(direct); // copyTo from a strided tensor gives C order too
            assertArrayEquals(got, direct);
        }
    }

    @Test
    void tensorCopyChecksShapeAndType() {
        try (Tensor a = Tensor.allocateHost(new long[] {2, 3}, DataType.S32, null);
             Tensor b = Tensor.allocateHost(new long[] {3, 2}, DataType.S32, null);
             Tensor c = Tensor.allocateHost(new long[] {2, 3}, DataType.F32, null)) {
            assertThrows(IllegalArgumentException.class, () -> a.copyFrom(b, null));
            assertThrows(IllegalArgumentException.class, () -> a.copyFrom(c, null));
        }
    }

    @Test
    void toHostCopiesIntoNewMemory() {
        int[] data = randomInts(12);
        try (Tensor t = Tensor.allocateHost(new long[] {3, 4}, DataType.S32, TensorLayout.HW)) {
            t.copyFrom(data);
            try (Tensor c = t.slice(1, 1, 2).toHost()) {
                assertTrue(c.isContiguous());
                assertArrayEquals(new long[] {3, 2}, c.shape());
                assertSame(TensorLayout.HW, c.layout());
                int[] got = new int[6];
                c.copyTo(got);
                assertArrayEquals(new int[] {data[1], data[2], data[5], data[6], data[9], data[10]}, got);
                t.copyFrom(new int[12]);
                c.copyTo(got);
                assertEquals(data[1], got[0], "the copy does not share memory");
            }
        }
    }

    @Test
    void emptyTensors() {
        try (Tensor t = Tensor.allocateHost(new long[] {0, 3}, DataType.F32, null)) {
            assertEquals(0, t.elementCount());
            assertEquals(0, t.byteSpan());
            assertTrue(t.isContiguous());
            t.copyFrom(new float[0]);
            t.copyTo(new float[0]);
        }
    }

    @Test
    void scalarTensor() {
        try (Tensor t = Tensor.allocateHost(new long[0], DataType.F64, null)) {
            assertEquals(1, t.elementCount());
            t.copyFrom(new double[] {2.5});
            assertEquals(2.5, t.hostElementAsDouble(new long[0]));
        }
    }

    @Test
    void deviceStridesPadImageRows() {
        // U8 NHWC 7x3 rows = 21 bytes -> 32
        assertArrayEquals(new long[] {160, 32, 3, 1}, TensorGeometry.deviceStrides(new long[] {2, 5, 7, 3}, 1, TensorLayout.NHWC, 32));
        // F32 HWC 10x3 rows = 120 bytes -> 128
        assertArrayEquals(new long[] {128, 12, 4}, TensorGeometry.deviceStrides(new long[] {4, 10, 3}, 4, TensorLayout.HWC, 32));
        // F32 NCHW width 5 rows = 20 bytes -> 32
        assertArrayEquals(new long[] {480, 160, 32, 4}, TensorGeometry.deviceStrides(new long[] {1, 3, 5, 5}, 4, TensorLayout.NCHW, 32));
        // already aligned: dense
        assertArrayEquals(new long[] {64, 4}, TensorGeometry.deviceStrides(new long[] {3, 16}, 4, TensorLayout.HW, 32));
        // not an image layout, no layout, or alignment 1: dense
        assertArrayEquals(new long[] {12, 4}, TensorGeometry.deviceStrides(new long[] {2, 3}, 4, TensorLayout.NC, 32));
        assertArrayEquals(new long[] {12, 4}, TensorGeometry.deviceStrides(new long[] {2, 3}, 4, null, 32));
        assertArrayEquals(new long[] {63, 21, 3, 1}, TensorGeometry.deviceStrides(new long[] {2, 3, 7, 3}, 1, TensorLayout.NHWC, 1));
        // NDHWC pads H
        assertArrayEquals(new long[] {2 * 3 * 32, 3 * 32, 32, 2, 1}, TensorGeometry.deviceStrides(new long[] {1, 2, 3, 1, 2}, 1, TensorLayout.NDHWC, 32));
    }
}

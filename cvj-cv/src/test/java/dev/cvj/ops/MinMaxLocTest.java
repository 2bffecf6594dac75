package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.manifest;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.resource;
import static dev.cvj.ops.OpTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.ops.OpTestSupport.Case;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** MinMaxLoc on the CPU: OpenCV's minMaxLoc goldens, the definition on random images, the batch form, refusals. */
class MinMaxLocTest {
    @Test
    void matchesOpenCvMinMaxLocValuesAndFirstLocations() {
        List<Case> cases = manifest("min_max_loc");
        assertEquals(GoldenFiles.expectedCases("min_max_loc"), cases.size());
        for (Case c : cases) {
            DataType t = c.type("dtype");
            String what = c.name() + " " + c.p();
            try (Tensor src = host(resource("min_max_loc", c.name() + ".in"), t, TensorLayout.HWC, c.i("h"), c.i("w"), 1);
                 MinMaxLoc.Result r = MinMaxLoc.minMaxLoc(src, 1)) {
                assertEquals(MinMaxLoc.valueType(t), r.minVal().dtype(), what);
                assertEquals(c.d("min"), number(r.minVal()), what + " min");
                assertEquals(c.d("max"), number(r.maxVal()), what + " max");
                assertArrayEquals(new int[] {c.i("min_x"), c.i("min_y")}, ints(r.minLoc()), what + " min location");
                assertArrayEquals(new int[] {c.i("max_x"), c.i("max_y")}, ints(r.maxLoc()), what + " max location");
                assertEquals(c.i("num_min"), ints(r.numMin())[0], what + " min count");
                assertEquals(c.i("num_max"), ints(r.numMax())[0], what + " max count");
            }
        }
    }

    @Test
    void findsEveryExtremeInRowMajorOrderUpToTheCapacity() {
        Random r = new Random(5);
        for (DataType t : List.of(DataType.U8, DataType.S8, DataType.U16, DataType.S16, DataType.S32, DataType.F32)) {
            for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC)) {
                int n = l == TensorLayout.HWC ? 1 : 3, h = 1 + r.nextInt(12), w = 1 + r.nextInt(15);
                long[] shape = l == TensorLayout.NHWC ? new long[] {n, h, w, 1}
                        : l == TensorLayout.NCHW ? new long[] {n, 1, h, w} : new long[] {h, w, 1};
                int cap = 1 + r.nextInt(6);
                try (Tensor src = fewValues(r, t, l, shape); MinMaxLoc.Result res = MinMaxLoc.minMaxLoc(src, cap)) {
                    byte[] px = bytes(src);
                    for (int i = 0; i < n; i++) {
                        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
                        for (int p = 0; p < h * w; p++) {
                            lo = Math.min(lo, value(px, t, i * h * w + p));
                            hi = Math.max(hi, value(px, t, i * h * w + p));
                        }
                        String what = t + " " + l + " image " + i + " capacity " + cap;
                        check(res.minVal(), res.minLoc(), res.numMin(), i, lo, px, t, i * h * w, h, w, what + " min");
                        check(res.maxVal(), res.maxLoc(), res.numMax(), i, hi, px, t, i * h * w, h, w, what + " max");
                    }
                }
            }
        }
    }

    /** Image i's value, count and locations: every pixel equal to {@code want}, the first ones in row-major order. */
    private static void check(Tensor val, Tensor loc, Tensor num, int i, double want, byte[] px, DataType t, int base,
                              int h, int w, String what) {
        int cap = (int) loc.shape(1);
        List<Integer> xy = new ArrayList<>();
        int count = 0;
        for (int p = 0; p < h * w; p++) {
            if (value(px, t, base + p) == want) {
                if (count < cap) {
                    xy.add(p % w);
                    xy.add(p / w);
                }
                count++;
            }
        }
        while (xy.size() < 2 * cap) {
            xy.add(-1);
        }
        try (Tensor v = val.slice(0, i, 1); Tensor l = loc.slice(0, i, 1); Tensor c = num.slice(0, i, 1)) {
            assertEquals(want, number(v), what);
            assertEquals(count, ints(c)[0], what + " count");
            assertArrayEquals(xy.stream().mapToInt(Integer::intValue).toArray(), ints(l), what + " locations");
        }
    }

    @Test
    void halvesAndNullOutputsGiveWhatTheFullCallGives() {
        Random r = new Random(9);
        try (Tensor src = fewValues(r, DataType.S16, TensorLayout.NHWC, new long[] {2, 7, 9, 1});
             MinMaxLoc.Result all = MinMaxLoc.minMaxLoc(src, 5);
             MinMaxLoc.Result min = MinMaxLoc.minLoc(src, 5, null);
             MinMaxLoc.Result max = MinMaxLoc.maxLoc(src, 5, null);
             Tensor onlyLoc = Tensor.allocateHost(new long[] {2, 5, 2}, DataType.S32, null);
             Tensor onlyNum = Tensor.allocateHost(new long[] {2, 1}, DataType.S32, null)) {
            assertNull(min.maxVal());
            assertNull(max.minLoc());
            assertBytesEqual(bytes(all.minLoc()), bytes(min.minLoc()), "minLoc");
            assertBytesEqual(bytes(all.maxVal()), bytes(max.maxVal()), "maxVal");
            MinMaxLoc.minMaxLocInto(src, null, onlyLoc, null, null, null, onlyNum);
            assertBytesEqual(bytes(all.minLoc()), bytes(onlyLoc), "minLoc alone");
            assertBytesEqual(bytes(all.numMax()), bytes(onlyNum), "numMax alone, [N, 1]");
        }
    }

    /** The GPU's one-pass path serves at most one location per extreme; a larger capacity on either side takes the other. */
    @Test
    void onePassPathServesCapacityOneOrNoLocations() {
        try (Tensor one = Tensor.allocateHost(new long[] {3, 1, 2}, DataType.S32, null);
             Tensor two = Tensor.allocateHost(new long[] {3, 2, 2}, DataType.S32, null)) {
            assertTrue(MinMaxLoc.firstLocationsOnly(null, null), "values and counts alone");
            assertTrue(MinMaxLoc.firstLocationsOnly(one, one), "capacity 1 each");
            assertTrue(MinMaxLoc.firstLocationsOnly(one, null), "min locations of capacity 1 alone");
            assertTrue(MinMaxLoc.firstLocationsOnly(null, one), "max locations of capacity 1 alone");
            assertFalse(MinMaxLoc.firstLocationsOnly(two, one), "min capacity 2");
            assertFalse(MinMaxLoc.firstLocationsOnly(one, two), "max capacity 2");
            assertFalse(MinMaxLoc.firstLocationsOnly(null, two), "max capacity 2 alone");
        }
    }

    @Test
    void floatsSkipNaNAndOrderNegativeZeroBelowZero() {
        float nan = Float.NaN;
        float[] v = {nan, 0f, -0f, 3f, nan, -0f, 3f, 0f};
        try (Tensor src = Tensor.allocateHost(new long[] {2, 4, 1}, DataType.F32, TensorLayout.HWC);
             Tensor allNan = Tensor.allocateHost(new long[] {1, 2, 1}, DataType.F32, TensorLayout.HWC)) {
            src.copyFrom(v);
            allNan.copyFrom(new float[] {nan, nan});
            try (MinMaxLoc.Result r = MinMaxLoc.minMaxLoc(src, 3); MinMaxLoc.Result none = MinMaxLoc.minMaxLoc(allNan, 2)) {
                assertEquals(Float.floatToRawIntBits(-0f), ints(r.minVal())[0]);
                assertArrayEquals(new int[] {2, 0, 1, 1, -1, -1}, ints(r.minLoc()));
                assertArrayEquals(new int[] {3, 0, 2, 1, -1, -1}, ints(r.maxLoc()));
                assertEquals(2, ints(r.numMax())[0]);
                assertTrue(Float.isNaN(Float.intBitsToFloat(ints(none.minVal())[0])));
                assertArrayEquals(new int[] {0}, ints(none.numMin()));
                assertArrayEquals(new int[] {-1, -1, -1, -1}, ints(none.maxLoc()));
            }
        }
    }

    @Test
    void varShapeBatchGivesEachImageTheSingleImageResult() {
        Random r = new Random(21);
        List<Tensor> images = new ArrayList<>();
        try (ImageBatchVarShape batch = ImageBatchVarShape.createHost(7)) {
            for (int i = 0; i < 7; i++) {
                Tensor img = fewValues(r, DataType.U16, TensorLayout.HWC, new long[] {1 + r.nextInt(30), 1 + r.nextInt(40), 1});
                images.add(img);
                batch.pushBack(img);
            }
            try (MinMaxLoc.Result all = MinMaxLoc.minMaxLoc(batch, 4, null)) {
                assertEquals(7, all.maxLoc().shape(0));
                for (int i = 0; i < 7; i++) {
                    try (MinMaxLoc.Result one = MinMaxLoc.minMaxLoc(images.get(i), 4)) {
                        Tensor[] a = {all.minVal(), all.minLoc(), all.numMin(), all.maxVal(), all.maxLoc(), all.numMax()};
                        Tensor[] b = {one.minVal(), one.minLoc(), one.numMin(), one.maxVal(), one.maxLoc(), one.numMax()};
                        for (int k = 0; k < 6; k++) {
                            try (Tensor row = a[k].slice(0, i, 1)) {
                                assertBytesEqual(bytes(b[k]), bytes(row), "image " + i + " output " + k);
                            }
                        }
                    }
                }
            }
        } finally {
            images.forEach(Tensor::close);
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8c3 = Tensor.allocateHost(new long[] {4, 5, 3}, DataType.U8, TensorLayout.HWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 5, 1}, DataType.F16, TensorLayout.HWC);
             Tensor u8 = Tensor.allocateHost(new long[] {2, 4, 5, 1}, DataType.U8, TensorLayout.NHWC);
             Tensor empty = Tensor.allocateHost(new long[] {0, 5, 1}, DataType.U8, TensorLayout.HWC);
             Tensor s32 = Tensor.allocateHost(new long[] {2}, DataType.S32, null);
             Tensor u32 = Tensor.allocateHost(new long[] {2}, DataType.U32, null);
             Tensor loc3 = Tensor.allocateHost(new long[] {2, 4, 3}, DataType.S32, null)) {
            rejected("MinMaxLoc: src has 3 channels", () -> MinMaxLoc.minMaxLoc(u8c3, 1));
            rejected("MinMaxLoc: src has data type F16", () -> MinMaxLoc.minMaxLoc(f16, 1));
            rejected("MinMaxLoc: src is null", () -> MinMaxLoc.minMaxLoc((Tensor) null, 1));
            rejected("MinMaxLoc: src", () -> MinMaxLoc.minMaxLoc(empty, 1));
            rejected("MinMaxLoc: capacity 0 must be at least 1", () -> MinMaxLoc.minMaxLoc(u8, 0));
            rejected("MinMaxLoc: minVal must be U32 of shape [2] or [2, 1] for U8 images",
                    () -> MinMaxLoc.minMaxLocInto(u8, s32, null, null, null, null, null));
            rejected("MinMaxLoc: maxLoc must be S32 of shape [2, M, 2]",
                    () -> MinMaxLoc.minMaxLocInto(u8, null, null, null, null, loc3, null));
            rejected("MinMaxLoc: every output is null", () -> MinMaxLoc.minMaxLocInto(u8, null, null, null, null, null, null));
            rejected("MinMaxLoc: numMax overlaps numMin",
                    () -> MinMaxLoc.minMaxLocInto(u8, null, null, s32, null, null, s32));
            Tensor inSrc = Tensor.wrapHost(u8.hostSegment(), new long[] {2}, DataType.U32, null, null);
            rejected("MinMaxLoc: maxVal overlaps src", () -> MinMaxLoc.minMaxLocInto(u8, u32, null, null, inSrc, null, null));
        }
    }

    /** Random elements of a few values (ties everywhere): integers 0..3 or their negatives, floats in steps of 0.5. */
    static Tensor fewValues(Random r, DataType t, TensorLayout l, long[] shape) {
        Tensor x = randomHost(r, t, l, shape);
        var seg = x.hostSegment();
        int e = t.byteSize();
        for (long i = 0; i < x.elementCount(); i++) {
            int v = r.nextInt(4) - (t == DataType.S8 || t == DataType.S16 || t == DataType.S32 ? 2 : 0);
            switch (t) {
                case U8, S8 -> seg.set(ValueLayout.JAVA_BYTE, i, (byte) v);
                case U16, S16 -> seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, i * e, (short) v);
                case S32, U32 -> seg.set(ValueLayout.JAVA_INT_UNALIGNED, i * e, v);
                case F32 -> seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, i * e, v * 0.5f - 0.5f);
                default -> seg.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, i * e, v * 0.5 - 0.5);
            }
        }
        return x;
    }

    /** The first element of a value output as a double (U32 as unsigned). */
    static double number(Tensor t) {
        byte[] b = bytes(t);
        return t.dtype() == DataType.U32 ? Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(b)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()) : value(b, t.dtype(), 0);
    }

    /** The elements of an S32 tensor (or the bits of a 4-byte one). */
    static int[] ints(Tensor t) {
        byte[] b = bytes(t);
        int[] v = new int[b.length / 4];
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }
}

package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.manifest;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.ops.OpTestSupport.Case;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Remap on the CPU: bit-exact against OpenCV 4.6 (goldens from src/test/golden/gen_remap.py: every type,
 * interpolation and border, absolute and relative maps, rounding ties of the 1/32 fixed point, positions far
 * outside the image, 1x1 sources), the identity map, relative against absolute maps, layouts and batches against
 * the single HWC image, and the refusals.
 */
class RemapTest {
    private static final List<Interpolation> METHODS = List.of(Interpolation.NEAREST, Interpolation.LINEAR, Interpolation.CUBIC);

    /** A host F32 map of {@code shape} (HWC or NHWC by its rank). */
    static Tensor map(float[] values, long... shape) {
        Tensor m = Tensor.allocateHost(shape, DataType.F32, shape.length == 4 ? TensorLayout.NHWC : TensorLayout.HWC);
        m.copyFrom(values);
        return m;
    }

    /** A map of {@code images} x h x w positions around a w x h source (offsets when {@code relative}). */
    static float[] randomMap(Random r, int images, int h, int w, int srcW, int srcH, boolean relative) {
        float[] m = new float[images * h * w * 2];
        for (int i = 0; i < m.length; i++) {
            int extent = i % 2 == 0 ? srcW : srcH;
            double v = (r.nextDouble() * 1.6 - (relative ? 0.8 : 0.3)) * extent;
            m[i] = (float) (r.nextInt(8) == 0 ? Math.rint(v * 64) / 64 : v); // now and then a rounding tie
        }
        return m;
    }

    @Test
    void remapMatchesOpenCvBitForBit() {
        List<Case> list = manifest("remap");
        assertEquals(180, list.size());
        for (Case c : list) {
            DataType t = c.type("dtype");
            try (Tensor src = host(resource("remap", c.name() + ".in"), t, TensorLayout.HWC, c.i("h"), c.i("w"), c.i("c"));
                 Tensor m = host(resource("remap", c.name() + ".map"), DataType.F32, TensorLayout.HWC, c.i("dh"), c.i("dw"), 2);
                 Tensor out = Remap.remap(src, m, Boolean.parseBoolean(c.s("relative")), Interpolation.valueOf(c.s("interp")),
                         BorderType.valueOf(c.s("border")), WarpTest.doubles(c.s("bv")))) {
                assertBytesEqual(resource("remap", c.name() + ".out"), bytes(out), "remap " + c.name() + " " + c.p());
            }
        }
    }

    @Test
    void theIdentityMapCopiesTheImageForEveryTypeMethodAndBorder() {
        Random r = OpGpuSupport.seeded("Remap identity");
        int h = 7, w = 9;
        float[] id = new float[h * w * 2];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                id[(y * w + x) * 2] = x;
                id[(y * w + x) * 2 + 1] = y;
            }
        }
        for (DataType t : List.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32)) {
            for (Interpolation in : METHODS) {
                for (BorderType b : BorderType.values()) {
                    try (Tensor src = randomHost(r, t, TensorLayout.HWC, h, w, 3);
                         Tensor m = map(id, h, w, 2);
                         Tensor zero = map(new float[h * w * 2], h, w, 2);
                         Tensor out = Remap.remap(src, m, false, in, b, null);
                         Tensor rel = Remap.remap(src, zero, true, in, b, null)) {
                        assertBytesEqual(bytes(src), bytes(out), "identity " + t + " " + in + " " + b);
                        assertBytesEqual(bytes(src), bytes(rel), "zero offsets " + t + " " + in + " " + b);
                    }
                }
            }
        }
    }

    @Test
    void aRelativeMapEqualsTheAbsoluteMapOfTheSameExactPositions() {
        Random r = OpGpuSupport.seeded("Remap relative");
        int h = 11, w = 13, dh = 8, dw = 15;
        float[] rel = randomMap(r, 1, dh, dw, w, h, true);
        float[] abs = new float[rel.length];
        for (int i = 0; i < rel.length; i++) {
            abs[i] = rel[i] + (i % 2 == 0 ? (i / 2) % dw : (i / 2) / dw);
        }
        for (Interpolation in : METHODS) {
            try (Tensor src = randomHost(r, DataType.U8, TensorLayout.HWC, h, w, 4);
                 Tensor mr = map(rel, dh, dw, 2);
                 Tensor ma = map(abs, dh, dw, 2);
                 Tensor a = Remap.remap(src, ma, false, in, BorderType.WRAP, null);
                 Tensor b = Remap.remap(src, mr, true, in, BorderType.WRAP, null)) {
                assertBytesEqual(bytes(a), bytes(b), "relative against absolute " + in);
            }
        }
    }

    @Test
    void aBatchWithAMapPerImageEqualsEachImageAloneInEveryLayout() {
        Random r = OpGpuSupport.seeded("Remap batch");
        int n = 3, h = 9, w = 13, c = 3, dh = 7, dw = 11;
        for (Interpolation in : METHODS) {
            for (boolean relative : new boolean[] {false, true}) {
                float[] values = randomMap(r, n, dh, dw, w, h, relative);
                double[] v = {10, 20, 30};
                try (Tensor src = randomHost(r, DataType.F32, TensorLayout.NHWC, n, h, w, c);
                     Tensor m = map(values, n, dh, dw, 2);
                     Tensor out = Remap.remap(src, m, relative, in, BorderType.REFLECT, v);
                     Tensor planar = Reformat.reformat(src, TensorLayout.NCHW);
                     Tensor planarOut = Remap.remap(planar, m, relative, in, BorderType.REFLECT, v);
                     Tensor back = Reformat.reformat(planarOut, TensorLayout.NHWC)) {
                    assertBytesEqual(bytes(out), bytes(back), "NCHW against NHWC " + in);
                    for (int i = 0; i < n; i++) {
                        try (Tensor one = src.slice(0, i, 1).reshape(new long[] {h, w, c}, TensorLayout.HWC);
                             Tensor mi = m.slice(0, i, 1).reshape(new long[] {dh, dw, 2}, TensorLayout.HWC);
                             Tensor alone = Remap.remap(one, mi, relative, in, BorderType.REFLECT, v);
                             Tensor shared = Remap.remap(src, mi, relative, in, BorderType.REFLECT, v);
                             Tensor got = out.slice(0, i, 1);
                             Tensor sharedGot = shared.slice(0, i, 1)) {
                            assertBytesEqual(bytes(alone), bytes(got), "image " + i + " " + in + " relative " + relative);
                            assertBytesEqual(bytes(alone), bytes(sharedGot), "one map for the batch, image " + i + " " + in);
                        }
                    }
                }
            }
        }
    }

    @Test
    void nanAndHugeMapValuesSampleTheBorder() {
        try (Tensor src = Tensor.allocateHost(new long[] {4, 4, 1}, DataType.U8, TensorLayout.HWC);
             Tensor m = map(new float[] {Float.NaN, 1, 1, Float.POSITIVE_INFINITY, 3e9f, 2, -1e20f, 0}, 1, 4, 2)) {
            src.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
            for (Interpolation in : METHODS) {
                try (Tensor out = Remap.remap(src, m, false, in, BorderType.CONSTANT, new double[] {99})) {
                    assertBytesEqual(new byte[] {99, 99, 99, 99}, bytes(out), "out of range positions " + in);
                }
            }
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        Interpolation li = Interpolation.LINEAR;
        BorderType cb = BorderType.CONSTANT;
        try (Tensor u8 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor batch = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor m = map(new float[5 * 6 * 2], 5, 6, 2);
             Tensor m3 = map(new float[3 * 5 * 6 * 2], 3, 5, 6, 2);
             Tensor f16 = Tensor.allocateHost(new long[] {5, 6, 2}, DataType.F16, TensorLayout.HWC);
             Tensor threeChannels = Tensor.allocateHost(new long[] {5, 6, 3}, DataType.F32, TensorLayout.HWC);
             Tensor planar = Tensor.allocateHost(new long[] {2, 5, 6}, DataType.F32, TensorLayout.CHW);
             Tensor empty = Tensor.allocateHost(new long[] {0, 6, 2}, DataType.F32, TensorLayout.HWC);
             Tensor dst = Tensor.allocateHost(new long[] {5, 6, 3}, DataType.U8, TensorLayout.HWC);
             Tensor wrongSize = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC)) {
            rejected("Remap: map is null", () -> Remap.remap(u8, null, false, li, cb, null));
            rejected("Remap: map is HWC F16", () -> Remap.remap(u8, f16, false, li, cb, null));
            rejected("Remap: map is HWC F32 1x5x6x3", () -> Remap.remap(u8, threeChannels, false, li, cb, null));
            rejected("must be F32 with 2 channels", () -> Remap.remap(u8, threeChannels, false, li, cb, null));
            rejected("Remap: map has layout CHW", () -> Remap.remap(u8, planar, false, li, cb, null));
            rejected("Remap: map is empty", () -> Remap.remap(u8, empty, false, li, cb, null));
            rejected("Remap: map has N = 3 for 2 images", () -> Remap.remap(batch, m3, false, li, cb, null));
            rejected("Remap: interpolation is null", () -> Remap.remap(u8, m, false, null, cb, null));
            rejected("Remap: border is null", () -> Remap.remap(u8, m, false, li, null, null));
            rejected("Remap: border value has 2 entries", () -> Remap.remap(u8, m, false, li, cb, new double[] {1, 2}));
            rejected("Remap: src is null", () -> Remap.remap((Tensor) null, m, false, li, cb, null));
            rejected("and map's W x H (6x5)", () -> Remap.remapInto(wrongSize, u8, m, false, li, cb, null));
            MemorySegment shared = Arena.ofAuto().allocate(5 * 6 * 8, 8);
            try (Tensor mapOver = Tensor.wrapHost(shared, new long[] {5, 6, 2}, DataType.F32, TensorLayout.HWC, new long[] {48, 8, 4});
                 Tensor dstOver = Tensor.wrapHost(shared, new long[] {5, 6, 3}, DataType.U8, TensorLayout.HWC, new long[] {18, 3, 1})) {
                rejected("overlaps", () -> Remap.remapInto(dstOver, u8, mapOver, false, li, cb, null));
            }
            Remap.remapInto(dst, u8, m, false, li, cb, null); // the valid call
        }
    }
}

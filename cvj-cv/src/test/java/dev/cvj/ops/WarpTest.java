package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.manifest;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.ops.OpTestSupport.Case;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * WarpAffine, WarpPerspective and Rotate on the CPU: bit-exact against OpenCV 4.6 (goldens from
 * src/test/golden/gen_warp.py: every type, interpolation and border, forward and inverse maps, positions far
 * outside the image, 1x1 sources, outputs larger and smaller than the source), layouts and batches against the
 * single HWC image, and the refusals.
 */
class WarpTest {

    static double[] doubles(String csv) {
        return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    private interface GoldenCall {
        Tensor apply(Case c, Tensor src, ImageSize size);
    }

    private static void matchesGoldens(String op, int cases, GoldenCall call) {
        List<Case> list = manifest(op);
        assertEquals(cases, list.size());
        for (Case c : list) {
            DataType t = c.type("dtype");
            try (Tensor src = host(resource(op, c.name() + ".in"), t, TensorLayout.HWC, c.i("h"), c.i("w"), c.i("c"));
                 Tensor out = call.apply(c, src, new ImageSize(c.i("dw"), c.i("dh")))) {
                assertBytesEqual(resource(op, c.name() + ".out"), bytes(out), op + " " + c.name() + " " + c.p());
            }
        }
    }

    @Test
    void warpAffineMatchesOpenCvBitForBit() {
        matchesGoldens("warp_affine", 120, (c, src, size) -> WarpAffine.warpAffine(src, size,
                new double[][] {doubles(c.s("m"))}, Boolean.parseBoolean(c.s("inverse")),
                Interpolation.valueOf(c.s("interp")), BorderType.valueOf(c.s("border")), doubles(c.s("bv"))));
    }

    @Test
    void warpPerspectiveMatchesOpenCvBitForBit() {
        matchesGoldens("warp_perspective", 120, (c, src, size) -> WarpPerspective.warpPerspective(src, size,
                new double[][] {doubles(c.s("m"))}, Boolean.parseBoolean(c.s("inverse")),
                Interpolation.valueOf(c.s("interp")), BorderType.valueOf(c.s("border")), doubles(c.s("bv"))));
    }

    @Test
    void rotateMatchesOpenCvWithCvCudasMatrix() {
        matchesGoldens("rotate", 36, (c, src, size) -> {
            Tensor dst = Tensor.allocateHost(new long[] {c.i("dh"), c.i("dw"), c.i("c")}, c.type("dtype"), TensorLayout.HWC);
            Rotate.rotateInto(dst, src, c.d("angle"), c.d("sx"), c.d("sy"), Interpolation.valueOf(c.s("interp")));
            return dst;
        });
    }

    @Test
    void rotateIsCvCudasMatrixThroughWarpAffine() {
        Random r = OpGpuSupport.seeded("Rotate matrix");
        double a = 30 * Math.PI / 180;
        double[] m = Rotate.matrix(30, 5, -2);
        assertEquals(Math.cos(a), m[0]);
        assertEquals(Math.sin(a), m[1]);
        assertEquals(5, m[2]);
        assertEquals(-Math.sin(a), m[3]);
        assertEquals(Math.cos(a), m[4]);
        assertEquals(-2, m[5]);
        try (Tensor src = randomHost(r, DataType.U16, TensorLayout.NHWC, 2, 15, 21, 4);
             Tensor rotated = Rotate.rotate(src, 30, 5, -2, Interpolation.CUBIC);
             Tensor warped = WarpAffine.warpAffine(src, new ImageSize(21, 15), new double[][] {m}, false,
                     Interpolation.CUBIC, BorderType.CONSTANT, new double[] {0})) {
            assertBytesEqual(bytes(warped), bytes(rotated), "Rotate against WarpAffine");
            assertMessage("Rotate: interpolation is null", () -> Rotate.rotate(src, 1, 0, 0, null));
        }
    }

    /** A random affine (6 values) or perspective (9) matrix mapping a w x h image to about itself. */
    static double[] randomMatrix(Random r, boolean perspective, int w, int h) {
        double a = r.nextDouble() * 2 * Math.PI, sc = 0.5 + r.nextDouble();
        double[] m = {sc * Math.cos(a), -sc * Math.sin(a), r.nextDouble() * w, sc * Math.sin(a), sc * Math.cos(a),
            r.nextDouble() * h, r.nextGaussian() * 0.01, r.nextGaussian() * 0.01, 1};
        return perspective ? m : Arrays.copyOf(m, 6);
    }

    static Tensor warp(boolean perspective, Tensor src, ImageSize size, double[][] m, boolean inverse, Interpolation in,
                       BorderType b, double[] v) {
        return perspective ? WarpPerspective.warpPerspective(src, size, m, inverse, in, b, v)
                : WarpAffine.warpAffine(src, size, m, inverse, in, b, v);
    }

    @Test
    void aBatchWithAMatrixPerImageEqualsEachImageAloneInEveryLayout() {
        Random r = OpGpuSupport.seeded("Warp batch");
        for (boolean perspective : new boolean[] {false, true}) {
            for (Interpolation in : List.of(Interpolation.NEAREST, Interpolation.LINEAR, Interpolation.CUBIC)) {
                int n = 3, h = 9, w = 13, c = 3;
                ImageSize size = new ImageSize(11, 7);
                double[][] m = new double[n][];
                for (int i = 0; i < n; i++) {
                    m[i] = randomMatrix(r, perspective, w, h);
                }
                double[] v = {10, 20, 30};
                try (Tensor src = randomHost(r, DataType.F32, TensorLayout.NHWC, n, h, w, c);
                     Tensor out = warp(perspective, src, size, m, false, in, BorderType.REFLECT, v);
                     Tensor planar = Reformat.reformat(src, TensorLayout.NCHW);
                     Tensor planarOut = warp(perspective, planar, size, m, false, in, BorderType.REFLECT, v);
                     Tensor back = Reformat.reformat(planarOut, TensorLayout.NHWC)) {
                    assertBytesEqual(bytes(out), bytes(back), "NCHW against NHWC " + in);
                    for (int i = 0; i < n; i++) {
                        try (Tensor one = src.slice(0, i, 1).reshape(new long[] {h, w, c}, TensorLayout.HWC);
                             Tensor alone = warp(perspective, one, size, new double[][] {m[i]}, false, in,
                                     BorderType.REFLECT, v);
                             Tensor got = out.slice(0, i, 1)) {
                            assertBytesEqual(bytes(alone), bytes(got), "image " + i + " " + in + " perspective " + perspective);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aForwardMatrixEqualsItsInverseGivenAsInverseMap() {
        // A map whose inverse is exact in binary: the forward and the inverse-map calls sample the same positions.
        Random r = OpGpuSupport.seeded("Warp inverse map");
        double[] forward = {2, 0, 3, 0, 0.5, -1};
        double[] inverse = {0.5, 0, -1.5, 0, 2, 2};
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.HWC, 12, 10, 3);
             Tensor a = WarpAffine.warpAffine(src, new ImageSize(17, 9), new double[][] {forward}, false,
                     Interpolation.LINEAR, BorderType.CONSTANT, null);
             Tensor b = WarpAffine.warpAffine(src, new ImageSize(17, 9), new double[][] {inverse}, true,
                     Interpolation.LINEAR, BorderType.CONSTANT, null)) {
            assertBytesEqual(bytes(a), bytes(b), "forward against inverse map");
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        ImageSize size = new ImageSize(4, 4);
        double[][] id = {{1, 0, 0, 0, 1, 0}};
        double[][] id3 = {{1, 0, 0, 0, 1, 0, 0, 0, 1}};
        try (Tensor u8 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F16, TensorLayout.HWC);
             Tensor batch = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor s16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.S16, TensorLayout.HWC);
             Tensor empty = Tensor.allocateHost(new long[] {0, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor big = Tensor.allocateHost(new long[] {5, 4, 3}, DataType.U8, TensorLayout.HWC)) {
            Interpolation li = Interpolation.LINEAR;
            BorderType cb = BorderType.CONSTANT;
            assertMessage("WarpAffine: src has data type F16", () -> WarpAffine.warpAffine(f16, size, id, false, li, cb, null));
            assertMessage("WarpAffine: matrix 0 is singular",
                    () -> WarpAffine.warpAffine(u8, size, new double[][] {{1, 2, 0, 2, 4, 0}}, false, li, cb, null));
            assertMessage("WarpPerspective: matrix 0 is singular", () -> WarpPerspective.warpPerspective(u8, size,
                    new double[][] {{1, 2, 3, 2, 4, 6, 0, 0, 1}}, false, li, cb, null));
            assertMessage("WarpAffine: matrix 0 has 9 values; expected 6",
                    () -> WarpAffine.warpAffine(u8, size, id3, false, li, cb, null));
            assertMessage("WarpPerspective: matrix 0 has 6 values; expected 9",
                    () -> WarpPerspective.warpPerspective(u8, size, id, true, li, cb, null));
            assertMessage("not finite", () -> WarpAffine.warpAffine(u8, size,
                    new double[][] {{1, 0, Double.NaN, 0, 1, 0}}, true, li, cb, null));
            assertMessage("WarpAffine: matrices has 3 entries for 2 images",
                    () -> WarpAffine.warpAffine(batch, size, new double[][] {id[0], id[0], id[0]}, false, li, cb, null));
            assertMessage("WarpAffine: matrices is null", () -> WarpAffine.warpAffine(u8, size, null, false, li, cb, null));
            assertMessage("WarpAffine: matrix 0 is null",
                    () -> WarpAffine.warpAffine(u8, size, new double[][] {null}, false, li, cb, null));
            assertMessage("WarpAffine: interpolation is null", () -> WarpAffine.warpAffine(u8, size, id, false, null, cb, null));
            assertMessage("WarpAffine: border is null", () -> WarpAffine.warpAffine(u8, size, id, false, li, null, null));
            assertMessage("WarpAffine: border value has 2 entries",
                    () -> WarpAffine.warpAffine(u8, size, id, false, li, cb, new double[] {1, 2}));
            assertMessage("WarpAffine: size is null", () -> WarpAffine.warpAffine(u8, null, id, false, li, cb, null));
            assertMessage("WarpAffine: src is empty", () -> WarpAffine.warpAffine(empty, size, id, false, li, cb, null));
            assertMessage("WarpAffine: dst is", () -> WarpAffine.warpAffineInto(s16, u8, id, false, li, cb, null));
            assertMessage("WarpAffine: dst is", () -> WarpAffine.warpAffineInto(u8, batch, id, false, li, cb, null));
            Tensor shifted = big.slice(0, 1, 4);
            Tensor first = big.slice(0, 0, 4);
            assertMessage("overlaps", () -> WarpAffine.warpAffineInto(shifted, first, id, false, li, cb, null));
        }
    }

    static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e instanceof IllegalArgumentException || e instanceof NullPointerException, e.toString());
        assertTrue(e.getMessage().contains(part), "expected \"" + part + "\" in: " + e.getMessage());
    }
}

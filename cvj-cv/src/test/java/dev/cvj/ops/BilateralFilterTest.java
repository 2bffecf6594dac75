package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.manifest;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.resource;
import static dev.cvj.ops.OpTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.ops.OpTestSupport.Case;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * BilateralFilter: the CPU path against OpenCV 4.6 (goldens from src/test/golden/gen_bilateral.py: 1 and 3 channels,
 * every border, d given or computed from sigmaSpace, sigmas <= 0, images of one pixel and smaller than the disc), against
 * the formula in double precision written out here, its refusals, and the GPU against the CPU bit for bit.
 */
class BilateralFilterTest {

    /**
     * U8 bit for bit; F32 within {@value #F32_TOLERANCE} of the image's range (OpenCV's SIMD interpolates its colour
     * table as {@code fma(t[i + 1], a, t[i] * (1 - a))} and groups neighbours by four, cvj as its scalar code).
     */
    @Test
    void matchesOpenCv() {
        List<Case> cases = manifest("bilateral_filter");
        assertEquals(160, cases.size());
        double worst = 0;
        for (Case c : cases) {
            DataType t = c.type("dtype");
            try (Tensor src = host(resource("bilateral_filter", c.name() + ".in"), t, TensorLayout.HWC, c.i("h"), c.i("w"),
                    c.i("c"));
                 Tensor out = BilateralFilter.bilateralFilter(src, c.i("d"), c.d("sigmaColor"), c.d("sigmaSpace"),
                         BorderType.valueOf(c.s("border")))) {
                byte[] want = resource("bilateral_filter", c.name() + ".out"), got = bytes(out);
                if (t == DataType.U8) {
                    assertBytesEqual(want, got, c.name() + " " + c.p());
                    continue;
                }
                byte[] in = bytes(src);
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < in.length / 4; i++) {
                    lo = Math.min(lo, value(in, t, i));
                    hi = Math.max(hi, value(in, t, i));
                }
                for (int i = 0; i < want.length / 4; i++) {
                    double e = Math.abs(value(want, t, i) - value(got, t, i)) / Math.max(hi - lo, 1e-30);
                    worst = Math.max(worst, e);
                    assertTrue(e <= F32_TOLERANCE, c.name() + " " + c.p() + " element " + i + ": OpenCV " + value(want, t, i)
                            + ", cvj " + value(got, t, i));
                }
            }
        }
        System.out.println("BilateralFilter F32 vs OpenCV: largest difference " + worst + " of the range");
    }

    private static final double F32_TOLERANCE = 1e-5;

    @Test
    void isTheWeightedMeanOfTheDisc() {
        matchesFormula("BilateralFilter formula", false);
    }

    /**
     * BilateralFilter (guide = src) or JointBilateralFilter (a random guide) on random U8 and F32 images against the
     * formula in double precision: U8 within 0.51 (rounding, float weights), F32 within 1e-3 of the larger range.
     */
    static void matchesFormula(String seedName, boolean joint) {
        Random r = OpGpuSupport.seeded(seedName);
        for (int t = 0; t < 24; t++) {
            DataType type = t % 2 == 0 ? DataType.U8 : DataType.F32;
            int h = 1 + r.nextInt(12), w = 1 + r.nextInt(12), c = r.nextBoolean() ? 1 : 3, d = r.nextInt(8);
            double sc = 5 + r.nextDouble() * 80, ss = 0.5 + r.nextDouble() * 4;
            // F32 with CONSTANT: zeros outside the image's range get the table's last weight (OpenCV reads past its table)
            BorderType b = BorderType.values()[(type == DataType.F32 ? 1 : 0) + r.nextInt(BorderType.values().length - (type == DataType.F32 ? 1 : 0))];
            int rad = Math.max(d <= 0 ? (int) Math.rint(ss * 1.5) : d / 2, 1);
            try (Tensor src = randomHost(r, type, TensorLayout.HWC, h, w, c);
                 Tensor guide = joint ? randomHost(r, type, TensorLayout.HWC, h, w, c) : null;
                 Tensor out = joint ? JointBilateralFilter.jointBilateralFilter(src, guide, d, sc, ss, b)
                         : BilateralFilter.bilateralFilter(src, d, sc, ss, b)) {
                byte[] in = bytes(src), gb = joint ? bytes(guide) : in, got = bytes(out);
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, span = 0;
                for (int i = 0; i < h * w * c; i++) {
                    lo = Math.min(lo, value(gb, type, i));
                    hi = Math.max(hi, value(gb, type, i));
                    span = Math.max(span, Math.abs(value(in, type, i)));
                }
                // U8: OpenCV's colour weight is of the summed integer differences; F32: of the differences scaled to the
                // range's 4096 * C table steps, interpolated (colour in units of the range for the sigma)
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double wsum = 0;
                        double[] sum = new double[c];
                        for (int i = -rad; i <= rad; i++) {
                            for (int j = -rad; j <= rad; j++) {
                                if (i * i + j * j > rad * rad) {
                                    continue;
                                }
                                int sy = b.interpolate(y + i, h), sx = b.interpolate(x + j, w);
                                double diff = 0;
                                double[] v = new double[c];
                                for (int ch = 0; ch < c; ch++) {
                                    v[ch] = sy < 0 || sx < 0 ? 0 : value(in, type, (sy * w + sx) * c + ch);
                                    double gv = sy < 0 || sx < 0 ? 0 : value(gb, type, (sy * w + sx) * c + ch);
                                    diff += Math.abs(gv - value(gb, type, (y * w + x) * c + ch));
                                }
                                double wt = Math.exp(-(i * i + j * j) / (2 * ss * ss)) * Math.exp(-diff * diff / (2 * sc * sc));
                                wsum += wt;
                                for (int ch = 0; ch < c; ch++) {
                                    sum[ch] += v[ch] * wt;
                                }
                            }
                        }
                        for (int ch = 0; ch < c; ch++) {
                            boolean copy = type == DataType.F32 && hi - lo < Math.ulp(1f); // OpenCV copies a flat image
                            double want = copy ? value(in, type, (y * w + x) * c + ch) : sum[ch] / wsum;
                            double g = value(got, type, (y * w + x) * c + ch);
                            double tol = type == DataType.U8 ? 0.5 + 0.01 : 1e-3 * Math.max(hi - lo, 2 * span) + 1e-6;
                            assertTrue(Math.abs(g - want) <= tol, "case " + type + " " + t + " " + b + " d " + d + " at " + x + ","
                                    + y + "," + ch + ": " + g + " vs " + want);
                        }
                    }
                }
            }
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor two = Tensor.allocateHost(new long[] {4, 4, 2}, DataType.U8, TensorLayout.HWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F16, TensorLayout.HWC);
             Tensor f32 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F32, TensorLayout.HWC);
             Tensor small = Tensor.allocateHost(new long[] {4, 3, 3}, DataType.U8, TensorLayout.HWC);
             Tensor big = Tensor.allocateHost(new long[] {5, 4, 3}, DataType.U8, TensorLayout.HWC)) {
            BorderType b = BorderType.REFLECT_101;
            rejected("BilateralFilter: src has data type F16", () -> BilateralFilter.bilateralFilter(f16, 5, 10, 10, b));
            rejected("BilateralFilter: src has 2 channels", () -> BilateralFilter.bilateralFilter(two, 5, 10, 10, b));
            rejected("BilateralFilter: src is null", () -> BilateralFilter.bilateralFilter(null, 5, 10, 10, b));
            rejected("BilateralFilter: border is null", () -> BilateralFilter.bilateralFilter(u8, 5, 10, 10, null));
            rejected("BilateralFilter: radius 256.0", () -> BilateralFilter.bilateralFilter(u8, 513, 10, 10, b));
            rejected("BilateralFilter: radius", () -> BilateralFilter.bilateralFilter(u8, 0, 10, 1000, b));
            rejected("must be numbers", () -> BilateralFilter.bilateralFilter(u8, 5, Double.NaN, 10, b));
            rejected("BilateralFilter: dst has shape", () -> BilateralFilter.bilateralFilterInto(small, u8, 5, 10, 10, b));
            rejected("BilateralFilter: dst has data type F32", () -> BilateralFilter.bilateralFilterInto(f32, u8, 5, 10, 10, b));
            Tensor shifted = big.slice(0, 1, 4);
            Tensor first = big.slice(0, 0, 4);
            rejected("overlaps", () -> BilateralFilter.bilateralFilterInto(shifted, first, 5, 10, 10, b));
            rejected("overlaps", () -> BilateralFilter.bilateralFilterInto(first, first, 5, 10, 10, b));
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryTypeBorderLayoutAndView() {
        Random r = OpGpuSupport.seeded("BilateralFilter GPU");
        for (DataType type : List.of(DataType.U8, DataType.F32)) {
            for (BorderType b : BorderType.values()) {
                for (int d : new int[] {0, 1, 5, 9, 31}) {
                for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC)) {
                    int c = r.nextBoolean() ? 1 : 3;
                    long[] shape = switch (l.labels()) {
                        case "NHWC" -> new long[] {2, 37, 101, c};
                        case "NCHW" -> new long[] {2, c, 45, 67};
                        default -> new long[] {1 + r.nextInt(4), 1 + r.nextInt(4), c}; // smaller than the disc, 1x1 too
                    };
                    double sc = 5 + r.nextDouble() * 100, ss = 0.5 + r.nextDouble() * 6;
                    String what = type + " " + b + " d " + d + " sigmas " + sc + ", " + ss + " " + l + " " + Arrays.toString(shape);
                    try (Tensor src = randomHost(r, type, l, shape)) {
                        OpGpuSupport.sameOnGpu(what, src, x -> BilateralFilter.bilateralFilter(x, d, sc, ss, b));
                        int wDim = l.indexOf('W');
                        if (shape[wDim] > 6) {
                            OpGpuSupport.sameOnGpuView(what, src, wDim, 3, shape[wDim] - 5,
                                    x -> BilateralFilter.bilateralFilter(x, d, sc, ss, b));
                        }
                    }
                }
            }
        }
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuOnFloatNaNsConstantImagesAndBatches() {
        Random r = OpGpuSupport.seeded("BilateralFilter GPU F32 specials");
        for (int c : new int[] {1, 3}) {
            float[] v = new float[2 * 23 * 29 * c];
            for (int i = 0; i < v.length; i++) {
                v[i] = i < v.length / 2 ? 7.25f : r.nextInt(9) == 0 ? Float.NaN : r.nextFloat() * 300 - 100;
            }
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (float f : v) {
                bb.putFloat(f);
            }
            try (Tensor src = host(bb.array(), DataType.F32, TensorLayout.NHWC, 2, 23, 29, c)) { // a constant image, then NaNs
                for (BorderType b : BorderType.values()) {
                    OpGpuSupport.sameOnGpu("F32 specials " + c + " " + b, src, x -> BilateralFilter.bilateralFilter(x, 7, 40, 3, b));
                }
            }
        }
    }
}

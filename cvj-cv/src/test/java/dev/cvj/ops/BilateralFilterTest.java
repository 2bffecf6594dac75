package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.manifest;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.resource;
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

    @Test
    void matchesOpenCv() {
        List<Case> cases = manifest("bilateral_filter");
        assertEquals(80, cases.size());
        for (Case c : cases) {
            try (Tensor src = host(resource("bilateral_filter", c.name() + ".in"), DataType.U8, TensorLayout.HWC, c.i("h"),
                    c.i("w"), c.i("c"));
                 Tensor out = BilateralFilter.bilateralFilter(src, c.i("d"), c.d("sigmaColor"), c.d("sigmaSpace"),
                         BorderType.valueOf(c.s("border")))) {
                assertBytesEqual(resource("bilateral_filter", c.name() + ".out"), bytes(out), c.name() + " " + c.p());
            }
        }
    }

    @Test
    void isTheWeightedMeanOfTheDisc() {
        Random r = OpGpuSupport.seeded("BilateralFilter formula");
        for (int t = 0; t < 12; t++) {
            int h = 1 + r.nextInt(12), w = 1 + r.nextInt(12), c = r.nextBoolean() ? 1 : 3, d = r.nextInt(8);
            double sc = 5 + r.nextDouble() * 80, ss = 0.5 + r.nextDouble() * 4;
            BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
            int rad = Math.max(d <= 0 ? (int) Math.rint(ss * 1.5) : d / 2, 1);
            try (Tensor src = randomHost(r, DataType.U8, TensorLayout.HWC, h, w, c);
                 Tensor out = BilateralFilter.bilateralFilter(src, d, sc, ss, b)) {
                byte[] in = bytes(src), got = bytes(out);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double wsum = 0;
                        double[] sum = new double[c];
                        for (int i = -rad; i <= rad; i++) {
                            for (int j = -rad; j <= rad; j++) {
                                if (i * i + j * j > rad * rad) {
                                    continue;
                                }
                                int sy = b.interpolate(y + i, h), sx = b.interpolate(x + j, w), diff = 0;
                                int[] v = new int[c];
                                for (int ch = 0; ch < c; ch++) {
                                    v[ch] = sy < 0 || sx < 0 ? 0 : in[(sy * w + sx) * c + ch] & 0xff;
                                    diff += Math.abs(v[ch] - (in[(y * w + x) * c + ch] & 0xff));
                                }
                                double wt = Math.exp(-(i * i + j * j) / (2 * ss * ss)) * Math.exp(-diff * diff / (2 * sc * sc));
                                wsum += wt;
                                for (int ch = 0; ch < c; ch++) {
                                    sum[ch] += v[ch] * wt;
                                }
                            }
                        }
                        for (int ch = 0; ch < c; ch++) {
                            double want = sum[ch] / wsum;
                            int g = got[(y * w + x) * c + ch] & 0xff;
                            assertTrue(Math.abs(g - want) <= 0.5 + 0.01, "case " + t + " " + b + " d " + d + " at " + x + ","
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
    void gpuEqualsCpuForEveryBorderLayoutAndView() {
        Random r = OpGpuSupport.seeded("BilateralFilter GPU");
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
                    String what = b + " d " + d + " sigmas " + sc + ", " + ss + " " + l + " " + Arrays.toString(shape);
                    try (Tensor src = randomHost(r, DataType.U8, l, shape)) {
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

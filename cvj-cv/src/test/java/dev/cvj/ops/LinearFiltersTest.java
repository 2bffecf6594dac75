package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.assertClose;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.manifest;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.resource;
import static dev.cvj.ops.OpTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.ops.OpTestSupport.Case;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * BoxFilter, AverageBlur and GaussianBlur on the CPU: against OpenCV 4.6 (goldens from
 * src/test/golden/gen_filters.py: every type, border, anchors, unnormalized sums, windows larger than the image,
 * 1x1 images, OpenCV's fixed Gaussian tables and sizes from sigma), against a box sum written out here, batched
 * and planar layouts against the single image, and the refusals.
 */
class LinearFiltersTest {

    @Test
    void boxFilterAndAverageBlurMatchOpenCv() {
        List<Case> cases = manifest("box_filter");
        assertEquals(GoldenFiles.expectedCases("box_filter"), cases.size());
        for (Case c : cases) {
            DataType t = c.type("dtype");
            BorderType b = BorderType.valueOf(c.s("border"));
            boolean normalize = Boolean.parseBoolean(c.s("normalize"));
            try (Tensor src = host(resource("box_filter", c.name() + ".in"), t, TensorLayout.HWC, c.i("h"), c.i("w"), c.i("c"));
                 Tensor out = c.s("op").equals("blur")
                         ? AverageBlur.averageBlur(src, c.i("kw"), c.i("kh"), c.i("ax"), c.i("ay"), b)
                         : BoxFilter.boxFilter(src, c.i("kw"), c.i("kh"), c.i("ax"), c.i("ay"), normalize, b)) {
                byte[] expected = resource("box_filter", c.name() + ".out");
                if (t == DataType.F32) {
                    // OpenCV's running double column sums against cvj's direct ones: the last float bit
                    assertClose(expected, t, bytes(out), t, 1e-5, 1e-6, c.name() + " " + c.p());
                } else {
                    assertBytesEqual(expected, bytes(out), c.name() + " " + c.p());
                }
            }
        }
    }

    @Test
    void gaussianBlurMatchesOpenCv() {
        List<Case> cases = manifest("gaussian_blur");
        assertEquals(GoldenFiles.expectedCases("gaussian_blur"), cases.size());
        for (Case c : cases) {
            DataType t = c.type("dtype");
            try (Tensor src = host(resource("gaussian_blur", c.name() + ".in"), t, TensorLayout.HWC, c.i("h"), c.i("w"), c.i("c"));
                 Tensor out = GaussianBlur.gaussianBlur(src, c.i("kw"), c.i("kh"), c.d("sx"), c.d("sy"),
                         BorderType.valueOf(c.s("border")))) {
                byte[] expected = resource("gaussian_blur", c.name() + ".out");
                switch (t) {
                    case U8, U16 -> assertBytesEqual(expected, bytes(out), c.name() + " " + c.p()); // fixed point
                    case S16 -> assertClose(expected, t, bytes(out), t, 1, 0, c.name() + " " + c.p());
                    default -> assertClose(expected, t, bytes(out), t, 1e-4, 1e-5, c.name() + " " + c.p());
                }
            }
        }
    }

    @Test
    void boxSumsTheWindowWithTheBorderRule() {
        Random r = OpGpuSupport.seeded("BoxFilter sum");
        int h = 6, w = 7, kw = 4, kh = 3, ax = 1, ay = 2;
        for (BorderType b : List.of(BorderType.CONSTANT, BorderType.REPLICATE, BorderType.REFLECT, BorderType.REFLECT_101)) {
            try (Tensor src = randomHost(r, DataType.U16, TensorLayout.HWC, h, w, 2);
                 Tensor out = BoxFilter.boxFilter(src, kw, kh, ax, ay, false, b)) {
                byte[] in = bytes(src), got = bytes(out);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < 2; c++) {
                            long sum = 0;
                            for (int j = 0; j < kh; j++) {
                                for (int i = 0; i < kw; i++) {
                                    int sy = b.interpolate(y + j - ay, h), sx = b.interpolate(x + i - ax, w);
                                    sum += sy < 0 || sx < 0 ? 0 : (long) value(in, DataType.U16, (sy * w + sx) * 2 + c);
                                }
                            }
                            assertEquals(Math.min(sum, 65535), value(got, DataType.U16, (y * w + x) * 2 + c),
                                    b + " at " + y + "," + x + "," + c);
                        }
                    }
                }
            }
        }
    }

    @Test
    void batchedAndPlanarLayoutsFilterEachImageAsOne() {
        Random r = OpGpuSupport.seeded("filters layouts");
        List<Function<Tensor, Tensor>> ops = List.of(
                x -> BoxFilter.boxFilter(x, 3, 5, -1, -1, true, BorderType.REFLECT),
                x -> AverageBlur.averageBlur(x, 4, 2, 0, 1, BorderType.CONSTANT),
                x -> GaussianBlur.gaussianBlur(x, 5, 3, 1.1, 0, BorderType.REPLICATE));
        for (DataType t : List.of(DataType.U8, DataType.S16, DataType.F32)) {
            for (Function<Tensor, Tensor> op : ops) {
                try (Tensor batch = randomHost(r, t, TensorLayout.NHWC, 2, 9, 8, 3); Tensor all = op.apply(batch)) {
                    for (int n = 0; n < 2; n++) {
                        try (Tensor one = batch.slice(0, n, 1).reshape(new long[] {9, 8, 3}, TensorLayout.HWC);
                             Tensor single = op.apply(one);
                             Tensor part = all.slice(0, n, 1)) {
                            assertBytesEqual(bytes(single), bytes(part), t + " image " + n);
                        }
                    }
                    try (Tensor planar = Reformat.reformat(batch, TensorLayout.NCHW); Tensor p = op.apply(planar);
                         Tensor back = Reformat.reformat(p, TensorLayout.NHWC)) {
                        assertBytesEqual(bytes(all), bytes(back), t + " NCHW");
                    }
                }
            }
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor f32 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F32, TensorLayout.HWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F16, TensorLayout.HWC);
             Tensor small = Tensor.allocateHost(new long[] {4, 3, 3}, DataType.U8, TensorLayout.HWC);
             Tensor big = Tensor.allocateHost(new long[] {5, 4, 3}, DataType.U8, TensorLayout.HWC)) {
            BorderType d = BorderType.REFLECT_101;
            refused("BoxFilter: src has data type F16", () -> BoxFilter.boxFilter(f16, 3, 3, -1, -1, true, d));
            refused("BoxFilter: kernel size 0 x 3", () -> BoxFilter.boxFilter(u8, 0, 3, -1, -1, true, d));
            refused("BoxFilter: kernel size 3000 x 3000 is too large", () -> BoxFilter.boxFilter(u8, 3000, 3000, -1, -1, true, d));
            refused("BoxFilter: anchorX 3 must be -1", () -> BoxFilter.boxFilter(u8, 3, 3, 3, -1, true, d));
            refused("BoxFilter: anchorY -2 must be -1", () -> BoxFilter.boxFilter(u8, 3, 3, -1, -2, true, d));
            refused("BoxFilter: border WRAP", () -> BoxFilter.boxFilter(u8, 3, 3, -1, -1, true, BorderType.WRAP));
            refused("BoxFilter: border is null", () -> BoxFilter.boxFilter(u8, 3, 3, -1, -1, true, null));
            refused("BoxFilter: dst has shape", () -> BoxFilter.boxFilterInto(small, u8, 3, 3, -1, -1, true, d));
            refused("BoxFilter: dst has data type F32", () -> BoxFilter.boxFilterInto(f32, u8, 3, 3, -1, -1, true, d));
            refused("overlaps", () -> BoxFilter.boxFilterInto(big.slice(0, 1, 4), big.slice(0, 0, 4), 3, 3, -1, -1, true, d));
            refused("overlaps", () -> BoxFilter.boxFilterInto(u8, u8, 3, 3, -1, -1, true, d));
            refused("AverageBlur: kernel size 3 x -1", () -> AverageBlur.averageBlur(u8, 3, -1, -1, -1, d));
            refused("AverageBlur: border WRAP", () -> AverageBlur.averageBlurInto(small, u8, 3, 3, -1, -1, BorderType.WRAP));
            refused("GaussianBlur: kw 4 must be odd", () -> GaussianBlur.gaussianBlur(u8, 4, 3, 0, 0, d));
            refused("GaussianBlur: kh 0 must be odd", () -> GaussianBlur.gaussianBlur(u8, 3, 0, 0, 0, d));
            refused("GaussianBlur: kw 0 must be odd", () -> GaussianBlur.gaussianBlur(u8, 0, 0, 0, 0, d));
            refused("GaussianBlur: sigmaX NaN", () -> GaussianBlur.gaussianBlur(u8, 3, 3, Double.NaN, 0, d));
            refused("GaussianBlur: kw from sigma 1000.0", () -> GaussianBlur.gaussianBlur(u8, 0, 3, 1000, 0, d));
            refused("GaussianBlur: border WRAP", () -> GaussianBlur.gaussianBlur(f32, 3, 3, 0, 0, BorderType.WRAP));
            refused("GaussianBlur: src is null", () -> GaussianBlur.gaussianBlur(null, 3, 3, 0, 0, d));
            refused("GaussianBlur: dst has shape", () -> GaussianBlur.gaussianBlurInto(small, u8, 3, 3, 0, 0, d));
        }
    }

    private static void refused(String part, Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e instanceof IllegalArgumentException || e instanceof NullPointerException, e.toString());
        assertTrue(e.getMessage().contains(part), "expected \"" + part + "\" in: " + e.getMessage());
    }
}

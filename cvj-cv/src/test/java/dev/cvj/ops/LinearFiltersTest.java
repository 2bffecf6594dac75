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
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * BoxFilter, AverageBlur, GaussianBlur, Conv2D and Laplacian on the CPU: against OpenCV 4.6 (goldens from
 * src/test/golden/gen_filters.py: every type, border, anchors, unnormalized sums, windows larger than the image,
 * 1x1 images, OpenCV's fixed Gaussian tables and sizes from sigma, random kernels with zero taps, every Laplacian
 * dst type, scales and deltas), against a box sum written out here, batched
 * and planar layouts against the single image, and the refusals.
 */
class LinearFiltersTest {

    /** Each golden case of {@code op}, its input loaded as an HWC host tensor. */
    private static void eachCase(String op, BiConsumer<Case, Tensor> check) {
        List<Case> cases = manifest(op);
        assertEquals(GoldenFiles.expectedCases(op), cases.size());
        for (Case c : cases) {
            try (Tensor src = host(resource(op, c.name() + ".in"), c.type("dtype"), TensorLayout.HWC, c.i("h"), c.i("w"), c.i("c"))) {
                check.accept(c, src);
            }
        }
    }

    @Test
    void boxFilterAndAverageBlurMatchOpenCv() {
        eachCase("box_filter", (c, src) -> {
            DataType t = src.dtype();
            BorderType b = BorderType.valueOf(c.s("border"));
            boolean normalize = Boolean.parseBoolean(c.s("normalize"));
            try (Tensor out = c.s("op").equals("blur")
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
        });
    }

    @Test
    void gaussianBlurMatchesOpenCv() {
        eachCase("gaussian_blur", (c, src) -> {
            DataType t = src.dtype();
            try (Tensor out = GaussianBlur.gaussianBlur(src, c.i("kw"), c.i("kh"), c.d("sx"), c.d("sy"),
                    BorderType.valueOf(c.s("border")))) {
                byte[] expected = resource("gaussian_blur", c.name() + ".out");
                switch (t) {
                    case U8, U16 -> assertBytesEqual(expected, bytes(out), c.name() + " " + c.p()); // fixed point
                    case S16 -> assertClose(expected, t, bytes(out), t, 1, 0, c.name() + " " + c.p());
                    default -> assertClose(expected, t, bytes(out), t, 1e-4, 1e-5, c.name() + " " + c.p());
                }
            }
        });
    }

    @Test
    void conv2DMatchesOpenCv() {
        eachCase("conv2d", (c, src) -> {
            DataType t = src.dtype();
            int kw = c.i("kw"), kh = c.i("kh");
            String[] v = c.s("kernel").split(",");
            float[][] kernel = new float[kh][kw];
            for (int j = 0; j < kh; j++) {
                for (int i = 0; i < kw; i++) {
                    kernel[j][i] = Float.parseFloat(v[j * kw + i]);
                }
            }
            try (Tensor out = Conv2D.conv2D(src, kernel, c.i("ax"), c.i("ay"), c.d("delta"), BorderType.valueOf(c.s("border")))) {
                byte[] expected = resource("conv2d", c.name() + ".out");
                if (Boolean.parseBoolean(c.s("dft"))) {
                    // OpenCV's DFT path for large kernels against cvj's direct sums
                    assertClose(expected, t, bytes(out), t, t == DataType.F32 ? 1e-3 : 1, 1e-3, c.name() + " " + c.p());
                } else {
                    assertBytesEqual(expected, bytes(out), c.name() + " " + c.p());
                }
            }
        });
    }

    @Test
    void laplacianMatchesOpenCv() {
        eachCase("laplacian", (c, src) -> {
            try (Tensor out = Laplacian.laplacian(src, c.i("ksize"), c.d("scale"), c.d("delta"), c.type("dst"),
                    BorderType.valueOf(c.s("border")))) {
                assertEquals(c.type("dst"), out.dtype());
                assertBytesEqual(resource("laplacian", c.name() + ".out"), bytes(out), c.name() + " " + c.p());
            }
        });
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
                x -> GaussianBlur.gaussianBlur(x, 5, 3, 1.1, 0, BorderType.REPLICATE),
                x -> Conv2D.conv2D(x, new float[][] {{0.5f, -1, 0}, {0.25f, 2, 0.125f}}, 2, -1, 3, BorderType.REFLECT_101),
                x -> Laplacian.laplacian(x, 3, 0.5, 1, DataType.F32, BorderType.REFLECT));
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
            float[][] k = {{1, 2}, {3, 4}};
            refused("Conv2D: kernel is null", () -> Conv2D.conv2D(u8, null, -1, -1, 0, d));
            refused("Conv2D: kernel must have at least one row", () -> Conv2D.conv2D(u8, new float[0][], -1, -1, 0, d));
            refused("Conv2D: kernel row 1 has 1 values but row 0 has 2", () -> Conv2D.conv2D(u8, new float[][] {{1, 2}, {3}}, -1, -1, 0, d));
            refused("Conv2D: kernel of 65 x 64 has more than 4096", () -> Conv2D.conv2D(u8, new float[65][64], -1, -1, 0, d));
            refused("Conv2D: anchorX 2 must be -1", () -> Conv2D.conv2D(u8, k, 2, -1, 0, d));
            refused("Conv2D: border WRAP", () -> Conv2D.conv2D(u8, k, -1, -1, 0, BorderType.WRAP));
            refused("Conv2D: src has data type F16", () -> Conv2D.conv2D(f16, k, -1, -1, 0, d));
            refused("Conv2D: dst has data type F32 but must be U8", () -> Conv2D.conv2DInto(f32, u8, k, -1, -1, 0, d));
            refused("overlaps", () -> Conv2D.conv2DInto(u8, u8, k, -1, -1, 0, d));
            refused("Laplacian: ksize 5 must be 1 or 3", () -> Laplacian.laplacian(u8, 5, 1, 0, DataType.S16, d));
            refused("Laplacian: dst data type U16 is not supported for src of U8", () -> Laplacian.laplacian(u8, 3, 1, 0, DataType.U16, d));
            refused("Laplacian: dst data type U8 is not supported for src of F32", () -> Laplacian.laplacian(f32, 3, 1, 0, DataType.U8, d));
            refused("Laplacian: dstType is null", () -> Laplacian.laplacian(u8, 3, 1, 0, null, d));
            refused("Laplacian: border WRAP", () -> Laplacian.laplacian(u8, 1, 1, 0, DataType.S16, BorderType.WRAP));
            refused("Laplacian: dst has shape", () -> Laplacian.laplacianInto(small, u8, 1, 1, 0, d));
            refused("Laplacian: dst is null", () -> Laplacian.laplacianInto(null, u8, 1, 1, 0, d));
        }
    }

    private static void refused(String part, Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e instanceof IllegalArgumentException || e instanceof NullPointerException, e.toString());
        assertTrue(e.getMessage().contains(part), "expected \"" + part + "\" in: " + e.getMessage());
    }
}

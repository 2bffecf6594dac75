package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.random;
import static dev.cvj.ops.OpTestSupport.refused;
import static dev.cvj.ops.OpTestSupport.rejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * AdvCvtColor's CPU path against the ITU-R formulas written here from the standards (Kr, Kb of BT.601, BT.709,
 * BT.2020; limited range 16..235 / 16..240 or full range): every output is the real value rounded to nearest, or
 * within 0.002 of a half either neighbour (the operator's 18-bit fixed point); decoding against the numerical inverse
 * of the encoding matrix. Known values, 4:2:0 layouts (NV12 U, V; NV21 V, U; a block's chroma from its mean colour),
 * layouts and views, and the refusals.
 */
class AdvCvtColorTest {
    /** Kr, Kb, full range of each spec, from ITU-R BT.601-7, BT.709-6, BT.2020-2. */
    private static double[] itu(ColorSpec s) {
        return switch (s) {
            case BT601 -> new double[] {0.299, 0.114, 0};
            case BT601_ER -> new double[] {0.299, 0.114, 1};
            case BT709 -> new double[] {0.2126, 0.0722, 0};
            case BT709_ER -> new double[] {0.2126, 0.0722, 1};
            case BT2020 -> new double[] {0.2627, 0.0593, 0};
            case BT2020_ER -> new double[] {0.2627, 0.0593, 1};
        };
    }

    /** Y, Cb, Cr of R, G, B in [0, 255]: E'Y, E'PB, E'PR of the normalised signals, quantised as 8-bit. */
    private static double[] forward(ColorSpec s, double r, double g, double b) {
        double[] k = itu(s);
        double kr = k[0], kb = k[1], kg = 1 - kr - kb;
        double ey = (kr * r + kg * g + kb * b) / 255, epb = (b / 255 - ey) / 1.0 / (2 - 2 * kb);
        double epr = (r / 255 - ey) / (2 - 2 * kr);
        if (k[2] == 1) {
            return new double[] {255 * ey, 128 + 255 * epb, 128 + 255 * epr};
        }
        return new double[] {16 + 219 * ey, 128 + 224 * epb, 128 + 224 * epr};
    }

    /** R, G, B of Y, Cb, Cr: the forward map inverted numerically (Cramer's rule). */
    private static double[] inverse(ColorSpec s, double y, double cb, double cr) {
        double[] o = forward(s, 0, 0, 0);
        double[][] m = new double[3][3]; // m[i][j]: output i per unit of input j (R, G, B)
        for (int j = 0; j < 3; j++) {
            double[] f = forward(s, j == 0 ? 1 : 0, j == 1 ? 1 : 0, j == 2 ? 1 : 0);
            for (int i = 0; i < 3; i++) {
                m[i][j] = f[i] - o[i];
            }
        }
        double[] v = {y - o[0], cb - o[1], cr - o[2]};
        double det = det(m);
        double[] rgb = new double[3];
        for (int j = 0; j < 3; j++) {
            double[][] mj = new double[3][];
            for (int i = 0; i < 3; i++) {
                mj[i] = m[i].clone();
                mj[i][j] = v[i];
            }
            rgb[j] = det(mj) / det;
        }
        return rgb;
    }

    private static double det(double[][] a) {
        return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    }

    /** {@code got} is {@code v} rounded to nearest and saturated, either neighbour within 0.002 of a half. */
    private static void assertRounded(double v, int got, String what) {
        long lo = sat(Math.floor(v + 0.5 - 0.002)), hi = sat(Math.floor(v + 0.5 + 0.002));
        if (got != lo && got != hi) {
            fail(what + ": got " + got + ", real value " + v);
        }
    }

    private static long sat(double v) {
        return (long) Math.max(0, Math.min(255, v));
    }

    private static int u(byte b) {
        return b & 0xff;
    }

    @Test
    void yuv444IsTheItuFormulaForEverySpecBothOrders() {
        Random r = new Random(1);
        for (ColorSpec spec : ColorSpec.values()) {
            for (ColorConversion code : new ColorConversion[] {ColorConversion.RGB2YUV, ColorConversion.BGR2YUV}) {
                byte[] in = random(r, DataType.U8, 2 * 17 * 19 * 3);
                try (Tensor src = host(in, DataType.U8, TensorLayout.NHWC, 2, 17, 19, 3);
                     Tensor dst = AdvCvtColor.advCvtColor(src, code, spec)) {
                    byte[] out = bytes(dst);
                    boolean bgr = code == ColorConversion.BGR2YUV;
                    for (int p = 0; p < in.length; p += 3) {
                        int red = u(in[p + (bgr ? 2 : 0)]), g = u(in[p + 1]), b = u(in[p + (bgr ? 0 : 2)]);
                        double[] want = forward(spec, red, g, b);
                        for (int c = 0; c < 3; c++) {
                            assertRounded(want[c], u(out[p + c]), code + " " + spec + " element " + (p + c));
                        }
                    }
                }
            }
        }
    }

    @Test
    void yuv444ToRgbIsTheInverseMatrixSaturatedForEverySpec() {
        Random r = new Random(2);
        for (ColorSpec spec : ColorSpec.values()) {
            for (ColorConversion code : new ColorConversion[] {ColorConversion.YUV2RGB, ColorConversion.YUV2BGR}) {
                byte[] in = random(r, DataType.U8, 23 * 29 * 3); // every byte: out-of-gamut YCbCr saturates
                try (Tensor src = host(in, DataType.U8, TensorLayout.HWC, 23, 29, 3);
                     Tensor dst = AdvCvtColor.advCvtColor(src, code, spec)) {
                    byte[] out = bytes(dst);
                    boolean bgr = code == ColorConversion.YUV2BGR;
                    for (int p = 0; p < in.length; p += 3) {
                        double[] rgb = inverse(spec, u(in[p]), u(in[p + 1]), u(in[p + 2]));
                        assertRounded(rgb[0], u(out[p + (bgr ? 2 : 0)]), code + " " + spec + " R of " + p);
                        assertRounded(rgb[1], u(out[p + 1]), code + " " + spec + " G of " + p);
                        assertRounded(rgb[2], u(out[p + (bgr ? 0 : 2)]), code + " " + spec + " B of " + p);
                    }
                }
            }
        }
    }

    @Test
    void knownValues() {
        // BT.709 limited red: Y = 16 + 219 * 0.2126 = 62.56, Cb = 128 - 112 * 0.2126 / 0.9278 = 102.34, Cr = 240
        assertArrayEquals(new byte[] {63, 102, (byte) 240}, yuv(ColorSpec.BT709, 255, 0, 0));
        assertArrayEquals(new byte[] {(byte) 235, (byte) 128, (byte) 128}, yuv(ColorSpec.BT601, 255, 255, 255));
        assertArrayEquals(new byte[] {16, (byte) 128, (byte) 128}, yuv(ColorSpec.BT2020, 0, 0, 0));
        assertArrayEquals(new byte[] {(byte) 255, (byte) 128, (byte) 128}, yuv(ColorSpec.BT2020_ER, 255, 255, 255));
        // BT.601 full range blue: Y = 29.07, Cb = 128 + 127.5 = 255.5 saturates, Cr = 128 - 0.5 * 29.07 / 0.701 = 107.26
        assertArrayEquals(new byte[] {29, (byte) 255, 107}, yuv(ColorSpec.BT601_ER, 0, 0, 255));
    }

    private static byte[] yuv(ColorSpec spec, int r, int g, int b) {
        try (Tensor src = host(new byte[] {(byte) r, (byte) g, (byte) b}, DataType.U8, TensorLayout.HWC, 1, 1, 3);
             Tensor dst = AdvCvtColor.advCvtColor(src, ColorConversion.RGB2YUV, spec)) {
            return bytes(dst);
        }
    }

    @Test
    void toNv12AndNv21GiveEveryPixelsLumaAndEachBlocksMeanChroma() {
        Random r = new Random(3);
        int n = 3, h = 10, w = 14;
        for (ColorSpec spec : ColorSpec.values()) {
            for (ColorConversion code : new ColorConversion[] {ColorConversion.RGB2YUV_NV12, ColorConversion.BGR2YUV_NV21,
                    ColorConversion.RGBA2YUV_NV12}) {
                int cn = code.srcChannels();
                boolean bgr = code.blueIndex() == 0, vu = code == ColorConversion.BGR2YUV_NV21;
                byte[] in = random(r, DataType.U8, (long) n * h * w * cn);
                try (Tensor src = host(in, DataType.U8, TensorLayout.NHWC, n, h, w, cn);
                     Tensor dst = AdvCvtColor.advCvtColor(src, code, spec)) {
                    byte[] out = bytes(dst);
                    String what = code + " " + spec;
                    for (int i = 0; i < n; i++) {
                        for (int y = 0; y < h; y++) {
                            for (int x = 0; x < w; x++) {
                                int p = ((i * h + y) * w + x) * cn;
                                double[] f = forward(spec, u(in[p + (bgr ? 2 : 0)]), u(in[p + 1]), u(in[p + (bgr ? 0 : 2)]));
                                assertRounded(f[0], u(out[(i * h * 3 / 2 + y) * w + x]), what + " Y " + i + "," + y + "," + x);
                            }
                        }
                        for (int by = 0; by < h / 2; by++) {
                            for (int bx = 0; bx < w / 2; bx++) {
                                double[] mean = new double[3];
                                for (int k = 0; k < 4; k++) {
                                    int p = ((i * h + 2 * by + k / 2) * w + 2 * bx + k % 2) * cn;
                                    mean[0] += u(in[p + (bgr ? 2 : 0)]) / 4.0;
                                    mean[1] += u(in[p + 1]) / 4.0;
                                    mean[2] += u(in[p + (bgr ? 0 : 2)]) / 4.0;
                                }
                                double[] f = forward(spec, mean[0], mean[1], mean[2]);
                                int q = (i * h * 3 / 2 + h + by) * w + 2 * bx;
                                assertRounded(f[1], u(out[q + (vu ? 1 : 0)]), what + " Cb of block " + by + "," + bx);
                                assertRounded(f[2], u(out[q + (vu ? 0 : 1)]), what + " Cr of block " + by + "," + bx);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void fromNv12AndNv21ShareEachBlocksChroma() {
        Random r = new Random(4);
        int n = 2, h = 6, w = 8;
        for (ColorSpec spec : ColorSpec.values()) {
            for (ColorConversion code : new ColorConversion[] {ColorConversion.YUV2RGB_NV12, ColorConversion.YUV2BGR_NV21,
                    ColorConversion.YUV2RGBA_NV21, ColorConversion.YUV2BGRA_NV12}) {
                int cn = code.dstChannels();
                boolean bgr = code.blueIndex() == 0, vu = code.yuv420() == ColorConversion.Yuv420.NV21;
                byte[] in = random(r, DataType.U8, (long) n * h * 3 / 2 * w);
                try (Tensor src = host(in, DataType.U8, TensorLayout.NHWC, n, h * 3 / 2, w, 1);
                     Tensor dst = AdvCvtColor.advCvtColor(src, code, spec)) {
                    byte[] out = bytes(dst);
                    for (int i = 0; i < n; i++) {
                        for (int y = 0; y < h; y++) {
                            for (int x = 0; x < w; x++) {
                                int q = (i * h * 3 / 2 + h + y / 2) * w + x / 2 * 2;
                                int cb = u(in[q + (vu ? 1 : 0)]), cr = u(in[q + (vu ? 0 : 1)]);
                                double[] rgb = inverse(spec, u(in[(i * h * 3 / 2 + y) * w + x]), cb, cr);
                                int p = ((i * h + y) * w + x) * cn;
                                String what = code + " " + spec + " pixel " + i + "," + y + "," + x;
                                assertRounded(rgb[0], u(out[p + (bgr ? 2 : 0)]), what + " R");
                                assertRounded(rgb[1], u(out[p + 1]), what + " G");
                                assertRounded(rgb[2], u(out[p + (bgr ? 0 : 2)]), what + " B");
                                if (cn == 4) {
                                    assertTrue(out[p + 3] == (byte) 255, what + " alpha");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void fullRangeRoundTripsWithinOne() {
        Random r = new Random(5);
        byte[] in = random(r, DataType.U8, 9 * 11 * 3);
        for (ColorSpec spec : new ColorSpec[] {ColorSpec.BT601_ER, ColorSpec.BT709_ER, ColorSpec.BT2020_ER}) {
            try (Tensor src = host(in, DataType.U8, TensorLayout.HWC, 9, 11, 3);
                 Tensor yuv = AdvCvtColor.advCvtColor(src, ColorConversion.RGB2YUV, spec);
                 Tensor back = AdvCvtColor.advCvtColor(yuv, ColorConversion.YUV2RGB, spec)) {
                byte[] out = bytes(back);
                for (int i = 0; i < in.length; i++) {
                    // YCbCr quantisation moves a colour by up to half a step per channel: back within 2 at most
                    assertTrue(Math.abs(u(in[i]) - u(out[i])) <= 2, spec + " element " + i);
                }
            }
        }
    }

    @Test
    void hwcAndViewsGiveTheDenseBatchResult() {
        Random r = new Random(6);
        byte[] in = random(r, DataType.U8, 12 * 16 * 3);
        for (ColorConversion code : new ColorConversion[] {ColorConversion.RGB2YUV, ColorConversion.BGR2YUV_NV12}) {
            try (Tensor hwc = host(in, DataType.U8, TensorLayout.HWC, 12, 16, 3);
                 Tensor nhwc = host(in, DataType.U8, TensorLayout.NHWC, 1, 12, 16, 3);
                 Tensor a = AdvCvtColor.advCvtColor(hwc, code, ColorSpec.BT709);
                 Tensor b = AdvCvtColor.advCvtColor(nhwc, code, ColorSpec.BT709);
                 Tensor view = hwc.slice(1, 4, 8);
                 Tensor dense = host(bytes(view), DataType.U8, TensorLayout.HWC, 12, 8, 3);
                 Tensor c = AdvCvtColor.advCvtColor(view, code, ColorSpec.BT709);
                 Tensor d = AdvCvtColor.advCvtColor(dense, code, ColorSpec.BT709)) {
                assertArrayEquals(bytes(a), bytes(b), code + " HWC vs NHWC");
                assertArrayEquals(bytes(d), bytes(c), code + " view vs dense copy");
            }
        }
    }

    @Test
    void refusals() {
        String p = "AdvCvtColor";
        try (Tensor rgb = Tensor.allocateHost(new long[] {4, 6, 3}, DataType.U8, TensorLayout.HWC);
             Tensor odd = Tensor.allocateHost(new long[] {5, 6, 3}, DataType.U8, TensorLayout.HWC);
             Tensor nv = Tensor.allocateHost(new long[] {7, 6, 1}, DataType.U8, TensorLayout.HWC);
             Tensor f32 = Tensor.allocateHost(new long[] {4, 6, 3}, DataType.F32, TensorLayout.HWC);
             Tensor chw = Tensor.allocateHost(new long[] {3, 4, 6}, DataType.U8, TensorLayout.CHW);
             Tensor small = Tensor.allocateHost(new long[] {4, 5, 3}, DataType.U8, TensorLayout.HWC)) {
            refused(p, () -> AdvCvtColor.advCvtColor(rgb, ColorConversion.RGB2GRAY, ColorSpec.BT601), "not supported");
            refused(p, () -> AdvCvtColor.advCvtColor(rgb, ColorConversion.YUV2RGB_I420, ColorSpec.BT601), "not supported");
            rejected("spec", () -> AdvCvtColor.advCvtColor(rgb, ColorConversion.RGB2YUV, null));
            rejected("conversion", () -> AdvCvtColor.advCvtColor(rgb, null, ColorSpec.BT601));
            rejected("src", () -> AdvCvtColor.advCvtColor(null, ColorConversion.RGB2YUV, ColorSpec.BT601));
            refused(p, () -> AdvCvtColor.advCvtColor(f32, ColorConversion.RGB2YUV, ColorSpec.BT601), "F32");
            refused(p, () -> AdvCvtColor.advCvtColor(chw, ColorConversion.RGB2YUV, ColorSpec.BT601), "layout");
            refused(p, () -> AdvCvtColor.advCvtColor(odd, ColorConversion.RGB2YUV_NV12, ColorSpec.BT709), "even");
            refused(p, () -> AdvCvtColor.advCvtColor(nv, ColorConversion.YUV2RGB_NV12, ColorSpec.BT709), "H * 3 / 2");
            refused(p, () -> AdvCvtColor.advCvtColor(nv, ColorConversion.RGB2YUV, ColorSpec.BT709), "channels");
            refused(p, () -> AdvCvtColor.advCvtColorInto(small, rgb, ColorConversion.RGB2YUV, ColorSpec.BT709), "dst must be");
            refused(p, () -> AdvCvtColor.advCvtColorInto(rgb, rgb, ColorConversion.RGB2YUV, ColorSpec.BT709), "overlap");
        }
    }
}

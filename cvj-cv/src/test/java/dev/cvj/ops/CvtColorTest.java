package dev.cvj.ops;

import static dev.cvj.ops.ResizeTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageFormat;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CvtColor on host tensors (the CPU path) and its checks. No GPU needed. */
class CvtColorTest {
    private final Random rnd = new Random(11);

    @Test
    void roundTripsAndShapes() {
        try (Tensor rgb = ImageTensors.randomHost(rnd, new long[] {2, 6, 10, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor bgr = CvtColor.cvtColor(rgb, ColorConversion.RGB2BGR, null);
             Tensor back = CvtColor.cvtColor(bgr, ColorConversion.BGR2RGB, null);
             Tensor i420 = CvtColor.cvtColor(rgb, ColorConversion.RGB2YUV_I420, null);
             Tensor nv12 = CvtColor.cvtColor(rgb, ColorConversion.RGB2YUV_NV12, null);
             Tensor a = CvtColor.cvtColor(i420, ColorConversion.YUV2RGB_I420, null);
             Tensor b = CvtColor.cvtColor(nv12, ColorConversion.YUV2RGB_NV12, null)) {
            assertNull(ImageTensors.mismatch(back, rgb, 0, 0));
            assertEquals(9, i420.shape('H'));
            assertEquals(1, i420.shape('C'));
            assertNull(ImageTensors.mismatch(a, b, 0, 0)); // same samples, another arrangement
        }
    }

    @Test
    void fullRangeYuv420IsCloseToTheFormula() {
        try (Tensor yuv = ImageTensors.randomHost(rnd, new long[] {6, 8, 1}, DataType.U8, TensorLayout.HWC);
             Tensor rgb = CvtColor.cvtColor(yuv, ColorConversion.YUV2RGB_NV12, true, null)) {
            byte[] in = new byte[48];
            byte[] out = new byte[4 * 8 * 3];
            yuv.copyTo(in);
            rgb.copyTo(out);
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 8; x++) {
                    double yy = in[y * 8 + x] & 0xff;
                    double u = (in[32 + (y / 2) * 8 + (x / 2) * 2] & 0xff) - 128;
                    double v = (in[32 + (y / 2) * 8 + (x / 2) * 2 + 1] & 0xff) - 128;
                    double[] want = {yy + 1.402 * v, yy - 0.344136 * u - 0.714136 * v, yy + 1.772 * u};
                    for (int c = 0; c < 3; c++) {
                        double w = Math.clamp(Math.round(want[c]), 0, 255);
                        double got = out[(y * 8 + x) * 3 + c] & 0xff;
                        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(got - w) <= 1, "pixel " + y + "," + x);
                    }
                }
            }
        }
    }

    /**
     * S16 (a reorder type only) against the conversions' definition, written from their names and not from cvj's
     * tables: each output channel is the input channel of the same letter (GRAY feeds R, G and B), and an alpha the
     * input lacks is the type's maximum, 32767.
     */
    @Test
    void s16ReordersFollowTheirNames() {
        for (ColorConversion code : ColorConversion.values()) {
            if (code.family() != ColorConversion.Family.REORDER) {
                continue;
            }
            try (Tensor src = ImageTensors.randomHost(rnd, new long[] {2, 7, 9, code.srcChannels()}, DataType.S16,
                    TensorLayout.NHWC);
                 Tensor got = CvtColor.cvtColor(src, code, null)) {
                assertArrayEquals(reorderedByName(code, src), shorts(got), code.toString());
            }
        }
    }

    static short[] shorts(Tensor t) {
        short[] a = new short[(int) t.elementCount()];
        t.copyTo(a);
        return a;
    }

    /** The expected output of a reorder of a dense S16 tensor: channels picked by letter from the code's name. */
    static short[] reorderedByName(ColorConversion code, Tensor src) {
        String[] sides = code.name().split("2");
        String in = sides[0].equals("GRAY") ? "G" : sides[0], out = sides[1];
        short[] s = shorts(src);
        int pixels = s.length / in.length();
        short[] want = new short[pixels * out.length()];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < out.length(); c++) {
                char letter = out.charAt(c);
                int from = sides[0].equals("GRAY") && letter != 'A' ? 0 : in.indexOf(letter);
                want[p * out.length() + c] = from < 0 ? Short.MAX_VALUE : s[p * in.length() + from];
            }
        }
        return want;
    }

    @Test
    void formats() {
        assertEquals(ImageFormat.RGB8, ColorConversion.RGB2GRAY.srcFormat());
        assertEquals(ImageFormat.Y8, ColorConversion.RGB2GRAY.dstFormat());
        assertEquals(ImageFormat.NV12, ColorConversion.YUV2BGRA_NV12.srcFormat());
        assertEquals(ImageFormat.BGRA8, ColorConversion.YUV2BGRA_NV12.dstFormat());
        assertEquals(ImageFormat.I420, ColorConversion.RGB2YUV_I420.dstFormat());
    }

    @Test
    void rejectsWhatTheTableExcludes() {
        try (Tensor rgba = Tensor.allocateHost(new long[] {4, 4, 4}, DataType.U8, TensorLayout.HWC);
             Tensor u16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U16, TensorLayout.HWC);
             Tensor odd = Tensor.allocateHost(new long[] {9, 7, 1}, DataType.U8, TensorLayout.HWC);
             Tensor rgb = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor small = Tensor.allocateHost(new long[] {4, 3, 1}, DataType.U8, TensorLayout.HWC);
             Tensor nchw = Tensor.allocateHost(new long[] {1, 3, 4, 4}, DataType.U8, TensorLayout.NCHW)) {
            assertMessage(() -> CvtColor.cvtColor(rgba, ColorConversion.RGB2GRAY, null),
                    "CvtColor RGB2GRAY: src must have 3 channels, got 4");
            assertMessage(() -> CvtColor.cvtColor(u16, ColorConversion.RGB2HSV, null), "U16");
            assertMessage(() -> CvtColor.cvtColor(odd, ColorConversion.YUV2RGB_NV12, null), "H and W even");
            assertMessage(() -> CvtColor.cvtColorInto(small, rgb, ColorConversion.RGB2GRAY, null), "dst must be");
            assertMessage(() -> CvtColor.cvtColorInto(rgb, rgb, ColorConversion.RGB2GRAY, null),
                    "dst must have 1 channels, got 3");
            assertMessage(() -> CvtColor.cvtColor(nchw, ColorConversion.RGB2BGR, null), "src has layout NCHW; supported: HWC, NHWC");
        }
    }

    /** HLS of U8 RGB against the textbook definition in double (within 1: OpenCV's float steps round). */
    @Test
    void hlsFollowsItsDefinition() {
        try (Tensor rgb = ImageTensors.randomHost(rnd, new long[] {9, 11, 3}, DataType.U8, TensorLayout.HWC);
             Tensor hls = CvtColor.cvtColor(rgb, ColorConversion.RGB2HLS_FULL, null)) {
            byte[] in = new byte[9 * 11 * 3], out = new byte[in.length];
            rgb.copyTo(in);
            hls.copyTo(out);
            for (int p = 0; p < 9 * 11; p++) {
                double r = (in[3 * p] & 0xff) / 255.0, g = (in[3 * p + 1] & 0xff) / 255.0, b = (in[3 * p + 2] & 0xff) / 255.0;
                double max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b)), d = max - min;
                double l = (max + min) / 2, sat = d == 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
                double h = d == 0 ? 0 : max == r ? 60 * (g - b) / d : max == g ? 60 * (b - r) / d + 120 : 60 * (r - g) / d + 240;
                h = h < 0 ? h + 360 : h;
                double[] want = {h * 256 / 360, l * 255, sat * 255};
                for (int c = 0; c < 3; c++) {
                    int got = out[3 * p + c] & 0xff;
                    double diff = Math.abs(got - want[c]);
                    if (c == 0) {
                        diff = Math.min(diff, 256 - diff); // hue is circular
                    }
                    assertTrue(diff <= 1, "pixel " + p + " channel " + c + ": " + got + " vs " + want[c]);
                }
            }
        }
    }

    /** YV12 is I420 with its V plane before its U plane: the same RGB from an I420 image with the planes swapped. */
    @Test
    void yv12IsI420WithThePlanesSwapped() {
        int h = 6, w = 8, plane = (h / 2) * (w / 2);
        try (Tensor i420 = ImageTensors.randomHost(rnd, new long[] {h * 3 / 2, w, 1}, DataType.U8, TensorLayout.HWC);
             Tensor yv12 = Tensor.allocateHost(new long[] {h * 3 / 2, w, 1}, DataType.U8, TensorLayout.HWC)) {
            byte[] a = new byte[h * 3 / 2 * w], b = new byte[a.length];
            i420.copyTo(a);
            System.arraycopy(a, 0, b, 0, h * w);
            System.arraycopy(a, h * w, b, h * w + plane, plane);  // U after V
            System.arraycopy(a, h * w + plane, b, h * w, plane);  // V first
            yv12.copyFrom(b);
            try (Tensor x = CvtColor.cvtColor(i420, ColorConversion.YUV2BGR_I420, null);
                 Tensor y = CvtColor.cvtColor(yv12, ColorConversion.YUV2BGR_YV12, null);
                 Tensor rgb = ImageTensors.randomHost(rnd, new long[] {h, w, 3}, DataType.U8, TensorLayout.HWC);
                 Tensor toI420 = CvtColor.cvtColor(rgb, ColorConversion.RGB2YUV_I420, null);
                 Tensor toYv12 = CvtColor.cvtColor(rgb, ColorConversion.RGB2YUV_YV12, null);
                 Tensor gray = CvtColor.cvtColor(yv12, ColorConversion.YUV2GRAY_YV12, null)) {
                assertNull(ImageTensors.mismatch(y, x, 0, 0));
                byte[] p = new byte[a.length], q = new byte[a.length], g = new byte[h * w];
                toI420.copyTo(p);
                toYv12.copyTo(q);
                assertArrayEquals(java.util.Arrays.copyOfRange(p, h * w, h * w + plane),
                        java.util.Arrays.copyOfRange(q, h * w + plane, h * w + 2 * plane), "U plane");
                gray.copyTo(g);
                assertArrayEquals(java.util.Arrays.copyOf(b, h * w), g, "the Y plane");
            }
        }
    }

    /** 4:2:2 packed against the BT.601 limited-range formula in double (within 1), byte order from the names. */
    @Test
    void yuv422FollowsItsDefinition() {
        int h = 3, w = 6;
        try (Tensor src = ImageTensors.randomHost(rnd, new long[] {h, w, 2}, DataType.U8, TensorLayout.HWC)) {
            byte[] in = new byte[h * w * 2];
            src.copyTo(in);
            for (ColorConversion code : new ColorConversion[] {ColorConversion.YUV2RGB_UYVY, ColorConversion.YUV2RGB_YUY2,
                    ColorConversion.YUV2RGB_YVYU}) {
                String order = code.yuv422() == ColorConversion.Yuv422.YUY2 ? "YUYV" : code.yuv422().name();
                try (Tensor rgb = CvtColor.cvtColor(src, code, null); Tensor gray = CvtColor.cvtColor(src,
                        ColorConversion.valueOf("YUV2GRAY_" + code.yuv422().name()), null)) {
                    byte[] out = new byte[h * w * 3], g = new byte[h * w];
                    rgb.copyTo(out);
                    gray.copyTo(g);
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int pair = (y * w + (x & ~1)) * 2;
                            int yy = in[pair + order.indexOf('Y') + 2 * (x & 1)] & 0xff;
                            double u = (in[pair + order.indexOf('U')] & 0xff) - 128;
                            double v = (in[pair + order.indexOf('V')] & 0xff) - 128;
                            double l = 1.164 * Math.max(0, yy - 16);
                            double[] want = {l + 1.596 * v, l - 0.391 * u - 0.813 * v, l + 2.018 * u};
                            for (int c = 0; c < 3; c++) {
                                int got = out[(y * w + x) * 3 + c] & 0xff;
                                assertTrue(Math.abs(got - Math.clamp(want[c], 0, 255)) <= 1,
                                        code + " pixel " + y + "," + x + " channel " + c + ": " + got + " vs " + want[c]);
                            }
                            assertEquals(yy, g[y * w + x] & 0xff, code + " luma");
                        }
                    }
                }
            }
        }
    }

    @Test
    void yuv422NeedsAnEvenWidth() {
        try (Tensor odd = Tensor.allocateHost(new long[] {4, 5, 2}, DataType.U8, TensorLayout.HWC)) {
            assertMessage(() -> CvtColor.cvtColor(odd, ColorConversion.YUV2RGB_UYVY, null),
                    "CvtColor YUV2RGB_UYVY: a YUV 4:2:2 src has an even width (pairs of pixels share chroma); got 5");
            assertMessage(() -> CvtColor.cvtColor(odd, ColorConversion.YUV2GRAY_YUY2, null), "got 5");
        }
    }

    private static float[] floats(Tensor t) {
        float[] a = new float[(int) t.elementCount()];
        t.copyTo(a);
        return a;
    }

    /** XYZ against IEC 61966-2-1's sRGB to XYZ (D65) matrix, YCrCb against BT.601's weights, in double. */
    @Test
    void xyzAndYCrCbFollowTheirDefinitions() {
        double[][] xyz = {{0.4124, 0.3576, 0.1805}, {0.2126, 0.7152, 0.0722}, {0.0193, 0.1192, 0.9505}};
        try (Tensor rgb = ImageTensors.randomHost(rnd, new long[] {5, 7, 3}, DataType.F32, TensorLayout.HWC);
             Tensor x = CvtColor.cvtColor(rgb, ColorConversion.RGB2XYZ, null);
             Tensor back = CvtColor.cvtColor(x, ColorConversion.XYZ2RGB, null);
             Tensor ycc = CvtColor.cvtColor(rgb, ColorConversion.RGB2YCrCb, null);
             Tensor rgb2 = CvtColor.cvtColor(ycc, ColorConversion.YCrCb2RGB, null)) {
            float[] in = floats(rgb), out = floats(x), rt = floats(back), yc = floats(ycc), rt2 = floats(rgb2);
            for (int p = 0; p < 35; p++) {
                double r = in[3 * p], g = in[3 * p + 1], b = in[3 * p + 2];
                for (int c = 0; c < 3; c++) {
                    double want = xyz[c][0] * r + xyz[c][1] * g + xyz[c][2] * b;
                    assertEquals(want, out[3 * p + c], 1e-3, "XYZ pixel " + p + " channel " + c);
                    assertEquals(in[3 * p + c], rt[3 * p + c], 1e-3, "XYZ round trip");
                    assertEquals(in[3 * p + c], rt2[3 * p + c], 1e-3, "YCrCb round trip");
                }
                double y = 0.299 * r + 0.587 * g + 0.114 * b;
                assertEquals(y, yc[3 * p], 1e-5);
                assertEquals((r - y) * 0.713 + 0.5, yc[3 * p + 1], 1e-5);
                assertEquals((b - y) * 0.564 + 0.5, yc[3 * p + 2], 1e-5);
            }
        }
    }

    /** Lab of known sRGB colours (CIE L*a*b*, D65) and the F32 round trip. */
    @Test
    void labOfKnownColours() {
        float[] colours = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0.5f, 0.5f, 0.5f, 0, 0, 0};
        double[][] want = {{53.24, 80.09, 67.20}, {87.73, -86.18, 83.18}, {32.30, 79.19, -107.86}, {100, 0, 0},
                {53.39, 0, 0}, {0, 0, 0}};
        try (Tensor rgb = Tensor.allocateHost(new long[] {1, 6, 3}, DataType.F32, TensorLayout.HWC)) {
            rgb.copyFrom(colours);
            try (Tensor lab = CvtColor.cvtColor(rgb, ColorConversion.RGB2Lab, null);
                 Tensor back = CvtColor.cvtColor(lab, ColorConversion.Lab2RGB, null)) {
                float[] l = floats(lab), b = floats(back);
                for (int p = 0; p < 6; p++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(want[p][c], l[3 * p + c], 0.02, "colour " + p + " channel " + c);
                        assertEquals(colours[3 * p + c], b[3 * p + c], 1e-4, "round trip " + p); // OpenCV's 6-digit matrices
                    }
                }
            }
        }
        try (Tensor rgb = Tensor.allocateHost(new long[] {1, 2, 3}, DataType.U8, TensorLayout.HWC)) {
            rgb.copyFrom(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255, 0, 0});
            try (Tensor lab = CvtColor.cvtColor(rgb, ColorConversion.RGB2Lab, null)) {
                byte[] l = new byte[6];
                lab.copyTo(l);
                // U8: L * 255 / 100, a + 128, b + 128
                assertArrayEquals(new int[] {255, 128, 128, 136, 208, 195},
                        new int[] {l[0] & 0xff, l[1] & 0xff, l[2] & 0xff, l[3] & 0xff, l[4] & 0xff, l[5] & 0xff});
            }
        }
    }
}

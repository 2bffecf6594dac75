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
}

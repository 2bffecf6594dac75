package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.assertClose;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CPU semantics of the copy, convert and fused operators on small random images, and the fused ops against their chains. */
class PixelOpsSemanticsTest {
    private static final long SEED = 0x5EED_A11L;

    private static Random rng(String test) {
        long seed = SEED ^ test.hashCode();
        System.out.println(test + ": seed " + seed);
        return new Random(seed);
    }

    @Test
    void reformatMovesEveryElementAndRoundTrips() {
        Random r = rng("reformat");
        for (DataType t : new DataType[] {DataType.U8, DataType.U16, DataType.F32, DataType.F64}) {
            for (int c = 1; c <= 4; c++) {
                int n = 2, h = 5, w = 7;
                try (Tensor src = randomHost(r, t, TensorLayout.NHWC, n, h, w, c);
                     Tensor p = Reformat.reformat(src, TensorLayout.NCHW, null);
                     Tensor back = Reformat.reformat(p, TensorLayout.NHWC, null)) {
                    assertArrayEquals(new long[] {n, c, h, w}, p.shape());
                    byte[] s = bytes(src), d = bytes(p);
                    for (int i = 0; i < n; i++) {
                        for (int y = 0; y < h; y++) {
                            for (int x = 0; x < w; x++) {
                                for (int ch = 0; ch < c; ch++) {
                                    int si = ((i * h + y) * w + x) * c + ch, di = ((i * c + ch) * h + y) * w + x;
                                    assertEquals(value(s, t, si), value(d, t, di), 0, t + " c=" + c);
                                }
                            }
                        }
                    }
                    assertBytesEqual(s, bytes(back), "round trip " + t + " c=" + c);
                }
            }
        }
        try (Tensor img = randomHost(r, DataType.U8, TensorLayout.HWC, 4, 6, 3);
             Tensor chw = Reformat.reformat(img, TensorLayout.CHW, null);
             Tensor hwc = Reformat.reformat(chw, TensorLayout.HWC, null)) {
            assertArrayEquals(new long[] {3, 4, 6}, chw.shape());
            assertBytesEqual(bytes(img), bytes(hwc), "HWC <-> CHW");
        }
    }

    @Test
    void centerCropUsesIntegerDivisionOfTheMargins() {
        Random r = rng("centerCrop");
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 6, 7, 3);
             Tensor c = CenterCrop.centerCrop(src, 4, 3, null);
             Tensor ref = CustomCrop.customCrop(src, 1, 1, 4, 3, null)) { // (7-4)/2 = 1, (6-3)/2 = 1
            assertArrayEquals(new long[] {2, 3, 4, 3}, c.shape());
            assertBytesEqual(bytes(ref), bytes(c), "center crop");
        }
        try (Tensor src = randomHost(r, DataType.F32, TensorLayout.CHW, 3, 9, 8);
             Tensor c = CenterCrop.centerCrop(src, 5, 4, null)) {
            byte[] s = bytes(src), d = bytes(c);
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 5; x++) { // offsets (8-5)/2 = 1, (9-4)/2 = 2
                        assertEquals(value(s, DataType.F32, (ch * 9 + y + 2) * 8 + x + 1), value(d, DataType.F32, (ch * 4 + y) * 5 + x));
                    }
                }
            }
        }
    }

    @Test
    void customCropCopiesTheRectangle() {
        Random r = rng("customCrop");
        try (Tensor src = randomHost(r, DataType.S16, TensorLayout.NHWC, 3, 8, 10, 4);
             Tensor c = CustomCrop.customCrop(src, 3, 2, 5, 6, null)) {
            byte[] s = bytes(src), d = bytes(c);
            for (int i = 0; i < 3; i++) {
                for (int y = 0; y < 6; y++) {
                    for (int x = 0; x < 5; x++) {
                        for (int ch = 0; ch < 4; ch++) {
                            assertEquals(value(s, DataType.S16, ((i * 8 + y + 2) * 10 + x + 3) * 4 + ch),
                                    value(d, DataType.S16, ((i * 6 + y) * 5 + x) * 4 + ch));
                        }
                    }
                }
            }
        }
    }

    @Test
    void channelReorderSwapsDuplicatesAndZeroFills() {
        byte[] px = {10, 20, 30, 40, 50, 60}; // 2 pixels RGB
        try (Tensor src = host(px, DataType.U8, TensorLayout.HWC, 1, 2, 3);
             Tensor bgr = ChannelReorder.channelReorder(src, new int[] {2, 1, 0}, null);
             Tensor dup = ChannelReorder.channelReorder(src, new int[] {0, 0, 0}, null);
             Tensor four = ChannelReorder.channelReorder(src, new int[] {2, 1, 0, -1}, null);
             Tensor one = ChannelReorder.channelReorder(src, new int[] {1}, null)) {
            assertArrayEquals(new byte[] {30, 20, 10, 60, 50, 40}, bytes(bgr));
            assertArrayEquals(new byte[] {10, 10, 10, 40, 40, 40}, bytes(dup));
            assertArrayEquals(new byte[] {30, 20, 10, 0, 60, 50, 40, 0}, bytes(four));
            assertArrayEquals(new byte[] {20, 50}, bytes(one));
        }
        byte[] two = {1, 2, 3, 4, 5, 6};
        try (Tensor src = host(two, DataType.U8, TensorLayout.NHWC, 2, 1, 1, 3);
             Tensor out = ChannelReorder.channelReorder(src, new int[][] {{2, 1, 0}, {0, 1, 2}}, null)) {
            assertArrayEquals(new byte[] {3, 2, 1, 4, 5, 6}, bytes(out));
        }
    }

    @Test
    void stackConcatenatesImagesAndBatches() {
        Random r = rng("stack");
        List<Tensor> parts = new ArrayList<>();
        try {
            parts.add(randomHost(r, DataType.F32, TensorLayout.HWC, 3, 5, 3));
            parts.add(randomHost(r, DataType.F32, TensorLayout.NHWC, 2, 3, 5, 3));
            parts.add(randomHost(r, DataType.F32, TensorLayout.HWC, 3, 5, 3));
            try (Tensor out = Stack.stack(parts, null)) {
                assertArrayEquals(new long[] {4, 3, 5, 3}, out.shape());
                byte[] all = new byte[0];
                for (Tensor p : parts) {
                    byte[] b = bytes(p);
                    byte[] n = java.util.Arrays.copyOf(all, all.length + b.length);
                    System.arraycopy(b, 0, n, all.length, b.length);
                    all = n;
                }
                assertBytesEqual(all, bytes(out), "stack");
            }
        } finally {
            parts.forEach(Tensor::close);
        }
    }

    @Test
    void normalizeFollowsTheFormula() {
        Random r = rng("normalize");
        float[] base = {100f, 120f, 90f};
        float[] std = {50f, 60f, 70f};
        for (DataType t : new DataType[] {DataType.U8, DataType.S16, DataType.F32}) {
            try (Tensor src = randomHost(r, t, TensorLayout.NHWC, 2, 3, 4, 3);
                 Tensor out = Normalize.normalize(src, base, std, 2f, 0.5f, 1e-3f, true, DataType.F32, null);
                 Tensor same = Normalize.normalize(src, new float[] {10f}, new float[] {0.5f}, 1f, 3f, 0f, false, null, null)) {
                byte[] s = bytes(src), o = bytes(out), q = bytes(same);
                assertEquals(t, same.dtype());
                for (int i = 0; i < 2 * 3 * 4 * 3; i++) {
                    int c = i % 3;
                    double x = value(s, t, i);
                    double expected = (x - base[c]) / Math.sqrt(std[c] * std[c] + 1e-3) * 2 + 0.5;
                    assertEquals(expected, value(o, DataType.F32, i), 1e-4 * Math.max(1, Math.abs(expected)), t + " element " + i);
                    double e2 = (x - 10) * 0.5 + 3;
                    double sat = switch (t) {
                        case U8 -> Math.clamp(Math.rint(e2), 0, 255);
                        case S16 -> Math.clamp(Math.rint(e2), -32768, 32767);
                        default -> e2;
                    };
                    assertEquals(sat, value(q, t, i), t == DataType.F32 ? 1e-3 : 0, t + " same-type element " + i);
                }
            }
        }
    }

    @Test
    void cropFlipNormalizeReformatEqualsTheChainOfSeparateOps() {
        Random r = rng("cfnr");
        int n = 3, h = 13, w = 11, cw = 6, ch = 5;
        int[][] rects = {{0, 0, cw, ch}, {5, 8, cw, ch}, {2, 3, cw, ch}};
        int[] flips = {0, 1, -1};
        float[] base = {0.485f * 255, 0.456f * 255, 0.406f * 255};
        float[] std = {0.229f * 255, 0.224f * 255, 0.225f * 255};
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, n, h, w, 3);
             Tensor fused = CropFlipNormalizeReformat.cropFlipNormalizeReformat(src, rects, flips, base, std, 1f, 0f, 0f, true,
                     true, BorderType.CONSTANT, 0f, DataType.F32, TensorLayout.NCHW, null)) {
            assertArrayEquals(new long[] {n, 3, ch, cw}, fused.shape());
            byte[] f = bytes(fused);
            int planeBytes = 3 * ch * cw * 4;
            for (int i = 0; i < n; i++) {
                try (Tensor img = src.slice(0, i, 1);
                     Tensor crop = CustomCrop.customCrop(img, rects[i][0], rects[i][1], cw, ch, null);
                     Tensor flip = Flip.flip(crop, FlipMode.fromCode(flips[i]), null);
                     Tensor swap = ChannelReorder.channelReorder(flip, new int[] {2, 1, 0}, null);
                     Tensor norm = Normalize.normalize(swap, base, std, 1f, 0f, 0f, true, DataType.F32, null);
                     Tensor planar = Reformat.reformat(norm, TensorLayout.NCHW, null)) {
                    byte[] expected = bytes(planar);
                    byte[] actual = java.util.Arrays.copyOfRange(f, i * planeBytes, (i + 1) * planeBytes);
                    assertBytesEqual(expected, actual, "image " + i);
                }
            }
        }
        // a rectangle reaching outside: the border fills it, as CopyMakeBorder would
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.HWC, h, w, 3);
             Tensor fused = CropFlipNormalizeReformat.cropFlipNormalizeReformat(src, new int[][] {{-4, 9, 8, 7}}, new int[] {5},
                     new float[] {0f}, new float[] {1f}, 1f, 0f, 0f, false, false, BorderType.REFLECT_101, 0f, DataType.F32,
                     TensorLayout.HWC, null);
             Tensor padded = CopyMakeBorder.copyMakeBorder(src, 0, 3, 4, 0, BorderType.REFLECT_101, null, null);
             Tensor crop = CustomCrop.customCrop(padded, 0, 9, 8, 7, null);
             Tensor f32 = ConvertTo.convertTo(crop, DataType.F32, 1, 0, null)) {
            assertBytesEqual(bytes(f32), bytes(fused), "border crop");
        }
    }

    /** OpenCV INTER_NEAREST resize of dense HWC U8 bytes (the chain's Resize step). */
    private static byte[] nearest(byte[] s, int h, int w, int c, int rh, int rw) {
        byte[] d = new byte[rh * rw * c];
        double ix = 1.0 / ((double) rw / w), iy = 1.0 / ((double) rh / h);
        for (int y = 0; y < rh; y++) {
            int sy = Math.min((int) Math.floor(y * iy), h - 1);
            for (int x = 0; x < rw; x++) {
                int sx = Math.min((int) Math.floor(x * ix), w - 1);
                System.arraycopy(s, (sy * w + sx) * c, d, (y * rw + x) * c, c);
            }
        }
        return d;
    }

    /** OpenCV INTER_LINEAR resize of dense HWC U8 bytes with float weights, rounded to U8. */
    private static byte[] linear(byte[] s, int h, int w, int c, int rh, int rw) {
        byte[] d = new byte[rh * rw * c];
        double sx = (double) w / rw, sy = (double) h / rh;
        for (int y = 0; y < rh; y++) {
            double fy = (y + 0.5) * sy - 0.5;
            int y0 = (int) Math.floor(fy);
            double ay = fy - y0;
            if (y0 < 0) { y0 = 0; ay = 0; }
            if (y0 >= h - 1) { y0 = h - 1; ay = 0; }
            int y1 = Math.min(y0 + 1, h - 1);
            for (int x = 0; x < rw; x++) {
                double fx = (x + 0.5) * sx - 0.5;
                int x0 = (int) Math.floor(fx);
                double ax = fx - x0;
                if (x0 < 0) { x0 = 0; ax = 0; }
                if (x0 >= w - 1) { x0 = w - 1; ax = 0; }
                int x1 = Math.min(x0 + 1, w - 1);
                for (int k = 0; k < c; k++) {
                    double v = (1 - ay) * ((1 - ax) * (s[(y0 * w + x0) * c + k] & 0xff) + ax * (s[(y0 * w + x1) * c + k] & 0xff))
                            + ay * ((1 - ax) * (s[(y1 * w + x0) * c + k] & 0xff) + ax * (s[(y1 * w + x1) * c + k] & 0xff));
                    d[(y * rw + x) * c + k] = (byte) Math.clamp(Math.rint(v), 0, 255);
                }
            }
        }
        return d;
    }

    @Test
    void resizeCropConvertReformatEqualsTheChainWithinTheStatedTolerance() {
        Random r = rng("rccr");
        int h = 19, w = 27, c = 3, rh = 12, rw = 16, cx = 3, cy = 2, cw = 10, chh = 9;
        float scale = 1 / 127.5f, offset = -1f;
        for (Interpolation interp : List.of(Interpolation.NEAREST, Interpolation.LINEAR)) {
            try (Tensor src = randomHost(r, DataType.U8, TensorLayout.HWC, h, w, c);
                 Tensor fused = ResizeCropConvertReformat.resizeCropConvertReformat(src, rw, rh, interp, cx, cy, cw, chh, scale,
                         offset, new int[] {2, 1, 0}, DataType.F32, TensorLayout.CHW, null)) {
                byte[] s = bytes(src);
                byte[] resized = interp == Interpolation.NEAREST ? nearest(s, h, w, c, rh, rw)
                        : linear(s, h, w, c, rh, rw);
                try (Tensor rs = host(resized, DataType.U8, TensorLayout.HWC, rh, rw, c);
                     Tensor crop = CustomCrop.customCrop(rs, cx, cy, cw, chh, null);
                     Tensor f = ConvertTo.convertTo(crop, DataType.F32, scale, offset, null);
                     Tensor bgr = ChannelReorder.channelReorder(f, new int[] {2, 1, 0}, null);
                     Tensor chw = Reformat.reformat(bgr, TensorLayout.CHW, null)) {
                    double tol = interp == Interpolation.NEAREST ? 0 : 1.0 * scale + 1e-6;
                    assertClose(bytes(chw), DataType.F32, bytes(fused), DataType.F32, tol, 0, interp.name());
                }
            }
        }
    }
}

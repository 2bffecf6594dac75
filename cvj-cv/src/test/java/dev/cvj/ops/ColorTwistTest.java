package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ColorTwist: the CPU path against the formula written out here (float steps in the documented order, round half to
 * even, saturation, the fourth channel kept) on random images of every type and layout, a worked example, the
 * tensor forms against the array forms, its refusals, and the GPU against the CPU bit for bit.
 */
class ColorTwistTest {
    private static final DataType[] TYPES = {DataType.U8, DataType.U16, DataType.S16, DataType.F32};

    private static float[][] randomTwists(Random r, int n, float gain, float offset) {
        float[][] m = new float[n][12];
        for (float[] k : m) {
            for (int i = 0; i < 12; i++) {
                k[i] = i % 4 == 3 ? (r.nextFloat() - 0.5f) * 2 * offset : (r.nextFloat() - 0.5f) * 2 * gain;
            }
        }
        return m;
    }

    /** Dense index of element (n, y, x, c) of a tensor of layout l with extents n? x H x W x C. */
    private static int index(TensorLayout l, int n, int y, int x, int c, int h, int w, int ch) {
        return l.labels().endsWith("C") ? ((n * h + y) * w + x) * ch + c : ((n * ch + c) * h + y) * w + x;
    }

    /** The documented formula for one output element, in float, saturated as the type's cast. */
    private static double expected(DataType t, float[] k, int r, float x0, float x1, float x2) {
        float v = k[4 * r] * x0;
        v = v + k[4 * r + 1] * x1;
        v = v + k[4 * r + 2] * x2;
        v = v + k[4 * r + 3];
        if (t == DataType.F32) {
            return v;
        }
        double lo = t == DataType.S16 ? -32768 : 0, hi = t == DataType.U8 ? 255 : t == DataType.U16 ? 65535 : 32767;
        // + 0.0: an integer element has no sign of zero (rint(-0.3) is -0.0).
        return Float.isNaN(v) ? 0 : Math.min(Math.max(Math.rint(v), lo), hi) + 0.0;
    }

    @Test
    void followsTheFormulaOnRandomImagesOfEveryTypeLayoutAndChannelCount() {
        Random r = OpGpuSupport.seeded("ColorTwist formula");
        for (DataType t : TYPES) {
            float gain = 1.5f, offset = t == DataType.U8 ? 64 : 4000;
            for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC, TensorLayout.CHW)) {
                for (int ch = 3; ch <= 4; ch++) {
                    boolean batched = l.labels().startsWith("N");
                    int n = batched ? 3 : 1, h = 5, w = 7;
                    long[] shape = switch (l.labels()) {
                        case "NHWC" -> new long[] {n, h, w, ch};
                        case "NCHW" -> new long[] {n, ch, h, w};
                        case "HWC" -> new long[] {h, w, ch};
                        default -> new long[] {ch, h, w};
                    };
                    float[][] m = randomTwists(r, r.nextBoolean() ? 1 : n, gain, offset);
                    try (Tensor src = randomHost(r, t, l, shape); Tensor out = ColorTwist.colorTwist(src, m)) {
                        byte[] in = bytes(src), got = bytes(out);
                        for (int img = 0; img < n; img++) {
                            float[] k = m[m.length == 1 ? 0 : img];
                            for (int y = 0; y < h; y++) {
                                for (int x = 0; x < w; x++) {
                                    float x0 = (float) value(in, t, index(l, img, y, x, 0, h, w, ch));
                                    float x1 = (float) value(in, t, index(l, img, y, x, 1, h, w, ch));
                                    float x2 = (float) value(in, t, index(l, img, y, x, 2, h, w, ch));
                                    for (int c = 0; c < ch; c++) {
                                        int i = index(l, img, y, x, c, h, w, ch);
                                        double e = c == 3 ? value(in, t, i) : expected(t, k, c, x0, x1, x2);
                                        assertEquals(e, value(got, t, i), t + " " + l + " " + ch + " channels, image " + img
                                                + " (" + x + ", " + y + ") channel " + c);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void roundsHalfToEvenSaturatesAndKeepsAlphaOnAWorkedExample() {
        // pixel (10, 20, 30, 77): row 0 = 0.05*10 + 0 + 0 + 2 = 2.5 -> 2 (half to even); row 1 = 20*20 = 400 -> 255;
        // row 2 = -1*30 + 0.5 = -29.5 -> 0; alpha 77 kept
        float[][] m = {{0.05f, 0, 0, 2, 0, 20, 0, 0, 0, 0, -1, 0.5f}};
        try (Tensor src = host(new byte[] {10, 20, 30, 77}, DataType.U8, TensorLayout.HWC, 1, 1, 4);
             Tensor out = ColorTwist.colorTwist(src, m)) {
            assertBytesEqual(new byte[] {2, (byte) 255, 0, 77}, bytes(out), "U8 example");
        }
        // the same on F32: no rounding, no saturation
        try (Tensor src = Tensor.allocateHost(new long[] {1, 1, 3}, DataType.F32, TensorLayout.HWC)) {
            src.copyFrom(new float[] {10, 20, 30});
            try (Tensor out = ColorTwist.colorTwist(src, m)) {
                float[] got = new float[3];
                out.copyTo(got);
                assertEquals(2.5f, got[0]);
                assertEquals(400f, got[1]);
                assertEquals(-29.5f, got[2]);
            }
        }
    }

    @Test
    void tensorFormsEqualTheArrayForms() {
        Random r = OpGpuSupport.seeded("ColorTwist tensors");
        float[][] m = randomTwists(r, 2, 1.5f, 64);
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 6, 5, 3);
             Tensor perImage = Tensor.allocateHost(new long[] {2, 3, 4}, DataType.F32, null);
             Tensor one = Tensor.allocateHost(new long[] {3, 4}, DataType.F64, null)) {
            float[] flat = new float[24];
            System.arraycopy(m[0], 0, flat, 0, 12);
            System.arraycopy(m[1], 0, flat, 12, 12);
            perImage.copyFrom(flat);
            double[] first = new double[12];
            for (int i = 0; i < 12; i++) {
                first[i] = m[0][i];
            }
            one.copyFrom(first);
            try (Tensor a = ColorTwist.colorTwist(src, m); Tensor b = ColorTwist.colorTwist(src, perImage);
                 Tensor c = ColorTwist.colorTwist(src, new float[][] {m[0]}); Tensor d = ColorTwist.colorTwist(src, one)) {
                assertBytesEqual(bytes(a), bytes(b), "[N, 3, 4] F32 tensor");
                assertBytesEqual(bytes(c), bytes(d), "[3, 4] F64 tensor");
            }
        }
    }

    @Test
    void inPlaceOnTheSameViewEqualsANewOutput() {
        Random r = OpGpuSupport.seeded("ColorTwist in place");
        float[][] m = randomTwists(r, 1, 1.5f, 64);
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.HWC, 9, 11, 4); Tensor expected = ColorTwist.colorTwist(src, m)) {
            ColorTwist.colorTwistInto(src, src, m);
            assertBytesEqual(bytes(expected), bytes(src), "in place");
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        float[][] m = {new float[12]};
        try (Tensor u8 = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor gray = Tensor.allocateHost(new long[] {4, 4, 1}, DataType.U8, TensorLayout.HWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F16, TensorLayout.HWC);
             Tensor small = Tensor.allocateHost(new long[] {2, 4, 3, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor s16 = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.S16, TensorLayout.NHWC);
             Tensor badShape = Tensor.allocateHost(new long[] {2, 3, 3}, DataType.F32, null);
             Tensor badType = Tensor.allocateHost(new long[] {3, 4}, DataType.S32, null);
             Tensor three = Tensor.allocateHost(new long[] {3, 3, 4}, DataType.F32, null);
             Tensor big = Tensor.allocateHost(new long[] {5, 4, 3}, DataType.U8, TensorLayout.HWC)) {
            rejected("ColorTwist: src has 1 channels", () -> ColorTwist.colorTwist(gray, m));
            rejected("ColorTwist: src has data type F16", () -> ColorTwist.colorTwist(f16, m));
            rejected("ColorTwist: twist is null", () -> ColorTwist.colorTwist(u8, (float[][]) null));
            rejected("ColorTwist: twist[0] has 11 values", () -> ColorTwist.colorTwist(u8, new float[][] {new float[11]}));
            rejected("ColorTwist: twist has 3 entries for 2 images", () -> ColorTwist.colorTwist(u8, new float[3][12]));
            rejected("ColorTwist: twist is a F32 tensor of shape [2, 3, 3]", () -> ColorTwist.colorTwist(u8, badShape));
            rejected("ColorTwist: twist is a S32 tensor of shape [3, 4]; an F32 or F64 tensor of shape [3, 4] or [N, 3, 4]", () -> ColorTwist.colorTwist(u8, badType));
            rejected("ColorTwist: twist has 3 entries for 2 images", () -> ColorTwist.colorTwist(u8, three));
            rejected("ColorTwist: dst has shape", () -> ColorTwist.colorTwistInto(small, u8, m));
            rejected("ColorTwist: dst has data type S16", () -> ColorTwist.colorTwistInto(s16, u8, m));
            Tensor shifted = big.slice(0, 1, 4);
            Tensor first = big.slice(0, 0, 4);
            rejected("overlaps", () -> ColorTwist.colorTwistInto(shifted, first, m));
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryTypeLayoutChannelCountAndView() {
        Random r = OpGpuSupport.seeded("ColorTwist GPU");
        for (DataType t : TYPES) {
            for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC)) {
                int ch = 3 + r.nextInt(2);
                long[] shape = switch (l.labels()) {
                    case "NHWC" -> new long[] {3, 37, 301, ch};
                    case "NCHW" -> new long[] {2, ch, 45, 129};
                    default -> new long[] {61, 67, ch};
                };
                int n = l == TensorLayout.HWC ? 1 : (int) shape[0];
                float[][] m = randomTwists(r, r.nextBoolean() ? 1 : n, 1.5f, t == DataType.U8 ? 64 : 4000);
                String what = t + " " + l + " " + ch + " channels, " + m.length + " matrices";
                try (Tensor src = randomHost(r, t, l, shape)) {
                    OpGpuSupport.sameOnGpu(what, src, x -> ColorTwist.colorTwist(x, m));
                    int wDim = l.indexOf('W');
                    OpGpuSupport.sameOnGpuView(what, src, wDim, 3, shape[wDim] - 5, x -> ColorTwist.colorTwist(x, m));
                }
            }
        }
        try (Tensor one = randomHost(r, DataType.U8, TensorLayout.HWC, 1, 1, 3)) {
            float[][] m = randomTwists(r, 1, 1.5f, 64);
            OpGpuSupport.sameOnGpu("1x1", one, x -> ColorTwist.colorTwist(x, m));
        }
    }

    @GpuTest
    @Test
    void gpuInPlaceAndTensorFormEqualCpu() {
        Random r = OpGpuSupport.seeded("ColorTwist GPU in place");
        Stream s = CurrentStream.get();
        float[][] m = randomTwists(r, 2, 1.5f, 64);
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 33, 65, 4);
             Tensor expected = ColorTwist.colorTwist(src, m);
             Tensor dev = src.toDevice(s.device(), s);
             Tensor twist = Tensor.allocateHost(new long[] {2, 3, 4}, DataType.F32, null)) {
            float[] flat = new float[24];
            System.arraycopy(m[0], 0, flat, 0, 12);
            System.arraycopy(m[1], 0, flat, 12, 12);
            twist.copyFrom(flat);
            try (Tensor viaTensor = ColorTwist.colorTwist(dev, twist, s)) {
                ColorTwist.colorTwistInto(dev, dev, m, s);
                s.synchronize();
                assertBytesEqual(bytes(expected), bytes(dev), "in place");
                assertBytesEqual(bytes(expected), bytes(viaTensor), "twist tensor");
            }
        }
    }
}

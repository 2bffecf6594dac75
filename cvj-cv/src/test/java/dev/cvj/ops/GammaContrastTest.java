package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.assertClose;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GammaContrast: the CPU path against CV-CUDA's formula ({@code saturate(pow(src / 255, gamma) * 255)} for integer
 * types, {@code clamp(pow(src, gamma), 0, 1)} for F32), written out here, on hand-computed values and random images of
 * every type and layout with gammas per image and channel; the tensor forms, its refusals, and the GPU against the CPU
 * (integers within 1, F32 within 1e-6 relative: CUDA's powf against Java's Math.pow).
 */
class GammaContrastTest {
    private static final DataType[] TYPES = {DataType.U8, DataType.U16, DataType.S16, DataType.F32};

    private static double expected(DataType t, double v, float gamma) {
        if (t == DataType.F32) {
            double p = (float) Math.pow((float) v, gamma);
            return Double.isNaN(p) ? p : Math.min(Math.max(p, 0), 1);
        }
        float r = (float) Math.pow((float) v / 255f, gamma) * 255f;
        double lo = t == DataType.S16 ? -32768 : 0, hi = t == DataType.U8 ? 255 : t == DataType.U16 ? 65535 : 32767;
        return Float.isNaN(r) ? 0 : Math.min(Math.max(Math.rint(r), lo), hi) + 0.0;
    }

    @Test
    void computesHandCheckedValues() {
        // U8: 64 / 255 = 0.25098; sqrt * 255 = 127.75 -> 128; squared * 255 = 16.06 -> 16; 255 and 0 stay
        try (Tensor u8 = host(DataType.U8, 64, 64, 255, 0);
             Tensor out = GammaContrast.gammaContrast(u8, new float[] {0.5f, 2f, 3f, 3f})) {
            byte[] got = bytes(out);
            assertEquals(List.of(128.0, 16.0, 255.0, 0.0), List.of(value(got, DataType.U8, 0), value(got, DataType.U8, 1),
                    value(got, DataType.U8, 2), value(got, DataType.U8, 3)));
        }
        // U16 (divided by 255 as CV-CUDA): 1000 with gamma 1 stays, with gamma 2 gives 3921.57 -> 3922
        try (Tensor u16 = host(DataType.U16, 1000, 1000, 0, 0);
             Tensor out = GammaContrast.gammaContrast(u16, new float[] {1f, 2f, 1f, 1f})) {
            byte[] got = bytes(out);
            assertEquals(1000.0, value(got, DataType.U16, 0));
            assertEquals(3922.0, value(got, DataType.U16, 1));
        }
        // F32: 0.25^0.5 = 0.5; 4 clamps to 1; (-0.5)^2 = 0.25; (-0.5)^0.5 is NaN
        try (Tensor f32 = host(DataType.F32, 0.25, 4, -0.5, -0.5);
             Tensor out = GammaContrast.gammaContrast(f32, new float[] {0.5f, 1f, 2f, 0.5f})) {
            byte[] got = bytes(out);
            assertEquals(0.5, value(got, DataType.F32, 0));
            assertEquals(1.0, value(got, DataType.F32, 1));
            assertEquals(0.25, value(got, DataType.F32, 2));
            assertTrue(Double.isNaN(value(got, DataType.F32, 3)));
        }
    }

    /** One HWC image of one row, a channel per value (so a gamma per channel applies each gamma to one value). */
    private static Tensor host(DataType t, double... v) {
        Tensor x = Tensor.allocateHost(new long[] {1, 1, v.length}, t, TensorLayout.HWC);
        switch (t) {
            case F32 -> {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    f[i] = (float) v[i];
                }
                x.copyFrom(f);
            }
            default -> {
                short[] s = new short[v.length];
                byte[] b = new byte[v.length];
                for (int i = 0; i < v.length; i++) {
                    s[i] = (short) v[i];
                    b[i] = (byte) v[i];
                }
                if (t == DataType.U8) {
                    x.copyFrom(b);
                } else {
                    x.copyFrom(s);
                }
            }
        }
        return x;
    }

    @Test
    void followsTheFormulaPerImageAndChannelOnEveryTypeAndLayout() {
        Random r = OpGpuSupport.seeded("GammaContrast formula");
        for (DataType t : TYPES) {
            for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC, TensorLayout.CHW)) {
                int c = 1 + r.nextInt(4), n = l.labels().startsWith("N") ? 3 : 1;
                long[] shape = switch (l.labels()) {
                    case "NHWC" -> new long[] {n, 5, 7, c};
                    case "NCHW" -> new long[] {n, c, 5, 7};
                    case "HWC" -> new long[] {6, 4, c};
                    default -> new long[] {c, 6, 5};
                };
                for (int entries : new int[] {1, n, n * c}) {
                    float[] g = gammas(r, entries);
                    try (Tensor src = input(r, t, l, shape); Tensor out = GammaContrast.gammaContrast(src, g)) {
                        byte[] in = bytes(src), got = bytes(out);
                        boolean planar = l.labels().contains("CHW");
                        long hw = shape[shape.length - (planar ? 1 : 2)] * shape[shape.length - (planar ? 2 : 3)];
                        for (int i = 0; i < src.elementCount(); i++) {
                            int img = (int) (i / (hw * c));
                            int ch = planar ? (int) (i / hw % c) : i % c;
                            float gamma = entries == 1 ? g[0] : entries == n * c ? g[img * c + ch] : g[img];
                            assertEquals(expected(t, value(in, t, i), gamma), value(got, t, i),
                                    t + " " + l + " " + entries + " gammas, element " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void tensorGammasEqualArraysAndBatchesEqualSingleImages() {
        Random r = OpGpuSupport.seeded("GammaContrast tensors");
        float[] g = {0.5f, 1.5f, 2.5f, 0.8f, 1.2f, 3f};
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 6, 5, 3);
             Tensor rows = Tensor.allocateHost(new long[] {2, 3}, DataType.F32, null);
             Tensor fromArray = GammaContrast.gammaContrast(src, g)) {
            rows.copyFrom(g);
            try (Tensor fromTensor = GammaContrast.gammaContrast(src, rows, null)) {
                assertBytesEqual(bytes(fromArray), bytes(fromTensor), "[N, C] tensor");
            }
        }
        List<Tensor> images = new ArrayList<>();
        images.add(randomHost(r, DataType.U8, TensorLayout.HWC, 5, 7, 3));
        images.add(randomHost(r, DataType.U8, TensorLayout.HWC, 9, 4, 3));
        try (ImageBatchVarShape batch = VarShapeImages.hostBatch(images);
             ImageBatchVarShape out = GammaContrast.gammaContrast(batch, g)) {
            for (int i = 0; i < 2; i++) {
                try (Tensor one = GammaContrast.gammaContrast(images.get(i), new float[] {g[3 * i], g[3 * i + 1], g[3 * i + 2]})) {
                    assertBytesEqual(bytes(one), bytes(out.image(i)), "image " + i);
                }
            }
        } finally {
            images.forEach(Tensor::close);
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F16, TensorLayout.HWC);
             Tensor s16 = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.S16, TensorLayout.NHWC);
             Tensor s32 = Tensor.allocateHost(new long[] {2}, DataType.S32, null);
             Tensor big = Tensor.allocateHost(new long[] {5, 4, 3}, DataType.U8, TensorLayout.HWC)) {
            rejected("GammaContrast: src has data type F16", () -> GammaContrast.gammaContrast(f16, new float[] {1f}));
            rejected("gamma has 4 entries for 2 images of 3 channels", () -> GammaContrast.gammaContrast(u8, new float[4]));
            rejected("gamma is null", () -> GammaContrast.gammaContrast(u8, (float[]) null));
            rejected("gamma is a S32 tensor", () -> GammaContrast.gammaContrast(u8, s32, null));
            rejected("GammaContrast: dst has data type S16", () -> GammaContrast.gammaContrastInto(s16, u8, new float[] {1f}));
            Tensor shifted = big.slice(0, 1, 4);
            Tensor first = big.slice(0, 0, 4);
            rejected("overlaps", () -> GammaContrast.gammaContrastInto(shifted, first, new float[] {2f}));
        }
    }

    @GpuTest
    @Test
    void gpuMatchesCpuForEveryTypeLayoutViewAndGammaTable() {
        Random r = OpGpuSupport.seeded("GammaContrast GPU");
        Stream s = CurrentStream.get();
        for (DataType t : TYPES) {
            for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC)) {
                int c = 1 + r.nextInt(4), n = l.labels().startsWith("N") ? 3 : 1;
                long[] shape = switch (l.labels()) {
                    case "NHWC" -> new long[] {n, 37, 301, c};
                    case "NCHW" -> new long[] {n, c, 45, 129};
                    default -> new long[] {61, 67, c};
                };
                for (int entries : new int[] {1, n * c}) { // by value, and the device table
                    float[] g = gammas(r, entries);
                    String what = t + " " + l + " " + entries + " gammas";
                    int wDim = l.indexOf('W');
                    try (Tensor src = input(r, t, l, shape); Tensor dev = src.toDevice(s.device(), s);
                         Tensor cpu = GammaContrast.gammaContrast(src, g); Tensor gpu = GammaContrast.gammaContrast(dev, g, s);
                         Tensor hv = src.slice(wDim, 3, shape[wDim] - 5); Tensor dv = dev.slice(wDim, 3, shape[wDim] - 5);
                         Tensor cpuView = GammaContrast.gammaContrast(hv, g); Tensor gpuView = GammaContrast.gammaContrast(dv, g, s)) {
                        s.synchronize();
                        assertNear(t, cpu, gpu, what);
                        assertNear(t, cpuView, gpuView, what + " view");
                        GammaContrast.gammaContrastInto(dev, dev, g, s);
                        s.synchronize();
                        assertNear(t, cpu, dev, what + " in place");
                    }
                }
            }
        }
    }

    /** GPU against CPU: integers within 1, F32 within 1e-6 relative (CUDA's powf against Java's Math.pow). */
    private static void assertNear(DataType t, Tensor cpu, Tensor gpu, String what) {
        boolean f = t == DataType.F32;
        assertClose(bytes(cpu), t, bytes(gpu), t, f ? 1e-7 : 1, f ? 1e-6 : 0, what);
    }

    /** Random elements; F32 mostly in [0, 1] (the range the formula is for), a few outside. */
    private static Tensor input(Random r, DataType t, TensorLayout l, long... shape) {
        Tensor x = randomHost(r, t, l, shape);
        if (t == DataType.F32) {
            float[] f = new float[Math.toIntExact(x.elementCount())];
            for (int i = 0; i < f.length; i++) {
                f[i] = r.nextFloat() * 1.2f - 0.1f;
            }
            x.copyFrom(f);
        }
        return x;
    }

    private static float[] gammas(Random r, int count) {
        float[] g = new float[count];
        for (int i = 0; i < count; i++) {
            g[i] = 0.2f + r.nextFloat() * 2.8f;
        }
        return g;
    }
}

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
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * BrightnessContrast: the CPU path against CV-CUDA's documented formula
 * {@code shift + brightness * (center + contrast * (src - center))} (float arithmetic, saturate_cast to the dst type),
 * written out here, on hand-computed values and random images of every type and layout; the defaults, the tensor
 * forms, its refusals, and the GPU against the CPU bit for bit.
 */
class BrightnessContrastTest {
    private static final DataType[] TYPES = {DataType.U8, DataType.U16, DataType.S16, DataType.F32};

    /** CV-CUDA's formula in float, then its SaturateCast: round half to even and clamp for integer types, NaN to 0. */
    private static double expected(DataType dst, double v, float b, float c, float s, float m) {
        float in = (float) v;
        float centered = in - m;
        float contrasted = m + c * centered;
        float r = s + b * contrasted;
        if (dst == DataType.F32) {
            return r;
        }
        if (Float.isNaN(r)) {
            return 0;
        }
        double lo = dst == DataType.S16 ? -32768 : 0, hi = dst == DataType.U8 ? 255 : dst == DataType.U16 ? 65535 : 32767;
        return Math.min(Math.max(Math.rint(r), lo), hi) + 0.0; // + 0.0: -0.0 rounds to the integer 0
    }

    @Test
    void computesHandCheckedValuesWithRoundingAndSaturation() {
        // 100 -> 10 + 2 * (128 + 0.5 * (100 - 128)) = 238; 5 * 0.5 = 2.5 -> 2 and 7 * 0.5 = 3.5 -> 4 (half to even);
        // 200 * 3 = 600 -> 255; 10 - 100 -> 0
        byte[] in = {100, 5, 7, (byte) 200, 10};
        float[][] params = {{2f, 0.5f, 10f, 128f}, {1f, 0.5f, 0f, 0f}, {1f, 0.5f, 0f, 0f}, {3f, 1f, 0f, 0f}, {1f, 1f, -100f, 0f}};
        int[] want = {238, 2, 4, 255, 0};
        for (int i = 0; i < in.length; i++) {
            float[] p = params[i];
            try (Tensor src = host(new byte[] {in[i]}, DataType.U8, TensorLayout.HWC, 1, 1, 1);
                 Tensor out = BrightnessContrast.brightnessContrast(src, new float[] {p[0]}, new float[] {p[1]},
                         new float[] {p[2]}, new float[] {p[3]})) {
                assertEquals(want[i], value(bytes(out), DataType.U8, 0), "case " + i);
            }
        }
    }

    @Test
    void defaultsAreNeutralAndTheCenterIsTheMiddleOfTheRange() {
        Random r = OpGpuSupport.seeded("BrightnessContrast defaults");
        double[] centers = {128, 32768, 16384, 0.5};
        for (int k = 0; k < TYPES.length; k++) {
            DataType t = TYPES[k];
            try (Tensor src = randomHost(r, t, TensorLayout.NHWC, 2, 3, 5, 3);
                 Tensor same = BrightnessContrast.brightnessContrast(src, null, null, null, null);
                 Tensor flat = BrightnessContrast.brightnessContrast(src, null, new float[] {0f}, null, null)) {
                if (t != DataType.F32) { // float: center + (v - center) may round
                    assertBytesEqual(bytes(src), bytes(same), t + " defaults");
                }
                byte[] got = bytes(flat);
                for (int i = 0; i < src.elementCount(); i++) {
                    assertEquals(centers[k], value(got, t, i), t + " contrast 0 element " + i);
                }
            }
        }
    }

    @Test
    void followsTheFormulaPerImageOnRandomImagesOfEveryTypeAndLayout() {
        Random r = OpGpuSupport.seeded("BrightnessContrast formula");
        for (DataType t : TYPES) {
            for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC, TensorLayout.CHW)) {
                long[] shape = switch (l.labels()) {
                    case "NHWC" -> new long[] {3, 5, 7, 1 + r.nextInt(4)};
                    case "NCHW" -> new long[] {3, 1 + r.nextInt(4), 5, 7};
                    case "HWC" -> new long[] {6, 4, 3};
                    default -> new long[] {4, 6, 5};
                };
                int n = l.labels().startsWith("N") ? 3 : 1;
                float[] b = values(r, n, 0.25f, 1.5f), c = values(r, n, 0f, 2f), s = values(r, 1, -30f, 60f);
                float[] m = values(r, n, 0f, t == DataType.F32 ? 1f : 255f);
                try (Tensor src = randomHost(r, t, l, shape);
                     Tensor out = BrightnessContrast.brightnessContrast(src, b, c, s, m)) {
                    byte[] in = bytes(src), got = bytes(out);
                    long perImage = src.elementCount() / n;
                    for (int i = 0; i < src.elementCount(); i++) {
                        int img = (int) (i / perImage);
                        double e = expected(t, value(in, t, i), b[img], c[img], s[0], m[img]);
                        assertEquals(e, value(got, t, i), t + " " + l + " element " + i + " of image " + img);
                    }
                }
            }
        }
    }

    @Test
    void writesAnotherDstTypeWithItsSaturation() {
        Random r = OpGpuSupport.seeded("BrightnessContrast dst types");
        for (DataType st : TYPES) {
            for (DataType dt : TYPES) {
                float[] b = {1.7f}, c = {1.3f}, s = {-20f}, m = {100f};
                try (Tensor src = randomHost(r, st, TensorLayout.NHWC, 2, 4, 5, 3);
                     Tensor dst = Tensor.allocateHost(src.shape(), dt, TensorLayout.NHWC)) {
                    BrightnessContrast.brightnessContrastInto(dst, src, b, c, s, m);
                    byte[] in = bytes(src), got = bytes(dst);
                    for (int i = 0; i < src.elementCount(); i++) {
                        assertEquals(expected(dt, value(in, st, i), b[0], c[0], s[0], m[0]), value(got, dt, i),
                                st + " to " + dt + " element " + i);
                    }
                }
            }
        }
    }

    @Test
    void tensorParametersEqualArrays() {
        Random r = OpGpuSupport.seeded("BrightnessContrast tensors");
        float[] b = {1.1f, 0.9f}, c = {1.4f}, s = {3f, -7f}, m = {90f};
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 6, 5, 3);
             Tensor bt = f32(b); Tensor ct = f32(c); Tensor st = f32(s); Tensor mt = f32(m);
             Tensor fromArrays = BrightnessContrast.brightnessContrast(src, b, c, s, m);
             Tensor fromTensors = BrightnessContrast.brightnessContrast(src, bt, ct, st, mt, null);
             Tensor defaults = BrightnessContrast.brightnessContrast(src, bt, null, st, null, null);
             Tensor defaultArrays = BrightnessContrast.brightnessContrast(src, b, null, s, null)) {
            assertBytesEqual(bytes(fromArrays), bytes(fromTensors), "tensors");
            assertBytesEqual(bytes(defaultArrays), bytes(defaults), "null tensors");
        }
    }

    @Test
    void batchTensorFormsEqualTheSingleImageCalls() {
        Random r = OpGpuSupport.seeded("BrightnessContrast varshape tensors");
        List<Tensor> images = new ArrayList<>();
        images.add(randomHost(r, DataType.U8, TensorLayout.HWC, 5, 7, 3));
        images.add(randomHost(r, DataType.U8, TensorLayout.HWC, 9, 4, 3));
        float[] b = {1.2f, 0.8f}, c = {1.5f, 0.7f};
        try (ImageBatchVarShape batch = VarShapeImages.hostBatch(images); Tensor bt = f32(b); Tensor ct = f32(c);
             ImageBatchVarShape out = BrightnessContrast.brightnessContrast(batch, bt, ct, null, null, null)) {
            for (int i = 0; i < 2; i++) {
                try (Tensor one = BrightnessContrast.brightnessContrast(images.get(i), new float[] {b[i]},
                        new float[] {c[i]}, null, null)) {
                    assertBytesEqual(bytes(one), bytes(out.image(i)), "image " + i);
                }
            }
        } finally {
            images.forEach(Tensor::close);
        }
    }

    @Test
    void inPlaceOnTheSameViewEqualsANewOutput() {
        Random r = OpGpuSupport.seeded("BrightnessContrast in place");
        float[] b = {1.3f}, c = {0.6f};
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.HWC, 9, 11, 3);
             Tensor expected = BrightnessContrast.brightnessContrast(src, b, c, null, null)) {
            BrightnessContrast.brightnessContrastInto(src, src, b, c, null, null);
            assertBytesEqual(bytes(expected), bytes(src), "in place");
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F16, TensorLayout.HWC);
             Tensor small = Tensor.allocateHost(new long[] {2, 4, 3, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor s32 = Tensor.allocateHost(new long[] {2}, DataType.S32, null);
             Tensor big = Tensor.allocateHost(new long[] {5, 4, 3}, DataType.U8, TensorLayout.HWC)) {
            rejected("BrightnessContrast: src has data type F16",
                    () -> BrightnessContrast.brightnessContrast(f16, null, null, null, null));
            rejected("brightness has 3 entries for 2 images",
                    () -> BrightnessContrast.brightnessContrast(u8, new float[3], null, null, null));
            rejected("contrastCenter has 0 entries",
                    () -> BrightnessContrast.brightnessContrast(u8, null, null, null, new float[0]));
            rejected("contrast is a S32 tensor",
                    () -> BrightnessContrast.brightnessContrast(u8, null, s32, null, null, null));
            rejected("BrightnessContrast: dst has shape",
                    () -> BrightnessContrast.brightnessContrastInto(small, u8, null, null, null, null));
            Tensor shifted = big.slice(0, 1, 4);
            Tensor first = big.slice(0, 0, 4);
            rejected("overlaps", () -> BrightnessContrast.brightnessContrastInto(shifted, first, null, null, null, null));
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryTypeLayoutViewAndParameterTable() {
        Random r = OpGpuSupport.seeded("BrightnessContrast GPU");
        for (DataType t : TYPES) {
            for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC)) {
                long[] shape = switch (l.labels()) {
                    case "NHWC" -> new long[] {3, 37, 301, 1 + r.nextInt(4)};
                    case "NCHW" -> new long[] {3, 2, 45, 129};
                    default -> new long[] {61, 67, 3};
                };
                int n = l.labels().startsWith("N") ? 3 : 1;
                float top = t == DataType.F32 ? 1f : 255f;
                // one value for all (by value) and one per image (the device table)
                for (int perImage : new int[] {1, n}) {
                    float[] b = values(r, perImage, 0.25f, 1.5f), c = values(r, perImage, 0f, 2f);
                    float[] s = values(r, perImage, -30f, 60f), m = values(r, perImage, 0f, top);
                    String what = t + " " + l + " " + perImage + " value(s) per parameter";
                    try (Tensor src = randomHost(r, t, l, shape)) {
                        OpGpuSupport.sameOnGpu(what, src, x -> BrightnessContrast.brightnessContrast(x, b, c, s, m));
                        int wDim = l.indexOf('W');
                        OpGpuSupport.sameOnGpuView(what, src, wDim, 3, shape[wDim] - 5,
                                x -> BrightnessContrast.brightnessContrast(x, b, c, s, m));
                    }
                }
            }
        }
    }

    @GpuTest
    @Test
    void gpuOtherDstTypesAndInPlaceEqualCpu() {
        Random r = OpGpuSupport.seeded("BrightnessContrast GPU dst types");
        Stream s = CurrentStream.get();
        float[] b = {1.7f, 0.4f}, c = {1.3f, 2f}, sh = {-20f}, m = {100f, 0.5f};
        for (DataType st : TYPES) {
            for (DataType dt : TYPES) {
                String what = st + " to " + dt;
                try (Tensor src = randomHost(r, st, TensorLayout.NHWC, 2, 33, 65, 3);
                     Tensor dev = src.toDevice(s.device(), s);
                     Tensor cpu = Tensor.allocateHost(src.shape(), dt, TensorLayout.NHWC);
                     Tensor gpu = Tensor.allocate(src.shape(), dt, TensorLayout.NHWC, s)) {
                    BrightnessContrast.brightnessContrastInto(cpu, src, b, c, sh, m);
                    BrightnessContrast.brightnessContrastInto(gpu, dev, b, c, sh, m, s);
                    s.synchronize();
                    assertBytesEqual(bytes(cpu), bytes(gpu), what);
                    if (st == dt) {
                        BrightnessContrast.brightnessContrastInto(dev, dev, b, c, sh, m, s);
                        s.synchronize();
                        assertBytesEqual(bytes(cpu), bytes(dev), what + " in place");
                    }
                }
            }
        }
    }

    private static float[] values(Random r, int count, float low, float range) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = low + r.nextFloat() * range;
        }
        return v;
    }

    private static Tensor f32(float[] v) {
        Tensor t = Tensor.allocateHost(new long[] {v.length}, DataType.F32, null);
        t.copyFrom(v);
        return t;
    }
}

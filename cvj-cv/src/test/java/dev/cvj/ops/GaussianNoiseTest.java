package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.ops.internal.CounterRandom;
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
 * GaussianNoise: the CPU path against the documented formula written out here (Philox draws, Box-Muller in double,
 * {@code src + fma(z, sigma, mu)} saturated, F32 clamped to [0, 1]), the noise's mean and sigma measured, per pixel
 * against per channel, the tensor form, refusals; the GPU against the CPU within the stated tolerance (integers 1,
 * F32 1e-6; the rare normal rounded apart by a float ulp).
 */
class GaussianNoiseTest {
    private static final DataType[] TYPES = {DataType.U8, DataType.U16, DataType.S16, DataType.F32};

    /** The documented normal of element (x, y, c) of image n. */
    private static float z(long seed, int n, int x, int y, int c) {
        long key = seed + n;
        int[] w = CounterRandom.philox(x, y, c, 0x4E4F4953, (int) key, (int) (key >>> 32));
        double u1 = ((w[0] & 0xFFFFFFFFL) + 1.0) / 4294967296.0, u2 = (w[1] & 0xFFFFFFFFL) / 4294967296.0;
        return (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    }

    private static double expected(DataType t, double src, float z, float mu, float sigma) {
        float r = (float) src + Math.fma(z, sigma, mu);
        if (t == DataType.F32) {
            return Math.min(Math.max(r, 0f), 1f);
        }
        double lo = t == DataType.S16 ? -32768 : 0, hi = t == DataType.U8 ? 255 : t == DataType.U16 ? 65535 : 32767;
        return Math.min(Math.max(Math.rint(r), lo), hi);
    }

    @Test
    void everyElementFollowsTheFormula() {
        Random r = OpGpuSupport.seeded("GaussianNoise CPU");
        for (DataType t : TYPES) {
            for (boolean perChannel : new boolean[] {false, true}) {
                long[] shape = {3, 9, 13, 3};
                float[] mu = {t == DataType.F32 ? 0.01f : 3f, -2f, 0f};
                float[] sigma = {t == DataType.F32 ? 0.2f : 40f, 7f, 1000f};
                long seed = r.nextLong();
                try (Tensor src = randomHost(r, t, TensorLayout.NHWC, shape);
                     Tensor out = GaussianNoise.gaussianNoise(src, mu, sigma, perChannel, seed)) {
                    byte[] in = bytes(src), got = bytes(out);
                    int i = 0;
                    for (int n = 0; n < 3; n++) {
                        for (int y = 0; y < 9; y++) {
                            for (int x = 0; x < 13; x++) {
                                for (int c = 0; c < 3; c++, i++) {
                                    float zz = z(seed, n, x, y, perChannel ? c : 0);
                                    double want = expected(t, value(in, t, i), zz, mu[n], sigma[n]);
                                    assertEquals(want, value(got, t, i), 0.0, t + " " + perChannel + " element " + i);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void noiseHasTheGivenMeanAndSigmaAndPerPixelSharesItsDraw() {
        long[] shape = {2, 200, 300, 3};
        try (Tensor src = Tensor.allocateHost(shape, DataType.F32, TensorLayout.NHWC)) {
            src.copyFrom(filled(2 * 200 * 300 * 3, 0.5f));
            for (boolean perChannel : new boolean[] {false, true}) {
                try (Tensor out = GaussianNoise.gaussianNoise(src, new float[] {0.02f, -0.03f}, new float[] {0.05f, 0.1f},
                        perChannel, 12345L)) {
                    byte[] b = bytes(out);
                    int per = 200 * 300 * 3;
                    double[][] want = {{0.02, 0.05}, {-0.03, 0.1}};
                    for (int n = 0; n < 2; n++) {
                        double sum = 0, sq = 0, within = 0;
                        for (int i = n * per; i < (n + 1) * per; i++) {
                            double d = value(b, DataType.F32, i) - 0.5;
                            sum += d;
                            sq += d * d;
                            within += Math.abs(d - want[n][0]) <= want[n][1] ? 1 : 0;
                        }
                        double mean = sum / per, sd = Math.sqrt(sq / per - mean * mean);
                        // 180000 draws (60000 independent per pixel): 6 standard errors
                        assertEquals(want[n][0], mean, 6 * want[n][1] / Math.sqrt(60000), "mean of image " + n);
                        assertEquals(want[n][1], sd, 0.02 * want[n][1], "sigma of image " + n);
                        assertEquals(0.6827, within / per, 0.01, "share within one sigma, image " + n);
                    }
                    boolean shared = true;
                    for (int p = 0; p < b.length / 12; p++) {
                        double v0 = value(b, DataType.F32, 3 * p);
                        shared &= v0 == value(b, DataType.F32, 3 * p + 1) && v0 == value(b, DataType.F32, 3 * p + 2);
                    }
                    assertEquals(!perChannel, shared, "channels of a pixel share a draw exactly when not per channel");
                }
            }
        }
    }

    @Test
    void tensorParametersVarShapeAndInPlace() {
        Random r = OpGpuSupport.seeded("GaussianNoise forms");
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 7, 9, 3);
             Tensor mu = f32(1f, -4f); Tensor sigma = f32(12f);
             Tensor want = GaussianNoise.gaussianNoise(src, new float[] {1f, -4f}, new float[] {12f}, true, 99L);
             Tensor got = GaussianNoise.gaussianNoise(src, mu, sigma, true, 99L, null)) {
            assertBytesEqual(bytes(want), bytes(got), "tensor form");
            List<Tensor> images = new ArrayList<>();
            try (VarShapeImages v = new VarShapeImages()) {
                for (int i = 0; i < 3; i++) {
                    images.add(v.hostImage(r, VarShapeImages.randomSize(r, 20, 20), 3, DataType.U8));
                }
                try (ImageBatchVarShape b = VarShapeImages.hostBatch(images);
                     ImageBatchVarShape out = GaussianNoise.gaussianNoise(b, new float[] {5f}, new float[] {9f}, false, 7L)) {
                    for (int i = 0; i < 3; i++) {
                        try (Tensor one = GaussianNoise.gaussianNoise(images.get(i), new float[] {5f}, new float[] {9f}, false,
                                7L + i)) {
                            assertBytesEqual(bytes(one), bytes(out.image(i)), "batch image " + i + " = seed + " + i);
                        }
                    }
                }
            }
            GaussianNoise.gaussianNoiseInto(src, src, new float[] {1f, -4f}, new float[] {12f}, true, 99L);
            assertBytesEqual(bytes(want), bytes(src), "in place");
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F16, TensorLayout.HWC);
             Tensor s32 = Tensor.allocateHost(new long[] {2}, DataType.S32, null);
             Tensor other = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.U16, TensorLayout.NHWC)) {
            float[] one = {1f};
            rejected("GaussianNoise: src has data type F16", () -> GaussianNoise.gaussianNoise(f16, one, one, false, 0L));
            rejected("GaussianNoise: mu has 3 entries for 2 images",
                    () -> GaussianNoise.gaussianNoise(u8, new float[3], one, false, 0L));
            rejected("GaussianNoise: sigma is null", () -> GaussianNoise.gaussianNoise(u8, one, (float[]) null, false, 0L));
            rejected("GaussianNoise: mu is a S32 tensor", () -> GaussianNoise.gaussianNoise(u8, s32, s32, false, 0L, null));
            rejected("GaussianNoise: dst has data type U16",
                    () -> GaussianNoise.gaussianNoiseInto(other, u8, one, one, false, 0L));
            rejected("overlaps", () -> GaussianNoise.gaussianNoiseInto(u8.slice(2, 1, 3), u8.slice(2, 0, 3), one, one,
                    false, 0L));
        }
    }

    @GpuTest
    @Test
    void gpuMatchesCpuWithinTheStatedTolerance() {
        Random r = OpGpuSupport.seeded("GaussianNoise GPU");
        Stream s = CurrentStream.get();
        for (DataType t : TYPES) {
            for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC)) {
                long[][] shapes = switch (l.labels()) {
                    case "NHWC" -> new long[][] {{3, 37, 301, 1 + r.nextInt(4)}, {1, 1, 1, 3}};
                    case "NCHW" -> new long[][] {{2, 3, 45, 129}};
                    default -> new long[][] {{61, 67, 3}, {1, 1, 1}};
                };
                for (long[] shape : shapes) {
                    int n = l.labels().startsWith("N") ? (int) shape[0] : 1;
                    for (boolean perChannel : new boolean[] {false, true}) {
                        for (int entries : new int[] {1, n}) {
                            float[] mu = new float[entries], sigma = new float[entries];
                            for (int i = 0; i < entries; i++) {
                                mu[i] = t == DataType.F32 ? r.nextFloat() * 0.2f - 0.1f : r.nextFloat() * 20 - 10;
                                sigma[i] = t == DataType.F32 ? r.nextFloat() * 0.3f : r.nextFloat() * 50;
                            }
                            long seed = r.nextLong();
                            String what = t + " " + l + " " + java.util.Arrays.toString(shape) + " perChannel " + perChannel;
                            try (Tensor src = randomHost(r, t, l, shape); Tensor dev = src.toDevice(s.device(), s);
                                 Tensor cpu = GaussianNoise.gaussianNoise(src, mu, sigma, perChannel, seed);
                                 Tensor gpu = GaussianNoise.gaussianNoise(dev, mu, sigma, perChannel, seed, s)) {
                                s.synchronize();
                                close(bytes(cpu), bytes(gpu), t, what);
                                int wDim = l.indexOf('W');
                                if (shape[wDim] > 4) {
                                    try (Tensor hv = GaussianNoise.gaussianNoise(src.slice(wDim, 2, shape[wDim] - 3), mu, sigma,
                                            perChannel, seed);
                                         Tensor dv = GaussianNoise.gaussianNoise(dev.slice(wDim, 2, shape[wDim] - 3), mu, sigma,
                                                 perChannel, seed, s)) {
                                        s.synchronize();
                                        close(bytes(hv), bytes(dv), t, what + " view");
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @GpuTest
    @Test
    void gpuVarShapeMatchesCpu() {
        Random r = OpGpuSupport.seeded("GaussianNoise GPU varshape");
        Stream s = CurrentStream.get();
        for (int count : new int[] {1, 7, 64}) {
            List<Tensor> host = new ArrayList<>();
            try (VarShapeImages v = new VarShapeImages()) {
                for (int i = 0; i < count; i++) {
                    host.add(v.hostImage(r, VarShapeImages.randomSize(r, 300, 200), 3, DataType.U8));
                }
                float[] mu = new float[count], sigma = new float[count];
                for (int i = 0; i < count; i++) {
                    mu[i] = r.nextFloat() * 10;
                    sigma[i] = r.nextFloat() * 40;
                }
                try (ImageBatchVarShape hb = VarShapeImages.hostBatch(host);
                     ImageBatchVarShape db = v.deviceBatch(r, host, s.device());
                     ImageBatchVarShape cpu = GaussianNoise.gaussianNoise(hb, mu, sigma, true, 31L);
                     ImageBatchVarShape gpu = GaussianNoise.gaussianNoise(db, mu, sigma, true, 31L, s)) {
                    s.synchronize();
                    for (int i = 0; i < count; i++) {
                        close(bytes(cpu.image(i)), bytes(gpu.image(i)), DataType.U8, count + " images, image " + i);
                    }
                }
            }
        }
    }

    /** Integers within 1, F32 within 1e-6, and at most 1 element in 10^4 apart at all. */
    private static void close(byte[] cpu, byte[] gpu, DataType t, String what) {
        int count = cpu.length / t.byteSize(), apart = 0;
        for (int i = 0; i < count; i++) {
            double a = value(cpu, t, i), b = value(gpu, t, i);
            if (a != b) {
                apart++;
                assertTrue(Math.abs(a - b) <= (t == DataType.F32 ? 1e-6 : 1), what + " element " + i + ": " + a + " vs " + b);
            }
        }
        assertTrue(apart <= 1 + count / 10000, what + ": " + apart + " of " + count + " elements apart");
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static Tensor f32(float... v) {
        Tensor t = Tensor.allocateHost(new long[] {v.length}, DataType.F32, null);
        t.copyFrom(v);
        return t;
    }
}

package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.manifest;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.resource;
import static dev.cvj.ops.OpTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.ops.OpTestSupport.Case;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Threshold: the CPU path against OpenCV 4.6 (goldens from src/test/golden/gen_pixel_ops.py, every rule, data type
 * and the edge levels: thresholds below and above the type's range, maxval rounding and saturation, S16's TRUNC
 * quirk), against the rule written out here on random images, its refusals, and the GPU against the CPU bit for bit.
 */
class ThresholdTest {
    private static final DataType[] TYPES = {DataType.U8, DataType.U16, DataType.S16, DataType.F32};

    @Test
    void matchesOpenCvForEveryRuleTypeAndEdgeLevel() {
        List<Case> cases = manifest("threshold");
        assertEquals(300, cases.size());
        for (Case c : cases) {
            DataType t = c.type("dtype");
            try (Tensor src = host(resource("threshold", c.name() + ".in"), t, TensorLayout.HWC, c.i("h"), c.i("w"), c.i("c"));
                 Tensor out = Threshold.threshold(src, c.d("thresh"), c.d("maxval"), Threshold.Type.valueOf(c.s("type")))) {
                assertBytesEqual(resource("threshold", c.name() + ".out"), bytes(out), c.name() + " " + c.p());
            }
        }
    }

    /** OpenCV's rule for one element, in double: integer types against floor(thresh), F32 in float. */
    private static double expected(DataType t, Threshold.Type type, double v, double thresh, double maxval) {
        if (t == DataType.F32) {
            float f = (float) v, th = (float) thresh, mx = (float) maxval;
            boolean above = f > th;
            return switch (type) {
                case BINARY -> above ? mx : 0;
                case BINARY_INV -> above ? 0 : mx;
                case TRUNC -> above ? th : f;
                case TOZERO -> above ? f : 0;
                case TOZERO_INV -> above ? 0 : f;
            };
        }
        double lo = t == DataType.S16 ? -32768 : 0, hi = t == DataType.U8 ? 255 : t == DataType.U16 ? 65535 : 32767;
        double floor = Math.floor(thresh);
        double high = Math.min(Math.max(Math.rint(maxval), lo), hi);
        boolean above = v > floor;
        return switch (type) {
            case BINARY -> above ? high : 0;
            case BINARY_INV -> above ? 0 : high;
            case TRUNC -> above ? (floor < lo && t == DataType.S16 ? 0 : Math.min(Math.max(floor, lo), hi)) : v;
            case TOZERO -> above ? v : 0;
            case TOZERO_INV -> above ? 0 : v;
        };
    }

    @Test
    void followsTheRuleOnRandomImagesOfEveryLayout() {
        Random r = OpGpuSupport.seeded("Threshold rule");
        double[] levels = {-70000, -40000, -1, 0, 0.5, 99.99, 254.5, 255, 1000.5, 32767, 65535, 70000};
        for (DataType t : TYPES) {
            for (Threshold.Type type : Threshold.Type.values()) {
                double thresh = levels[r.nextInt(levels.length)], maxval = levels[r.nextInt(levels.length)];
                TensorLayout l = r.nextBoolean() ? TensorLayout.NHWC : TensorLayout.NCHW;
                long[] shape = l == TensorLayout.NHWC ? new long[] {2, 5, 7, 3} : new long[] {2, 3, 5, 7};
                try (Tensor src = randomHost(r, t, l, shape); Tensor out = Threshold.threshold(src, thresh, maxval, type)) {
                    byte[] in = bytes(src), got = bytes(out);
                    for (int i = 0; i < src.elementCount(); i++) {
                        double e = expected(t, type, value(in, t, i), thresh, maxval);
                        assertEquals(e, value(got, t, i), t + " " + type + " thresh " + thresh + " maxval " + maxval
                                + " element " + i + " = " + value(in, t, i));
                    }
                }
            }
        }
    }

    @Test
    void inPlaceOnTheSameViewEqualsANewOutput() {
        Random r = OpGpuSupport.seeded("Threshold in place");
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.HWC, 9, 11, 3);
             Tensor expected = Threshold.threshold(src, 100, 255, Threshold.Type.TOZERO)) {
            Threshold.thresholdInto(src, src, 100, 255, Threshold.Type.TOZERO);
            assertBytesEqual(bytes(expected), bytes(src), "in place");
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F16, TensorLayout.HWC);
             Tensor small = Tensor.allocateHost(new long[] {4, 3, 3}, DataType.U8, TensorLayout.HWC);
             Tensor s16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.S16, TensorLayout.HWC);
             Tensor big = Tensor.allocateHost(new long[] {5, 4, 3}, DataType.U8, TensorLayout.HWC)) {
            rejected("Threshold: src has data type F16", () -> Threshold.threshold(f16, 1, 2, Threshold.Type.BINARY));
            rejected("NaN", () -> Threshold.threshold(u8, Double.NaN, 2, Threshold.Type.BINARY));
            rejected("NaN", () -> Threshold.threshold(u8, 1, Double.NaN, Threshold.Type.BINARY));
            rejected("Threshold: type is null", () -> Threshold.threshold(u8, 1, 2, null));
            rejected("Threshold: dst has shape", () -> Threshold.thresholdInto(small, u8, 1, 2, Threshold.Type.BINARY));
            rejected("Threshold: dst has data type S16", () -> Threshold.thresholdInto(s16, u8, 1, 2, Threshold.Type.BINARY));
            Tensor shifted = big.slice(0, 1, 4);
            Tensor first = big.slice(0, 0, 4);
            rejected("overlaps", () -> Threshold.thresholdInto(shifted, first, 1, 2, Threshold.Type.BINARY));
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryRuleTypeLayoutAndView() {
        Random r = OpGpuSupport.seeded("Threshold GPU");
        double[] levels = {-40000, -1, 0, 0.5, 99.99, 254.5, 1000.5, 32767, 70000};
        for (DataType t : TYPES) {
            for (Threshold.Type type : Threshold.Type.values()) {
                double thresh = levels[r.nextInt(levels.length)], maxval = levels[r.nextInt(levels.length)];
                for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC)) {
                    long[] shape = switch (l.labels()) {
                        case "NHWC" -> new long[] {3, 37, 301, 1 + r.nextInt(4)};
                        case "NCHW" -> new long[] {2, 3, 45, 129};
                        default -> new long[] {61, 67, 3};
                    };
                    String what = t + " " + type + " " + l + " thresh " + thresh + " maxval " + maxval;
                    try (Tensor src = randomHost(r, t, l, shape)) {
                        OpGpuSupport.sameOnGpu(what, src, x -> Threshold.threshold(x, thresh, maxval, type));
                        int wDim = l.indexOf('W');
                        OpGpuSupport.sameOnGpuView(what, src, wDim, 3, shape[wDim] - 5,
                                x -> Threshold.threshold(x, thresh, maxval, type));
                    }
                }
            }
        }
    }

    @GpuTest
    @Test
    void gpuContiguousTensorsEqualCpu() {
        // contiguous, 16-byte multiples: the kernel that reads 16 bytes per thread (in place too)
        Random r = OpGpuSupport.seeded("Threshold GPU contiguous");
        Stream s = CurrentStream.get();
        for (DataType t : TYPES) {
            for (Threshold.Type type : Threshold.Type.values()) {
                double thresh = r.nextInt(200) + 0.5, maxval = 250;
                String what = t + " " + type + " contiguous";
                try (Tensor src = randomHost(r, t, TensorLayout.NHWC, 2, 32, 64, 3)) {
                    OpGpuSupport.sameOnGpu(what, src, x -> Threshold.threshold(x, thresh, maxval, type));
                    try (Tensor dev = src.toDevice(s.device(), s);
                         Tensor expected = Threshold.threshold(src, thresh, maxval, type)) {
                        Threshold.thresholdInto(dev, dev, thresh, maxval, type, s);
                        s.synchronize();
                        assertBytesEqual(bytes(expected), bytes(dev), what + " in place");
                    }
                }
            }
        }
    }

    @GpuTest
    @Test
    void gpuInPlaceEqualsCpu() {
        Random r = OpGpuSupport.seeded("Threshold GPU in place");
        Stream s = CurrentStream.get();
        try (Tensor src = randomHost(r, DataType.F32, TensorLayout.NHWC, 2, 33, 65, 3);
             Tensor dev = src.toDevice(s.device(), s);
             Tensor expected = Threshold.threshold(src, 10.5, 99, Threshold.Type.TRUNC)) {
            Threshold.thresholdInto(dev, dev, 10.5, 99, Threshold.Type.TRUNC, s);
            s.synchronize();
            assertBytesEqual(bytes(expected), bytes(dev), "GPU in place");
        }
    }
    @Test
    void automaticLevelsMatchOpenCvOtsuAndTriangle() {
        List<Case> cases = manifest("threshold_auto");
        assertEquals(GoldenFiles.expectedCases("threshold_auto"), cases.size());
        for (Case c : cases) {
            try (Tensor src = host(resource("threshold_auto", c.name() + ".in"), DataType.U8, TensorLayout.HWC, c.i("h"), c.i("w"), 1);
                 Tensor out = Tensor.allocateHost(src.shape(), DataType.U8, TensorLayout.HWC);
                 Tensor level = Tensor.allocateHost(new long[] {1}, DataType.S32, null)) {
                Threshold.thresholdAutoInto(out, level, src, Threshold.Auto.valueOf(c.s("method")), c.d("maxval"),
                        Threshold.Type.valueOf(c.s("type")));
                String what = c.name() + " " + c.p();
                assertEquals(c.i("level"), level.hostSegment().get(ValueLayout.JAVA_INT_UNALIGNED, 0), what + " level");
                assertBytesEqual(resource("threshold_auto", c.name() + ".out"), bytes(out), what);
                try (Tensor alloc = Threshold.thresholdAuto(src, Threshold.Auto.valueOf(c.s("method")), c.d("maxval"),
                        Threshold.Type.valueOf(c.s("type")))) {
                    assertBytesEqual(bytes(out), bytes(alloc), what + " allocating form");
                }
            }
        }
    }

    @Test
    void automaticLevelsArePerImageAndApplyTheFixedRule() {
        Random r = OpGpuSupport.seeded("Threshold auto per image");
        for (Threshold.Auto m : Threshold.Auto.values()) {
            for (Threshold.Type type : Threshold.Type.values()) {
                try (Tensor src = skewedHost(r, 3, 13, 17);
                     Tensor out = Tensor.allocateHost(src.shape(), DataType.U8, TensorLayout.NHWC);
                     Tensor levels = Tensor.allocateHost(new long[] {3}, DataType.S32, null)) {
                    Threshold.thresholdAutoInto(out, levels, src, m, 200, type);
                    for (int i = 0; i < 3; i++) {
                        int level = levels.hostSegment().get(ValueLayout.JAVA_INT_UNALIGNED, 4L * i);
                        try (Tensor img = src.slice(0, i, 1);
                             Tensor one = Tensor.allocateHost(new long[] {1}, DataType.S32, null);
                             Tensor alone = Tensor.allocateHost(img.shape(), DataType.U8, TensorLayout.NHWC);
                             Tensor fixed = Threshold.threshold(img, level, 200, type);
                             Tensor got = out.slice(0, i, 1)) {
                            Threshold.thresholdAutoInto(alone, one, img, m, 200, type);
                            assertEquals(level, one.hostSegment().get(ValueLayout.JAVA_INT_UNALIGNED, 0), m + " image " + i);
                            assertBytesEqual(bytes(fixed), bytes(got), m + " " + type + " image " + i + " level " + level);
                        }
                    }
                }
            }
        }
    }

    /** N images of one channel whose histograms differ: a random offset and spread each. */
    private static Tensor skewedHost(Random r, int n, int h, int w) {
        byte[] b = new byte[n * h * w];
        for (int i = 0; i < n; i++) {
            int base = r.nextInt(200), spread = 5 + r.nextInt(120);
            for (int p = 0; p < h * w; p++) {
                int v = r.nextInt(5) == 0 ? r.nextInt(256) : base + (int) Math.abs(r.nextGaussian() * spread);
                b[i * h * w + p] = (byte) Math.min(255, v);
            }
        }
        return host(b, DataType.U8, TensorLayout.NHWC, n, h, w, 1);
    }

    @Test
    void automaticLevelsRefuseBadInputBeforeAnyWork() {
        try (Tensor u8c3 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor u16 = Tensor.allocateHost(new long[] {4, 4, 1}, DataType.U16, TensorLayout.HWC);
             Tensor u8 = Tensor.allocateHost(new long[] {4, 4, 1}, DataType.U8, TensorLayout.HWC);
             Tensor dst = Tensor.allocateHost(new long[] {4, 4, 1}, DataType.U8, TensorLayout.HWC);
             Tensor f64 = Tensor.allocateHost(new long[] {1}, DataType.F64, null);
             Tensor two = Tensor.allocateHost(new long[] {2}, DataType.S32, null)) {
            Threshold.Auto otsu = Threshold.Auto.OTSU;
            rejected("Threshold: src has 3 channels", () -> Threshold.thresholdAuto(u8c3, otsu, 255, Threshold.Type.BINARY));
            rejected("Threshold: src has data type U16", () -> Threshold.thresholdAuto(u16, otsu, 255, Threshold.Type.BINARY));
            rejected("Threshold: method is null", () -> Threshold.thresholdAuto(u8, null, 255, Threshold.Type.BINARY));
            rejected("Threshold: type is null", () -> Threshold.thresholdAuto(u8, otsu, 255, null));
            rejected("NaN", () -> Threshold.thresholdAuto(u8, otsu, Double.NaN, Threshold.Type.BINARY));
            rejected("Threshold: thresholds must be an S32 tensor of shape [1]",
                    () -> Threshold.thresholdAutoInto(dst, f64, u8, otsu, 255, Threshold.Type.BINARY));
            rejected("Threshold: thresholds must be an S32 tensor of shape [1]",
                    () -> Threshold.thresholdAutoInto(dst, two, u8, otsu, 255, Threshold.Type.BINARY));
            Tensor inDst = Tensor.wrapHost(dst.hostSegment(), new long[] {1}, DataType.S32, null, null);
            rejected("Threshold: thresholds overlaps dst",
                    () -> Threshold.thresholdAutoInto(dst, inDst, u8, otsu, 255,
                            Threshold.Type.BINARY));
        }
    }

    @GpuTest
    @Test
    void automaticLevelsOnGpuEqualCpu() {
        Random r = OpGpuSupport.seeded("Threshold auto GPU");
        Stream s = CurrentStream.get();
        int[][] sizes = {{1, 1, 1}, {4, 37, 301}, {2, 1, 1000}, {1, 700, 3}, {3, 129, 257}};
        for (Threshold.Auto m : Threshold.Auto.values()) {
            for (Threshold.Type type : Threshold.Type.values()) {
                for (int[] z : sizes) {
                    double maxval = r.nextInt(3) == 0 ? 255 : r.nextDouble() * 300;
                    String what = m + " " + type + " " + Arrays.toString(z) + " maxval " + maxval;
                    try (Tensor src = skewedHost(r, z[0], z[1], z[2]);
                         Tensor dev = src.toDevice(s.device(), s);
                         Tensor cpuOut = Tensor.allocateHost(src.shape(), DataType.U8, TensorLayout.NHWC);
                         Tensor cpuLevels = Tensor.allocateHost(new long[] {z[0]}, DataType.S32, null);
                         Tensor gpuOut = Tensor.allocate(src.shape(), DataType.U8, TensorLayout.NHWC, s);
                         Tensor gpuLevels = Tensor.allocate(new long[] {z[0]}, DataType.S32, null, s)) {
                        Threshold.thresholdAutoInto(cpuOut, cpuLevels, src, m, maxval, type);
                        Threshold.thresholdAutoInto(gpuOut, gpuLevels, dev, m, maxval, type, s);
                        s.synchronize();
                        assertBytesEqual(bytes(cpuLevels), bytes(gpuLevels), what + " levels (GPU vs CPU)");
                        assertBytesEqual(bytes(cpuOut), bytes(gpuOut), what + " (GPU vs CPU)");
                        OpGpuSupport.sameOnGpu(what, src, x -> Threshold.thresholdAuto(x, m, maxval, type));
                        if (z[2] > 6) {
                            OpGpuSupport.sameOnGpuView(what, src, 2, 3, z[2] - 5, x -> Threshold.thresholdAuto(x, m, maxval, type));
                        }
                    }
                }
            }
        }
    }
}

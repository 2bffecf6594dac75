package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.randomHost;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * MinMaxLoc on the GPU against the CPU path, bit for bit: values, counts and the locations in row-major order (the
 * GPU orders them as the CPU does), on fresh random images of every type: full-range values (few extremes) and few
 * values (many extremes, across many segments, beyond the capacity), odd sizes, 1 x 1, column views, large images,
 * varshape batches; capacity 1 and values alone (the one-pass path) as well as larger capacities.
 */
class MinMaxLocGpuTest {
    private static final List<DataType> TYPES = List.of(DataType.U8, DataType.S8, DataType.U16, DataType.S16, DataType.U32,
            DataType.S32, DataType.F32, DataType.F64);

    /** {N, H, W} of NHWC cases: 1 x 1, odd, many images, wide, one large image (many segments). */
    private static final int[][] SIZES = {{1, 1, 1}, {3, 37, 301}, {40, 9, 13}, {2, 3, 5000}, {1, 1013, 1187}};

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryTypeSizeAndCapacity() {
        Random r = OpGpuSupport.seeded("MinMaxLoc GPU");
        everyTypeAndSize(r, () -> r.nextBoolean() ? 1 + r.nextInt(4) : 1 + r.nextInt(20000));
    }

    /** Capacity 1 takes the one-pass path (block records of extreme, count, first index): the same results. */
    @GpuTest
    @Test
    void gpuCapacityOneEqualsCpuForEveryTypeAndSize() {
        everyTypeAndSize(OpGpuSupport.seeded("MinMaxLoc GPU capacity 1"), () -> 1);
    }

    /** Every type on every size of SIZES, full-range and few values, the image and a column view, at capacity(). */
    private static void everyTypeAndSize(Random r, IntSupplier capacity) {
        Stream s = CurrentStream.get();
        for (DataType t : TYPES) {
            for (int[] z : SIZES) {
                for (boolean ties : new boolean[] {false, true}) {
                    int cap = capacity.getAsInt();
                    long[] shape = {z[0], z[1], z[2], 1};
                    String what = t + " " + Arrays.toString(z) + (ties ? " few values" : " random") + " capacity " + cap;
                    try (Tensor src = ties ? MinMaxLocTest.fewValues(r, t, TensorLayout.NHWC, shape)
                            : randomHost(r, t, TensorLayout.NHWC, shape)) {
                        same(what, src, cap, s);
                        if (z[2] > 6) {
                            try (Tensor view = src.slice(2, 3, z[2] - 5)) {
                                same(what + " view", view, cap, s);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The one-pass path skips NaN, orders -0.0 below +0.0 and gives an image of NaN only no extremes, as the CPU. */
    @GpuTest
    @Test
    void gpuCapacityOneFloatsSkipNaNAndOrderSignedZeros() {
        Random r = OpGpuSupport.seeded("MinMaxLoc GPU capacity 1 NaN");
        Stream s = CurrentStream.get();
        float[] pool = {Float.NaN, -0f, 0f, 2f, -0f};
        for (long[] shape : new long[][] {{3, 61, 707, 1}, {1, 2, 3, 1}}) {
            try (Tensor src = Tensor.allocateHost(shape, DataType.F32, TensorLayout.NHWC)) {
                float[] v = new float[(int) src.elementCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = shape[1] == 2 ? Float.NaN : pool[r.nextInt(pool.length)];
                }
                src.copyFrom(v);
                same("F32 NaN and signed zeros " + Arrays.toString(shape) + " capacity 1", src, 1, s);
            }
        }
    }

    /** Values and counts alone (no locations tensors) take the one-pass path too. */
    @GpuTest
    @Test
    void gpuValuesAndCountsAloneEqualCpu() {
        Random r = OpGpuSupport.seeded("MinMaxLoc GPU values only");
        Stream s = CurrentStream.get();
        for (DataType t : TYPES) {
            long[] shape = {4, 77, 1931, 1};
            DataType vt = MinMaxLoc.valueType(t);
            // the outputs start as random bytes: only what the call writes can match the CPU's
            try (Tensor src = MinMaxLocTest.fewValues(r, t, TensorLayout.NHWC, shape);
                 Tensor dev = src.toDevice(s.device(), s);
                 MinMaxLoc.Result cpu = MinMaxLoc.minMaxLoc(src, 1);
                 Tensor hMinVal = randomHost(r, vt, null, 4); Tensor hMaxVal = randomHost(r, vt, null, 4);
                 Tensor hNumMin = randomHost(r, DataType.S32, null, 4);
                 Tensor hNumMax = randomHost(r, DataType.S32, null, 4);
                 Tensor minVal = hMinVal.toDevice(s.device(), s); Tensor maxVal = hMaxVal.toDevice(s.device(), s);
                 Tensor numMin = hNumMin.toDevice(s.device(), s); Tensor numMax = hNumMax.toDevice(s.device(), s)) {
                MinMaxLoc.minMaxLocInto(dev, minVal, null, numMin, maxVal, null, numMax, s);
                s.synchronize();
                String what = t + " values and counts alone ";
                assertBytesEqual(bytes(cpu.minVal()), bytes(minVal), what + "minVal (GPU vs CPU)");
                assertBytesEqual(bytes(cpu.numMin()), bytes(numMin), what + "numMin (GPU vs CPU)");
                assertBytesEqual(bytes(cpu.maxVal()), bytes(maxVal), what + "maxVal (GPU vs CPU)");
                assertBytesEqual(bytes(cpu.numMax()), bytes(numMax), what + "numMax (GPU vs CPU)");
            }
        }
    }

    @GpuTest
    @Test
    void gpuPlanarLayoutsAndHalvesEqualCpu() {
        Random r = OpGpuSupport.seeded("MinMaxLoc GPU planar");
        Stream s = CurrentStream.get();
        try (Tensor src = MinMaxLocTest.fewValues(r, DataType.F32, TensorLayout.NCHW, new long[] {3, 1, 45, 129});
             Tensor dev = src.toDevice(s.device(), s);
             MinMaxLoc.Result cpu = MinMaxLoc.maxLoc(src, 7, null);
             MinMaxLoc.Result gpu = MinMaxLoc.maxLoc(dev, 7, s)) {
            s.synchronize();
            assertBytesEqual(bytes(cpu.maxVal()), bytes(gpu.maxVal()), "NCHW maxVal (GPU vs CPU)");
            assertBytesEqual(bytes(cpu.maxLoc()), bytes(gpu.maxLoc()), "NCHW maxLoc (GPU vs CPU)");
            assertBytesEqual(bytes(cpu.numMax()), bytes(gpu.numMax()), "NCHW numMax (GPU vs CPU)");
        }
    }

    @GpuTest
    @Test
    void gpuVarShapeBatchEqualsCpu() {
        Random r = OpGpuSupport.seeded("MinMaxLoc GPU varshape");
        Stream s = CurrentStream.get();
        for (DataType t : TYPES) {
            List<Tensor> images = new ArrayList<>();
            try (ImageBatchVarShape host = ImageBatchVarShape.createHost(9);
                 ImageBatchVarShape dev = ImageBatchVarShape.create(9, s.device())) {
                for (int i = 0; i < 9; i++) {
                    long[] shape = {1 + r.nextInt(i == 0 ? 700 : 60), 1 + r.nextInt(i == 0 ? 900 : 80), 1};
                    Tensor img = i % 2 == 0 ? MinMaxLocTest.fewValues(r, t, TensorLayout.HWC, shape)
                            : randomHost(r, t, TensorLayout.HWC, shape);
                    Tensor d = img.toDevice(s.device(), s);
                    images.add(img);
                    images.add(d);
                    host.pushBack(img);
                    dev.pushBack(d);
                }
                for (int cap : new int[] {1 + r.nextInt(300), 1}) { // 1: the one-pass path
                    try (MinMaxLoc.Result cpu = MinMaxLoc.minMaxLoc(host, cap, null);
                         MinMaxLoc.Result gpu = MinMaxLoc.minMaxLoc(dev, cap, s)) {
                        s.synchronize();
                        compare(t + " varshape capacity " + cap, cpu, gpu);
                    }
                }
            } finally {
                images.forEach(Tensor::close);
            }
        }
    }

    private static void same(String what, Tensor src, int cap, Stream s) {
        try (Tensor dev = src.toDevice(s.device(), s);
             MinMaxLoc.Result cpu = MinMaxLoc.minMaxLoc(src, cap);
             MinMaxLoc.Result gpu = MinMaxLoc.minMaxLoc(dev, cap, s)) {
            s.synchronize();
            compare(what, cpu, gpu);
        }
    }

    private static void compare(String what, MinMaxLoc.Result cpu, MinMaxLoc.Result gpu) {
        Tensor[] a = {cpu.minVal(), cpu.minLoc(), cpu.numMin(), cpu.maxVal(), cpu.maxLoc(), cpu.numMax()};
        Tensor[] b = {gpu.minVal(), gpu.minLoc(), gpu.numMin(), gpu.maxVal(), gpu.maxLoc(), gpu.numMax()};
        String[] names = {"minVal", "minLoc", "numMin", "maxVal", "maxLoc", "numMax"};
        for (int k = 0; k < 6; k++) {
            assertBytesEqual(bytes(a[k]), bytes(b[k]), what + " " + names[k] + " (GPU vs CPU)");
        }
    }
}

package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.randomHost;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Histogram and HistogramEq on the GPU against the CPU path, exactly (integer counts; the tables' float steps are
 * rounded one by one on both sides), on fresh random images: every layout, odd sizes, 1 x 1, column views, masks,
 * batches of many images and single large images (many blocks per image), constant images, in place.
 */
class HistogramGpuTest {
    /** {layout, N, H, W, C} cases: small, odd, 1 x 1, many images, one large image, planar. */
    private static final List<Object[]> CASES = List.of(
            new Object[] {TensorLayout.NHWC, 3, 37, 301, 1}, new Object[] {TensorLayout.NHWC, 70, 9, 13, 3},
            new Object[] {TensorLayout.HWC, 1, 1, 1, 4}, new Object[] {TensorLayout.HWC, 1, 1999, 2111, 1},
            new Object[] {TensorLayout.NCHW, 2, 45, 129, 2}, new Object[] {TensorLayout.CHW, 1, 61, 67, 3});

    private static long[] shape(TensorLayout l, int n, int h, int w, int c) {
        return switch (l.labels()) {
            case "NHWC" -> new long[] {n, h, w, c};
            case "NCHW" -> new long[] {n, c, h, w};
            case "HWC" -> new long[] {h, w, c};
            default -> new long[] {c, h, w};
        };
    }

    @GpuTest
    @Test
    void histogramGpuEqualsCpuWithAndWithoutMask() {
        Random r = OpGpuSupport.seeded("Histogram GPU");
        Stream s = CurrentStream.get();
        for (Object[] k : CASES) {
            TensorLayout l = (TensorLayout) k[0];
            int n = (int) k[1], h = (int) k[2], w = (int) k[3], c = (int) k[4];
            String what = "Histogram " + l + " " + Arrays.toString(k);
            boolean batched = l.labels().startsWith("N");
            try (Tensor src = randomHost(r, DataType.U8, l, shape(l, n, h, w, c));
                 Tensor mask = randomHost(r, DataType.U8, batched ? TensorLayout.NHWC : TensorLayout.HWC,
                         batched ? new long[] {n, h, w, 1} : new long[] {h, w, 1});
                 Tensor devMask = mask.toDevice(s.device(), s)) {
                OpGpuSupport.sameOnGpu(what, src, x -> Histogram.histogram(x, null));
                try (Tensor dev = src.toDevice(s.device(), s);
                     Tensor cpu = Histogram.histogram(src, mask);
                     Tensor gpu = Histogram.histogram(dev, devMask, s)) {
                    s.synchronize();
                    assertBytesEqual(bytes(cpu), bytes(gpu), what + " with a mask (GPU vs CPU)");
                }
                if (w > 6) {
                    OpGpuSupport.sameOnGpuView(what, src, l.indexOf('W'), 3, w - 5, x -> Histogram.histogram(x, null));
                }
            }
        }
    }

    @GpuTest
    @Test
    void histogramIntoAStridedU32ViewEqualsCpu() {
        Random r = OpGpuSupport.seeded("Histogram GPU into a view");
        Stream s = CurrentStream.get();
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, 4, 33, 35, 2);
             Tensor dev = src.toDevice(s.device(), s);
             Tensor cpu = Histogram.histogram(src, null);
             Tensor parent = Tensor.allocate(new long[] {4, 260, 3}, DataType.U32, TensorLayout.HWC, s);
             Tensor view = parent.slice(1, 2, 256).slice(2, 1, 2)) {
            Histogram.histogramInto(view, dev, null, s);
            s.synchronize();
            assertBytesEqual(bytes(cpu), bytes(view), "Histogram into a U32 view (GPU vs CPU)");
        }
    }

    @GpuTest
    @Test
    void equalizationGpuEqualsCpuInEveryLayoutViewAndInPlace() {
        Random r = OpGpuSupport.seeded("HistogramEq GPU");
        Stream s = CurrentStream.get();
        for (Object[] k : CASES) {
            TensorLayout l = (TensorLayout) k[0];
            int n = (int) k[1], h = (int) k[2], w = (int) k[3], c = (int) k[4];
            String what = "HistogramEq " + l + " " + Arrays.toString(k);
            try (Tensor src = skewed(r, l, shape(l, n, h, w, c))) {
                OpGpuSupport.sameOnGpu(what, src, HistogramEq::histogramEq);
                if (w > 6) {
                    OpGpuSupport.sameOnGpuView(what, src, l.indexOf('W'), 3, w - 5, HistogramEq::histogramEq);
                }
                try (Tensor cpu = HistogramEq.histogramEq(src); Tensor dev = src.toDevice(s.device(), s)) {
                    HistogramEq.histogramEqInto(dev, dev, s);
                    s.synchronize();
                    assertBytesEqual(bytes(cpu), bytes(dev), what + " in place (GPU vs CPU)");
                }
            }
        }
        try (Tensor constant = Tensor.allocateHost(new long[] {2, 5, 7, 3}, DataType.U8, TensorLayout.NHWC)) {
            constant.hostSegment().fill((byte) 113);
            OpGpuSupport.sameOnGpu("HistogramEq of a constant image", constant, HistogramEq::histogramEq);
        }
    }

    /** Random pixels crowded into a few bins (so that equalization moves them), different per element. */
    private static Tensor skewed(Random r, TensorLayout l, long[] shape) {
        Tensor t = randomHost(r, DataType.U8, l, shape);
        var seg = t.hostSegment();
        for (long i = 0; i < t.byteSize(); i++) {
            seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (40 + (seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) & 0x3f)));
        }
        return t;
    }
}

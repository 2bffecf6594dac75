package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;

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
 * JointBilateralFilter (no OpenCV golden: OpenCV's main modules have none): with a copy of src as guide it is
 * BilateralFilter bit for bit; with a random guide it is the formula in double precision written out in
 * BilateralFilterTest; its refusals; the GPU against the CPU bit for bit.
 */
class JointBilateralFilterTest {

    @Test
    void isBilateralFilterWhenTheGuideIsTheSource() {
        Random r = OpGpuSupport.seeded("JointBilateralFilter guide = src");
        for (DataType t : List.of(DataType.U8, DataType.F32)) {
            for (BorderType b : BorderType.values()) {
                int h = 1 + r.nextInt(20), w = 1 + r.nextInt(20), c = r.nextBoolean() ? 1 : 3, d = r.nextInt(10);
                double sc = r.nextDouble() * 100, ss = r.nextDouble() * 5;
                try (Tensor src = randomHost(r, t, TensorLayout.HWC, h, w, c);
                     Tensor guide = host(bytes(src), t, TensorLayout.HWC, h, w, c)) {
                    try (Tensor want = BilateralFilter.bilateralFilter(src, d, sc, ss, b);
                         Tensor got = JointBilateralFilter.jointBilateralFilter(src, guide, d, sc, ss, b)) {
                        assertBytesEqual(bytes(want), bytes(got), t + " " + b + " d " + d + " " + h + "x" + w + "x" + c);
                    }
                }
            }
        }
    }

    @Test
    void isTheWeightedMeanOfTheDiscWithTheGuidesColours() {
        BilateralFilterTest.matchesFormula("JointBilateralFilter formula", true);
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor f32 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F32, TensorLayout.HWC);
             Tensor small = Tensor.allocateHost(new long[] {4, 3, 3}, DataType.U8, TensorLayout.HWC);
             Tensor planar = Tensor.allocateHost(new long[] {3, 4, 4}, DataType.U8, TensorLayout.CHW);
             Tensor big = Tensor.allocateHost(new long[] {5, 4, 3}, DataType.U8, TensorLayout.HWC)) {
            BorderType b = BorderType.REFLECT_101;
            rejected("JointBilateralFilter: guide is null", () -> JointBilateralFilter.jointBilateralFilter(u8, null, 5, 10, 10, b));
            rejected("JointBilateralFilter: src is null", () -> JointBilateralFilter.jointBilateralFilter(null, u8, 5, 10, 10, b));
            rejected("JointBilateralFilter: guide has shape", () -> JointBilateralFilter.jointBilateralFilter(u8, small, 5, 10, 10, b));
            rejected("JointBilateralFilter: guide has data type F32", () -> JointBilateralFilter.jointBilateralFilter(u8, f32, 5, 10, 10, b));
            rejected("JointBilateralFilter: guide", () -> JointBilateralFilter.jointBilateralFilter(u8, planar, 5, 10, 10, b));
            rejected("JointBilateralFilter: radius", () -> JointBilateralFilter.jointBilateralFilter(u8, u8, 0, 10, 1000, b));
            rejected("JointBilateralFilter: border is null", () -> JointBilateralFilter.jointBilateralFilter(u8, u8, 5, 10, 10, null));
            Tensor shifted = big.slice(0, 1, 4);
            Tensor first = big.slice(0, 0, 4);
            rejected("overlaps", () -> JointBilateralFilter.jointBilateralFilterInto(shifted, u8, first, 5, 10, 10, b));
            rejected("overlaps", () -> JointBilateralFilter.jointBilateralFilterInto(first, u8, first, 5, 10, 10, b));
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryTypeBorderAndLayout() {
        Random r = OpGpuSupport.seeded("JointBilateralFilter GPU");
        Stream st = CurrentStream.get();
        for (DataType t : List.of(DataType.U8, DataType.F32)) {
            for (BorderType b : BorderType.values()) {
                for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC)) {
                    int c = r.nextBoolean() ? 1 : 3, d = List.of(0, 1, 5, 9, 31).get(r.nextInt(5));
                    long[] shape = switch (l.labels()) {
                        case "NHWC" -> new long[] {2, 37, 101, c};
                        case "NCHW" -> new long[] {2, c, 45, 67};
                        default -> new long[] {1 + r.nextInt(4), 1 + r.nextInt(4), c};
                    };
                    double sc = 5 + r.nextDouble() * 100, ss = 0.5 + r.nextDouble() * 6;
                    String what = t + " " + b + " d " + d + " " + l + " " + Arrays.toString(shape);
                    try (Tensor src = randomHost(r, t, l, shape); Tensor guide = randomHost(r, t, l, shape);
                         Tensor dSrc = src.toDevice(st.device(), st); Tensor dGuide = guide.toDevice(st.device(), st);
                         Tensor cpu = JointBilateralFilter.jointBilateralFilter(src, guide, d, sc, ss, b);
                         Tensor gpu = JointBilateralFilter.jointBilateralFilter(dSrc, dGuide, d, sc, ss, b, st)) {
                        st.synchronize();
                        assertBytesEqual(bytes(cpu), bytes(gpu), what + " (GPU vs CPU)");
                    }
                }
            }
        }
    }
}

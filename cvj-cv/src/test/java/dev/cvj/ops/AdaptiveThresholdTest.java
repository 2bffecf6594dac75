package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.manifest;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.ops.AdaptiveThreshold.Method;
import dev.cvj.ops.OpTestSupport.Case;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * AdaptiveThreshold: the CPU path against OpenCV 4.6 (goldens from src/test/golden/gen_threshold.py: both methods
 * and rules, block sizes up to larger than the image, fractional and extreme C, maxValue rounded, saturated and
 * negative), channels thresholded on their own, its refusals, and the GPU against the CPU bit for bit.
 */
class AdaptiveThresholdTest {
    private static final Threshold.Type[] RULES = {Threshold.Type.BINARY, Threshold.Type.BINARY_INV};

    @Test
    void matchesOpenCv() {
        List<Case> cases = manifest("adaptive_threshold");
        assertEquals(GoldenFiles.expectedCases("adaptive_threshold"), cases.size());
        for (Case c : cases) {
            try (Tensor src = host(resource("adaptive_threshold", c.name() + ".in"), DataType.U8, TensorLayout.HWC, c.i("h"),
                    c.i("w"), 1);
                 Tensor out = AdaptiveThreshold.adaptiveThreshold(src, c.d("maxval"), Method.valueOf(c.s("method")),
                         Threshold.Type.valueOf(c.s("type")), c.i("block"), c.d("C"))) {
                assertBytesEqual(resource("adaptive_threshold", c.name() + ".out"), bytes(out), c.name() + " " + c.p());
            }
        }
    }

    @Test
    void thresholdsEachChannelAsAOneChannelImage() {
        Random r = OpGpuSupport.seeded("AdaptiveThreshold channels");
        for (Method m : Method.values()) {
            for (Threshold.Type type : RULES) {
                int block = 3 + 2 * r.nextInt(6);
                double c = r.nextDouble() * 10 - 5;
                try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 9, 13, 3);
                     Tensor out = AdaptiveThreshold.adaptiveThreshold(src, 200, m, type, block, c)) {
                    for (int ch = 0; ch < 3; ch++) {
                        try (Tensor one = src.slice(3, ch, 1);
                             Tensor expected = AdaptiveThreshold.adaptiveThreshold(one, 200, m, type, block, c);
                             Tensor got = out.slice(3, ch, 1)) {
                            assertBytesEqual(bytes(expected), bytes(got), m + " " + type + " block " + block + " channel " + ch);
                        }
                    }
                }
            }
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {4, 4, 1}, DataType.U8, TensorLayout.HWC);
             Tensor f32 = Tensor.allocateHost(new long[] {4, 4, 1}, DataType.F32, TensorLayout.HWC);
             Tensor big = Tensor.allocateHost(new long[] {5, 4, 1}, DataType.U8, TensorLayout.HWC);
             Tensor small = Tensor.allocateHost(new long[] {4, 3, 1}, DataType.U8, TensorLayout.HWC)) {
            Threshold.Type b = Threshold.Type.BINARY;
            rejected("AdaptiveThreshold: src has data type F32", () -> AdaptiveThreshold.adaptiveThreshold(f32, 255, Method.MEAN_C, b, 3, 0));
            rejected("AdaptiveThreshold: blockSize 4 must be odd", () -> AdaptiveThreshold.adaptiveThreshold(u8, 255, Method.MEAN_C, b, 4, 0));
            rejected("AdaptiveThreshold: blockSize 1 must be odd and at least 3",
                    () -> AdaptiveThreshold.adaptiveThreshold(u8, 255, Method.MEAN_C, b, 1, 0));
            rejected("AdaptiveThreshold: kernel size 4095 x 4095 is too large",
                    () -> AdaptiveThreshold.adaptiveThreshold(u8, 255, Method.GAUSSIAN_C, b, 4095, 0));
            rejected("AdaptiveThreshold: type TRUNC is not supported",
                    () -> AdaptiveThreshold.adaptiveThreshold(u8, 255, Method.MEAN_C, Threshold.Type.TRUNC, 3, 0));
            rejected("AdaptiveThreshold: method is null", () -> AdaptiveThreshold.adaptiveThreshold(u8, 255, null, b, 3, 0));
            rejected("AdaptiveThreshold: type is null", () -> AdaptiveThreshold.adaptiveThreshold(u8, 255, Method.MEAN_C, null, 3, 0));
            rejected("NaN", () -> AdaptiveThreshold.adaptiveThreshold(u8, Double.NaN, Method.MEAN_C, b, 3, 0));
            rejected("NaN", () -> AdaptiveThreshold.adaptiveThreshold(u8, 255, Method.MEAN_C, b, 3, Double.NaN));
            rejected("AdaptiveThreshold: dst has shape",
                    () -> AdaptiveThreshold.adaptiveThresholdInto(small, u8, 255, Method.MEAN_C, b, 3, 0));
            rejected("AdaptiveThreshold: dst overlaps src",
                    () -> AdaptiveThreshold.adaptiveThresholdInto(u8, u8, 255, Method.MEAN_C, b, 3, 0));
            Tensor shifted = big.slice(0, 1, 4);
            Tensor first = big.slice(0, 0, 4);
            rejected("overlaps", () -> AdaptiveThreshold.adaptiveThresholdInto(shifted, first, 255, Method.MEAN_C, b, 3, 0));
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpu() {
        Random r = OpGpuSupport.seeded("AdaptiveThreshold GPU");
        long[][] shapes = {{1, 1, 1, 1}, {3, 37, 301, 1}, {2, 45, 129, 3}, {1, 7, 5, 4}, {1, 300, 2, 1}};
        int[] blocks = {3, 5, 11, 31, 99};
        for (Method m : Method.values()) {
            for (Threshold.Type type : RULES) {
                for (long[] shape : shapes) {
                    int block = blocks[r.nextInt(blocks.length)];
                    double c = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 20 - 10, maxval = r.nextInt(3) == 0 ? 255 : r.nextDouble() * 300;
                    String what = m + " " + type + " block " + block + " C " + c + " maxval " + maxval + " " + java.util.Arrays.toString(shape);
                    try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, shape)) {
                        OpGpuSupport.sameOnGpu(what, src, x -> AdaptiveThreshold.adaptiveThreshold(x, maxval, m, type, block, c));
                        if (shape[2] > 6) {
                            OpGpuSupport.sameOnGpuView(what, src, 2, 3, shape[2] - 5,
                                    x -> AdaptiveThreshold.adaptiveThreshold(x, maxval, m, type, block, c));
                        }
                    }
                }
            }
        }
    }
}

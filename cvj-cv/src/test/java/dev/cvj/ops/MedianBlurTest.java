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

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.ops.OpTestSupport.Case;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * MedianBlur: the CPU path against OpenCV 4.6 (goldens from src/test/golden/gen_pixel_ops.py: every data type and
 * kernel size OpenCV takes, 1 to 4 channels, images of one pixel, row or column and smaller than the window), against a
 * sorted window written out here, its refusals, and the GPU against the CPU bit for bit.
 */
class MedianBlurTest {

    @Test
    void matchesOpenCvForEveryTypeSizeAndShape() {
        List<Case> cases = manifest("median_blur");
        assertEquals(205, cases.size());
        for (Case c : cases) {
            try (Tensor src = host(resource("median_blur", c.name() + ".in"), c.type("dtype"), TensorLayout.HWC, c.i("h"),
                    c.i("w"), c.i("c"));
                 Tensor out = MedianBlur.medianBlur(src, c.i("ksize"))) {
                assertBytesEqual(resource("median_blur", c.name() + ".out"), bytes(out), c.name() + " " + c.p());
            }
        }
    }

    @Test
    void isTheMiddleOfTheSortedReplicatedWindow() {
        Random r = OpGpuSupport.seeded("MedianBlur sorted window");
        for (DataType t : List.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32)) {
            for (int k : t == DataType.U8 ? new int[] {3, 5, 7, 11} : new int[] {3, 5}) {
                int h = 1 + r.nextInt(12), w = 1 + r.nextInt(12), c = 1 + r.nextInt(4);
                try (Tensor src = randomHost(r, t, TensorLayout.HWC, h, w, c); Tensor out = MedianBlur.medianBlur(src, k)) {
                    byte[] in = bytes(src), got = bytes(out);
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            for (int ch = 0; ch < c; ch++) {
                                double[] win = new double[k * k];
                                int n = 0;
                                for (int i = -k / 2; i <= k / 2; i++) {
                                    for (int j = -k / 2; j <= k / 2; j++) {
                                        int sy = Math.clamp(y + i, 0, h - 1), sx = Math.clamp(x + j, 0, w - 1);
                                        win[n++] = value(in, t, (sy * w + sx) * c + ch);
                                    }
                                }
                                Arrays.sort(win);
                                assertEquals(win[k * k / 2], value(got, t, (y * w + x) * c + ch), t + " k " + k + " at " + x
                                        + "," + y + "," + ch);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor f32 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F32, TensorLayout.HWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F16, TensorLayout.HWC);
             Tensor s16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.S16, TensorLayout.HWC);
             Tensor small = Tensor.allocateHost(new long[] {4, 3, 3}, DataType.U8, TensorLayout.HWC);
             Tensor big = Tensor.allocateHost(new long[] {5, 4, 3}, DataType.U8, TensorLayout.HWC)) {
            rejected("MedianBlur: src has data type F16", () -> MedianBlur.medianBlur(f16, 3));
            rejected("MedianBlur: ksize 4 must be odd", () -> MedianBlur.medianBlur(u8, 4));
            rejected("MedianBlur: ksize 1 must be odd, 3..", () -> MedianBlur.medianBlur(u8, 1));
            rejected("MedianBlur: ksize -3", () -> MedianBlur.medianBlur(u8, -3));
            rejected("MedianBlur: ksize 4097", () -> MedianBlur.medianBlur(u8, 4097));
            rejected("only U8 takes ksize above 5", () -> MedianBlur.medianBlur(f32, 7));
            rejected("MedianBlur: src is null", () -> MedianBlur.medianBlur(null, 3));
            rejected("MedianBlur: dst has shape", () -> MedianBlur.medianBlurInto(small, u8, 3));
            rejected("MedianBlur: dst has data type S16", () -> MedianBlur.medianBlurInto(s16, u8, 3));
            Tensor shifted = big.slice(0, 1, 4);
            Tensor first = big.slice(0, 0, 4);
            rejected("overlaps", () -> MedianBlur.medianBlurInto(shifted, first, 3));
            rejected("overlaps", () -> MedianBlur.medianBlurInto(first, first, 3));
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryTypeSizeLayoutAndView() {
        Random r = OpGpuSupport.seeded("MedianBlur GPU");
        for (DataType t : List.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32)) {
            for (int k : t == DataType.U8 ? new int[] {3, 5, 7, 9, 15, 31} : new int[] {3, 5}) {
                for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC)) {
                    long[] shape = switch (l.labels()) {
                        case "NHWC" -> new long[] {2, 37, 101, 1 + r.nextInt(4)};
                        case "NCHW" -> new long[] {2, 3, 45, 67};
                        default -> new long[] {1 + r.nextInt(4), 1 + r.nextInt(4), 3}; // smaller than the window, 1x1 too
                    };
                    String what = t + " ksize " + k + " " + l + " " + Arrays.toString(shape);
                    try (Tensor src = randomHost(r, t, l, shape)) {
                        OpGpuSupport.sameOnGpu(what, src, x -> MedianBlur.medianBlur(x, k));
                        int wDim = l.indexOf('W');
                        if (shape[wDim] > 6) {
                            OpGpuSupport.sameOnGpuView(what, src, wDim, 3, shape[wDim] - 5, x -> MedianBlur.medianBlur(x, k));
                        }
                    }
                }
            }
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuOnFloatNaNsAndSignedZeros() {
        float[] specials = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f};
        Random r = OpGpuSupport.seeded("MedianBlur GPU specials");
        float[] v = new float[23 * 29 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = specials[r.nextInt(specials.length)];
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        try (Tensor src = host(b.array(), DataType.F32, TensorLayout.HWC, 23, 29, 3)) {
            for (int k : new int[] {3, 5}) {
                OpGpuSupport.sameOnGpu("specials ksize " + k, src, x -> MedianBlur.medianBlur(x, k));
            }
        }
    }
}

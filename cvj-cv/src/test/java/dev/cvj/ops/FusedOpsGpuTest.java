package dev.cvj.ops;

import java.util.List;

import static dev.cvj.ops.OpGpuSupport.sameOnGpu;
import static dev.cvj.ops.OpGpuSupport.sameOnGpuView;
import static dev.cvj.ops.OpTestSupport.randomHost;

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CropFlipNormalizeReformat and ResizeCropConvertReformat on the GPU against the CPU path: bit-exact (the
 * kernels round every float step like the Java code; the fused-versus-chain tolerance is in PixelOpsSemanticsTest).
 */
@GpuTest
class FusedOpsGpuTest {
    @Test
    void cropFlipNormalizeReformatMatchesCpu(Random r) {
        float[] mean = {123.675f, 116.28f, 103.53f}, std = {58.395f, 57.12f, 57.375f};
        int[][] rects = {{0, 0, 48, 40}, {-5, 10, 48, 40}, {30, -3, 48, 40}, {20, 25, 48, 40}};
        int[] flips = {0, 1, -1, 7};
        for (DataType st : new DataType[] {DataType.U8, DataType.U16, DataType.S16, DataType.F32}) {
            for (DataType dt : new DataType[] {DataType.F32, DataType.F16, DataType.U8}) {
                for (BorderType b : BorderType.values()) {
                    try (Tensor a = randomHost(r, st, TensorLayout.NHWC, 4, 50, 70, 3)) {
                        String w = st + "->" + dt + " " + b;
                        sameOnGpu(w + " NCHW", a, t -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(t, rects, flips, mean,
                                std, 1f, 0f, 0f, true, true, b, 9f, dt, TensorLayout.NCHW, null));
                        sameOnGpu(w + " NHWC", a, t -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(t, rects, flips,
                                new float[] {1f}, new float[] {0.5f}, 2f, 1f, 0f, false, false, b, 0f, dt, TensorLayout.NHWC,
                                null));
                    }
                }
            }
        }
    }

    @Test
    void resizeCropConvertReformatMatchesCpu(Random r) {
        for (Interpolation interp : List.of(Interpolation.NEAREST, Interpolation.LINEAR)) {
            for (DataType dt : new DataType[] {DataType.F32, DataType.F16, DataType.U8}) {
                for (int c : new int[] {1, 3, 4}) {
                    int[] order = c == 3 ? new int[] {2, 1, 0} : null;
                    try (Tensor a = randomHost(r, DataType.U8, TensorLayout.NHWC, 3, 108, 192, c)) {
                        String w = interp + " " + dt + " c" + c;
                        sameOnGpu(w + " down", a, t -> ResizeCropConvertReformat.resizeCropConvertReformat(t, 80, 64, interp, 8, 4,
                                64, 56, 1 / 255f, 0f, order, dt, TensorLayout.NCHW, null));
                        sameOnGpu(w + " up", a, t -> ResizeCropConvertReformat.resizeCropConvertReformat(t, 401, 250, interp, 100,
                                33, 223, 201, 1 / 127.5f, -1f, order, dt, TensorLayout.NHWC, null));
                        sameOnGpuView(w + " view", a, 2, 5, 150, t -> ResizeCropConvertReformat.resizeCropConvertReformat(t, 99,
                                77, interp, 3, 2, 90, 70, 1f, 0f, order, dt, TensorLayout.NCHW, null));
                    }
                }
            }
        }
    }
}

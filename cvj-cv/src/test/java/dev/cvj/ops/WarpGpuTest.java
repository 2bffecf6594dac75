package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.randomHost;

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * WarpAffine, WarpPerspective and Rotate on the GPU equal the CPU path bit for bit (tolerance 0: both run OpenCV's
 * fixed-point positions and its table weights with the same float and double operations), on fresh random inputs:
 * every type, interpolation and border, every layout, odd sizes, 1x1 sources, outputs larger than the source,
 * positions far outside it, strided column views, and batches of more than one launch's 32 images.
 */
class WarpGpuTest {
    private static final DataType[] TYPES = {DataType.U8, DataType.U16, DataType.S16, DataType.F32};
    private static final List<Interpolation> METHODS = List.of(Interpolation.NEAREST, Interpolation.LINEAR, Interpolation.CUBIC);

    private static double[] borderValue(Random r) {
        return new double[] {r.nextInt(300) - 20, r.nextDouble() * 1000 - 500, r.nextInt(70000), r.nextInt(256)};
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryTypeMethodBorderAndLayout() {
        Random r = OpGpuSupport.seeded("Warp GPU");
        for (boolean perspective : new boolean[] {false, true}) {
            for (DataType t : TYPES) {
                for (Interpolation in : METHODS) {
                    for (BorderType b : BorderType.values()) {
                        for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.HWC, TensorLayout.NCHW)) {
                            boolean tiny = r.nextInt(6) == 0;
                            int n = l.labels().startsWith("N") ? 1 + r.nextInt(3) : 1, c = 1 + r.nextInt(4);
                            int h = tiny ? 1 : 1 + r.nextInt(70), w = tiny ? 1 : 1 + r.nextInt(90);
                            long[] shape = switch (l.labels()) {
                                case "NHWC" -> new long[] {n, h, w, c};
                                case "NCHW" -> new long[] {n, c, h, w};
                                default -> new long[] {h, w, c};
                            };
                            ImageSize size = new ImageSize(1 + r.nextInt(2 * w + 20), 1 + r.nextInt(2 * h + 20));
                            double[][] m = new double[r.nextBoolean() ? 1 : n][];
                            for (int i = 0; i < m.length; i++) {
                                m[i] = WarpTest.randomMatrix(r, perspective, w, h);
                                if (r.nextInt(4) == 0) { // far outside: the wrapping and reflecting borders repeat
                                    m[i][2] *= 40;
                                    m[i][5] *= 40;
                                }
                            }
                            boolean inverse = r.nextBoolean();
                            double[] v = borderValue(r);
                            String what = (perspective ? "WarpPerspective " : "WarpAffine ") + t + " " + in + " " + b + " "
                                    + l + " " + java.util.Arrays.toString(shape) + " to " + size;
                            try (Tensor src = randomHost(r, t, l, shape)) {
                                OpGpuSupport.sameOnGpu(what, src, x -> WarpTest.warp(perspective, x, size, m, inverse, in, b, v));
                                int wDim = l.indexOf('W');
                                if (w > 4) {
                                    OpGpuSupport.sameOnGpuView(what, src, wDim, 2, w - 3,
                                            x -> WarpTest.warp(perspective, x, size, m, inverse, in, b, v));
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
    void gpuEqualsCpuOnBatchesOfSeveralLaunchesWithAMatrixPerImage() {
        Random r = OpGpuSupport.seeded("Warp GPU batch");
        int n = 70;
        for (boolean perspective : new boolean[] {false, true}) {
            double[][] m = new double[n][];
            for (int i = 0; i < n; i++) {
                m[i] = WarpTest.randomMatrix(r, perspective, 37, 29);
            }
            try (Tensor src = randomHost(r, DataType.U8, TensorLayout.NHWC, n, 29, 37, 3)) {
                OpGpuSupport.sameOnGpu("batch of " + n + " perspective " + perspective, src,
                        x -> WarpTest.warp(perspective, x, new ImageSize(41, 23), m, false, Interpolation.CUBIC,
                                BorderType.REFLECT_101, null));
            }
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuOnALargeImage() {
        Random r = OpGpuSupport.seeded("Warp GPU large");
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.HWC, 1080, 1920, 3)) {
            for (Interpolation in : METHODS) {
                // more than one of warpPerspective's 4096-pixel blocks per row band: the block origin matters
                OpGpuSupport.sameOnGpu("1080p perspective " + in, src, x -> WarpPerspective.warpPerspective(x,
                        new ImageSize(1920, 1080), new double[][] {{0.9, 0.05, 20, -0.04, 1.1, 10, 1e-5, 2e-5, 1}}, false,
                        in, BorderType.CONSTANT, new double[] {1, 2, 3}));
                OpGpuSupport.sameOnGpu("1080p rotation " + in, src, x -> Rotate.rotate(x, 33.3, 400, -250, in));
            }
        }
    }
}

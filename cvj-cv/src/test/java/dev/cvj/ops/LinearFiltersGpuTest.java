package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.randomHost;

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * BoxFilter, AverageBlur, GaussianBlur, Conv2D and Laplacian on the GPU equal the CPU path bit for bit (filter.cu
 * computes every product and sum as FilterPixels' CPU loops: exact integer sums, float and double steps rounded
 * each, the general kernel's fused multiply-adds), on fresh
 * random images of every type and border: odd sizes, 1x1 images, windows larger than the image, corner anchors,
 * planar layouts, and column views (strided rows).
 */
class LinearFiltersGpuTest {
    private static final List<DataType> TYPES = List.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);
    private static final List<BorderType> BORDERS = List.of(BorderType.CONSTANT, BorderType.REPLICATE,
            BorderType.REFLECT, BorderType.REFLECT_101);

    private record Filter(String what, Function<Tensor, Tensor> op) {}

    private static List<Filter> filters(Random r, DataType t, BorderType b) {
        int kw = 1 + r.nextInt(15), kh = 1 + r.nextInt(15);
        int ax = r.nextInt(kw + 1) - 1, ay = r.nextInt(kh + 1) - 1;
        int gw = 1 + 2 * r.nextInt(12), gh = 1 + 2 * r.nextInt(12);
        double sx = r.nextInt(3) == 0 ? 0 : 0.2 + 4 * r.nextDouble(), sy = r.nextBoolean() ? 0 : 0.2 + 4 * r.nextDouble();
        // a U8 window of more than 256 pixels takes the float-scale path, one of at most 256 the 16-bit division
        int bw = 17 + r.nextInt(8), bh = 17 + r.nextInt(8);
        BorderType g = (t == DataType.U8 || t == DataType.U16) && r.nextInt(4) == 0 ? BorderType.WRAP : b;
        int cw = 1 + r.nextInt(9), ch = 1 + r.nextInt(9), cx = r.nextInt(cw + 1) - 1, cy = r.nextInt(ch + 1) - 1;
        float[][] kernel = new float[ch][cw];
        for (float[] row : kernel) {
            for (int i = 0; i < cw; i++) {
                row[i] = r.nextInt(4) == 0 ? 0 : r.nextFloat() * 2 - 1;
            }
        }
        double delta = r.nextDouble() * 40 - 20;
        int ksize = r.nextBoolean() ? 1 : 3;
        DataType lapType = switch (r.nextInt(3)) {
            case 0 -> t;
            case 1 -> DataType.F32;
            default -> t == DataType.U8 ? DataType.S16 : t;
        };
        return List.of(
                new Filter("Conv2D " + cw + "x" + ch + " at " + cx + "," + cy + " delta " + delta + " " + b,
                        x -> Conv2D.conv2D(x, kernel, cx, cy, delta, b)),
                new Filter("Laplacian ksize " + ksize + " to " + lapType + " " + b,
                        x -> Laplacian.laplacian(x, ksize, 0.75, delta, lapType, b)),
                new Filter("BoxFilter " + kw + "x" + kh + " at " + ax + "," + ay + " sum " + b,
                        x -> BoxFilter.boxFilter(x, kw, kh, ax, ay, false, b)),
                new Filter("BoxFilter " + kw + "x" + kh + " at " + ax + "," + ay + " mean " + b,
                        x -> BoxFilter.boxFilter(x, kw, kh, ax, ay, true, b)),
                new Filter("AverageBlur " + bw + "x" + bh + " " + b, x -> AverageBlur.averageBlur(x, bw, bh, -1, -1, b)),
                new Filter("GaussianBlur " + gw + "x" + gh + " sigma " + sx + "," + sy + " " + g,
                        x -> GaussianBlur.gaussianBlur(x, gw, gh, sx, sy, g)),
                new Filter("GaussianBlur from sigma " + (sx + 0.5) + " " + g,
                        x -> GaussianBlur.gaussianBlur(x, 0, 0, sx + 0.5, 0, g)));
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryTypeBorderAndShape() {
        Random r = OpGpuSupport.seeded("linear filters GPU");
        for (DataType t : TYPES) {
            for (BorderType b : BORDERS) {
                for (Filter f : filters(r, t, b)) {
                    long[][] shapes = {{2, 37, 53, 1 + r.nextInt(4)}, {1, 1, 3}, {5, 3, 3}, {3, 61, 129}};
                    TensorLayout[] layouts = {TensorLayout.NHWC, TensorLayout.HWC, TensorLayout.HWC, TensorLayout.CHW};
                    for (int i = 0; i < shapes.length; i++) {
                        String what = t + " " + layouts[i] + " " + java.util.Arrays.toString(shapes[i]) + " " + f.what();
                        try (Tensor src = randomHost(r, t, layouts[i], shapes[i])) {
                            OpGpuSupport.sameOnGpu(what, src, f.op());
                        }
                    }
                    try (Tensor src = randomHost(r, t, TensorLayout.NHWC, 2, 29, 71, 3)) {
                        OpGpuSupport.sameOnGpuView(t + " NHWC view " + f.what(), src, 2, 3, 61, f.op());
                    }
                }
            }
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForLargeKernels() {
        Random r = OpGpuSupport.seeded("linear filters GPU large kernels");
        try (Tensor u8 = randomHost(r, DataType.U8, TensorLayout.HWC, 300, 257, 3);
             Tensor f32 = randomHost(r, DataType.F32, TensorLayout.HWC, 97, 131, 1)) {
            OpGpuSupport.sameOnGpu("U8 AverageBlur 63x41", u8, x -> AverageBlur.averageBlur(x, 63, 41, -1, -1, BorderType.REFLECT_101));
            OpGpuSupport.sameOnGpu("U8 GaussianBlur sigma 9", u8, x -> GaussianBlur.gaussianBlur(x, 0, 0, 9, 0, BorderType.REFLECT));
            OpGpuSupport.sameOnGpu("F32 BoxFilter 200x3", f32, x -> BoxFilter.boxFilter(x, 200, 3, 0, 2, true, BorderType.CONSTANT));
            OpGpuSupport.sameOnGpu("F32 GaussianBlur 31x61", f32, x -> GaussianBlur.gaussianBlur(x, 31, 61, 0, 0, BorderType.REPLICATE));
            float[][] k = new float[64][64];
            for (float[] row : k) {
                for (int i = 0; i < 64; i++) {
                    row[i] = r.nextFloat() / 2048;
                }
            }
            OpGpuSupport.sameOnGpu("U8 Conv2D 64x64", u8, x -> Conv2D.conv2D(x, k, -1, -1, 0.5, BorderType.REFLECT));
            OpGpuSupport.sameOnGpu("F32 Conv2D 64x64", f32, x -> Conv2D.conv2D(x, k, 63, 0, -2, BorderType.CONSTANT));
        }
    }
}

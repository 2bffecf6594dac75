package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.refused;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Threshold and AdaptiveThreshold of an ImageBatchVarShape: Threshold's automatic levels (a level per image), the
 * tensor and in-place forms against the single-image call, the refusals, and on a GPU the fixed and automatic levels
 * and the adaptive thresholds against the single-image CPU call (exactly). The array forms are covered for every
 * operator by VarShapeOperatorsTest and VarShapeOperatorsGpuTest.
 */
class ThresholdVarShapeTest {
    private final Random rnd = new Random(61);

    @Test
    void automaticLevelsPerImageEqualSingleImageCalls() {
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<Tensor> src = imgs.hostImages(rnd, VarShapeImages.randomSizes(rnd, 6, 50, 40), 1, DataType.U8);
            double[] maxval = {255, 100, 7, 300, 1, 128};
            for (Threshold.Auto m : Threshold.Auto.values()) {
                try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src);
                     ImageBatchVarShape out = Threshold.thresholdAuto(sb, m, maxval, Threshold.Type.BINARY)) {
                    assertNull(VarShapeCalls.againstEach(VarShapeImages.images(out), src,
                            (s, k) -> Threshold.thresholdAuto(s, m, maxval[k], Threshold.Type.BINARY)));
                }
            }
        }
    }

    @Test
    void tensorLevelsAndInPlaceEqualSingleImageCalls() {
        try (VarShapeImages imgs = new VarShapeImages();
             Tensor thresh = Tensor.allocateHost(new long[] {3}, DataType.F64, null);
             Tensor maxval = Tensor.allocateHost(new long[] {1}, DataType.F64, null)) {
            double[] t = {10.5, 100, 250};
            thresh.copyFrom(t);
            maxval.copyFrom(new double[] {200});
            List<Tensor> src = imgs.hostImages(rnd, VarShapeImages.randomSizes(rnd, 3, 30, 20), 3, DataType.F32);
            List<Tensor> before = new ArrayList<>();
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src)) {
                for (Tensor s : src) {
                    before.add(s.toHost());
                }
                Threshold.thresholdInto(sb, sb, thresh, maxval, Threshold.Type.TRUNC, null);
                assertNull(VarShapeCalls.againstEach(src, before, (s, k) -> Threshold.threshold(s, t[k], 200,
                        Threshold.Type.TRUNC)));
            } finally {
                before.forEach(Tensor::close);
            }
        }
    }

    @Test
    void refusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape two = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 3, DataType.U8);
             ImageBatchVarShape other = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 4)), 3, DataType.U8);
             Tensor s32 = Tensor.allocateHost(new long[] {2}, DataType.S32, null);
             Tensor shared = ImageTensors.randomHost(rnd, new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC)) {
            String op = "Threshold: ";
            double[] one = {100};
            Threshold.Type b = Threshold.Type.BINARY;
            refused(op, () -> Threshold.threshold(two, new double[] {1, 2, 3}, one, b), "thresh has 3 entries for 2 images");
            refused(op, () -> Threshold.threshold(two, one, new double[] {1, 2, 3}, b), "maxval has 3 entries for 2 images");
            refused(op, () -> Threshold.threshold(two, new double[] {Double.NaN}, one, b), "must be numbers");
            refused(op, () -> Threshold.threshold(two, s32, s32, b, null), "thresh is a S32 tensor");
            refused(op, () -> Threshold.thresholdInto(other, two, one, one, b), "dst image 1 is 7 x 4 (W x H)");
            refused(op, () -> Threshold.thresholdAuto(two, Threshold.Auto.OTSU, one, b), "src batch has 3 channels");
            Tensor img0 = shared.slice(0, 0, 1), img1 = shared.slice(0, 1, 1);
            try (ImageBatchVarShape src = VarShapeImages.hostBatch(List.of(img0, img1));
                 ImageBatchVarShape dst = VarShapeImages.hostBatch(List.of(img1, img0))) {
                refused(op, () -> Threshold.thresholdInto(dst, src, one, one, b), "overlaps src image");
            }
        }
    }

    @GpuTest
    @Test
    void gpuFixedAndAutomaticLevelsEqualCpu(Random seeded) {
        Device gpu = Device.get(0);
        try (VarShapeImages imgs = new VarShapeImages(); Stream s = Stream.create(gpu)) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(seeded, 70, 300, 200);
            sizes.set(0, ImageSize.of(1, 1));
            List<Tensor> gray = imgs.hostImages(seeded, sizes, 1, DataType.U8);
            List<Tensor> floats = imgs.hostImages(seeded, sizes, 4, DataType.F32);
            double[] thresh = new double[sizes.size()], maxval = new double[sizes.size()];
            for (int i = 0; i < thresh.length; i++) {
                thresh[i] = seeded.nextDouble() * 600 - 300;
                maxval[i] = seeded.nextDouble() * 300;
            }
            try (ImageBatchVarShape g = imgs.deviceBatch(seeded, gray, gpu);
                 ImageBatchVarShape f = imgs.deviceBatch(seeded, floats, gpu)) {
                for (Threshold.Auto m : Threshold.Auto.values()) {
                    try (ImageBatchVarShape out = Threshold.thresholdAuto(g, m, maxval, Threshold.Type.TRUNC, s)) {
                        s.synchronize();
                        assertNull(VarShapeCalls.onHost(VarShapeImages.images(out), got -> VarShapeCalls.againstEach(got, gray,
                                (h, k) -> Threshold.thresholdAuto(h, m, maxval[k], Threshold.Type.TRUNC))), m.name());
                    }
                }
                try (ImageBatchVarShape out = Threshold.threshold(f, thresh, maxval, Threshold.Type.TOZERO_INV, s)) {
                    s.synchronize();
                    assertNull(VarShapeCalls.onHost(VarShapeImages.images(out), got -> VarShapeCalls.againstEach(got, floats,
                            (h, k) -> Threshold.threshold(h, thresh[k], maxval[k], Threshold.Type.TOZERO_INV))));
                }
            }
        }
    }

    @Test
    void adaptiveTensorFormEqualsSingleImageCalls() {
        try (VarShapeImages imgs = new VarShapeImages();
             Tensor maxValue = Tensor.allocateHost(new long[] {1}, DataType.F64, null);
             Tensor block = Tensor.allocateHost(new long[] {3}, DataType.S32, null);
             Tensor c = Tensor.allocateHost(new long[] {3}, DataType.F32, null)) {
            maxValue.copyFrom(new double[] {200});
            int[] blocks = {3, 7, 15};
            float[] cs = {2.5f, -3, 0};
            block.copyFrom(blocks);
            c.copyFrom(cs);
            List<Tensor> src = imgs.hostImages(rnd, VarShapeImages.randomSizes(rnd, 3, 30, 20), 2, DataType.U8);
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src);
                 ImageBatchVarShape out = AdaptiveThreshold.adaptiveThreshold(sb, maxValue,
                         AdaptiveThreshold.Method.GAUSSIAN_C, Threshold.Type.BINARY_INV, block, c, null)) {
                assertNull(VarShapeCalls.againstEach(VarShapeImages.images(out), src, (h, k) -> AdaptiveThreshold.adaptiveThreshold(h, 200,
                        AdaptiveThreshold.Method.GAUSSIAN_C, Threshold.Type.BINARY_INV, blocks[k], cs[k])));
            }
        }
    }

    @Test
    void adaptiveRefusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape two = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 1, DataType.U8);
             ImageBatchVarShape floats = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 1, DataType.F32)) {
            String op = "AdaptiveThreshold: ";
            AdaptiveThreshold.Method m = AdaptiveThreshold.Method.MEAN_C;
            Threshold.Type b = Threshold.Type.BINARY;
            double[] one = {1};
            refused(op, () -> AdaptiveThreshold.adaptiveThreshold(two, one, m, b, new int[] {3, 5, 7}, one),
                    "blockSize has 3 entries for 2 images");
            refused(op, () -> AdaptiveThreshold.adaptiveThreshold(two, one, m, b, new int[] {3, 4}, one),
                    "blockSize 4 must be odd");
            refused(op, () -> AdaptiveThreshold.adaptiveThreshold(two, one, m, Threshold.Type.TRUNC, new int[] {3}, one),
                    "type TRUNC is not supported");
            refused(op, () -> AdaptiveThreshold.adaptiveThreshold(floats, one, m, b, new int[] {3}, one),
                    "src batch has data type F32");
            refused(op, () -> AdaptiveThreshold.adaptiveThresholdInto(two, two, one, m, b, new int[] {3}, one),
                    "overlaps src image");
        }
    }

    @GpuTest
    @Test
    void gpuAdaptiveEqualsCpu(Random seeded) {
        Device gpu = Device.get(0);
        try (VarShapeImages imgs = new VarShapeImages(); Stream s = Stream.create(gpu)) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(seeded, 70, 300, 200);
            sizes.set(0, ImageSize.of(1, 1));
            List<Tensor> host = imgs.hostImages(seeded, sizes, 3, DataType.U8);
            int[] block = new int[sizes.size()];
            double[] c = new double[sizes.size()], maxValue = new double[sizes.size()];
            for (int i = 0; i < block.length; i++) {
                block[i] = 3 + 2 * seeded.nextInt(12); // U8 box windows up to 25 x 25: the 16-bit and the float scaling
                c[i] = seeded.nextDouble() * 20 - 10;
                maxValue[i] = seeded.nextDouble() * 300;
            }
            try (ImageBatchVarShape sb = imgs.deviceBatch(seeded, host, gpu)) {
                for (AdaptiveThreshold.Method m : AdaptiveThreshold.Method.values()) {
                    for (Threshold.Type t : List.of(Threshold.Type.BINARY, Threshold.Type.BINARY_INV)) {
                        try (ImageBatchVarShape out = AdaptiveThreshold.adaptiveThreshold(sb, maxValue, m, t, block, c, s)) {
                            s.synchronize();
                            assertNull(VarShapeCalls.onHost(VarShapeImages.images(out), got -> VarShapeCalls.againstEach(got, host,
                                    (h, k) -> AdaptiveThreshold.adaptiveThreshold(h, maxValue[k], m, t, block[k], c[k]))),
                                    m + " " + t);
                        }
                    }
                }
            }
        }
    }
}

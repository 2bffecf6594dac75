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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The warps (WarpAffine, WarpPerspective) and Remap of an ImageBatchVarShape: the matrix-tensor and into forms
 * against the single-image call, the refusals, and on a GPU the into forms against the single-image CPU call
 * (exactly). The array forms are covered for every operator by VarShapeOperatorsTest and VarShapeOperatorsGpuTest.
 */
class WarpVarShapeTest {
    private static final double[] SHEAR = {0.9, 0.3, 2.5, -0.2, 1.1, -1.5};
    private static final double[] TILT = {1.05, 0.1, -2, 0.05, 0.95, 3, 0.001, -0.002, 1};
    private final Random rnd = new Random(47);

    @Test
    void matrixTensorsAndIntoEqualSingleImageCalls() {
        try (VarShapeImages imgs = new VarShapeImages();
             Tensor affine = Tensor.allocateHost(new long[] {1, 2, 3}, DataType.F32, null);
             Tensor perspective = Tensor.allocateHost(new long[] {1, 3, 3}, DataType.F64, null)) {
            float[] f = new float[6];
            for (int i = 0; i < 6; i++) {
                f[i] = (float) SHEAR[i];
            }
            affine.copyFrom(f);
            perspective.copyFrom(TILT);
            double[] affineF = new double[6];
            for (int i = 0; i < 6; i++) {
                affineF[i] = f[i];
            }
            List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 5, 40, 30);
            List<Tensor> src = imgs.hostImages(rnd, sizes, 3, DataType.U8);
            ImageSize[] out = {ImageSize.of(23, 17)};
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src);
                 ImageBatchVarShape a = WarpAffine.warpAffine(sb, out, affine, false, Interpolation.CUBIC,
                         BorderType.REFLECT, null);
                 ImageBatchVarShape p = WarpPerspective.warpPerspective(sb, out, perspective, true, Interpolation.LINEAR,
                         BorderType.CONSTANT, new double[] {7, 8, 9})) {
                assertNull(VarShapeCalls.againstEach(VarShapeImages.images(a), src, s -> WarpAffine.warpAffine(s, out[0],
                        new double[][] {affineF}, false, Interpolation.CUBIC, BorderType.REFLECT, null)));
                assertNull(VarShapeCalls.againstEach(VarShapeImages.images(p), src, s -> WarpPerspective.warpPerspective(s,
                        out[0], new double[][] {TILT}, true, Interpolation.LINEAR, BorderType.CONSTANT, new double[] {7, 8, 9})));
                WarpAffine.warpAffineInto(p, sb, new double[][] {SHEAR}, true, Interpolation.NEAREST, BorderType.WRAP, null);
                assertNull(VarShapeCalls.againstEach(VarShapeImages.images(p), src, s -> WarpAffine.warpAffine(s, out[0],
                        new double[][] {SHEAR}, true, Interpolation.NEAREST, BorderType.WRAP, null)));
            }
        }
    }

    @Test
    void refusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape empty = ImageBatchVarShape.createHost(2);
             ImageBatchVarShape two = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 3, DataType.U8);
             ImageBatchVarShape one = VarShapeImages.hostBatch(List.of(imgs.hostImage(rnd, ImageSize.of(5, 4), 3, DataType.U8)));
             ImageBatchVarShape floats = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 3, DataType.F32);
             Tensor s32 = Tensor.allocateHost(new long[] {2, 2, 3}, DataType.S32, null);
             Tensor wrongShape = Tensor.allocateHost(new long[] {2, 3, 3}, DataType.F32, null);
             Tensor shared = ImageTensors.randomHost(rnd, new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC)) {
            String op = "WarpAffine: ";
            ImageSize[] size = {ImageSize.of(6, 6)};
            double[][] m = {SHEAR};
            refused(op, () -> WarpAffine.warpAffine(empty, size, m, false, Interpolation.LINEAR, BorderType.CONSTANT, null),
                    "src batch is empty");
            refused(op, () -> WarpAffine.warpAffine(two, size, new double[][] {SHEAR, SHEAR, SHEAR}, false,
                    Interpolation.LINEAR, BorderType.CONSTANT, null), "matrices has 3 entries for 2 images");
            refused(op, () -> WarpAffine.warpAffine(two, new ImageSize[3], m, false, Interpolation.LINEAR,
                    BorderType.CONSTANT, null), "sizes has 3 entries for 2 images");
            refused(op, () -> WarpAffine.warpAffine(two, size, new double[][] {{1, 2, 3, 2, 4, 6}}, false,
                    Interpolation.LINEAR, BorderType.CONSTANT, null), "matrix 0 is singular");
            refused(op, () -> WarpAffine.warpAffine(two, size, s32, false, Interpolation.LINEAR, BorderType.CONSTANT, null),
                    "an F32 or F64 tensor of shape [N, 2, 3] expected");
            refused(op, () -> WarpAffine.warpAffine(two, size, wrongShape, false, Interpolation.LINEAR,
                    BorderType.CONSTANT, null), "matrices is a F32 tensor of shape [2, 3, 3]");
            refused(op, () -> WarpAffine.warpAffine(two, size, m, false, Interpolation.LINEAR, BorderType.CONSTANT,
                    new double[] {1, 2}), "border value has 2 entries");
            refused(op, () -> WarpAffine.warpAffineInto(one, two, m, false, Interpolation.LINEAR, BorderType.CONSTANT, null),
                    "dst batch has 1 images but src batch has 2");
            refused(op, () -> WarpAffine.warpAffineInto(floats, two, m, false, Interpolation.LINEAR, BorderType.CONSTANT,
                    null), "dst batch has pixels of");
            Tensor img0 = shared.slice(0, 0, 1), img1 = shared.slice(0, 1, 1);
            try (ImageBatchVarShape src = VarShapeImages.hostBatch(List.of(img0, img1));
                 ImageBatchVarShape dst = VarShapeImages.hostBatch(List.of(img0, img1))) {
                refused(op, () -> WarpAffine.warpAffineInto(dst, src, m, false, Interpolation.LINEAR, BorderType.CONSTANT,
                        null), "overlaps src image");
            }
            ImageBatchVarShape closed = VarShapeImages.hostBatch(List.of(imgs.hostImage(rnd, ImageSize.of(5, 4), 3, DataType.U8)));
            closed.close();
            refused(op, () -> WarpAffine.warpAffine(closed, size, m, false, Interpolation.LINEAR, BorderType.CONSTANT, null),
                    "src batch is closed");
            refused("WarpPerspective: ", () -> WarpPerspective.warpPerspective(two, size, m, false, Interpolation.LINEAR,
                    BorderType.CONSTANT, null), "matrix 0 has 6 values; expected 9");
        }
    }

    @Test
    void remapRefusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape two = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 3, DataType.U8);
             ImageBatchVarShape wrongSizes = imgs.hostBatch(rnd, List.of(ImageSize.of(6, 5), ImageSize.of(6, 4)), 3,
                     DataType.U8);
             Tensor map = Tensor.allocateHost(new long[] {5, 6, 2}, DataType.F32, TensorLayout.HWC);
             Tensor maps = Tensor.allocateHost(new long[] {2, 5, 6, 2}, DataType.F32, TensorLayout.NHWC);
             Tensor s32 = Tensor.allocateHost(new long[] {5, 6, 2}, DataType.S32, TensorLayout.HWC)) {
            String op = "Remap: ";
            refused(op, () -> Remap.remap(two, maps, false, Interpolation.LINEAR, BorderType.CONSTANT, null),
                    "map has N = 2; a batch takes 1 map for all its images");
            refused(op, () -> Remap.remap(two, s32, false, Interpolation.LINEAR, BorderType.CONSTANT, null),
                    "but must be F32 with 2 channels");
            refused(op, () -> Remap.remapInto(wrongSizes, two, map, false, Interpolation.LINEAR, BorderType.CONSTANT, null),
                    "dst image 1 is 6 x 4 (W x H) but the map is 6 x 5");
            Tensor onMap = Tensor.wrapHost(map.hostSegment(), new long[] {5, 6, 3}, DataType.U8, TensorLayout.HWC, null);
            try (ImageBatchVarShape dst = VarShapeImages.hostBatch(List.of(onMap,
                    imgs.hostImage(rnd, ImageSize.of(6, 5), 3, DataType.U8)))) {
                refused(op, () -> Remap.remapInto(dst, two, map, false, Interpolation.LINEAR, BorderType.CONSTANT, null),
                        "map");
            }
        }
    }

    @GpuTest
    @Test
    void gpuRemapIntoEqualsCpu(Random seeded) {
        Device gpu = Device.get(0);
        int mw = 120, mh = 90;
        float[] values = new float[mw * mh * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (seeded.nextDouble() * 360 - 30);
        }
        try (VarShapeImages imgs = new VarShapeImages(); Stream s = Stream.create(gpu);
             Tensor hostMap = Tensor.allocateHost(new long[] {mh, mw, 2}, DataType.F32, TensorLayout.HWC)) {
            hostMap.copyFrom(values);
            List<ImageSize> sizes = VarShapeImages.randomSizes(seeded, 70, 300, 200);
            List<Tensor> host = imgs.hostImages(seeded, sizes, 4, DataType.U8);
            List<ImageSize> outSizes = java.util.Collections.nCopies(sizes.size(), ImageSize.of(mw, mh));
            try (Tensor map = hostMap.toDevice(gpu, s);
                 ImageBatchVarShape sb = imgs.deviceBatch(seeded, host, gpu);
                 ImageBatchVarShape db = imgs.deviceBatch(seeded, imgs.hostImages(seeded, outSizes, 4, DataType.U8), gpu)) {
                Remap.remapInto(db, sb, map, false, Interpolation.CUBIC, BorderType.REFLECT, null, s);
                s.synchronize();
                assertNull(VarShapeCalls.onHost(VarShapeImages.images(db), got -> VarShapeCalls.againstEach(got, host,
                        h -> Remap.remap(h, hostMap, false, Interpolation.CUBIC, BorderType.REFLECT, null))));
            }
        }
    }

    @GpuTest
    @Test
    void gpuIntoEqualsCpu(Random seeded) {
        Device gpu = Device.get(0);
        try (VarShapeImages imgs = new VarShapeImages(); Stream s = Stream.create(gpu)) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(seeded, 70, 300, 200);
            List<ImageSize> outSizes = VarShapeImages.randomSizes(seeded, 70, 300, 200);
            List<Tensor> host = imgs.hostImages(seeded, sizes, 3, DataType.F32);
            double[][] m = new double[sizes.size()][];
            for (int i = 0; i < m.length; i++) {
                m[i] = TILT.clone();
                m[i][2] = seeded.nextDouble() * 40 - 20;
            }
            try (ImageBatchVarShape sb = imgs.deviceBatch(seeded, host, gpu);
                 ImageBatchVarShape db = imgs.deviceBatch(seeded, imgs.hostImages(seeded, outSizes, 3, DataType.F32), gpu)) {
                WarpPerspective.warpPerspectiveInto(db, sb, m, false, Interpolation.CUBIC, BorderType.REFLECT_101, null, s);
                s.synchronize();
                assertNull(VarShapeCalls.onHost(VarShapeImages.images(db), got -> VarShapeCalls.againstEach(got, host,
                        (h, k) -> WarpPerspective.warpPerspective(h, outSizes.get(k), new double[][] {m[k]}, false,
                                Interpolation.CUBIC, BorderType.REFLECT_101, null))));
            }
        }
    }
}

package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvj.cuda.Device;
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
 * Normalize of an ImageBatchVarShape: base and scale as CV-CUDA's F32 tensors, the into form, the refusals, and on a
 * GPU the into form against the single-image CPU call (exactly: both paths round each step alike). The allocating form
 * is covered for every operator by VarShapeOperatorsTest and VarShapeOperatorsGpuTest.
 */
class NormalizeVarShapeTest {
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f}, STD = {58.395f, 57.12f, 57.375f};

    private final Random rnd = new Random(32);

    @Test
    void tensorParametersAndIntoEqualImageByImage() {
        try (VarShapeImages imgs = new VarShapeImages();
             Tensor base = Tensor.allocateHost(new long[] {1, 1, 1, 3}, DataType.F32, TensorLayout.NHWC);
             Tensor scale = Tensor.allocateHost(new long[] {1}, DataType.F32, null)) {
            base.copyFrom(MEAN);
            scale.copyFrom(new float[] {STD[1]});
            List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 6, 50, 40);
            List<Tensor> src = imgs.hostImages(rnd, sizes, 3, DataType.U8);
            List<Tensor> dst = imgs.hostImages(rnd, sizes, 3, DataType.F16);
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src); ImageBatchVarShape db = VarShapeImages.hostBatch(dst);
                 ImageBatchVarShape got = Normalize.normalize(sb, base, scale, 2f, 0.5f, 0.1f, true, DataType.F32)) {
                assertNull(VarShapeCalls.againstEach(VarShapeImages.images(got), src,
                        s -> Normalize.normalize(s, MEAN, new float[] {STD[1]}, 2f, 0.5f, 0.1f, true, DataType.F32)));
                Normalize.normalizeInto(db, sb, MEAN, STD, 1f, 0f, 0f, true);
                assertNull(VarShapeCalls.againstEach(dst, src,
                        s -> Normalize.normalize(s, MEAN, STD, 1f, 0f, 0f, true, DataType.F16)));
            }
        }
    }

    @Test
    void refusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape empty = ImageBatchVarShape.createHost(2);
             ImageBatchVarShape two = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 3, DataType.U8);
             ImageBatchVarShape u16 = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 3, DataType.U16);
             Tensor s32 = Tensor.allocateHost(new long[] {1, 1, 1, 3}, DataType.S32, TensorLayout.NHWC);
             Tensor rows = Tensor.allocateHost(new long[] {2, 3}, DataType.F32, null);
             Tensor five = Tensor.allocateHost(new long[] {1, 1, 1, 5}, DataType.F32, TensorLayout.NHWC)) {
            String op = "Normalize: ";
            refused(op, () -> Normalize.normalize(empty, MEAN, STD, 1f, 0f, 0f, true, null), "src batch is empty");
            refused(op, () -> Normalize.normalize(two, new float[2], STD, 1f, 0f, 0f, true, null),
                    "base has 2 values");
            refused(op, () -> Normalize.normalize(two, MEAN, STD, 1f, 0f, 0f, true, DataType.U16),
                    "dst data type U16 is not supported for a U8 src");
            refused(op, () -> Normalize.normalizeInto(u16, two, MEAN, STD, 1f, 0f, 0f, true),
                    "dst batch has data type U16; supported for a U8 src batch: F16, F32, U8");
            refused(op, () -> Normalize.normalize(two, s32, five, 1f, 0f, 0f, true, null), "base is a S32 tensor");
            refused(op, () -> Normalize.normalize(two, rows, five, 1f, 0f, 0f, true, null),
                    "base is a F32 tensor of shape [2, 3]");
            refused(op, () -> Normalize.normalizeInto(u16, two, five, five, 1f, 0f, 0f, true),
                    "base is a F32 tensor of shape [1, 1, 1, 5]");
            assertThrows(NullPointerException.class, () -> Normalize.normalize(two, (float[]) null, STD, 1f, 0f, 0f, true, null));
            assertThrows(NullPointerException.class, () -> Normalize.normalize(two, (Tensor) null, five, 1f, 0f, 0f, true, null));
        }
    }

    @GpuTest
    @Test
    void gpuIntoEqualsCpu(Random seeded) {
        Device gpu = Device.get(0);
        try (VarShapeImages imgs = new VarShapeImages(); dev.cvj.cuda.Stream s = dev.cvj.cuda.Stream.create(gpu);
             Tensor base = Tensor.allocate(new long[] {1, 1, 1, 3}, DataType.F32, TensorLayout.NHWC);
             Tensor std = Tensor.allocate(new long[] {1, 1, 1, 1}, DataType.F32, TensorLayout.NHWC)) {
            base.copyFrom(MEAN);
            std.copyFrom(new float[] {STD[2]});
            List<ImageSize> sizes = VarShapeImages.randomSizes(seeded, 70, 300, 200);
            List<Tensor> host = imgs.hostImages(seeded, sizes, 3, DataType.U8);
            try (ImageBatchVarShape sb = imgs.deviceBatch(seeded, host, gpu);
                 ImageBatchVarShape db = imgs.deviceBatch(seeded, imgs.hostImages(seeded, sizes, 3, DataType.F16), gpu)) {
                Normalize.normalizeInto(db, sb, base, std, 1.5f, -0.25f, 0.01f, true, s);
                s.synchronize();
                assertNull(VarShapeCalls.onHost(VarShapeImages.images(db), got -> VarShapeCalls.againstEach(got, host,
                        h -> Normalize.normalize(h, MEAN, new float[] {STD[2]}, 1.5f, -0.25f, 0.01f, true, DataType.F16))));
                assertEquals(1, sb.uploadCount());
            }
        }
    }
}

package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * CopyMakeBorder.padAndStack (CV-CUDA's PadAndStack) of an ImageBatchVarShape: the into form into padded rows with
 * S32 tensor offsets, every border and several types, against the single-image CopyMakeBorder of each image; the
 * refusals; and on a GPU, more images than one launch takes, against the CPU path. The allocating form with random
 * offsets is covered by VarShapeOperatorsTest and VarShapeOperatorsGpuTest.
 */
class CopyMakeBorderVarShapeTest {
    private final Random rnd = new Random(33);

    @Test
    void intoPaddedRowsEqualsImageByImage() {
        for (DataType t : List.of(DataType.U8, DataType.S16, DataType.F32, DataType.F16)) {
            int c = 1 + rnd.nextInt(4);
            for (BorderType border : BorderType.values()) {
                assertInto(t, c, border, 5, rnd.nextBoolean());
            }
        }
    }

    private void assertInto(DataType t, int c, BorderType border, int count, boolean onePlace) {
        List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, count, 30, 20);
        int[] top = new int[onePlace ? 1 : count], left = new int[top.length];
        for (int i = 0; i < top.length; i++) {
            top[i] = rnd.nextInt(40); // wider than some images: REFLECT and WRAP repeat
            left[i] = rnd.nextInt(40);
        }
        ImageSize size = ImageSize.of(75, 65); // every image fits at any of the offsets
        double[] value = {1, 2000, -3, 4.5};
        try (VarShapeImages imgs = new VarShapeImages();
             Tensor wide = Tensor.allocateHost(new long[] {count, size.height(), size.width() + 3, c}, t, TensorLayout.NHWC);
             Tensor topT = Tensor.allocateHost(new long[] {top.length}, DataType.S32, null);
             Tensor leftT = Tensor.allocateHost(new long[] {left.length}, DataType.S32, null)) {
            topT.copyFrom(top);
            leftT.copyFrom(left);
            List<Tensor> src = imgs.hostImages(rnd, sizes, c, t);
            try (ImageBatchVarShape b = VarShapeImages.hostBatch(src)) {
                Tensor dst = wide.slice(2, 2, size.width());
                CopyMakeBorder.padAndStackInto(dst, b, topT, leftT, border, value);
                for (int i = 0; i < count; i++) {
                    int tp = top[onePlace ? 0 : i], lf = left[onePlace ? 0 : i];
                    ImageSize s = sizes.get(i);
                    try (Tensor want = CopyMakeBorder.copyMakeBorder(src.get(i), tp, size.height() - tp - s.height(), lf,
                            size.width() - lf - s.width(), border, value)) {
                        assertNull(ImageTensors.mismatch(dst.slice(0, i, 1), want, 0, 0), t + " c" + c + " " + border
                                + " image " + i);
                    }
                }
            }
        }
    }

    @Test
    void refusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape empty = ImageBatchVarShape.createHost(2);
             ImageBatchVarShape two = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 3, DataType.U8);
             Tensor dst = Tensor.allocateHost(new long[] {2, 6, 8, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor dst3 = Tensor.allocateHost(new long[] {3, 6, 8, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor dstF32 = Tensor.allocateHost(new long[] {2, 6, 8, 3}, DataType.F32, TensorLayout.NHWC);
             Tensor nchw = Tensor.allocateHost(new long[] {2, 3, 6, 8}, DataType.U8, TensorLayout.NCHW);
             Tensor s32 = Tensor.allocateHost(new long[] {2}, DataType.S32, null);
             Tensor s32x3 = Tensor.allocateHost(new long[] {3}, DataType.S32, null);
             Tensor f32 = Tensor.allocateHost(new long[] {2}, DataType.F32, null);
             Tensor shared = ImageTensors.randomHost(rnd, new long[] {2, 8, 8, 3}, DataType.U8, TensorLayout.NHWC)) {
            String op = "CopyMakeBorder: ";
            int[] zero = {0};
            ImageSize s = ImageSize.of(8, 6);
            BorderType b = BorderType.CONSTANT;
            refused(op, () -> CopyMakeBorder.padAndStack(empty, zero, zero, s, b, null), "src batch is empty");
            refused(op, () -> CopyMakeBorder.padAndStack(two, new int[] {0, 0, 0}, zero, s, b, null),
                    "top has 3 entries for 2 images");
            refused(op, () -> CopyMakeBorder.padAndStack(two, zero, new int[] {0, -1}, s, b, null),
                    "src image 1 (7 x 3) at top=0, left=-1 does not fit");
            refused(op, () -> CopyMakeBorder.padAndStack(two, new int[] {2, 4}, zero, s, b, null),
                    "src image 1 (7 x 3) at top=4, left=0 does not fit the 8 x 6 (W x H) output: it leaves top=4, bottom=-1");
            refused(op, () -> CopyMakeBorder.padAndStack(two, new int[] {3, 0}, zero, s, b, null),
                    "src image 0 (5 x 4) at top=3");
            refused(op, () -> CopyMakeBorder.padAndStack(two, zero, new int[] {1, 2}, s, b, null), "src image 1");
            refused(op, () -> CopyMakeBorder.padAndStack(two, zero, zero, ImageSize.of(0, 6), b, null),
                    "at least 1 x 1");
            refused(op, () -> CopyMakeBorder.padAndStack(two, zero, zero, s, b, new double[2]),
                    "border value has 2 entries");
            refused(op, () -> CopyMakeBorder.padAndStackInto(dst3, two, zero, zero, b, null), "dst has 3 images");
            refused(op, () -> CopyMakeBorder.padAndStackInto(dstF32, two, zero, zero, b, null), "F32");
            refused(op, () -> CopyMakeBorder.padAndStackInto(nchw, two, zero, zero, b, null), "dst has layout NCHW");
            refused(op, () -> CopyMakeBorder.padAndStackInto(dst, two, s32x3, s32, b, null),
                    "top has 3 entries for 2 images");
            refused(op, () -> CopyMakeBorder.padAndStackInto(dst, two, s32, f32, b, null), "left is a 1-d F32 tensor");
            assertThrows(NullPointerException.class, () -> CopyMakeBorder.padAndStack(two, zero, zero, s, null, null));
            assertThrows(NullPointerException.class, () -> CopyMakeBorder.padAndStack(two, (int[]) null, zero, s, b, null));
            assertThrows(NullPointerException.class, () -> CopyMakeBorder.padAndStack(two, zero, zero, null, b, null));
            // dst overlapping a source image
            Tensor img0 = shared.slice(0, 0, 1);
            try (ImageBatchVarShape one = VarShapeImages.hostBatch(List.of(img0))) {
                refused(op, () -> CopyMakeBorder.padAndStackInto(shared.slice(0, 0, 1), one, zero, zero, b, null),
                        "overlaps src image 0");
                CopyMakeBorder.padAndStackInto(shared.slice(0, 1, 1), one, zero, zero, b, null); // beside it: fine
                assertArrayEquals(OpTestSupport.bytes(img0), OpTestSupport.bytes(shared.slice(0, 1, 1)));
            }
            ImageBatchVarShape closed = VarShapeImages.hostBatch(List.of(imgs.hostImage(rnd, s, 3, DataType.U8)));
            closed.close();
            refused(op, () -> CopyMakeBorder.padAndStack(closed, zero, zero, s, b, null), "src batch is closed");
            refused(op, () -> CopyMakeBorder.padAndStack(closed, s32, s32, s, b, null), "src batch is closed");
        }
    }

    /** 300 images: two launches (256 images each at most), offsets per image, into padded rows, against the CPU path. */
    @GpuTest
    @Test
    void gpuEqualsCpuBeyondOneLaunch(Random seeded) {
        Device gpu = Device.get(0);
        int count = 300;
        for (BorderType border : BorderType.values()) {
            DataType t = seeded.nextBoolean() ? DataType.U8 : DataType.F32;
            int c = 1 + seeded.nextInt(4);
            List<ImageSize> sizes = VarShapeImages.randomSizes(seeded, count, 40, 30);
            int[] top = new int[count], left = new int[count];
            for (int i = 0; i < count; i++) {
                top[i] = seeded.nextInt(20);
                left[i] = seeded.nextInt(20);
            }
            ImageSize size = ImageSize.of(60 + seeded.nextInt(5), 50 + seeded.nextInt(5));
            double[] value = {7, 8, 9, 10};
            try (VarShapeImages imgs = new VarShapeImages(); dev.cvj.cuda.Stream s = dev.cvj.cuda.Stream.create(gpu);
                 Tensor wide = Tensor.allocate(new long[] {count, size.height(), size.width() + 5, c}, t, TensorLayout.NHWC)) {
                List<Tensor> host = imgs.hostImages(seeded, sizes, c, t);
                try (ImageBatchVarShape hb = VarShapeImages.hostBatch(host);
                     ImageBatchVarShape db = imgs.deviceBatch(seeded, host, gpu);
                     Tensor want = CopyMakeBorder.padAndStack(hb, top, left, size, border, value)) {
                    Tensor dst = wide.slice(2, 1, size.width());
                    CopyMakeBorder.padAndStackInto(dst, db, top, left, border, value, s);
                    try (Tensor got = CopyMakeBorder.padAndStack(db, top, left, size, border, value, s)) {
                        s.synchronize();
                        assertNull(VarShapeCalls.onHost(List.of(got, dst),
                                g -> VarShapeCalls.mismatch(g, List.of(want, want), 0, 0)), border + " " + t + " c" + c);
                    }
                    assertEquals(1, db.uploadCount());
                }
            }
        }
    }
}

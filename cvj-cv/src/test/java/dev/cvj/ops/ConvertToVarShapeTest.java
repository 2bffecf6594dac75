package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
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
 * ConvertTo of an ImageBatchVarShape: the into form (another type, in place) against the single-image call, the
 * refusals, and on a GPU the into forms against the single-image CPU call (exactly: both paths round each step alike).
 * The allocating form is covered for every operator by VarShapeOperatorsTest and VarShapeOperatorsGpuTest.
 */
class ConvertToVarShapeTest {
    private final Random rnd = new Random(31);

    @Test
    void intoAnotherTypeAndInPlace() {
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 5, 40, 30);
            List<Tensor> src = imgs.hostImages(rnd, sizes, 4, DataType.U16);
            List<Tensor> dst = imgs.hostImages(rnd, sizes, 4, DataType.S16);
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src); ImageBatchVarShape db = VarShapeImages.hostBatch(dst)) {
                ConvertTo.convertToInto(db, sb, -0.7, 100);
                assertNull(VarShapeCalls.againstEach(dst, src, s -> ConvertTo.convertTo(s, DataType.S16, -0.7, 100)));
                List<Tensor> before = new ArrayList<>();
                try {
                    for (Tensor s : src) {
                        before.add(s.toHost());
                    }
                    ConvertTo.convertToInto(sb, sb, 0.5, 3); // each image in its own memory
                    assertNull(VarShapeCalls.againstEach(src, before, s -> ConvertTo.convertTo(s, DataType.U16, 0.5, 3)));
                } finally {
                    before.forEach(Tensor::close);
                }
            }
        }
    }

    @Test
    void refusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape empty = ImageBatchVarShape.createHost(2);
             ImageBatchVarShape two = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 3, DataType.U8);
             ImageBatchVarShape one = VarShapeImages.hostBatch(List.of(imgs.hostImage(rnd, ImageSize.of(5, 4), 3, DataType.U8)));
             ImageBatchVarShape otherSizes = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 4)), 3, DataType.F32);
             ImageBatchVarShape fourChannels = imgs.hostBatch(rnd, List.of(ImageSize.of(5, 4), ImageSize.of(7, 3)), 4, DataType.F32);
             Tensor s32 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.S32, TensorLayout.HWC);
             Tensor c5 = Tensor.allocateHost(new long[] {4, 4, 5}, DataType.U8, TensorLayout.HWC);
             Tensor shared = ImageTensors.randomHost(rnd, new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC)) {
            String op = "ConvertTo: ";
            refused(op, () -> ConvertTo.convertTo(empty, DataType.F32, 1, 0), "src batch is empty");
            refused(op, () -> ConvertTo.convertTo(two, DataType.S32, 1, 0), "dstType S32 is not supported");
            assertThrows(NullPointerException.class, () -> ConvertTo.convertTo(two, null, 1, 0));
            assertThrows(NullPointerException.class, () -> ConvertTo.convertTo((ImageBatchVarShape) null, DataType.F32, 1, 0));
            refused(op, () -> ConvertTo.convertToInto(one, two, 1, 0),
                    "dst batch has 1 images but src batch has 2");
            refused(op, () -> ConvertTo.convertToInto(otherSizes, two, 1, 0),
                    "dst image 1 is 7 x 4 (W x H) but src image 1 is 7 x 3");
            refused(op, () -> ConvertTo.convertToInto(fourChannels, two, 1, 0),
                    "dst batch has 4 channels but the src batch has 3");
            try (ImageBatchVarShape b = VarShapeImages.hostBatch(List.of(s32))) {
                refused(op, () -> ConvertTo.convertTo(b, DataType.F32, 1, 0), "src batch has data type S32");
            }
            try (ImageBatchVarShape b = VarShapeImages.hostBatch(List.of(c5))) {
                refused(op, () -> ConvertTo.convertTo(b, DataType.F32, 1, 0),
                        "src batch has 5 channels; supported: 1..4");
            }
            // Image i onto itself is an in-place update; onto another src image it is refused.
            Tensor img0 = shared.slice(0, 0, 1), img1 = shared.slice(0, 1, 1);
            try (ImageBatchVarShape src = VarShapeImages.hostBatch(List.of(img0, img1));
                 ImageBatchVarShape dst = VarShapeImages.hostBatch(List.of(img1, img0))) {
                refused(op, () -> ConvertTo.convertToInto(dst, src, 1, 0), "overlaps src image");
            }
            ImageBatchVarShape closed = VarShapeImages.hostBatch(List.of(imgs.hostImage(rnd, ImageSize.of(5, 4), 3, DataType.U8)));
            closed.close();
            refused(op, () -> ConvertTo.convertTo(closed, DataType.F32, 1, 0), "src batch is closed");
            refused(op, () -> ConvertTo.convertToInto(closed, one, 1, 0), "dst batch is closed");
        }
    }

    @GpuTest
    @Test
    void gpuIntoAndInPlaceEqualCpu(Random seeded) {
        Device gpu = Device.get(0);
        try (VarShapeImages imgs = new VarShapeImages(); dev.cvj.cuda.Stream s = dev.cvj.cuda.Stream.create(gpu)) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(seeded, 70, 300, 200);
            List<Tensor> host = imgs.hostImages(seeded, sizes, 3, DataType.F32);
            try (ImageBatchVarShape sb = imgs.deviceBatch(seeded, host, gpu);
                 ImageBatchVarShape db = imgs.deviceBatch(seeded, imgs.hostImages(seeded, sizes, 3, DataType.U8), gpu)) {
                ConvertTo.convertToInto(db, sb, 255.0, -20, s); // both ends of U8 saturate
                s.synchronize();
                assertNull(VarShapeCalls.onHost(VarShapeImages.images(db), got -> VarShapeCalls.againstEach(got, host,
                        h -> ConvertTo.convertTo(h, DataType.U8, 255.0, -20))));
                ConvertTo.convertToInto(sb, sb, -3.5, 1, s); // F32 in place
                s.synchronize();
                assertNull(VarShapeCalls.onHost(VarShapeImages.images(sb), got -> VarShapeCalls.againstEach(got, host,
                        h -> ConvertTo.convertTo(h, DataType.F32, -3.5, 1))));
                assertEquals(1, sb.uploadCount(), "descriptors uploaded once for two calls on one batch");
            }
        }
    }
}

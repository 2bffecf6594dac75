package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Resize of an ImageBatchVarShape on the host (the CPU path) against the single-image Resize of each image, and
 * the refusals of the varshape forms. No GPU needed.
 */
class ResizeVarShapeTest {
    private final Random rnd = new Random(14);

    @Test
    void toOneSizeEqualsImageByImage() {
        for (int count : new int[] {1, 7, 64}) {
            for (DataType t : List.of(DataType.U8, DataType.F32)) {
                int c = count == 7 ? 4 : count == 1 ? 1 : 3;
                ImageSize out = VarShapeImages.randomSize(rnd, 120, 90);
                List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, count, 300, 200);
                // The special shapes cv::resize runs differently: same size (a copy) and an exact 2x shrink.
                sizes.set(0, out);
                if (count > 1) {
                    sizes.set(1, ImageSize.of(out.width() * 2, out.height() * 2));
                }
                assertOneSize(sizes, out, c, t);
            }
        }
    }

    @Test
    void toOneSizeOtherTypes() {
        for (DataType t : List.of(DataType.U16, DataType.S16, DataType.F16)) {
            assertOneSize(VarShapeImages.randomSizes(rnd, 7, 60, 40), ImageSize.of(23, 17), 3, t);
        }
    }

    @Test
    void largeImages() {
        List<ImageSize> sizes = List.of(ImageSize.of(3000, 2000), VarShapeImages.randomSize(rnd, 3000, 2000));
        assertOneSize(sizes, ImageSize.of(224, 224), 3, DataType.U8);
    }

    @Test
    void sizePerImageEqualsImageByImage() {
        for (int count : new int[] {1, 7, 64}) {
            for (DataType t : List.of(DataType.U8, DataType.F32, DataType.U16)) {
                VarShapeImages.SizePairs sizes = VarShapeImages.sizePairs(rnd, count);
                List<ImageSize> in = sizes.in(), out = sizes.out();
                assertPerImage(in, out, 3, t);
            }
        }
    }

    private void assertOneSize(List<ImageSize> sizes, ImageSize out, int c, DataType t) {
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<Tensor> src = imgs.hostImages(rnd, sizes, c, t);
            try (ImageBatchVarShape batch = VarShapeImages.hostBatch(src)) {
                for (Interpolation interp : Interpolation.values()) {
                    try (Tensor dst = Resize.resize(batch, out, interp)) {
                        assertEquals(List.of((long) sizes.size(), (long) out.height(), (long) out.width(), (long) c),
                                List.of(dst.shape(0), dst.shape(1), dst.shape(2), dst.shape(3)));
                        assertEquals(TensorLayout.NHWC, dst.layout());
                        List<Tensor> got = new ArrayList<>();
                        for (int i = 0; i < sizes.size(); i++) {
                            got.add(VarShapeImages.imageOf(dst, i));
                        }
                        assertNull(VarShapeImages.againstPerImage(src, got, Collections.nCopies(sizes.size(), out), interp,
                                0, 0), t + " c" + c);
                    }
                }
                // Into a tensor with padded rows.
                try (Tensor wide = Tensor.allocateHost(new long[] {sizes.size(), out.height(), out.width() + 3, c}, t,
                        TensorLayout.NHWC)) {
                    Tensor dst = wide.slice(2, 1, out.width());
                    Resize.resizeInto(dst, batch, Interpolation.LINEAR);
                    List<Tensor> got = new ArrayList<>();
                    for (int i = 0; i < sizes.size(); i++) {
                        got.add(dst.slice(0, i, 1));
                    }
                    assertNull(VarShapeImages.againstPerImage(src, got, Collections.nCopies(sizes.size(), out),
                            Interpolation.LINEAR, 0, 0));
                }
            }
        }
    }

    private void assertPerImage(List<ImageSize> in, List<ImageSize> out, int c, DataType t) {
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<Tensor> src = imgs.hostImages(rnd, in, c, t);
            List<Tensor> dst = imgs.hostImages(rnd, out, c, t);
            try (ImageBatchVarShape sb = VarShapeImages.hostBatch(src); ImageBatchVarShape db = VarShapeImages.hostBatch(dst)) {
                for (Interpolation interp : Interpolation.values()) {
                    Resize.resizeInto(db, sb, interp);
                    assertNull(VarShapeImages.againstPerImage(src, dst, out, interp, 0, 0), t + " c" + c);
                }
            }
        }
    }

    @Test
    void refusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape empty = ImageBatchVarShape.createHost(4);
             ImageBatchVarShape two = VarShapeImages.hostBatch(List.of(imgs.hostImage(rnd, ImageSize.of(5, 4), 3, DataType.U8),
                     imgs.hostImage(rnd, ImageSize.of(7, 3), 3, DataType.U8)));
             ImageBatchVarShape one = VarShapeImages.hostBatch(List.of(imgs.hostImage(rnd, ImageSize.of(5, 4), 3, DataType.U8)));
             ImageBatchVarShape f32 = VarShapeImages.hostBatch(List.of(imgs.hostImage(rnd, ImageSize.of(5, 4), 3, DataType.F32),
                     imgs.hostImage(rnd, ImageSize.of(6, 4), 3, DataType.F32)));
             Tensor dst2 = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor dst3 = Tensor.allocateHost(new long[] {3, 4, 4, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor dstC4 = Tensor.allocateHost(new long[] {2, 4, 4, 4}, DataType.U8, TensorLayout.NHWC);
             Tensor dstF32 = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.F32, TensorLayout.NHWC);
             Tensor nchw = Tensor.allocateHost(new long[] {2, 3, 4, 4}, DataType.U8, TensorLayout.NCHW);
             Tensor s32 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.S32, TensorLayout.HWC);
             Tensor c2 = Tensor.allocateHost(new long[] {4, 4, 2}, DataType.U8, TensorLayout.HWC);
             Tensor shared = ImageTensors.randomHost(rnd, new long[] {2, 8, 8, 3}, DataType.U8, TensorLayout.NHWC)) {
            ImageSize s = ImageSize.of(4, 4);
            refused(() -> Resize.resize(empty, s, Interpolation.LINEAR), "src batch is empty");
            refused(() -> Resize.resizeInto(dst2, empty, Interpolation.LINEAR), "src batch is empty");
            refused(() -> Resize.resize(two, ImageSize.of(0, 4), Interpolation.LINEAR), "at least 1 x 1");
            refused(() -> Resize.resizeInto(dst3, two, Interpolation.LINEAR), "dst has 3 images");
            refused(() -> Resize.resizeInto(dstC4, two, Interpolation.LINEAR), "dst has 2 images of 4");
            refused(() -> Resize.resizeInto(dstF32, two, Interpolation.LINEAR), "F32");
            refused(() -> Resize.resizeInto(nchw, two, Interpolation.LINEAR), "dst");
            refused(() -> Resize.resizeInto(two, one, Interpolation.LINEAR), "dst batch has 2 images but src batch has 1");
            refused(() -> Resize.resizeInto(f32, two, Interpolation.LINEAR), "dst batch has 3-channel F32 pixels");
            try (ImageBatchVarShape b = VarShapeImages.hostBatch(List.of(s32))) {
                refused(() -> Resize.resize(b, s, Interpolation.LINEAR), "data type S32");
            }
            try (ImageBatchVarShape b = VarShapeImages.hostBatch(List.of(c2))) {
                refused(() -> Resize.resize(b, s, Interpolation.LINEAR), "2 channels");
            }
            // dst overlapping a source image: the output tensor is the memory of image 1, or a dst image is.
            Tensor img0 = shared.slice(0, 0, 1).reshape(new long[] {8, 8, 3}, TensorLayout.HWC);
            Tensor img1 = shared.slice(0, 1, 1).reshape(new long[] {8, 8, 3}, TensorLayout.HWC);
            try (ImageBatchVarShape b = VarShapeImages.hostBatch(List.of(img0))) {
                refused(() -> Resize.resizeInto(shared.slice(0, 0, 1).slice(1, 2, 4).slice(2, 0, 4), b,
                        Interpolation.LINEAR), "overlaps src image 0");
                // A tensor beside the image is fine.
                Resize.resizeInto(shared.slice(0, 1, 1), b, Interpolation.NEAREST);
            }
            try (ImageBatchVarShape src = VarShapeImages.hostBatch(List.of(img0, img1));
                 ImageBatchVarShape dst = VarShapeImages.hostBatch(List.of(imgs.hostImage(rnd, s, 3, DataType.U8),
                         img1.slice(0, 0, 2)))) {
                refused(() -> Resize.resizeInto(dst, src, Interpolation.LINEAR), "dst image 1 overlaps src image 1");
            }
            ImageBatchVarShape closed = VarShapeImages.hostBatch(List.of(imgs.hostImage(rnd, s, 3, DataType.U8)));
            closed.close();
            refused(() -> Resize.resize(closed, s, Interpolation.LINEAR), "src batch is closed");
            refused(() -> Resize.resizeInto(closed, one, Interpolation.LINEAR), "dst batch is closed");
            assertThrows(NullPointerException.class, () -> Resize.resize(one, s, null));
            assertThrows(NullPointerException.class, () -> Resize.resize((ImageBatchVarShape) null, s, Interpolation.AREA));
            assertThrows(NullPointerException.class, () -> Resize.resize(one, (ImageSize) null, Interpolation.AREA));
            assertThrows(NullPointerException.class, () -> Resize.resize(one, (ImageSize[]) null, Interpolation.AREA));
            refused(() -> Resize.resize(one, new ImageSize[2], Interpolation.AREA), "sizes has 2 entries for 1 images");
        }
    }

    private static void refused(Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith("Resize: ") && e.getMessage().contains(part), e.getMessage());
    }
}

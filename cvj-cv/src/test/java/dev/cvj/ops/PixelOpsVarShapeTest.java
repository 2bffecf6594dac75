package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The varshape forms of Flip, CustomCrop, ChannelReorder and CvtColor on host batches: the forms the registry's
 * sampler does not make (into a caller's batch, one parameter for every image, 4:2:0 conversions) against the
 * single-image calls, and the refusals. No GPU needed; VarShapeOperatorsTest covers the allocating forms.
 */
class PixelOpsVarShapeTest {
    private final Random rnd = new Random(31);

    @Test
    void flipForms() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape src = batch(imgs, 3, DataType.U16, ImageSize.of(5, 4), ImageSize.of(1, 7), ImageSize.of(9, 2));
             ImageBatchVarShape dst = like(imgs, src, src::imageSize, 3, DataType.U16);
             Tensor codes = s32(new int[] {1, -1, 0}, 3)) {
            Flip.flipInto(dst, src, codes);
            assertPerImage(dst, src, (img, i) -> Flip.flip(img, FlipMode.fromCode(new int[] {1, -1, 0}[i])));
            Flip.flipInto(dst, src, new FlipMode[] {FlipMode.BOTH});
            assertPerImage(dst, src, (img, i) -> Flip.flip(img, FlipMode.BOTH));
        }
    }

    @Test
    void flipRefusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape src = batch(imgs, 3, DataType.U8, ImageSize.of(5, 4), ImageSize.of(7, 3), ImageSize.of(2, 2));
             ImageBatchVarShape two = batch(imgs, 3, DataType.U8, ImageSize.of(5, 4), ImageSize.of(7, 3));
             ImageBatchVarShape otherSizes = batch(imgs, 3, DataType.U8, ImageSize.of(5, 4), ImageSize.of(3, 7), ImageSize.of(2, 2));
             ImageBatchVarShape rgba = batch(imgs, 4, DataType.U8, ImageSize.of(5, 4), ImageSize.of(7, 3), ImageSize.of(2, 2));
             ImageBatchVarShape c5 = batch(imgs, 5, DataType.U8, ImageSize.of(5, 4));
             ImageBatchVarShape empty = ImageBatchVarShape.createHost(2);
             Tensor badCode = s32(new int[] {0, 5, 1}, 3);
             Tensor f32Codes = Tensor.allocateHost(new long[] {3}, DataType.F32, null)) {
            FlipMode[] h = {FlipMode.HORIZONTAL};
            refused("Flip", () -> Flip.flip(src, new FlipMode[2]), "modes has 2 entries for 3 images");
            assertThrows(NullPointerException.class, () -> Flip.flip(src, new FlipMode[1]));
            refused("Flip", () -> Flip.flip(src, badCode), "flipCode[1] is 5");
            refused("Flip", () -> Flip.flip(src, f32Codes), "flipCode is a 1-d F32 tensor");
            refused("Flip", () -> Flip.flip(empty, h), "src batch is empty");
            refused("Flip", () -> Flip.flip(c5, h), "src batch has 5 channels");
            refused("Flip", () -> Flip.flipInto(two, src, h), "dst batch has 2 images but src batch has 3");
            refused("Flip", () -> Flip.flipInto(otherSizes, src, h), "dst image 1 is 3 x 7 (W x H) but src image 1 is 7 x 3");
            refused("Flip", () -> Flip.flipInto(rgba, src, h), "dst batch has pixels of 4 x U8 but must have 3 x U8");
            refused("Flip", () -> Flip.flipInto(src, src, h), "overlaps src image");
            ImageBatchVarShape closed = batch(imgs, 3, DataType.U8, ImageSize.of(5, 4));
            closed.close();
            refused("Flip", () -> Flip.flip(closed, h), "src batch is closed");
            refused("Flip", () -> Flip.flipInto(closed, two, h), "dst batch is closed");
        }
    }

    @Test
    void customCropForms() {
        int[][] rects = {{1, 0, 3, 4}, {0, 2, 7, 1}, {1, 1, 1, 1}};
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape src = batch(imgs, 2, DataType.F32, ImageSize.of(5, 4), ImageSize.of(7, 3), ImageSize.of(2, 2));
             ImageBatchVarShape dst = like(imgs, src, i -> ImageSize.of(rects[i][2], rects[i][3]), 2, DataType.F32);
             ImageBatchVarShape dstOne = like(imgs, src, i -> ImageSize.of(2, 1), 2, DataType.F32);
             Tensor rectTensor = s32(new int[] {1, 0, 3, 4, 0, 2, 7, 1, 1, 1, 1, 1}, 3, 4)) {
            CustomCrop.customCropInto(dst, src, rectTensor);
            assertPerImage(dst, src, (img, i) -> CustomCrop.customCrop(img, rects[i][0], rects[i][1], rects[i][2], rects[i][3]));
            CustomCrop.customCropInto(dstOne, src, new int[][] {{0, 1, 2, 1}});
            assertPerImage(dstOne, src, (img, i) -> CustomCrop.customCrop(img, 0, 1, 2, 1));
        }
    }

    @Test
    void customCropRefusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape src = batch(imgs, 3, DataType.U8, ImageSize.of(5, 4), ImageSize.of(7, 3), ImageSize.of(2, 2));
             ImageBatchVarShape dst = batch(imgs, 3, DataType.U8, ImageSize.of(2, 2), ImageSize.of(2, 2), ImageSize.of(1, 2));
             Tensor rows3 = s32(new int[9], 3, 3)) {
            int[][] fits = {{0, 0, 2, 2}};
            refused("CustomCrop", () -> CustomCrop.customCrop(src, new int[][] {{0, 0, 2, 2}, {1, 1, 7, 2}, {0, 0, 1, 1}}),
                    "rects[1] (x=1, y=1, w=7, h=2) is not inside src image 1 of 7 x 3 (W x H)");
            refused("CustomCrop", () -> CustomCrop.customCrop(src, new int[][] {{0, 0, 3, 2}}),
                    "rects[0] (x=0, y=0, w=3, h=2) is not inside src image 2 of 2 x 2 (W x H)");
            refused("CustomCrop", () -> CustomCrop.customCrop(src, new int[][] {{0, 0, 0, 2}}), "is not inside src image 0");
            refused("CustomCrop", () -> CustomCrop.customCrop(src, new int[][] {{0, -1, 1, 1}}), "is not inside src image 0");
            refused("CustomCrop", () -> CustomCrop.customCrop(src, new int[][] {{0, 0, 1}}), "rects[0] has 3 values");
            refused("CustomCrop", () -> CustomCrop.customCrop(src, new int[2][]), "rects has 2 entries for 3 images");
            refused("CustomCrop", () -> CustomCrop.customCrop(src, rows3), "rows of 4 values expected");
            refused("CustomCrop", () -> CustomCrop.customCropInto(dst, src, fits),
                    "dst image 2 is 1 x 2 (W x H) but rects[0] is 2 x 2 (W x H)");
            refused("CustomCrop", () -> CustomCrop.customCropInto(src, src, new int[][] {{0, 0, 5, 4}, {0, 0, 7, 3},
                    {0, 0, 2, 2}}), "overlaps src image");
        }
    }

    @Test
    void channelReorderForms() {
        int[][] orders = {{2, 0}, {-1, 1}, {0, 0}};
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape src = batch(imgs, 3, DataType.S16, ImageSize.of(5, 4), ImageSize.of(7, 3), ImageSize.of(2, 2));
             ImageBatchVarShape dst = like(imgs, src, src::imageSize, 2, DataType.S16);
             ImageBatchVarShape dst4 = like(imgs, src, src::imageSize, 4, DataType.S16);
             Tensor orderTensor = s32(new int[] {2, 0, -1, 1, 0, 0}, 3, 2)) {
            ChannelReorder.channelReorderInto(dst, src, orderTensor);
            assertPerImage(dst, src, (img, i) -> ChannelReorder.channelReorder(img, orders[i]));
            int[] bgrZero = {2, 1, 0, -1};
            ChannelReorder.channelReorderInto(dst4, src, new int[][] {bgrZero});
            assertPerImage(dst4, src, (img, i) -> ChannelReorder.channelReorder(img, bgrZero));
        }
    }

    @Test
    void channelReorderRefusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape src = batch(imgs, 3, DataType.U8, ImageSize.of(5, 4), ImageSize.of(7, 3));
             ImageBatchVarShape dst = like(imgs, src, src::imageSize, 3, DataType.U8);
             Tensor rows5 = s32(new int[10], 2, 5)) {
            refused("ChannelReorder", () -> ChannelReorder.channelReorder(src, new int[][] {{2, 1, 0}, {1, 0}}),
                    "orders[1] has 2 entries but orders[0] has 3");
            refused("ChannelReorder", () -> ChannelReorder.channelReorder(src, new int[][] {{3}}),
                    "names channel 3 but src batch has 3 channels");
            refused("ChannelReorder", () -> ChannelReorder.channelReorder(src, new int[3][]), "3 orders for 2 images");
            refused("ChannelReorder", () -> ChannelReorder.channelReorder(src, rows5), "rows of 1..4 values expected");
            refused("ChannelReorder", () -> ChannelReorder.channelReorderInto(dst, src, new int[][] {{0, 1, 2, 2}}),
                    "dst batch has pixels of 3 x U8 but must have 4 x U8");
            refused("ChannelReorder", () -> ChannelReorder.channelReorderInto(src, src, new int[][] {{0, 1, 2}}),
                    "overlaps src image");
        }
    }

    @Test
    void cvtColorYuv420EqualsImageByImage() {
        List<ImageSize> rgbSizes = List.of(ImageSize.of(2, 2), ImageSize.of(38, 20), ImageSize.of(6, 40));
        for (ColorConversion code : List.of(ColorConversion.RGB2YUV_NV12, ColorConversion.BGRA2YUV_I420,
                ColorConversion.YUV2RGB_NV21, ColorConversion.YUV2BGRA_I420)) {
            boolean from = code.family() == ColorConversion.Family.FROM_YUV420;
            for (boolean full : new boolean[] {false, true}) {
                try (VarShapeImages imgs = new VarShapeImages();
                     ImageBatchVarShape src = batch(imgs, code.srcChannels(), DataType.U8, rgbSizes.stream()
                             .map(s -> from ? ImageSize.of(s.width(), s.height() / 2 * 3) : s).toArray(ImageSize[]::new));
                     ImageBatchVarShape got = CvtColor.cvtColor(src, code, full)) {
                    assertPerImage(got, src, (img, i) -> CvtColor.cvtColor(img, code, full));
                }
            }
        }
    }

    @Test
    void cvtColorYuv422AndLumaEqualImageByImage() {
        List<ImageSize> sizes = List.of(ImageSize.of(2, 1), ImageSize.of(38, 20), ImageSize.of(6, 40));
        for (ColorConversion code : List.of(ColorConversion.YUV2RGB_UYVY, ColorConversion.YUV2BGRA_YVYU,
                ColorConversion.YUV2GRAY_YUY2, ColorConversion.YUV2GRAY_YV12, ColorConversion.YUV2RGB_YV12,
                ColorConversion.RGBA2YUV_YV12)) {
            boolean from420 = code.yuv420() != null && code.family() != ColorConversion.Family.TO_YUV420;
            try (VarShapeImages imgs = new VarShapeImages();
                 ImageBatchVarShape src = batch(imgs, code.srcChannels(), DataType.U8, sizes.stream()
                         .map(s -> ImageSize.of(s.width(), from420 ? s.height() * 3 : code.yuv420() != null
                                 ? s.height() * 2 : s.height()))
                         .toArray(ImageSize[]::new));
                 ImageBatchVarShape got = CvtColor.cvtColor(src, code, true)) {
                assertPerImage(got, src, (img, i) -> CvtColor.cvtColor(img, code, true));
            }
        }
    }

    @Test
    void cvtColorRefusals() {
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape rgb = batch(imgs, 3, DataType.U8, ImageSize.of(4, 2), ImageSize.of(6, 3));
             ImageBatchVarShape f32 = batch(imgs, 3, DataType.F32, ImageSize.of(4, 2));
             ImageBatchVarShape nv12 = batch(imgs, 1, DataType.U8, ImageSize.of(4, 3), ImageSize.of(4, 4));
             ImageBatchVarShape gray = like(imgs, rgb, i -> ImageSize.of(4, 2), 1, DataType.U8)) {
            refused("CvtColor RGB2YUV_NV12", () -> CvtColor.cvtColor(rgb, ColorConversion.RGB2YUV_NV12),
                    "needs an even width and height, got 6 x 3 (W x H) for src image 1");
            refused("CvtColor YUV2RGB_NV12", () -> CvtColor.cvtColor(nv12, ColorConversion.YUV2RGB_NV12),
                    "a YUV 4:2:0 src image 1 has H * 3 / 2 rows");
            refused("CvtColor RGB2YUV_I420", () -> CvtColor.cvtColor(f32, ColorConversion.RGB2YUV_I420), "data type F32");
            refused("CvtColor RGBA2BGR", () -> CvtColor.cvtColor(rgb, ColorConversion.RGBA2BGR),
                    "src batch has 3 channels; supported: 4");
            refused("CvtColor RGB2GRAY", () -> CvtColor.cvtColorInto(gray, rgb, ColorConversion.RGB2GRAY),
                    "dst image 1 is 4 x 2 (W x H) but must be 6 x 3 (W x H)");
            refused("CvtColor RGB2BGR", () -> CvtColor.cvtColorInto(gray, rgb, ColorConversion.RGB2BGR),
                    "dst batch has pixels of 1 x U8 but must have 3 x U8");
            refused("CvtColor RGB2BGR", () -> CvtColor.cvtColorInto(rgb, rgb, ColorConversion.RGB2BGR),
                    "overlaps src image");
            assertThrows(NullPointerException.class, () -> CvtColor.cvtColor(rgb, (ColorConversion) null));
        }
    }

    @Test
    void imagesPushedAsNhwc() {
        // an image may be pushed as NHWC with N = 1 (here with padded rows); the outputs are HWC
        try (VarShapeImages imgs = new VarShapeImages();
             Tensor wide = ImageTensors.randomHost(rnd, new long[] {1, 4, 9, 3}, DataType.U8, TensorLayout.NHWC);
             ImageBatchVarShape src = VarShapeImages.hostBatch(List.of(imgs.hostImage(rnd, ImageSize.of(5, 3), 3, DataType.U8),
                     wide.slice(2, 1, 6)))) {
            int[][] rects = {{1, 1, 2, 2}};
            int[] order = {2, 2, -1};
            try (ImageBatchVarShape flipped = Flip.flip(src, new FlipMode[] {FlipMode.BOTH});
                 ImageBatchVarShape cropped = CustomCrop.customCrop(src, rects);
                 ImageBatchVarShape reordered = ChannelReorder.channelReorder(src, new int[][] {order});
                 ImageBatchVarShape gray = CvtColor.cvtColor(src, ColorConversion.RGB2GRAY)) {
                assertPerImage(flipped, src, (img, i) -> Flip.flip(img, FlipMode.BOTH));
                assertPerImage(cropped, src, (img, i) -> CustomCrop.customCrop(img, 1, 1, 2, 2));
                assertPerImage(reordered, src, (img, i) -> ChannelReorder.channelReorder(img, order));
                assertPerImage(gray, src, (img, i) -> CvtColor.cvtColor(img, ColorConversion.RGB2GRAY));
            }
        }
    }

    /** Image i of {@code got} equals the single-image call on image i of {@code src}. */
    private static void assertPerImage(ImageBatchVarShape got, ImageBatchVarShape src, PerImage oneByOne) {
        List<Tensor> want = new ArrayList<>();
        try {
            for (int i = 0; i < src.size(); i++) {
                want.add(oneByOne.apply(src.image(i), i));
            }
            List<Tensor> images = new ArrayList<>();
            got.forEach(images::add);
            assertNull(VarShapeCalls.mismatch(images, want, 0, 0));
        } finally {
            want.forEach(Tensor::close);
        }
    }

    private interface PerImage {
        Tensor apply(Tensor image, int index);
    }

    private ImageBatchVarShape batch(VarShapeImages imgs, int c, DataType t, ImageSize... sizes) {
        return VarShapeImages.hostBatch(imgs.hostImages(rnd, List.of(sizes), c, t));
    }

    /** A host batch of images of {@code size.apply(i)} for each image i of {@code src}. */
    private ImageBatchVarShape like(VarShapeImages imgs, ImageBatchVarShape src, IntFunction<ImageSize> size, int c,
                                    DataType t) {
        ImageSize[] sizes = new ImageSize[src.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = size.apply(i);
        }
        return batch(imgs, c, t, sizes);
    }

    private static Tensor s32(int[] values, long... shape) {
        Tensor t = Tensor.allocateHost(shape, DataType.S32, null);
        t.copyFrom(values);
        return t;
    }

    private static void refused(String op, Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(op + ": ") && e.getMessage().contains(part), e.getMessage());
    }
}

package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * CropFlipNormalizeReformat and ResizeCropConvertReformat on an ImageBatchVarShape, on the host: values worked out by
 * hand (each image's border and scale factors come from its own size), the S32 tensor forms, and the refusals. The
 * batch-equals-single-image check over random batches is VarShapeOperatorsTest's. No GPU needed.
 */
class FusedVarShapeTest {
    private static final float[] ONE = {1f};
    private final Random rnd = new Random(21);

    /** A host HWC U8 image of one channel holding {@code rows}. */
    private static Tensor gray(int[][] rows) {
        Tensor t = Tensor.allocateHost(new long[] {rows.length, rows[0].length, 1}, DataType.U8, TensorLayout.HWC);
        byte[] b = new byte[rows.length * rows[0].length];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[0].length; x++) {
                b[y * rows[0].length + x] = (byte) rows[y][x];
            }
        }
        t.copyFrom(b);
        return t;
    }

    private static float[] values(Tensor t) {
        float[] a = new float[Math.toIntExact(t.elementCount())];
        t.copyTo(a);
        return a;
    }

    @Test
    void cropFlipNormalizeReformatBordersAtEachImagesOwnEdges() {
        try (Tensor a = gray(new int[][] {{1, 2, 3}, {4, 5, 6}}); Tensor b = gray(new int[][] {{7, 8}});
             ImageBatchVarShape batch = VarShapeImages.hostBatch(List.of(a, b))) {
            // Rect (1, 0, 4 x 2) for both, REFLECT_101. Image a (3 x 2), flipped horizontally: column x reads 1 + (3 - x)
            // = 4, 3, 2, 1 -> 0, 1, 2, 1. Image b (2 x 1), no flip (code 2): columns 1, 2, 3, 4 -> 1, 0, 1, 0; rows 0, 1 -> 0.
            // Then (v - 1) * 2 + 0.5.
            try (Tensor out = CropFlipNormalizeReformat.cropFlipNormalizeReformat(batch, new int[][] {{1, 0, 4, 2}},
                    new int[] {1, 2}, ONE, new float[] {2f}, 1f, 0.5f, 0f, false, false, BorderType.REFLECT_101, 0f,
                    DataType.F32, TensorLayout.NCHW)) {
                assertArrayEquals(new long[] {2, 1, 2, 4}, out.shape());
                assertArrayEquals(new float[] {0.5f, 2.5f, 4.5f, 2.5f, 6.5f, 8.5f, 10.5f, 8.5f,
                        14.5f, 12.5f, 14.5f, 12.5f, 14.5f, 12.5f, 14.5f, 12.5f}, values(out));
            }
            // One rect per image, CONSTANT 9 outside: a from (2, 1): its pixel 6, then border; b from (-1, 0): border, 7, 8.
            try (Tensor out = CropFlipNormalizeReformat.cropFlipNormalizeReformat(batch, new int[][] {{2, 1, 3, 1},
                    {-1, 0, 3, 1}}, new int[] {5}, new float[] {0f}, ONE, 1f, 0f, 0f, false, false, BorderType.CONSTANT, 9f,
                    DataType.U8, TensorLayout.NHWC)) {
                byte[] got = new byte[6];
                out.copyTo(got);
                assertArrayEquals(new byte[] {6, 9, 9, 9, 7, 8}, got);
            }
        }
    }

    @Test
    void resizeCropConvertReformatScalesEachImageFromItsOwnSize() {
        try (Tensor a = gray(new int[][] {{10, 20}}); Tensor b = gray(new int[][] {{0, 40, 80, 120}});
             ImageBatchVarShape batch = VarShapeImages.hostBatch(List.of(a, b))) {
            ImageSize to = ImageSize.of(2, 1);
            // NEAREST: a keeps its pixels; b (4 wide, scale 2) reads columns 0 and 2.
            try (Tensor out = ResizeCropConvertReformat.resizeCropConvertReformat(batch, to, Interpolation.NEAREST, 0, 0, 2, 1,
                    1f, 0f, null, DataType.F32, TensorLayout.NHWC)) {
                assertArrayEquals(new float[] {10, 20, 0, 80}, values(out));
            }
            // LINEAR: b's columns are read at 0.5 and 2.5 (half-pixel centres): 20 and 100. Then v / 10 - 1.
            try (Tensor out = ResizeCropConvertReformat.resizeCropConvertReformat(batch, to, Interpolation.LINEAR, 0, 0, 2, 1,
                    0.1f, -1f, null, DataType.F32, TensorLayout.NCHW)) {
                assertArrayEquals(new float[] {0, 1, 1, 9}, values(out), 1e-6f);
            }
        }
    }

    @Test
    void tensorParametersEqualArrays() {
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<Tensor> src = imgs.hostImages(rnd, VarShapeImages.randomSizes(rnd, 5, 40, 30), 3, DataType.U8);
            int[][] rects = new int[5][];
            int[] flips = new int[5];
            int[] flat = new int[20];
            for (int i = 0; i < 5; i++) {
                rects[i] = new int[] {rnd.nextInt(40) - 10, rnd.nextInt(30) - 10, 12, 9};
                flips[i] = rnd.nextInt(4) - 1;
                System.arraycopy(rects[i], 0, flat, 4 * i, 4);
            }
            float[] mean = {123.675f, 116.28f, 103.53f}, std = {58.395f, 57.12f, 57.375f};
            try (ImageBatchVarShape batch = VarShapeImages.hostBatch(src);
                 Tensor rt = Tensor.allocateHost(new long[] {5, 4}, DataType.S32, null);
                 Tensor ft = Tensor.allocateHost(new long[] {5}, DataType.S32, null);
                 Tensor want = CropFlipNormalizeReformat.cropFlipNormalizeReformat(batch, rects, flips, mean, std, 1f, 0f, 0f,
                         true, true, BorderType.WRAP, 0f, DataType.F32, TensorLayout.NCHW);
                 Tensor wide = Tensor.allocateHost(new long[] {5, 9, 12 + 3, 3}, DataType.F32, TensorLayout.NHWC)) {
                rt.copyFrom(flat);
                ft.copyFrom(flips);
                try (Tensor got = CropFlipNormalizeReformat.cropFlipNormalizeReformat(batch, rt, ft, mean, std, 1f, 0f, 0f,
                        true, true, BorderType.WRAP, 0f, DataType.F32, TensorLayout.NCHW)) {
                    assertArrayEquals(values(want), values(got));
                }
                // Into an NHWC view with padded rows: the same pixels as the array form into a new NHWC tensor.
                Tensor view = wide.slice(2, 0, 12);
                CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(view, batch, rt, ft, mean, std, 1f, 0f, 0f, true, true,
                        BorderType.WRAP, 0f);
                try (Tensor nhwc = CropFlipNormalizeReformat.cropFlipNormalizeReformat(batch, rects, flips, mean, std, 1f, 0f,
                        0f, true, true, BorderType.WRAP, 0f, DataType.F32, TensorLayout.NHWC)) {
                    assertNull(ImageTensors.mismatch(view, nhwc, 0, 0));
                }
            }
        }
    }

    @Test
    void cropFlipNormalizeReformatRefusals() {
        float[] m = {0f};
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape empty = ImageBatchVarShape.createHost(2);
             ImageBatchVarShape three = VarShapeImages.hostBatch(imgs.hostImages(rnd, VarShapeImages.randomSizes(rnd, 3, 9, 9),
                     3, DataType.U8));
             ImageBatchVarShape gray = VarShapeImages.hostBatch(imgs.hostImages(rnd, List.of(ImageSize.of(4, 4)), 1,
                     DataType.U8));
             Tensor s32image = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.S32, TensorLayout.HWC);
             ImageBatchVarShape s32 = VarShapeImages.hostBatch(List.of(s32image));
             Tensor dst = Tensor.allocateHost(new long[] {3, 3, 4, 4}, DataType.F32, TensorLayout.NCHW);
             Tensor dst2 = Tensor.allocateHost(new long[] {2, 3, 4, 4}, DataType.F32, TensorLayout.NCHW);
             Tensor chw = Tensor.allocateHost(new long[] {3, 4, 4}, DataType.F32, TensorLayout.CHW);
             Tensor s16 = Tensor.allocateHost(new long[] {3, 3, 4, 4}, DataType.S16, TensorLayout.NCHW);
             Tensor rects2 = Tensor.allocateHost(new long[] {2, 4}, DataType.S32, null);
             Tensor rects1 = Tensor.allocateHost(new long[] {1, 4}, DataType.S32, null);
             Tensor rects3x3 = Tensor.allocateHost(new long[] {3, 3}, DataType.S32, null);
             Tensor flipsF32 = Tensor.allocateHost(new long[] {3}, DataType.F32, null);
             Tensor flips1 = Tensor.allocateHost(new long[] {1}, DataType.S32, null)) {
            int[][] rect = {{0, 0, 4, 4}};
            int[] flip = {0};
            refused(() -> cfnr(empty, rect, flip, m, false), "src batch is empty");
            refused(() -> cfnr(three, new int[][] {{0, 0, 4, 4}, {0, 0, 4, 4}}, flip, m, false), "2 crop rects for 3 images");
            refused(() -> cfnr(three, rect, new int[] {0, 1}, m, false), "2 flip codes for 3 images");
            refused(() -> cfnr(three, new int[][] {{0, 0, 4, 4}, {0, 0, 4, 4}, {0, 0, 5, 4}}, flip, m, false),
                    "cropRects[2] is 5x4 but dst is 4x4");
            refused(() -> cfnr(three, new int[][] {{Integer.MAX_VALUE - 2, 0, 4, 4}}, flip, m, false), "ends past 2^31-1");
            refused(() -> cfnr(three, rect, flip, new float[] {0f, 0f}, false), "base has 2 values");
            refused(() -> cfnr(gray, rect, flip, m, true), "src batch has 1 channels");
            refused(() -> cfnr(s32, rect, flip, m, false), "src batch has data type S32");
            refused(() -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(three, rect, flip, m, ONE, 1f, 0f, 0f, false,
                    false, BorderType.CONSTANT, 0f, DataType.F32, TensorLayout.CHW), "dst layout CHW cannot hold");
            refused(() -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(three, rect, flip, m, ONE, 1f, 0f, 0f, false,
                    false, BorderType.CONSTANT, 0f, DataType.S16, TensorLayout.NCHW), "dstType S16");
            refused(() -> into(dst2, three, rect, flip), "dst has 2 images of 3 channels but the src batch has 3 of 3");
            refused(() -> into(chw, three, rect, flip), "dst layout CHW cannot hold");
            refused(() -> into(s16, three, rect, flip), "dst has data type S16");
            refused(() -> CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(dst, three, rects2, flips1, m, ONE, 1f, 0f,
                    0f, false, false, BorderType.CONSTANT, 0f), "cropRects has 2 entries for 3 images");
            refused(() -> CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(dst, three, rects3x3, flips1, m, ONE, 1f, 0f,
                    0f, false, false, BorderType.CONSTANT, 0f), "rows of 4 values expected");
            refused(() -> CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(dst, three, rects1, flipsF32, m, ONE, 1f,
                    0f, 0f, false, false, BorderType.CONSTANT, 0f), "flipCodes is a 1-d F32 tensor; a 1-d S32 tensor expected");
            // dst over the pixels of a src image
            try (Tensor shared = Tensor.allocateHost(new long[] {8, 16, 1}, DataType.F32, TensorLayout.HWC);
                 ImageBatchVarShape f32 = VarShapeImages.hostBatch(List.of(imgs.hostImage(rnd, ImageSize.of(3, 3), 1,
                         DataType.F32), shared))) {
                Tensor over = shared.reshape(new long[] {2, 1, 4, 16}, TensorLayout.NCHW).slice(3, 0, 4);
                refused(() -> into(over, f32, rect, flip), "dst overlaps src image 1");
            }
            ImageBatchVarShape closed = VarShapeImages.hostBatch(imgs.hostImages(rnd, List.of(ImageSize.of(4, 4)), 3,
                    DataType.U8));
            closed.close();
            refused(() -> cfnr(closed, rect, flip, m, false), "src batch is closed");
            refused(() -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(closed, rects2, flips1, m, ONE, 1f, 0f, 0f,
                    false, false, BorderType.CONSTANT, 0f, DataType.F32, TensorLayout.NCHW), "src batch is closed");
            assertThrows(NullPointerException.class, () -> cfnr(three, null, flip, m, false));
            assertThrows(NullPointerException.class, () -> cfnr(three, rect, null, m, false));
            assertThrows(NullPointerException.class, () -> cfnr(null, rect, flip, m, false));
        }
    }

    @Test
    void resizeCropConvertReformatRefusals() {
        ImageSize to = ImageSize.of(8, 6);
        try (VarShapeImages imgs = new VarShapeImages();
             ImageBatchVarShape empty = ImageBatchVarShape.createHost(2);
             ImageBatchVarShape two = VarShapeImages.hostBatch(imgs.hostImages(rnd, VarShapeImages.randomSizes(rnd, 2, 9, 9),
                     3, DataType.U8));
             ImageBatchVarShape f32 = VarShapeImages.hostBatch(imgs.hostImages(rnd, List.of(ImageSize.of(4, 4)), 3,
                     DataType.F32));
             Tensor dst = Tensor.allocateHost(new long[] {2, 3, 4, 4}, DataType.F32, TensorLayout.NCHW);
             Tensor dst3 = Tensor.allocateHost(new long[] {3, 3, 4, 4}, DataType.F32, TensorLayout.NCHW);
             Tensor hwc = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F32, TensorLayout.HWC);
             Tensor big = Tensor.allocateHost(new long[] {2, 3, 7, 4}, DataType.F32, TensorLayout.NCHW)) {
            refused(() -> rccr(empty, to, 0, 0, null), "src batch is empty");
            refused(() -> rccr(f32, to, 0, 0, null), "src batch has data type F32");
            refused(() -> rccr(two, ImageSize.of(8, 6), 5, 0, null), "crop rect (x=5, y=0, w=4, h=4) is not inside the 8x6");
            refused(() -> rccr(two, to, 0, 0, new int[] {0, 1}), "channelOrder [0, 1] must have 3 entries");
            refused(() -> rccr(two, to, 0, 0, new int[] {0, 1, 3}), "entries must be in [0, 3)");
            refused(() -> ResizeCropConvertReformat.resizeCropConvertReformat(two, to, Interpolation.CUBIC, 0, 0, 4, 4, 1f, 0f,
                    null, DataType.F32, TensorLayout.NCHW), "interp must be NEAREST or LINEAR");
            refused(() -> ResizeCropConvertReformat.resizeCropConvertReformat(two, to, Interpolation.LINEAR, 0, 0, 4, 4, 1f, 0f,
                    null, DataType.F32, TensorLayout.HWC), "dst layout HWC cannot hold");
            refused(() -> ResizeCropConvertReformat.resizeCropConvertReformatInto(dst3, two, to, Interpolation.LINEAR, 0, 0,
                    1f, 0f, null), "dst has 3 images of 3 channels but the src batch has 2 of 3");
            refused(() -> ResizeCropConvertReformat.resizeCropConvertReformatInto(hwc, two, to, Interpolation.LINEAR, 0, 0, 1f,
                    0f, null), "dst layout HWC cannot hold");
            refused(() -> ResizeCropConvertReformat.resizeCropConvertReformatInto(big, two, to, Interpolation.LINEAR, 0, 0, 1f,
                    0f, null), "is not inside the 8x6 resized image");
            // dst over the pixels of a src image
            try (Tensor shared = Tensor.allocateHost(new long[] {4, 16, 1}, DataType.U8, TensorLayout.HWC);
                 ImageBatchVarShape u8 = VarShapeImages.hostBatch(List.of(shared))) {
                Tensor over = shared.reshape(new long[] {1, 4, 16, 1}, TensorLayout.NHWC).slice(2, 0, 4);
                refused(() -> ResizeCropConvertReformat.resizeCropConvertReformatInto(over, u8, to, Interpolation.NEAREST, 0, 0,
                        1f, 0f, null), "dst overlaps src image 0");
            }
            ImageBatchVarShape closed = VarShapeImages.hostBatch(imgs.hostImages(rnd, List.of(ImageSize.of(4, 4)), 3,
                    DataType.U8));
            closed.close();
            refused(() -> rccr(closed, to, 0, 0, null), "src batch is closed");
            assertThrows(NullPointerException.class, () -> rccr(two, null, 0, 0, null));
            assertThrows(NullPointerException.class, () -> ResizeCropConvertReformat.resizeCropConvertReformatInto(dst, two, to,
                    null, 0, 0, 1f, 0f, null));
        }
    }

    private static Tensor cfnr(ImageBatchVarShape b, int[][] rects, int[] flips, float[] base, boolean swapRB) {
        return CropFlipNormalizeReformat.cropFlipNormalizeReformat(b, rects, flips, base, ONE, 1f, 0f, 0f, false, swapRB,
                BorderType.CONSTANT, 0f, DataType.F32, TensorLayout.NCHW);
    }

    private static void into(Tensor dst, ImageBatchVarShape b, int[][] rects, int[] flips) {
        CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(dst, b, rects, flips, new float[] {0f}, ONE, 1f, 0f, 0f, false,
                false, BorderType.CONSTANT, 0f);
    }

    private static Tensor rccr(ImageBatchVarShape b, ImageSize to, int cropX, int cropY, int[] order) {
        return ResizeCropConvertReformat.resizeCropConvertReformat(b, to, Interpolation.LINEAR, cropX, cropY, 4, 4, 1f, 0f,
                order, DataType.F32, TensorLayout.NCHW);
    }

    private static void refused(Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().matches("(CropFlipNormalizeReformat|ResizeCropConvertReformat): .*")
                && e.getMessage().contains(part), e.getMessage());
    }
}

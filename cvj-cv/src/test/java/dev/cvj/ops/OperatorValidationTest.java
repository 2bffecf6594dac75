package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.randomHost;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Inputs the operators must refuse, with a message naming the problem. */
class OperatorValidationTest {
    private final Random r = new Random(7);

    private static void refuses(Executable e, String... words) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        for (String w : words) {
            assertTrue(x.getMessage().contains(w), "message \"" + x.getMessage() + "\" should contain \"" + w + "\"");
        }
    }

    @Test
    void cropOutsideTheImageNamesTheRectAndTheImageSize() {
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.HWC, 8, 10, 3)) {
            refuses(() -> CustomCrop.customCrop(src, 5, 2, 6, 4, null), "x=5", "y=2", "w=6", "h=4", "10x8");
            refuses(() -> CustomCrop.customCrop(src, -1, 0, 2, 2, null), "x=-1");
            refuses(() -> CustomCrop.customCrop(src, 0, 0, 0, 2, null), "w=0");
            refuses(() -> CenterCrop.centerCrop(src, 11, 2, null), "11x2", "10x8");
            try (Tensor dst = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC)) {
                refuses(() -> CustomCrop.customCropInto(dst, src, 7, 0, null), "x=7", "10x8");
            }
        }
    }

    @Test
    void wrongLayoutChannelsOrTypeAreRefused() {
        try (Tensor hw = Tensor.allocateHost(new long[] {4, 5}, DataType.U8, TensorLayout.HW);
             Tensor five = Tensor.allocateHost(new long[] {4, 5, 5}, DataType.U8, TensorLayout.HWC);
             Tensor s32 = Tensor.allocateHost(new long[] {4, 5, 3}, DataType.S32, TensorLayout.HWC);
             Tensor img = randomHost(r, DataType.U8, TensorLayout.HWC, 4, 5, 3)) {
            refuses(() -> ConvertTo.convertTo(hw, DataType.F32, 1, 0, null), "layout HW");
            refuses(() -> Flip.flip(five, FlipMode.BOTH, null), "5 channels");
            refuses(() -> ConvertTo.convertTo(s32, DataType.F32, 1, 0, null), "S32");
            refuses(() -> ConvertTo.convertTo(img, DataType.S32, 1, 0, null), "S32");
            refuses(() -> Normalize.normalize(img, new float[] {1, 2}, new float[] {1}, 1, 0, 0, false, null, null), "base has 2");
            refuses(() -> Normalize.normalize(img, new float[] {1}, new float[] {1}, 1, 0, 0, false, DataType.U16, null), "U16");
            refuses(() -> Reformat.reformat(img, TensorLayout.NCHW, null), "HWC to NCHW");
            refuses(() -> ChannelReorder.channelReorder(img, new int[] {3, 1, 0}, null), "channel 3");
            refuses(() -> ChannelReorder.channelReorder(img, new int[] {0, 1, 2, 0, 1}, null), "5 entries");
            refuses(() -> ResizeCropConvertReformat.resizeCropConvertReformat(s32, 4, 4, Interpolation.LINEAR,
                    0, 0, 2, 2, 1, 0, null, DataType.F32, TensorLayout.CHW, null), "S32");
            refuses(() -> CopyMakeBorder.copyMakeBorder(img, -1, 0, 0, 0, BorderType.WRAP, null, null), "top=-1");
        }
    }

    @Test
    void dstOfTheWrongShapeOrTypeIsRefused() {
        try (Tensor img = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 4, 5, 3);
             Tensor small = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor f32 = Tensor.allocateHost(new long[] {2, 4, 5, 3}, DataType.F32, TensorLayout.NHWC);
             Tensor nchw = Tensor.allocateHost(new long[] {2, 3, 4, 4}, DataType.U8, TensorLayout.NCHW)) {
            refuses(() -> ConvertTo.convertToInto(small, img, 1, 0, null), "shape");
            refuses(() -> Flip.flipInto(small, img, FlipMode.VERTICAL, null), "dst");
            refuses(() -> Flip.flipInto(f32, img, FlipMode.VERTICAL, null), "F32");
            refuses(() -> Reformat.reformatInto(nchw, img, null), "N, H, W, C");
            refuses(() -> ChannelReorder.channelReorderInto(small, img, new int[][] {{0, 1, 2}}, null), "dst");
            refuses(() -> CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(f32, img, new int[][] {{0, 0, 2, 2}},
                    new int[] {0}, new float[] {0}, new float[] {1}, 1, 0, 0, false, false, BorderType.CONSTANT, 0, null),
                    "cropRects[0] is 2x2", "5x4");
        }
    }

    @Test
    void fusedOpsCheckTheirRectangles() {
        try (Tensor img = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 8, 8, 3);
             Tensor dst = Tensor.allocateHost(new long[] {2, 3, 4, 4}, DataType.F32, TensorLayout.NCHW)) {
            refuses(() -> ResizeCropConvertReformat.resizeCropConvertReformat(img, 6, 6, Interpolation.NEAREST,
                    3, 0, 4, 4, 1, 0, null, DataType.F32, TensorLayout.NCHW, null), "x=3", "6x6");
            refuses(() -> CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(dst, img, new int[][] {{0, 0, 5, 4}},
                    new int[] {0}, new float[] {0}, new float[] {1}, 1, 0, 0, false, false, BorderType.CONSTANT, 0, null),
                    "5x4", "4x4");
            refuses(() -> CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(dst, img,
                    new int[][] {{0, 0, 4, 4}, {0, 0, 4, 4}, {0, 0, 4, 4}}, new int[] {0}, new float[] {0}, new float[] {1}, 1, 0,
                    0, false, false, BorderType.CONSTANT, 0, null), "3 crop rects");
            refuses(() -> ResizeCropConvertReformat.resizeCropConvertReformat(img, 6, 6, Interpolation.NEAREST,
                    0, 0, 4, 4, 1, 0, new int[] {0, 3, 1}, DataType.F32, TensorLayout.NCHW, null), "channelOrder");
        }
    }

    @Test
    void stackRefusesMismatchedImages() {
        try (Tensor a = randomHost(r, DataType.U8, TensorLayout.HWC, 4, 5, 3);
             Tensor b = randomHost(r, DataType.U8, TensorLayout.HWC, 4, 6, 3);
             Tensor c = randomHost(r, DataType.U16, TensorLayout.HWC, 4, 5, 3);
             Tensor p = randomHost(r, DataType.U8, TensorLayout.CHW, 3, 4, 5)) {
            refuses(() -> Stack.stack(List.of(a, b), null), "srcs[1]", "6x4x3");
            refuses(() -> Stack.stack(List.of(a, c), null), "srcs[1]", "U16");
            refuses(() -> Stack.stack(List.of(a, p), null), "planar");
            refuses(() -> Stack.stack(List.of(), null), "empty");
        }
    }
}

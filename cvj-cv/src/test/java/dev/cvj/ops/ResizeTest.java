package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.ops.internal.ResizeCpu;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Resize on host tensors (the CPU path) and its checks. No GPU needed. */
class ResizeTest {
    private final Random rnd = new Random(7);

    @Test
    void batchEqualsImageByImage() {
        try (Tensor src = ImageTensors.randomHost(rnd, new long[] {3, 17, 23, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor dst = Resize.resize(src, 11, 9, Interpolation.LINEAR, null)) {
            assertEquals(4, dst.rank());
            assertEquals(9, dst.shape('H'));
            assertEquals(11, dst.shape('W'));
            for (int i = 0; i < 3; i++) {
                Tensor one = src.slice(0, i, 1).reshape(new long[] {17, 23, 3}, TensorLayout.HWC);
                try (Tensor r = Resize.resize(one, 11, 9, Interpolation.LINEAR, null)) {
                    Tensor mine = dst.slice(0, i, 1).reshape(new long[] {9, 11, 3}, TensorLayout.HWC);
                    assertNull(ImageTensors.mismatch(mine, r, 0, 0));
                }
            }
        }
    }

    @Test
    void stridedSourceView() {
        // A crop of a wider image: rows keep the parent's stride.
        try (Tensor big = ImageTensors.randomHost(rnd, new long[] {20, 30, 4}, DataType.F32, TensorLayout.HWC)) {
            Tensor crop = big.slice(1, 5, 17);
            try (Tensor a = Resize.resize(crop, 40, 33, Interpolation.CUBIC, null);
                 Tensor dense = Tensor.allocateHost(new long[] {20, 17, 4}, DataType.F32, TensorLayout.HWC)) {
                dense.copyFrom(crop, null);
                try (Tensor b = Resize.resize(dense, 40, 33, Interpolation.CUBIC, null)) {
                    assertNull(ImageTensors.mismatch(a, b, 0, 0));
                }
            }
        }
    }

    @Test
    void modesFollowOpenCv() {
        assertEquals(ResizeCpu.Mode.AREA_FAST, ResizeCpu.mode(40, 40, 20, 20, Interpolation.LINEAR));
        assertEquals(ResizeCpu.Mode.LINEAR, ResizeCpu.mode(60, 60, 20, 20, Interpolation.LINEAR));
        assertEquals(ResizeCpu.Mode.AREA_UP, ResizeCpu.mode(10, 40, 20, 20, Interpolation.AREA));
        assertEquals(ResizeCpu.Mode.AREA, ResizeCpu.mode(50, 40, 20, 20, Interpolation.AREA));
        assertEquals(ResizeCpu.Mode.COPY, ResizeCpu.mode(20, 20, 20, 20, Interpolation.CUBIC));
    }

    @Test
    void rejectsWhatTheTableExcludes() {
        try (Tensor nchw = Tensor.allocateHost(new long[] {1, 3, 8, 8}, DataType.U8, TensorLayout.NCHW);
             Tensor two = Tensor.allocateHost(new long[] {8, 8, 2}, DataType.U8, TensorLayout.HWC);
             Tensor s32 = Tensor.allocateHost(new long[] {8, 8, 3}, DataType.S32, TensorLayout.HWC);
             Tensor ok = Tensor.allocateHost(new long[] {8, 8, 3}, DataType.U8, TensorLayout.HWC);
             Tensor f32 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F32, TensorLayout.HWC);
             Tensor four = Tensor.allocateHost(new long[] {4, 4, 4}, DataType.U8, TensorLayout.HWC)) {
            assertMessage(() -> Resize.resize(nchw, 4, 4, Interpolation.LINEAR, null), "Resize: src has layout NCHW; supported: HWC, NHWC");
            assertMessage(() -> Resize.resize(two, 4, 4, Interpolation.LINEAR, null), "2 channels");
            assertMessage(() -> Resize.resize(s32, 4, 4, Interpolation.LINEAR, null), "S32");
            assertMessage(() -> Resize.resize(ok, 0, 4, Interpolation.LINEAR, null), "at least 1 x 1");
            assertMessage(() -> Resize.resizeInto(f32, ok, Interpolation.LINEAR, null), "data type F32");
            assertMessage(() -> Resize.resizeInto(four, ok, Interpolation.LINEAR, null), "4 channels");
            Tensor chw = ok.slice(2, 0, 2);
            assertMessage(() -> Resize.resize(chw, 4, 4, Interpolation.LINEAR, null), "pixels must be packed");
        }
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), () -> "message \"" + x.getMessage() + "\" lacks \"" + part + "\"");
    }
}

package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Composite: the CPU path against CV-CUDA's AlphaLerp written out here ({@code (int) ((fg - bg) * m * Inv_255 + bg +
 * 0.5f)}, the multiply-add fused as nvcc compiles it), on every (fg, bg) pair for several masks, on random images of
 * both layouts and out channels; the formula's distance from the exact blend; the varshape form; refusals; the GPU
 * against the CPU bit for bit.
 */
class CompositeTest {
    /** CV-CUDA's Inv_255 literal. */
    private static final float INV_255 = 0.00392156862f;

    private static int alphaLerp(int bg, int fg, int m) {
        float weighted = Math.fma((float) ((fg - bg) * m), INV_255, (float) bg);
        return (int) (weighted + 0.5f);
    }

    @Test
    void handCheckedValues() {
        // m = 128: 100 + 100 * 128 / 255 = 150.196 -> 150; m = 0: bg; m = 255: fg; 0 over 255 at 1: 254.0 -> 254
        assertEquals(150, blendOne(200, 100, 128));
        assertEquals(37, blendOne(210, 37, 0));
        assertEquals(210, blendOne(210, 37, 255));
        assertEquals(254, blendOne(0, 255, 1));
    }

    @Test
    void formulaStaysWithinOneOfTheExactBlendAndInRange() {
        for (int m = 0; m < 256; m++) {
            for (int fg = 0; fg < 256; fg++) {
                for (int bg = 0; bg < 256; bg++) {
                    int v = alphaLerp(bg, fg, m);
                    double exact = (fg * m + bg * (255.0 - m)) / 255.0;
                    assertTrue(v >= 0 && v <= 255 && Math.abs(v - exact) <= 1.0, fg + " " + bg + " " + m + " -> " + v);
                }
            }
        }
    }

    @Test
    void everyPairOfValuesMatchesTheFormula() {
        // one image of 256 x 256 pixels: fg = x, bg = y (all channels, shifted per channel), for a few masks
        for (int m : new int[] {0, 1, 77, 127, 128, 200, 254, 255}) {
            byte[] fg = new byte[256 * 256 * 3], bg = new byte[256 * 256 * 3], mask = new byte[256 * 256];
            for (int y = 0; y < 256; y++) {
                for (int x = 0; x < 256; x++) {
                    for (int c = 0; c < 3; c++) {
                        fg[(y * 256 + x) * 3 + c] = (byte) (x + c);
                        bg[(y * 256 + x) * 3 + c] = (byte) (y + 7 * c);
                    }
                    mask[y * 256 + x] = (byte) m;
                }
            }
            try (Tensor f = host(fg, DataType.U8, TensorLayout.HWC, 256, 256, 3);
                 Tensor b = host(bg, DataType.U8, TensorLayout.HWC, 256, 256, 3);
                 Tensor k = host(mask, DataType.U8, TensorLayout.HWC, 256, 256, 1);
                 Tensor out = Composite.composite(f, b, k, 3)) {
                assertBytesEqual(expected(fg, bg, mask, 3), bytes(out), "mask " + m);
            }
        }
    }

    @Test
    void randomImagesBothLayoutsAndAlpha() {
        Random r = OpGpuSupport.seeded("Composite CPU");
        for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.HWC)) {
            long[] shape = l == TensorLayout.NHWC ? new long[] {3, 17, 29, 3} : new long[] {23, 31, 3};
            long[] maskShape = shape.clone();
            maskShape[maskShape.length - 1] = 1;
            for (int out : new int[] {3, 4}) {
                try (Tensor f = randomHost(r, DataType.U8, l, shape);
                     Tensor b = randomHost(r, DataType.U8, l, shape);
                     Tensor k = randomHost(r, DataType.U8, l, maskShape);
                     Tensor d = Composite.composite(f, b, k, out)) {
                    assertEquals(out, d.shape(d.rank() - 1));
                    assertBytesEqual(expected(bytes(f), bytes(b), bytes(k), out), bytes(d), l + " to " + out);
                }
            }
        }
    }

    @Test
    void varShapeBatchEqualsEachImage() {
        Random r = OpGpuSupport.seeded("Composite varshape");
        List<Tensor> fgs = new ArrayList<>(), bgs = new ArrayList<>(), masks = new ArrayList<>();
        try (VarShapeImages v = new VarShapeImages()) {
            for (int i = 0; i < 5; i++) {
                var size = VarShapeImages.randomSize(r, 40, 30);
                fgs.add(v.hostImage(r, size, 3, DataType.U8));
                bgs.add(v.hostImage(r, size, 3, DataType.U8));
                masks.add(v.hostImage(r, size, 1, DataType.U8));
            }
            try (ImageBatchVarShape f = VarShapeImages.hostBatch(fgs); ImageBatchVarShape b = VarShapeImages.hostBatch(bgs);
                 ImageBatchVarShape k = VarShapeImages.hostBatch(masks);
                 ImageBatchVarShape out = Composite.composite(f, b, k, 4)) {
                for (int i = 0; i < fgs.size(); i++) {
                    assertBytesEqual(expected(bytes(fgs.get(i)), bytes(bgs.get(i)), bytes(masks.get(i)), 4),
                            bytes(out.image(i)), "image " + i);
                }
            }
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor fg = Tensor.allocateHost(new long[] {2, 4, 5, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor mask = Tensor.allocateHost(new long[] {2, 4, 5, 1}, DataType.U8, TensorLayout.NHWC);
             Tensor fg4 = Tensor.allocateHost(new long[] {2, 4, 5, 4}, DataType.U8, TensorLayout.NHWC);
             Tensor f32 = Tensor.allocateHost(new long[] {2, 4, 5, 3}, DataType.F32, TensorLayout.NHWC);
             Tensor hwc = Tensor.allocateHost(new long[] {4, 5, 3}, DataType.U8, TensorLayout.HWC);
             Tensor smallMask = Tensor.allocateHost(new long[] {2, 4, 4, 1}, DataType.U8, TensorLayout.NHWC);
             Tensor planar = Tensor.allocateHost(new long[] {2, 3, 4, 5}, DataType.U8, TensorLayout.NCHW)) {
            rejected("Composite: foreground has 4 channels", () -> Composite.composite(fg4, fg4, mask, 3));
            rejected("Composite: foreground has data type F32", () -> Composite.composite(f32, f32, mask, 3));
            rejected("Composite: foreground has layout NCHW", () -> Composite.composite(planar, planar, mask, 3));
            rejected("Composite: background has layout HWC", () -> Composite.composite(fg, hwc, mask, 3));
            rejected("Composite: fgMask has 3 channels", () -> Composite.composite(fg, fg, fg, 3));
            rejected("Composite: fgMask has 2 images of 4 x 4", () -> Composite.composite(fg, fg, smallMask, 3));
            rejected("Composite: outChannels is 2", () -> Composite.composite(fg, fg, mask, 2));
            rejected("Composite: background is null", () -> Composite.composite(fg, null, mask, 3));
            rejected("Composite: dst overlaps foreground", () -> Composite.compositeInto(fg, fg, fg, mask));
            rejected("Composite: dst has 1 channels", () -> Composite.compositeInto(mask, fg, fg, fg4.slice(3, 0, 1)));
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuOnRandomImagesViewsAndOneByOne() {
        Random r = OpGpuSupport.seeded("Composite GPU");
        Stream s = CurrentStream.get();
        for (long[] shape : new long[][] {{3, 37, 301, 3}, {1, 1, 1, 3}, {61, 67, 3}, {1, 1, 3}, {2, 1080, 1921, 3}}) {
            TensorLayout l = shape.length == 4 ? TensorLayout.NHWC : TensorLayout.HWC;
            long[] maskShape = shape.clone();
            maskShape[maskShape.length - 1] = 1;
            for (int out : new int[] {3, 4}) {
                try (Tensor f = randomHost(r, DataType.U8, l, shape); Tensor b = randomHost(r, DataType.U8, l, shape);
                     Tensor k = randomHost(r, DataType.U8, l, maskShape);
                     Tensor df = f.toDevice(s.device(), s); Tensor db = b.toDevice(s.device(), s);
                     Tensor dk = k.toDevice(s.device(), s);
                     Tensor cpu = Composite.composite(f, b, k, out);
                     Tensor gpu = Composite.composite(df, db, dk, out, s)) {
                    s.synchronize();
                    assertBytesEqual(bytes(cpu), bytes(gpu), java.util.Arrays.toString(shape) + " to " + out);
                    int wDim = shape.length - 2;
                    if (shape[wDim] > 4) { // a column view: strided rows
                        long w = shape[wDim] - 3;
                        try (Tensor hv = Composite.composite(f.slice(wDim, 2, w), b.slice(wDim, 1, w), k.slice(wDim, 3, w), out);
                             Tensor dv = Composite.composite(df.slice(wDim, 2, w), db.slice(wDim, 1, w), dk.slice(wDim, 3, w),
                                     out, s)) {
                            s.synchronize();
                            assertBytesEqual(bytes(hv), bytes(dv), java.util.Arrays.toString(shape) + " view to " + out);
                        }
                    }
                }
            }
        }
    }

    @GpuTest
    @Test
    void gpuVarShapeEqualsCpu() {
        Random r = OpGpuSupport.seeded("Composite GPU varshape");
        Stream s = CurrentStream.get();
        for (int count : new int[] {1, 7, 64}) {
            List<Tensor> fgs = new ArrayList<>(), bgs = new ArrayList<>(), masks = new ArrayList<>();
            try (VarShapeImages v = new VarShapeImages()) {
                for (int i = 0; i < count; i++) {
                    var size = VarShapeImages.randomSize(r, 700, 300);
                    fgs.add(v.hostImage(r, size, 3, DataType.U8));
                    bgs.add(v.hostImage(r, size, 3, DataType.U8));
                    masks.add(v.hostImage(r, size, 1, DataType.U8));
                }
                for (int out : new int[] {3, 4}) {
                    try (ImageBatchVarShape f = VarShapeImages.hostBatch(fgs);
                         ImageBatchVarShape b = VarShapeImages.hostBatch(bgs);
                         ImageBatchVarShape k = VarShapeImages.hostBatch(masks);
                         ImageBatchVarShape df = v.deviceBatch(r, fgs, s.device());
                         ImageBatchVarShape db = v.deviceBatch(r, bgs, s.device());
                         ImageBatchVarShape dk = v.deviceBatch(r, masks, s.device());
                         ImageBatchVarShape cpu = Composite.composite(f, b, k, out);
                         ImageBatchVarShape gpu = Composite.composite(df, db, dk, out, s)) {
                        s.synchronize();
                        for (int i = 0; i < count; i++) {
                            assertBytesEqual(bytes(cpu.image(i)), bytes(gpu.image(i)), count + " images to " + out + ", image " + i);
                        }
                    }
                }
            }
        }
    }

    private static int blendOne(int fg, int bg, int m) {
        try (Tensor f = host(new byte[] {(byte) fg, (byte) fg, (byte) fg}, DataType.U8, TensorLayout.HWC, 1, 1, 3);
             Tensor b = host(new byte[] {(byte) bg, (byte) bg, (byte) bg}, DataType.U8, TensorLayout.HWC, 1, 1, 3);
             Tensor k = host(new byte[] {(byte) m}, DataType.U8, TensorLayout.HWC, 1, 1, 1);
             Tensor out = Composite.composite(f, b, k, 3)) {
            return bytes(out)[0] & 0xff;
        }
    }

    /** The blend of dense fg, bg (3 channels) and mask bytes, {@code out} channels (alpha 255). */
    private static byte[] expected(byte[] fg, byte[] bg, byte[] mask, int out) {
        byte[] e = new byte[mask.length * out];
        for (int p = 0; p < mask.length; p++) {
            for (int c = 0; c < 3; c++) {
                e[p * out + c] = (byte) alphaLerp(bg[p * 3 + c] & 0xff, fg[p * 3 + c] & 0xff, mask[p] & 0xff);
            }
            if (out == 4) {
                e[p * out + 3] = (byte) 255;
            }
        }
        return e;
    }
}

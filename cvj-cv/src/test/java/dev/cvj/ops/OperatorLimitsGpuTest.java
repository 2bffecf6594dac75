package dev.cvj.ops;

import static dev.cvj.ops.OpGpuSupport.sameOnGpu;
import static dev.cvj.ops.OpGpuSupport.sameOnGpuView;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.SanitizerMode;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The GPU side of {@link OperatorLimitsTest} and {@link BorderIndexTest}: border indices far outside the image
 * (pixels.cuh's border_index in O(1) and 64-bit arithmetic) bit-equal to the CPU, crop rectangles near the int
 * limits, AREA block sums past 2^31, rows longer than the kernels address refused, and 2^31 rows of a batch
 * either all processed or refused (never skipped). Random inputs print their seed.
 */
@GpuTest
class OperatorLimitsGpuTest {
    private static final BorderType[] BORDERS = BorderType.values();

    @Test
    void bordersOfAMillionPixelsEqualTheCpu() {
        Random r = OpGpuSupport.seeded("OperatorLimitsGpuTest borders");
        try (Tensor rgb = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 3, 5, 3);
             Tensor planar = randomHost(r, DataType.F32, TensorLayout.NCHW, 1, 1, 3, 4)) {
            for (BorderType b : BORDERS) {
                double[] v = {5, 6, 7};
                // dense rows: cvj_copy_make_border_rows, a million columns of border, then 10^5 rows of it
                sameOnGpu("U8 RGB left 1e6 " + b, rgb, s -> CopyMakeBorder.copyMakeBorder(s, 2, 1, 1_000_000, 7, b, v, null));
                sameOnGpu("U8 RGB top 1e5 " + b, rgb, s -> CopyMakeBorder.copyMakeBorder(s, 100_000, 3, 1, 2, b, v, null));
                // pixels not dense (two of three channels; planar F32): the per-pixel cvj_copy_make_border_e*
                sameOnGpuView("U8 two channels left 1e6 " + b, rgb, 3, 0, 2,
                        s -> CopyMakeBorder.copyMakeBorder(s, 2, 1, 1_000_000, 7, b, v, null));
                sameOnGpu("F32 NCHW right 1e6 " + b, planar, s -> CopyMakeBorder.copyMakeBorder(s, 1, 2, 3, 1_000_000, b, v, null));
            }
        }
    }

    @Test
    void cropRectanglesNearTheIntLimitsEqualTheCpu() {
        Random r = OpGpuSupport.seeded("OperatorLimitsGpuTest crops");
        int max = Integer.MAX_VALUE;
        int[][] corners = {{2_000_000_000, -2_000_000_000}, {max - 6, max - 4}, {Integer.MIN_VALUE, 0}, {-3, max - 4}};
        try (Tensor a = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 4, 6, 3)) {
            for (int[] xy : corners) {
                for (BorderType b : BORDERS) {
                    for (int flip : new int[] {-1, 0, 1, 2}) {
                        int[][] rects = {{xy[0], xy[1], 7, 5}};
                        sameOnGpu("crop at " + xy[0] + "," + xy[1] + " " + b + " flip " + flip, a,
                                s -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(s, rects, new int[] {flip},
                                        new float[] {3}, new float[] {0.5f}, 1f, 0f, 0f, false, true, b, 9f,
                                        DataType.F32, TensorLayout.NCHW, null));
                    }
                }
            }
        }
    }

    @Test
    void areaBlockSumsPastTwoToThe31() {
        Stream s = CurrentStream.get();
        try (Tensor src = Tensor.allocate(new long[] {256, 256, 1}, DataType.U16, TensorLayout.HWC, s)) {
            src.deviceMemory().fill(0xff, s);
            try (Tensor dst = Resize.resize(src, ImageSize.of(1, 1), Interpolation.AREA, s); Tensor h = dst.toHost()) {
                assertEquals((short) 65535, h.hostSegment().get(ValueLayout.JAVA_SHORT_UNALIGNED, 0), "256 x 256 U16 of 65535");
            }
        }
        try (Tensor src = Tensor.allocate(new long[] {4096, 4096, 1}, DataType.U8, TensorLayout.HWC, s)) {
            src.deviceMemory().fill(0xff, s);
            try (Tensor dst = Resize.resize(src, ImageSize.of(1, 1), Interpolation.AREA, s); Tensor h = dst.toHost()) {
                assertEquals((byte) 255, h.hostSegment().get(ValueLayout.JAVA_BYTE, 0), "4096 x 4096 U8 of 255");
            }
        }
        Random r = OpGpuSupport.seeded("OperatorLimitsGpuTest area");
        try (Tensor a = randomHost(r, DataType.U16, TensorLayout.HWC, 512, 384, 3)) {
            sameOnGpu("U16 AREA 512 x 384 -> 2 x 1", a, x -> Resize.resize(x, ImageSize.of(2, 1), Interpolation.AREA));
        }
    }

    @Test
    void rowsLongerThanTheKernelsAddressAreRefused() {
        assumeFalse(SanitizerMode.active(), "2 GiB tensor");
        Stream s = CurrentStream.get();
        // one row of 2^29 RGBA pixels: 2^31 bytes, past PixelGrid.MAX_DEVICE_ROW_BYTES
        try (Tensor wide = Tensor.allocate(new long[] {1, 1L << 29, 4}, DataType.U8, TensorLayout.HWC, s, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Flip.flip(wide, FlipMode.HORIZONTAL, s));
            assertTrue(e.getMessage().startsWith("Flip: src has rows of 2147483648 bytes"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ConvertTo.convertTo(wide, DataType.U8, 1, 0, s));
            assertTrue(e.getMessage().contains("rows of"), e.getMessage());
        }
    }

    @Test
    void twoToThe31RowsAreAllProcessedOrRefused() {
        assumeFalse(SanitizerMode.active(), "2 GiB tensors");
        Stream s = CurrentStream.get();
        long rows = 1L << 30; // 2 images of 2^30 rows of one pixel: 2^31 rows, a 2 GiB tensor
        // dense rows (alignment 1): padded to 32 bytes each they would take 64 GiB
        try (Tensor src = Tensor.allocate(new long[] {2, rows, 1, 1}, DataType.U8, TensorLayout.NHWC, s, 1);
             Tensor dst = Tensor.allocate(new long[] {2, rows, 1, 1}, DataType.U8, TensorLayout.NHWC, s, 1)) {
            src.deviceMemory().fill(7, s);
            for (String op : new String[] {"Resize", "ConvertTo", "Flip", "Normalize"}) {
                dst.deviceMemory().fill(0, s);
                try {
                    switch (op) {
                        case "Resize" -> Resize.resizeInto(dst, src, Interpolation.LINEAR, s);  // same size: the row copy
                        case "ConvertTo" -> ConvertTo.convertToInto(dst, src, 1, 1, s);         // 8
                        case "Flip" -> Flip.flipInto(dst, src, FlipMode.VERTICAL, s);
                        default -> Normalize.normalizeInto(dst, src, new float[] {1}, new float[] {2}, 1f, 0f, 0f, false, s);
                    }
                } catch (IllegalArgumentException refused) {
                    System.out.println(op + " of 2^31 rows refused: " + refused.getMessage());
                    continue;
                }
                s.synchronize();
                int want = switch (op) {
                    case "ConvertTo" -> 8;
                    case "Normalize" -> 12; // (7 - 1) * 2
                    default -> 7;
                };
                // the first and the last row of each image (an int row count skipped them all)
                for (long[] at : new long[][] {{0, 0}, {0, rows - 1}, {1, 0}, {1, rows - 1}}) {
                    try (Tensor one = dst.slice(0, at[0], 1).slice(1, at[1], 1); Tensor h = one.toHost()) {
                        assertEquals(want, h.hostSegment().get(ValueLayout.JAVA_BYTE, 0) & 0xff,
                                op + ": image " + at[0] + " row " + at[1]);
                    }
                }
            }
        }
    }
}

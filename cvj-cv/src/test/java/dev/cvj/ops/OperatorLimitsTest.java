package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Sizes at the int and long limits on the CPU path: each is computed right or refused with a message naming the
 * operator and the argument, before any output is allocated (a call that allocated first would end in
 * OutOfMemoryError here: the outputs asked for are tens of GiB or more). Large sources are broadcast views (stride
 * 0) of a few bytes.
 */
class OperatorLimitsTest {
    private static final int MAX = Integer.MAX_VALUE;

    private static void refused(Executable call, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "message lacks '" + w + "': " + e.getMessage());
        }
    }

    /** A host view of {@code shape} over a few bytes of {@code value}, with the given (mostly 0) strides. */
    private static Tensor broadcast(Arena a, byte value, long[] shape, long[] strides, TensorLayout l) {
        MemorySegment m = a.allocate(64);
        m.fill(value);
        return Tensor.wrapHost(m, shape, DataType.U8, l, strides);
    }

    private static Tensor cropFlip(Tensor src, int[][] rects, int[] flips, BorderType b) {
        return CropFlipNormalizeReformat.cropFlipNormalizeReformat(src, rects, flips, new float[] {0}, new float[] {1}, 1f,
                0f, 0f, false, false, b, 0f, DataType.U8, TensorLayout.HWC);
    }

    @Test
    void cropRectanglePastTheIntLimitIsRefusedNamingIt() {
        // x + 2 wrapped to a negative column: REPLICATE then returned the left edge for the last column
        try (Tensor src = host(new byte[] {10, 20, 30}, DataType.U8, TensorLayout.HWC, 1, 3, 1)) {
            refused(() -> cropFlip(src, new int[][] {{MAX - 1, 0, 3, 1}}, new int[] {2}, BorderType.REPLICATE),
                    "CropFlipNormalizeReformat", "cropRects[0]", "[2147483646, 0, 3, 1]", "2^31-1");
            refused(() -> cropFlip(src, new int[][] {{0, MAX, 1, 2}}, new int[] {2}, BorderType.REPLICATE),
                    "cropRects[0]", "last row");
        }
    }

    @Test
    void cropRectangleEndingAtTheIntLimitReadsTheRightEdge() {
        try (Tensor src = host(new byte[] {10, 20, 30}, DataType.U8, TensorLayout.HWC, 1, 3, 1);
             Tensor right = cropFlip(src, new int[][] {{MAX - 2, 0, 3, 1}}, new int[] {2}, BorderType.REPLICATE);
             Tensor left = cropFlip(src, new int[][] {{Integer.MIN_VALUE, 0, 3, 1}}, new int[] {2}, BorderType.REPLICATE);
             Tensor flipped = cropFlip(src, new int[][] {{MAX - 2, 0, 3, 1}}, new int[] {1}, BorderType.WRAP)) {
            assertArrayEquals(new byte[] {30, 30, 30}, bytes(right));
            assertArrayEquals(new byte[] {10, 10, 10}, bytes(left));
            // WRAP, flipped: columns 2^31-1, 2^31-2, 2^31-3 are 1, 0, 2 modulo 3 -> 20 10 30
            assertArrayEquals(new byte[] {20, 10, 30}, bytes(flipped));
        }
    }

    @Test
    void fusedOperatorsCheckEveryArgumentBeforeTheOutputExists() {
        // rectangles of 100000 x 100000: an output of 10^10 pixels (30 GB) that must not be allocated
        try (Tensor src = host(new byte[12], DataType.U8, TensorLayout.HWC, 2, 2, 3)) {
            int[] rect = {0, 0, 100_000, 100_000};
            refused(() -> cropFlip(src, new int[][] {rect, rect}, new int[] {0}, BorderType.CONSTANT), "2 crop rects for 1 images");
            refused(() -> cropFlip(src, new int[][] {rect}, new int[] {0, 1}, BorderType.CONSTANT), "2 flip codes");
            assertThrows(NullPointerException.class, () -> cropFlip(src, new int[][] {rect}, null, BorderType.CONSTANT));
        }
    }

    @Test
    void yuv420OfMoreThanTwoToThe31RowsIsRefused() {
        // 1.5e9 rows of RGB: the 4:2:0 image would have 2.25e9 rows (H * 3 / 2 wrapped negative in int)
        try (Arena a = Arena.ofConfined()) {
            Tensor src = broadcast(a, (byte) 9, new long[] {1_500_000_000L, 2, 3}, new long[] {0, 3, 1}, TensorLayout.HWC);
            refused(() -> CvtColor.cvtColor(src, ColorConversion.RGB2YUV_NV12), "CvtColor RGB2YUV_NV12", "2250000000 rows");
        }
    }

    @Test
    void areaResizeWhoseTablesExceedAJavaArrayIsRefusedBeforeTheOutput() {
        // 2^30 rows shrunk by a fraction: the row table holds 2 * 2^30 + 2 entries (was NegativeArraySizeException)
        try (Arena a = Arena.ofConfined()) {
            Tensor src = broadcast(a, (byte) 9, new long[] {1L << 30, 1, 1}, new long[] {0, 1, 1}, TensorLayout.HWC);
            refused(() -> Resize.resize(src, ImageSize.of(1, 3), Interpolation.AREA), "Resize", "table", "2147483650");
            try (Tensor dst = Tensor.allocateHost(new long[] {3, 1, 1}, DataType.U8, TensorLayout.HWC)) {
                refused(() -> Resize.resizeInto(dst, src, Interpolation.AREA, null), "Resize", "table");
            }
            // and an output row longer than a Java array for CUBIC's taps: 4 * (2^31 - 1) entries
            Tensor one = broadcast(a, (byte) 9, new long[] {1, 1, 1}, new long[] {0, 1, 1}, TensorLayout.HWC);
            refused(() -> Resize.resize(one, ImageSize.of(MAX, 1), Interpolation.CUBIC), "Resize", "table");
        }
    }

    @Test
    void areaBlockSumsPastTwoToThe31AreExact() {
        // 256 x 256 U16 pixels of 65535 averaged into one: the int block sum (65536 * 65535) overflowed
        try (Tensor src = Tensor.allocateHost(new long[] {256, 256, 1}, DataType.U16, TensorLayout.HWC)) {
            src.hostSegment().fill((byte) 0xff);
            try (Tensor dst = Resize.resize(src, ImageSize.of(1, 1), Interpolation.AREA)) {
                assertEquals((short) 65535, dst.hostSegment().get(ValueLayout.JAVA_SHORT_UNALIGNED, 0));
            }
        }
        // 4096 x 4096 U8 of 255 (rows broadcast): 2^24 * 255 is past 2^31 too
        try (Arena a = Arena.ofConfined()) {
            MemorySegment row = a.allocate(4096);
            row.fill((byte) 255);
            Tensor src = Tensor.wrapHost(row, new long[] {4096, 4096, 1}, DataType.U8, TensorLayout.HWC, new long[] {0, 1, 1});
            try (Tensor dst = Resize.resize(src, ImageSize.of(1, 1), Interpolation.AREA)) {
                assertEquals((byte) 255, dst.hostSegment().get(ValueLayout.JAVA_BYTE, 0));
            }
        }
    }

    @Test
    void outputsWhoseByteCountOverflowsAreRefusedNamingTheOperator() {
        try (Arena a = Arena.ofConfined()) {
            Tensor batch = broadcast(a, (byte) 9, new long[] {MAX, 1, 1, 1}, new long[] {0, 0, 0, 1}, TensorLayout.NHWC);
            int half = 1 << 30;
            refused(() -> CopyMakeBorder.copyMakeBorder(batch, half, half - 2, half, half - 2, BorderType.REFLECT, null),
                    "CopyMakeBorder", "more than 2^63-1 bytes");
            refused(() -> Resize.resize(batch, ImageSize.of(1 << 20, 1 << 20), Interpolation.NEAREST), "Resize", "2^63-1");
            Tensor one = broadcast(a, (byte) 9, new long[] {1, 1, 1}, new long[] {0, 0, 1}, TensorLayout.HWC);
            refused(() -> CopyMakeBorder.copyMakeBorder(one, 0, 0, MAX, 0, BorderType.WRAP, null), "CopyMakeBorder",
                    "too large");
        }
    }

    @Test
    void aMillionPixelBorderOnEverySideOfEveryPeriodicType() {
        // the size checks pass and each border type maps every column once (values from the period, by hand)
        for (BorderType b : new BorderType[] {BorderType.REFLECT, BorderType.REFLECT_101, BorderType.WRAP}) {
            try (Tensor src = host(new byte[] {1, 2, 3}, DataType.U8, TensorLayout.HWC, 1, 3, 1);
                 Tensor dst = CopyMakeBorder.copyMakeBorder(src, 1, 1, 1_000_000, 1_000_000, b, null)) {
                byte[] out = bytes(dst);
                int w = 2_000_003;
                for (int x = 0; x < w; x += 997) {
                    int p = x - 1_000_000;
                    int want = switch (b) {
                        case REFLECT -> { int q = Math.floorMod(p, 6); yield q < 3 ? q : 5 - q; }
                        case REFLECT_101 -> { int q = Math.floorMod(p, 4); yield q < 3 ? q : 4 - q; }
                        default -> Math.floorMod(p, 3);
                    };
                    for (int y = 0; y < 3; y++) {
                        assertEquals(1 + want, out[y * w + x], b + " row " + y + " column " + x);
                    }
                }
            }
        }
    }
}

package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code copyFrom} between views whose memory overlaps gives what a copy through a temporary gives. */
class TensorOverlapCopyTest {
    private static final long SEED = System.nanoTime();
    private final Random rng = new Random(SEED);

    private int[] randomInts(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt();
        }
        return a;
    }

    @Test
    void overlappingRowViewsCopyAsIfBuffered() {
        System.out.println("TensorOverlapCopyTest seed " + SEED);
        int rows = 8;
        int cols = 5;
        for (int shift = -3; shift <= 3; shift++) {
            int[] data = randomInts(rows * cols);
            try (Tensor t = Tensor.allocateHost(new long[] {rows, cols}, DataType.S32, null)) {
                t.copyFrom(data);
                int n = rows - Math.abs(shift);
                int srcStart = Math.max(0, -shift);
                int dstStart = Math.max(0, shift);
                t.slice(0, dstStart, n).copyFrom(t.slice(0, srcStart, n), null);
                // expected: rows [srcStart, srcStart + n) of the original land at dstStart (a buffered copy)
                int[] expected = data.clone();
                System.arraycopy(data, srcStart * cols, expected, dstStart * cols, n * cols);
                int[] back = new int[rows * cols];
                t.copyTo(back);
                assertArrayEquals(expected, back, "shift " + shift + ", seed " + SEED);
            }
        }
    }

    @Test
    void overlappingStridedViewsOfAJavaArrayCopyAsIfBuffered() {
        // columns shifted by one inside each row, over a heap segment: every row copy overlaps its source
        int rows = 4;
        int cols = 6;
        int[] data = randomInts(rows * cols);
        int[] heap = data.clone();
        MemorySegment seg = MemorySegment.ofArray(heap);
        Tensor src = Tensor.wrapHost(seg, new long[] {rows, cols - 1}, DataType.S32, null, new long[] {cols * 4L, 4});
        Tensor dst = Tensor.wrapHost(seg.asSlice(4), new long[] {rows, cols - 1}, DataType.S32, null, new long[] {cols * 4L, 4});
        dst.copyFrom(src, null);
        int[] expected = data.clone();
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data, r * cols, expected, r * cols + 1, cols - 1);
        }
        assertArrayEquals(expected, heap);
    }

    @Test
    void aTransposedCopyOntoItsOwnMemoryIsBuffered() {
        // dst = transpose(src) over the same 3x3 block: an unbuffered copy would read already-written elements
        int[] data = randomInts(9);
        try (Tensor t = Tensor.allocateHost(new long[] {3, 3}, DataType.S32, null)) {
            t.copyFrom(data);
            Tensor transposed = Tensor.wrapHost(t.hostSegment(), new long[] {3, 3}, DataType.S32, null, new long[] {4, 12});
            t.copyFrom(transposed, null);
            int[] expected = new int[9];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    expected[r * 3 + c] = data[c * 3 + r];
                }
            }
            int[] back = new int[9];
            t.copyTo(back);
            assertArrayEquals(expected, back);
        }
    }

    @Test
    void aTensorCopiedOntoItselfIsUnchanged() {
        int[] data = randomInts(12);
        try (Tensor t = Tensor.allocateHost(new long[] {3, 4}, DataType.S32, null)) {
            t.copyFrom(data);
            t.copyFrom(t, null);
            t.slice(0, 1, 2).copyFrom(t.slice(0, 1, 2), null);
            int[] back = new int[12];
            t.copyTo(back);
            assertArrayEquals(data, back);
        }
    }
}

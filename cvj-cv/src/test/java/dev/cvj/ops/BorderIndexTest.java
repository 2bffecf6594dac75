package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BorderType#interpolate} in constant time: equal to OpenCV's {@code cv::borderInterpolate} loop (copied
 * below as the reference) everywhere it can run, right at the int limits where the loop overflows, and fast enough
 * that borders of a million pixels and rectangles at x = 2e9 no longer hang CopyMakeBorder and
 * CropFlipNormalizeReformat (the loop reflected one period at a time: time grew with border^2).
 */
class BorderIndexTest {
    /** OpenCV 4.x's cv::borderInterpolate, as written there (one period per iteration). */
    private static int openCvLoop(BorderType type, int p, int len) {
        if (p >= 0 && p < len) {
            return p;
        }
        switch (type) {
            case CONSTANT:
                return -1;
            case REPLICATE:
                return p < 0 ? 0 : len - 1;
            case WRAP:
                if (p < 0) {
                    p -= ((p - len + 1) / len) * len;
                }
                if (p >= len) {
                    p %= len;
                }
                return p;
            default:
                if (len == 1) {
                    return 0;
                }
                int delta = type == BorderType.REFLECT_101 ? 1 : 0;
                do {
                    if (p < 0) {
                        p = -p - 1 + delta;
                    } else {
                        p = len - 1 - (p - len) - delta;
                    }
                } while (p < 0 || p >= len);
                return p;
        }
    }

    @Test
    void equalsOpenCvsLoopOverFiveRowLengthsEachSide() {
        for (BorderType t : BorderType.values()) {
            for (int len = 1; len <= 40; len++) {
                for (int p = -5 * len; p <= 6 * len; p++) {
                    assertEquals(openCvLoop(t, p, len), t.interpolate(p, len), t + " p=" + p + " len=" + len);
                }
            }
        }
    }

    @Test
    void hugeIndicesMapInsideTheRowWithoutOverflow() {
        int max = Integer.MAX_VALUE, min = Integer.MIN_VALUE;
        // periods: REFLECT 2 * len, REFLECT_101 2 * len - 2, WRAP len; values worked out by hand
        assertEquals(max - 1, BorderType.REFLECT.interpolate(min, max));      // -2^31 mod (2^32 - 2) = 2^31 - 2
        assertEquals(max - 3, BorderType.REFLECT_101.interpolate(min, max));  // -2^31 mod (2^32 - 4) = 2^31 - 4
        assertEquals(max - 1, BorderType.WRAP.interpolate(min, max));         // -2^31 mod (2^31 - 1) = 2^31 - 2
        assertEquals(1, BorderType.REFLECT.interpolate(-2, max));             // just left of a 2^31-1 row: q = 2^32 - 4
        assertEquals(2, BorderType.REFLECT_101.interpolate(-2, max));
        assertEquals(max - 2, BorderType.WRAP.interpolate(-2, max));
        assertEquals(1, BorderType.REFLECT.interpolate(-2, 1 << 30));         // q = 2^31 - 2 > 2^30
        assertEquals(1, BorderType.REFLECT.interpolate(max, 3));              // (2^31 - 1) mod 6 = 1
        assertEquals(1, BorderType.REFLECT_101.interpolate(max, 3));          // (2^31 - 1) mod 4 = 3 -> 4 - 3
        assertEquals(1, BorderType.WRAP.interpolate(max, 3));                 // (2^31 - 1) mod 3 = 1
        assertEquals(0, BorderType.REFLECT.interpolate(min, 1));
        assertEquals(0, BorderType.REFLECT_101.interpolate(max, 1));
        assertEquals(0, BorderType.REFLECT.interpolate(2_000_000_000, 2));    // 2e9 mod 4 = 0
        assertEquals(1, BorderType.REFLECT.interpolate(2_000_000_001, 2));    // 1
        assertEquals(1, BorderType.REFLECT.interpolate(2_000_000_002, 2));    // 2 -> 4 - 1 - 2
        for (BorderType t : BorderType.values()) {
            for (int len : new int[] {1, 2, 3, 7, 1000, max - 1, max}) {
                for (int p : new int[] {min, min + 1, -len, len, max - 1, max}) {
                    int i = t.interpolate(p, len);
                    assertEquals(true, t == BorderType.CONSTANT ? i == -1 || (p >= 0 && p < len) : i >= 0 && i < len,
                            t + " p=" + p + " len=" + len + " gave " + i);
                }
            }
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aMillionPixelReflectBorderOfATwoPixelRow() {
        // row {1, 2}: REFLECT repeats 1 2 | 2 1 | 1 2 ...; the left border of 1e6 pixels ends ...2 1 | 1 2
        try (Tensor src = host(new byte[] {1, 2, 3, 4}, DataType.U8, TensorLayout.HWC, 2, 2, 1);
             Tensor dst = CopyMakeBorder.copyMakeBorder(src, 0, 0, 1_000_000, 0, BorderType.REFLECT, null)) {
            assertArrayEquals(new long[] {2, 1_000_002, 1}, dst.shape());
            byte[] b = bytes(dst);
            for (int x = 0; x < 1_000_002; x++) {
                int xs = Math.floorMod(x - 1_000_000, 4); // period 4: 0 1 | 1 0
                int want = xs < 2 ? xs : 3 - xs;
                assertEquals(1 + want, b[x], "row 0 column " + x);
                assertEquals(3 + want, b[1_000_002 + x], "row 1 column " + x);
            }
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void cropRectangleAtTwoBillionWithReflect() {
        // 1 x 3 row {10, 20, 30}: REFLECT period 6 (10 20 30 30 20 10); x = 2e9 = 6 * 333333333 + 2 -> 30, 30, 20
        try (Tensor src = host(new byte[] {10, 20, 30}, DataType.U8, TensorLayout.HWC, 1, 3, 1);
             Tensor dst = CropFlipNormalizeReformat.cropFlipNormalizeReformat(src, new int[][] {{2_000_000_000, 0, 3, 1}},
                     new int[] {2}, new float[] {0}, new float[] {1}, 1f, 0f, 0f, false, false, BorderType.REFLECT, 0f,
                     DataType.U8, TensorLayout.HWC)) {
            assertArrayEquals(new byte[] {30, 30, 20}, bytes(dst));
        }
    }
}

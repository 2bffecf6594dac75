package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The 2D copy plan against an element-by-element copy, on random shapes and strides. */
class CopyPlanTest {
    private static final Random RNG = new Random(1234);

    /** Strides of a random dimension order with random padding, all in bytes; optionally some broadcast (0). */
    private static long[] randomStrides(long[] shape, int item, boolean allowBroadcast, Random r) {
        int rank = shape.length;
        List<Integer> order = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            order.add(d);
        }
        java.util.Collections.shuffle(order, r);
        long[] st = new long[rank];
        long step = item;
        for (int i = rank - 1; i >= 0; i--) {
            int d = order.get(i);
            st[d] = step;
            long pad = r.nextInt(3) == 0 ? r.nextInt(4) * (long) item : 0;
            step = step * shape[d] + pad;
        }
        if (allowBroadcast && rank > 0 && r.nextInt(4) == 0) {
            st[r.nextInt(rank)] = 0;
        }
        return st;
    }

    private static long span(long[] shape, long[] st, int item) {
        long s = item;
        for (int d = 0; d < shape.length; d++) {
            s += (shape[d] - 1) * st[d];
        }
        return s;
    }

    @RepeatedTest(300)
    void planCopiesExactlyWhatAnElementLoopCopies() {
        Random r = new Random(RNG.nextLong());
        int rank = r.nextInt(5);
        long[] shape = new long[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = 1 + r.nextInt(5);
        }
        int item = 1 << r.nextInt(4);
        long[] ss = randomStrides(shape, item, true, r);
        long[] ds = randomStrides(shape, item, false, r);
        byte[] src = new byte[(int) span(shape, ss, item)];
        r.nextBytes(src);
        byte[] expected = new byte[(int) span(shape, ds, item)];
        byte[] actual = expected.clone();
        // reference: every element
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        for (long e = 0; e < count; e++) {
            long rem = e;
            long so = 0;
            long dof = 0;
            for (int d = rank - 1; d >= 0; d--) {
                long i = rem % shape[d];
                rem /= shape[d];
                so += i * ss[d];
                dof += i * ds[d];
            }
            System.arraycopy(src, (int) so, expected, (int) dof, item);
        }
        int[] calls = {0};
        CopyPlan.run(shape, item, ss, ds, (so, sp, dof, dp, w, h) -> {
            calls[0]++;
            assertTrue(w > 0 && h > 0);
            assertTrue(h == 1 || (sp >= w && dp >= w), "pitches must cover the row");
            for (long row = 0; row < h; row++) {
                System.arraycopy(src, (int) (so + row * sp), actual, (int) (dof + row * dp), (int) w);
            }
        });
        assertArrayEquals(expected, actual);
        assertTrue(calls[0] <= count, "never more copies than elements");
    }

    @Test
    void paddedImageIsOneCopy() {
        long[] shape = {2, 5, 7, 3};
        long[] padded = {5 * 32, 32, 3, 1};
        long[] dense = {105, 21, 3, 1};
        List<long[]> calls = new ArrayList<>();
        CopyPlan.run(shape, 1, dense, padded, (so, sp, dof, dp, w, h) -> calls.add(new long[] {so, sp, dof, dp, w, h}));
        assertEquals(1, calls.size());
        assertArrayEquals(new long[] {0, 21, 0, 32, 21, 10}, calls.get(0));
    }

    @Test
    void denseIsOneRow() {
        List<long[]> calls = new ArrayList<>();
        CopyPlan.run(new long[] {4, 6}, 4, new long[] {24, 4}, new long[] {24, 4},
                (so, sp, dof, dp, w, h) -> calls.add(new long[] {so, dof, w, h}));
        assertEquals(1, calls.size());
        assertArrayEquals(new long[] {0, 0, 96, 1}, calls.get(0));
    }

    @Test
    void emptyCopiesNothing() {
        CopyPlan.run(new long[] {3, 0}, 4, new long[] {0, 4}, new long[] {0, 4}, (a, b, c, d, e, f) -> fail("no copy"));
    }
}

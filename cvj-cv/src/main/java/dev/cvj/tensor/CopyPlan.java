package dev.cvj.tensor;

/**
 * Breaks a copy between two strided layouts of the same shape into 2D copies (rows of {@code width} bytes,
 * {@code height} rows, each side with its own pitch), as few as the strides allow: dimensions of extent 1
 * are dropped, adjacent dimensions that are contiguous on both sides merge, and the innermost run that is
 * dense on both sides becomes the row. A padded image (rows apart by more than their width) is one 2D copy.
 */
final class CopyPlan {
    /** One 2D copy: offsets are relative to element 0 of each side. */
    interface Sink {
        void copy(long srcOffset, long srcPitch, long dstOffset, long dstPitch, long width, long height);
    }

    private CopyPlan() {}

    static void run(long[] shape, int item, long[] src, long[] dst, Sink sink) {
        int rank = shape.length;
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        if (count == 0) {
            return;
        }
        // Keep dimensions of extent > 1, outermost first, merging contiguous neighbours.
        long[] n = new long[rank];
        long[] ss = new long[rank];
        long[] ds = new long[rank];
        int k = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 1) {
                continue;
            }
            n[k] = shape[d];
            ss[k] = src[d];
            ds[k] = dst[d];
            k++;
        }
        // merge from the inside out: dim j (outer) into dim j+1 (inner) when both sides are contiguous across it
        for (int j = k - 2; j >= 0; j--) {
            if (ss[j] == ss[j + 1] * n[j + 1] && ds[j] == ds[j + 1] * n[j + 1]) {
                n[j + 1] *= n[j];
                // remove dim j
                System.arraycopy(n, j + 1, n, j, k - j - 1);
                System.arraycopy(ss, j + 1, ss, j, k - j - 1);
                System.arraycopy(ds, j + 1, ds, j, k - j - 1);
                k--;
            }
        }
        long width;
        int rowsDim; // index in n of the dimension that becomes the 2D height, or -1
        if (k == 0) {
            width = item;
            rowsDim = -1;
        } else if (ss[k - 1] == item && ds[k - 1] == item) {
            width = n[k - 1] * item;
            rowsDim = k - 2;
        } else {
            width = item;
            rowsDim = k - 1;
        }
        long height = 1;
        long sp = width;
        long dp = width;
        int outer; // dims [0, outer) are looped over, one 2D copy each
        if (rowsDim >= 0 && ss[rowsDim] >= width && ds[rowsDim] >= width) {
            height = n[rowsDim];
            sp = ss[rowsDim];
            dp = ds[rowsDim];
            outer = rowsDim;
        } else if (rowsDim >= 0) {
            outer = rowsDim + 1; // pitches smaller than the row (broadcast): loop over it instead
        } else {
            outer = 0;
        }
        long[] idx = new long[Math.max(outer, 1)];
        while (true) {
            long so = 0;
            long dof = 0;
            for (int d = 0; d < outer; d++) {
                so += idx[d] * ss[d];
                dof += idx[d] * ds[d];
            }
            sink.copy(so, sp, dof, dp, width, height);
            int d = outer - 1;
            while (d >= 0) {
                if (++idx[d] < n[d]) {
                    break;
                }
                idx[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }
}

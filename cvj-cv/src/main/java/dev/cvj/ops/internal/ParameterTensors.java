package dev.cvj.ops.internal;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.util.Arrays;

/**
 * Per-image parameters given as a tensor, as CV-CUDA's varshape operators take them (flip codes, rectangles,
 * channel orders): read into Java arrays and checked there like the array forms, so a bad value is a clear
 * exception before any GPU work. A device tensor is copied to the host with a synchronous copy of a few bytes per
 * image (the call waits for the work queued before it on the legacy default stream).
 */
public final class ParameterTensors {
    private ParameterTensors() {}

    /** An S32 tensor of shape {@code [n]} as an array ({@code n} = 1 or {@code images}). */
    public static int[] ints(OpCheck op, String role, Tensor t, int images) {
        long[] shape = check(op, role, t, 1);
        op.perImage(role, (int) Math.min(shape[0], Integer.MAX_VALUE), images);
        int[] out = new int[(int) shape[0]];
        t.copyTo(out);
        return out;
    }

    /** An S32 tensor of shape {@code [n, width]} as rows ({@code n} = 1 or {@code images}). */
    public static int[][] rows(OpCheck op, String role, Tensor t, int images, int width) {
        return rows(op, role, t, images, width, width);
    }

    /**
     * An S32 tensor of shape {@code [n, width]} as rows ({@code n} = 1 or {@code images}), its width any of
     * {@code minWidth..maxWidth} (channel orders: one row length for all).
     */
    public static int[][] rows(OpCheck op, String role, Tensor t, int images, int minWidth, int maxWidth) {
        long[] shape = check(op, role, t, 2);
        if (shape[1] < minWidth || shape[1] > maxWidth) {
            throw op.fail(role + " has shape " + Arrays.toString(shape) + "; rows of "
                    + (minWidth == maxWidth ? String.valueOf(minWidth) : minWidth + ".." + maxWidth) + " values expected");
        }
        int width = (int) shape[1];
        op.perImage(role, (int) Math.min(shape[0], Integer.MAX_VALUE), images);
        int[] flat = new int[(int) shape[0] * width];
        t.copyTo(flat);
        int[][] out = new int[(int) shape[0]][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }

    private static long[] check(OpCheck op, String role, Tensor t, int rank) {
        op.notNull(t, role);
        if (t.dtype() != DataType.S32 || t.rank() != rank) {
            throw op.fail(role + " is a " + t.rank() + "-d " + t.dtype() + " tensor; a " + rank + "-d S32 tensor expected");
        }
        return t.shape();
    }
}

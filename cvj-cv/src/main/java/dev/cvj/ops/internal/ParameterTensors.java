package dev.cvj.ops.internal;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.util.Arrays;

/**
 * Per-image parameters given as a tensor, as CV-CUDA's varshape operators take them (flip codes, rectangles,
 * channel orders, border offsets; Normalize's per-channel base and scale): read into Java arrays and checked there
 * like the array forms, so a bad value is a clear exception before any GPU work. A device tensor is copied to the host
 * with a synchronous copy of a few bytes per image (the call waits for the work queued before it on the legacy
 * default stream).
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

    /**
     * An F32 or F64 tensor of shape {@code [n, extents...]} (CV-CUDA's per-image matrices, {@code [N, 2, 3]} or
     * {@code [N, 3, 3]}) as one row of doubles per entry of n ({@code n} = 1 or {@code images}), each row the
     * product of {@code extents} values in C order.
     */
    public static double[][] doubles(OpCheck op, String role, Tensor t, int images, int... extents) {
        op.notNull(t, role);
        long[] shape = t.shape();
        boolean match = (t.dtype() == DataType.F32 || t.dtype() == DataType.F64) && shape.length == extents.length + 1;
        int width = 1;
        for (int i = 0; i < extents.length; i++) {
            match &= match && shape[i + 1] == extents[i];
            width *= extents[i];
        }
        if (!match) {
            throw op.fail(role + " is a " + t.dtype() + " tensor of shape " + Arrays.toString(shape) + "; an F32 or F64"
                    + " tensor of shape [N" + Arrays.stream(extents).mapToObj(e -> ", " + e).reduce("", String::concat)
                    + "] expected");
        }
        op.perImage(role, (int) Math.min(shape[0], Integer.MAX_VALUE), images);
        return rows(t, (int) shape[0], width);
    }

    /** An F32 or F64 tensor of shape {@code [n]} as an array ({@code n} = 1 or {@code images}): {@link #doubles} of one value each. */
    public static double[] values(OpCheck op, String role, Tensor t, int images) {
        double[][] rows = doubles(op, role, t, images);
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][0];
        }
        return out;
    }

    /** {@link #values} narrowed to float: the per-image parameters of the operators that compute in float. */
    public static float[] floats(OpCheck op, String role, Tensor t, int images) {
        double[] d = values(op, role, t, images);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /**
     * An F32 tensor of values for the whole batch, one per channel or one for all (CV-CUDA's Normalize base and scale
     * of shape {@code [1, 1, 1, C]}): every extent but the last is 1; the values of the last, as an array (its length
     * is the caller's to check).
     */
    public static float[] channelValues(OpCheck op, String role, Tensor t) {
        op.notNull(t, role);
        long[] shape = t.shape();
        boolean leadingOnes = shape.length >= 1;
        for (int i = 0; i < shape.length - 1; i++) {
            leadingOnes &= shape[i] == 1;
        }
        if (t.dtype() != DataType.F32 || !leadingOnes || shape[shape.length - 1] > 4) {
            throw op.fail(role + " is a " + t.dtype() + " tensor of shape " + Arrays.toString(shape) + "; an F32 tensor of"
                    + " shape [1, 1, 1, C] (or [C]: every extent but the last 1) expected");
        }
        float[] out = new float[(int) shape[shape.length - 1]];
        t.copyTo(out);
        return out;
    }

    /**
     * An F32 or F64 tensor of shape {@code [n, width]} (or {@code [n]} when {@code width} is 1) as rows of doubles
     * ({@code n} = 1 or {@code images}): CV-CUDA's per-image sigmas and scales.
     */
    public static double[][] doubles(OpCheck op, String role, Tensor t, int images, int width) {
        op.notNull(t, role);
        long[] shape = t.shape();
        boolean shaped = shape.length == 2 ? shape[1] == width : shape.length == 1 && width == 1;
        if ((t.dtype() != DataType.F32 && t.dtype() != DataType.F64) || !shaped) {
            throw op.fail(role + " is a " + t.dtype() + " tensor of shape " + Arrays.toString(shape) + "; an F32 or F64"
                    + " tensor of shape [n, " + width + "]" + (width == 1 ? " or [n]" : "") + " expected");
        }
        op.perImage(role, (int) Math.min(shape[0], Integer.MAX_VALUE), images);
        return rows(t, (int) shape[0], width);
    }

    /** Column {@code c} of {@code rows}. */
    public static int[] column(int[][] rows, int c) {
        return Arrays.stream(rows).mapToInt(r -> r[c]).toArray();
    }

    /** Column {@code c} of {@code rows}. */
    public static double[] column(double[][] rows, int c) {
        return Arrays.stream(rows).mapToDouble(r -> r[c]).toArray();
    }

    private static long[] check(OpCheck op, String role, Tensor t, int rank) {
        op.notNull(t, role);
        if (t.dtype() != DataType.S32 || t.rank() != rank) {
            throw op.fail(role + " is a " + t.rank() + "-d " + t.dtype() + " tensor; a " + rank + "-d S32 tensor expected");
        }
        return t.shape();
    }

    /** The F32 or F64 tensor {@code t}, checked by the caller, as {@code n} rows of {@code width} doubles. */
    private static double[][] rows(Tensor t, int n, int width) {
        double[] flat = new double[n * width];
        if (t.dtype() == DataType.F64) {
            t.copyTo(flat);
        } else {
            float[] f = new float[flat.length];
            t.copyTo(f);
            for (int i = 0; i < f.length; i++) {
                flat[i] = f[i];
            }
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }
}

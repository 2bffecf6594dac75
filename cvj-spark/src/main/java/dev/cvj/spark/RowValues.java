package dev.cvj.spark;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A batch's output on the host: {@code rows} rows of {@code shape} elements of {@code dtype}, little-endian in C order,
 * and each row as the output column holds it.
 */
record RowValues(byte[] all, DataType dtype, long[] rowShape, int rows) {
    RowValues {
        if (dtype != DataType.F32 && dtype != DataType.F16 && dtype != DataType.U8) {
            throw new IllegalArgumentException("cvj-spark: the output tensor must be F32, F16 or U8, got " + dtype);
        }
    }

    /**
     * Copies a tensor (the hook's) to the host.
     *
     * @param stream the stream the tensor is ready on, or null
     * @param rows the rows it must have
     */
    static RowValues copyOf(Tensor t, Stream stream, int rows) {
        if (t.rank() < 1 || t.shape(0) != rows || !t.isContiguous()) {
            throw new IllegalArgumentException("cvj-spark: the BatchHook must return a contiguous tensor of " + rows
                    + " rows (one per image of the batch), got " + t);
        }
        if (stream != null) {
            stream.synchronize(); // copyToBytes reads on the thread's default stream
        }
        byte[] bytes = new byte[Math.toIntExact(t.byteSize())];
        t.copyToBytes(bytes);
        return new RowValues(bytes, t.dtype(), Arrays.copyOfRange(t.shape(), 1, t.rank()), rows);
    }

    private int rowBytes() {
        return all.length / rows;
    }

    /** {@return the shape of one row, for the binary format's shape column} */
    int[] shape() {
        int[] s = new int[rowShape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.toIntExact(rowShape[i]);
        }
        return s;
    }

    /** {@return row {@code r}'s bytes} */
    byte[] bytes(int r) {
        return Arrays.copyOfRange(all, r * rowBytes(), (r + 1) * rowBytes());
    }

    /** {@return row {@code r}'s elements as floats (F16 and U8 widened)} */
    float[] floats(int r) {
        int n = rowBytes() / dtype.byteSize();
        ByteBuffer b = ByteBuffer.wrap(all, r * rowBytes(), rowBytes()).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[n];
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(f);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    f[i] = Float.float16ToFloat(b.getShort());
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    f[i] = b.get() & 0xff;
                }
            }
        }
        return f;
    }
}

package dev.cvj.ops.internal;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;

/**
 * Per-image parameters of a varshape launch too large to pass by value (warp matrices, rotation codes): copied to the
 * device once per call, in order on the launch's stream. The caller closes the tensor with {@link Tensor#close(Stream)}
 * after the launch, so it is freed once the kernel has read it.
 */
public final class ParameterUploads {
    private ParameterUploads() {}

    /** A device F64 tensor holding {@code values}, written in order on {@code s}. */
    public static Tensor doubles(double[] values, Stream s) {
        Tensor d = Tensor.allocate(new long[] {values.length}, DataType.F64, null, s);
        try (Tensor h = Tensor.allocateHost(new long[] {values.length}, DataType.F64, null)) {
            h.copyFrom(values);
            d.copyFrom(h, s);
        } catch (RuntimeException | Error e) {
            d.close(s);
            throw e;
        }
        return d;
    }

    /** A device S32 tensor holding {@code values}, written in order on {@code s}. */
    public static Tensor ints(int[] values, Stream s) {
        Tensor d = Tensor.allocate(new long[] {values.length}, DataType.S32, null, s);
        try (Tensor h = Tensor.allocateHost(new long[] {values.length}, DataType.S32, null)) {
            h.copyFrom(values);
            d.copyFrom(h, s);
        } catch (RuntimeException | Error e) {
            d.close(s);
            throw e;
        }
        return d;
    }
}

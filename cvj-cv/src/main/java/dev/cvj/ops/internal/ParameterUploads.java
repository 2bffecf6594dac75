package dev.cvj.ops.internal;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.util.function.Consumer;

/**
 * Per-image parameters of a varshape launch too large to pass by value (warp matrices, rotation codes, threshold
 * levels, adaptive threshold taps): copied to the device once per call, in order on the launch's stream (the copy
 * from the host waits for the work queued on it before). The caller closes the tensor with
 * {@link Tensor#close(Stream)} after the launch, so it is freed once the kernel has read it.
 */
public final class ParameterUploads {
    private ParameterUploads() {}

    /** A device F64 tensor holding {@code values}, written in order on {@code s}. */
    public static Tensor doubles(double[] values, Stream s) {
        return upload(values.length, DataType.F64, h -> h.copyFrom(values), s);
    }

    /** A device S32 tensor holding {@code values}, written in order on {@code s}. */
    public static Tensor ints(int[] values, Stream s) {
        return upload(values.length, DataType.S32, h -> h.copyFrom(values), s);
    }

    private static Tensor upload(int length, DataType type, Consumer<Tensor> fill, Stream s) {
        Tensor d = Tensor.allocate(new long[] {length}, type, null, s);
        try (Tensor h = Tensor.allocateHost(new long[] {length}, type, null)) {
            fill.accept(h);
            d.copyFrom(h, s);
        } catch (RuntimeException | Error e) {
            d.close(s);
            throw e;
        }
        return d;
    }
}

package dev.cvj.ops.internal;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.util.function.Consumer;

/**
 * A launch's parameter table in device memory (the per-image filters, warp matrices, rotation codes and threshold
 * levels of a varshape batch, Morphology's offsets):
 * allocated from the pool on the launch's stream and copied there before the launches queued after it. The caller
 * closes it with {@code close(stream)}, after those launches.
 */
public final class DeviceParameters {
    private DeviceParameters() {}

    /** {@code bytes} in device memory on {@code st}'s device, for launches on {@code st}. */
    public static Tensor upload(byte[] bytes, Stream st) {
        return upload(bytes.length, DataType.U8, h -> h.copyFrom(bytes), st);
    }

    /** {@code values} in device memory on {@code st}'s device, for launches on {@code st}. */
    public static Tensor upload(int[] values, Stream st) {
        return upload(values.length, DataType.S32, h -> h.copyFrom(values), st);
    }

    /** {@code values} (F32) in device memory on {@code st}'s device, for launches on {@code st}. */
    public static Tensor upload(float[] values, Stream st) {
        return upload(values.length, DataType.F32, h -> h.copyFrom(values), st);
    }

    /** {@code values} (F64) in device memory on {@code st}'s device, for launches on {@code st}. */
    public static Tensor upload(double[] values, Stream st) {
        return upload(values.length, DataType.F64, h -> h.copyFrom(values), st);
    }

    private static Tensor upload(int n, DataType t, Consumer<Tensor> fill, Stream st) {
        Tensor d = Tensor.allocate(new long[] {n}, t, null, st);
        try (Tensor h = Tensor.allocateHost(new long[] {n}, t, null)) {
            fill.accept(h);
            d.copyFrom(h, st); // from pageable memory: returns once the values are staged, so h may go
        } catch (RuntimeException e) {
            d.close(st);
            throw e;
        }
        return d;
    }
}

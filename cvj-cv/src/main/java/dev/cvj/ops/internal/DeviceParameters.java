package dev.cvj.ops.internal;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A launch's parameter table in device memory (the per-image filters, warp matrices, rotation codes and threshold
 * levels of a varshape batch, Morphology's offsets, the resizes' taps): allocated from the pool on the launch's
 * stream and written there, in stream order, before the launches queued after it. The caller closes it with
 * {@code close(stream)}, after those launches.
 *
 * <p>The table travels inside the arguments of a small kernel ({@code cvj_parameters_*} in parameters.cu) that writes
 * it: a launch copies its arguments when it is issued, so the host never waits for the stream (a copy from pageable
 * memory would), and under stream capture the graph's kernel node keeps the table, so an operator that uploads one
 * can be recorded into a {@link dev.cvj.ops.Pipeline}. Tables over 32,736 bytes take one launch per 32,736 bytes.
 */
public final class DeviceParameters {
    /** The payload sizes of the upload kernels, smallest first. */
    private static final int[] PAYLOADS = {256, 4096, 32736};
    /** Arguments of its own: a caller may be filling {@link Launch#args()} around the upload. */
    private static final ThreadLocal<KernelArgs> ARGS = ThreadLocal.withInitial(KernelArgs::new);
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {
            new byte[PAYLOADS[0]], new byte[PAYLOADS[1]], new byte[PAYLOADS[2]]});

    private DeviceParameters() {}

    /** {@code bytes} in device memory on {@code st}'s device, for launches on {@code st}. */
    public static Tensor upload(byte[] bytes, Stream st) {
        return upload(MemorySegment.ofArray(bytes), bytes.length, DataType.U8, st);
    }

    /** {@code values} in device memory on {@code st}'s device, for launches on {@code st}. */
    public static Tensor upload(int[] values, Stream st) {
        return upload(MemorySegment.ofArray(values), values.length, DataType.S32, st);
    }

    /** {@code values} (F32) in device memory on {@code st}'s device, for launches on {@code st}. */
    public static Tensor upload(float[] values, Stream st) {
        return upload(MemorySegment.ofArray(values), values.length, DataType.F32, st);
    }

    /** {@code values} (F64) in device memory on {@code st}'s device, for launches on {@code st}. */
    public static Tensor upload(double[] values, Stream st) {
        return upload(MemorySegment.ofArray(values), values.length, DataType.F64, st);
    }

    private static Tensor upload(MemorySegment values, int n, DataType t, Stream st) {
        Tensor d = Tensor.allocate(new long[] {n}, t, null, st);
        try {
            long total = values.byteSize();
            for (long at = 0; at < total; at += PAYLOADS[PAYLOADS.length - 1]) {
                int len = (int) Math.min(total - at, PAYLOADS[PAYLOADS.length - 1]);
                int b = 0;
                while (PAYLOADS[b] < len) {
                    b++;
                }
                byte[] payload = SCRATCH.get()[b];
                MemorySegment.copy(values, ValueLayout.JAVA_BYTE, at, payload, 0, len);
                Kernel k = KernelLibrary.kernel(st.device(), "cvj_parameters_" + PAYLOADS[b]);
                Launch.linear(k, len / 16 + 1, st, ARGS.get().clear().pointer(d.address() + at).struct(payload, 16).i32(len));
            }
        } catch (RuntimeException e) {
            d.close(st);
            throw e;
        }
        return d;
    }
}

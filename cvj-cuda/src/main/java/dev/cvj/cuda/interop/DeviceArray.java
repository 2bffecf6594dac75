package dev.cvj.cuda.interop;

import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A typed, shaped view of {@link DeviceMemory}: what a {@code DeviceMemory} looks like to another library
 * through the CUDA Array Interface. It does not own the memory: closing the memory ends the view, and
 * {@link #cudaArrayInterface()} then throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (DeviceMemory m = DeviceMemory.allocate(Device.get(0), 480 * 640 * 3)) {
 *     DeviceArray img = DeviceArray.of(m, new long[] {480, 640, 3}, "|u1");
 *     Map<String, Object> forPython = img.cudaArrayInterface().toMap();
 * }
 * }</pre>
 *
 * @param memory  the memory; element 0 is at its start
 * @param shape   the extents
 * @param typestr the element type, e.g. {@code "<f4"}
 * @param strides byte strides, or {@code null} for C-contiguous
 * @param stream  the stream the producer last used (reported in the interface), or {@code null} when none
 *                needs synchronizing
 */
public record DeviceArray(DeviceMemory memory, long[] shape, String typestr, long[] strides, Stream stream)
        implements CudaArray {

    /** Checks that the shape and strides fit in the memory. */
    public DeviceArray {
        Objects.requireNonNull(memory, "memory");
        shape = Objects.requireNonNull(shape, "shape").clone();
        strides = strides == null ? null : strides.clone();
        // Validates shape, typestr and strides, and computes the span without overflow.
        CudaArrayInterface probe = new CudaArrayInterface(shape, typestr, 1, false,
                strides, OptionalLong.empty(), null, CudaArrayInterface.VERSION);
        if (probe.byteSpan() > memory.byteSize()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + typestr
                    + (strides == null ? "" : " with strides " + Arrays.toString(strides)) + " spans "
                    + probe.byteSpan() + " bytes, but the memory has " + memory.byteSize());
        }
        if (stream != null && stream.device() != memory.device()) {
            throw new IllegalArgumentException("stream " + stream + " is not on the memory's device " + memory.device());
        }
    }

    /**
     * {@return a C-contiguous view, no stream}
     *
     * @param memory the device memory to view
     * @param shape the extent of each dimension
     * @param typestr the element type, e.g. {@code "<f4"}
     */
    public static DeviceArray of(DeviceMemory memory, long[] shape, String typestr) {
        return new DeviceArray(memory, shape, typestr, null, null);
    }

    /** {@return the extent of each dimension (a copy)} */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** {@return the byte step of each dimension (a copy), or null for C-contiguous} */
    @Override
    public long[] strides() {
        return strides == null ? null : strides.clone();
    }

    /** The interface (read-write; stream as given). Throws {@link IllegalStateException} if the memory was closed. */
    @Override
    public CudaArrayInterface cudaArrayInterface() {
        long address = memory.address(); // throws when closed
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        return CudaArrayInterface.of(shape, typestr, count == 0 ? 0 : address, false, strides,
                stream == null ? OptionalLong.empty() : OptionalLong.of(stream.handle()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceArray a && memory == a.memory && Arrays.equals(shape, a.shape)
                && typestr.equals(a.typestr) && Arrays.equals(strides, a.strides) && Objects.equals(stream, a.stream);
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(memory), Arrays.hashCode(shape), typestr, Arrays.hashCode(strides));
    }

    @Override
    public String toString() {
        return "DeviceArray[" + memory + ", shape " + Arrays.toString(shape) + ", " + typestr
                + (strides == null ? "" : ", strides " + Arrays.toString(strides)) + "]";
    }
}

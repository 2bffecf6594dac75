package dev.cvj.interop;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.tensor.DataType;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plain block of CUDA memory with a shape and an element type, exposed through the CUDA Array
 * Interface: the Java counterpart of the {@code CudaBuffer} of CV-CUDA's CUDA Python samples.
 *
 * <p>Two kinds:
 * <ul>
 * <li><b>owned</b>: {@code new CudaBuffer(shape, dtype)} / {@link #allocate} allocate C-contiguous memory
 *     with {@code cudaMalloc} on the current device; {@link #close()} frees it;</li>
 * <li><b>borrowed</b>: {@link #fromCuda(CudaArray)} (and the interface / map overloads) describe another
 *     object's device memory, without copying and without owning it: {@code close()} only ends this view.
 *     The other object must stay alive (and open) while the buffer is used.</li>
 * </ul>
 * {@link CudaIpc#open} returns a third kind: memory of another process, unmapped on close.
 *
 * <pre>{@code
 * try (CudaBuffer buf = new CudaBuffer(new long[] {10, 10}, DataType.F32)) {
 *     CudaCopies.h2d(hostFloats, buf);
 *     Tensor t = Tensor.asTensor(buf, TensorLayout.of("HW"));    // zero-copy
 *     CudaBuffer back = CudaBuffer.fromCuda(t.cuda());            // zero-copy
 *     CudaCopies.d2h(back, hostFloats);
 * }
 * }</pre>
 *
 * After {@link #close()} every accessor that touches memory throws {@link IllegalStateException};
 * {@code close()} itself may be called again.
 */
public final class CudaBuffer implements CudaArray, AutoCloseable {
    private final long[] shape;
    private final String typestr;
    private final long[] strides; // null: C-contiguous
    private final long data;
    private final boolean readOnly;
    private final OptionalLong stream;
    private final Device device;
    private final DeviceMemory owned; // null unless owned
    private final Runnable closer;     // extra release (IPC unmap), or null
    private final Object keepAlive;    // the object whose memory a borrowed buffer describes
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Allocates a C-contiguous buffer with {@code cudaMalloc} on the current device.
     *
     * @param shape the extent of each dimension
     * @param dtype the element type
     */
    public CudaBuffer(long[] shape, DataType dtype) {
        this(shape, dtype, Device.current());
    }

    /**
     * Allocates a C-contiguous buffer with {@code cudaMalloc} on {@code device}.
     *
     * @param shape the extent of each dimension
     * @param dtype the element type
     * @param device the device to allocate on
     */
    public CudaBuffer(long[] shape, DataType dtype, Device device) {
        this(check(shape, dtype), dtype.typestr(), Objects.requireNonNull(device, "device"),
                DeviceMemory.allocate(device, byteCount(shape, dtype)));
    }

    private CudaBuffer(long[] shape, String typestr, Device device, DeviceMemory memory) {
        this(shape, typestr, null, memory.byteSize() == 0 ? 0 : memory.address(), false, OptionalLong.empty(),
                device, memory, null, null);
    }

    CudaBuffer(long[] shape, String typestr, long[] strides, long data, boolean readOnly, OptionalLong stream,
            Device device, DeviceMemory owned, Runnable closer, Object keepAlive) {
        // Validates every field the way the interface does.
        CudaArrayInterface probe = CudaArrayInterface.of(shape, typestr, data, readOnly, strides, stream);
        this.shape = probe.shape();
        this.typestr = typestr;
        this.strides = probe.strides();
        this.data = data;
        this.readOnly = readOnly;
        this.stream = stream;
        this.device = device;
        this.owned = owned;
        this.closer = closer;
        this.keepAlive = keepAlive;
    }

    private static long[] check(long[] shape, DataType dtype) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(dtype, "dtype");
        return shape.clone();
    }

    private static long byteCount(long[] shape, DataType dtype) {
        long n = dtype.byteSize();
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
        }
        for (long s : shape) {
            try {
                n = Math.multiplyExact(n, s);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " is more than 2^63-1 bytes");
            }
        }
        return n;
    }

    /**
     * {@return same as {@code new CudaBuffer(shape, dtype)}}
     *
     * @param shape the extent of each dimension
     * @param dtype the element type
     */
    public static CudaBuffer allocate(long[] shape, DataType dtype) {
        return new CudaBuffer(shape, dtype);
    }

    /**
     * {@return same as {@code new CudaBuffer(shape, dtype, device)}}
     *
     * @param shape the extent of each dimension
     * @param dtype the element type
     * @param device the device to allocate on
     */
    public static CudaBuffer allocate(long[] shape, DataType dtype, Device device) {
        return new CudaBuffer(shape, dtype, device);
    }

    /**
     * Describes {@code x}'s memory without copying or owning it (CV-CUDA's {@code CudaBuffer.from_cuda}).
     * The buffer keeps a reference to {@code x}, so the garbage collector cannot reclaim it first; closing
     * {@code x} explicitly still ends the memory. Host memory is refused.
     *
     * @param x the array to describe
     * @return a buffer over the interface's memory
     */
    public static CudaBuffer fromCuda(CudaArray x) {
        Objects.requireNonNull(x, "x");
        return wrap(x.cudaArrayInterface(), x);
    }

    /**
     * Describes the memory of a CUDA Array Interface (not owned). Host pointers are refused.
     *
     * @param cai the interface in Python's dict shape
     * @return a buffer over the interface's memory
     */
    public static CudaBuffer fromCuda(CudaArrayInterface cai) {
        Objects.requireNonNull(cai, "cai");
        return wrap(cai, null);
    }

    /**
     * Describes the memory of an interface in Python's dict shape (see {@link CudaArrayInterface#fromMap}).
     *
     * @param cai the interface in Python's dict shape
     * @return a buffer over the interface's memory
     */
    public static CudaBuffer fromCuda(Map<String, ?> cai) {
        return fromCuda(CudaArrayInterface.fromMap(cai));
    }

    private static CudaBuffer wrap(CudaArrayInterface cai, Object keepAlive) {
        Device device = Pointers.deviceOf(cai.data(), "CudaBuffer.fromCuda");
        return new CudaBuffer(cai.shape(), cai.typestr(), cai.strides(), cai.data(), cai.readOnly(), cai.stream(),
                device, null, null, keepAlive);
    }

    /** The interface describing this buffer. Throws {@link IllegalStateException} after {@link #close()}. */
    @Override
    public CudaArrayInterface cudaArrayInterface() {
        ensureOpen();
        return CudaArrayInterface.of(shape, typestr, data, readOnly, strides, stream);
    }

    /** {@return the extent of each dimension (a copy)} */
    public long[] shape() {
        return shape.clone();
    }

    /** {@return the number of dimensions} */
    public int rank() {
        return shape.length;
    }

    /** {@return the element type as a typestr ({@code "<f4"}); {@link #dtype()} for cvj's type} */
    public String typestr() {
        return typestr;
    }

    /**
     * {@return the element type; throws {@link IllegalArgumentException} for a typestr cvj has no type for (complex,
     * bool)}
     */
    public DataType dtype() {
        return DataType.fromTypestr(typestr);
    }

    /**
     * Byte strides, or {@code null} when C-contiguous.
     *
     * @return the byte strides, or null
     */
    public long[] strides() {
        return strides == null ? null : strides.clone();
    }

    /** {@return the device pointer of element 0} Throws {@link IllegalStateException} after {@link #close()}. */
    public long address() {
        ensureOpen();
        return data;
    }

    /** {@return the device the memory is on} */
    public Device device() {
        return device;
    }

    /** {@return whether the memory may only be read} */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** {@return bytes from element 0 to one past the last element} */
    public long byteSize() {
        return CudaArrayInterface.of(shape, typestr, data, readOnly, strides, stream).byteSpan();
    }

    /** {@return whether closing this buffer frees (or unmaps) its memory} */
    public boolean isOwner() {
        return owned != null || closer != null;
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * {@return the memory as a {@link DeviceMemory}: the owned allocation, or a borrowed view (never freed by cvj) of
     * the bytes this buffer spans}
     */
    public DeviceMemory memory() {
        ensureOpen();
        return owned != null ? owned : DeviceMemory.wrap(device, data, byteSize());
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("CudaBuffer " + this + " is closed");
        }
    }

    /** Frees owned memory (unmaps IPC memory); a borrowed buffer just becomes unusable. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                if (owned != null) {
                    owned.close();
                }
            } finally {
                if (closer != null) {
                    closer.run();
                }
            }
        }
    }

    /** The object whose memory a borrowed buffer describes (null for owned buffers or a bare interface). */
    Object keepAlive() {
        return keepAlive;
    }

    @Override
    public String toString() {
        return "CudaBuffer[" + Arrays.toString(shape) + " " + typestr
                + (strides == null ? "" : " strides " + Arrays.toString(strides)) + ", 0x" + Long.toHexString(data)
                + " on " + device + (owned != null ? "" : closer != null ? ", IPC" : ", borrowed")
                + (closed.get() ? ", closed" : "") + "]";
    }
}

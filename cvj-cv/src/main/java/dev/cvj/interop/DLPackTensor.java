package dev.cvj.interop;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * A tensor imported with {@link DLPack#fromDLPack}: owns the producer's struct and calls its deleter once,
 * when cvj is done with the memory. CUDA tensors ({@code kDLCUDA}, {@code kDLCUDAManaged}) are
 * {@link CudaArray}s, so {@link CudaBuffer#fromCuda}, {@link CudaCopies} and {@code Tensor.asTensor} take them
 * directly; host tensors ({@code kDLCPU}, {@code kDLCUDAHost}) give their memory as a {@link MemorySegment}.
 *
 * <h2>Lifetime</h2>
 * {@link #close()} ends this object. The deleter runs then, unless a {@link Tensor} made by {@link #tensor}
 * still holds the memory: a copy running on it, or a {@link Tensor#hold()} (a re-export through DLPack takes
 * one); then it runs when the last of those lets go. After {@link #close()}, the tensors made by
 * {@link #tensor} and the segment of {@link #hostSegment()} throw {@link IllegalStateException} on use;
 * they never reach freed memory. What the CUDA Array Interface hands out ({@link #cudaArrayInterface()}, and
 * the {@code CudaBuffer} or {@code Tensor.asTensor} made from it) holds nothing: close this object only after
 * their last use.
 */
public final class DLPackTensor implements CudaArray, AutoCloseable {
    private final long self;
    private final long deleter;
    private final boolean versioned;
    private final int deviceType;
    private final int deviceId;
    private final long data; // data + byte_offset
    private final long[] shape;
    private final long[] strides; // bytes; null = C-contiguous
    private final String typestr;
    private final boolean readOnly;
    private final long flags;
    private final Arena hostArena; // scopes hostSegment(): closed before the deleter runs; null for CUDA tensors
    private boolean closed; // guarded by this
    private boolean released; // guarded by this: the deleter ran
    private Tensor owner; // guarded by this: made by the first tensor(); holds the memory for cvj

    private DLPackTensor(long self, long deleter, boolean versioned, int deviceType, int deviceId, long data,
            long[] shape, long[] strides, String typestr, boolean readOnly, long flags) {
        this.self = self;
        this.deleter = deleter;
        this.versioned = versioned;
        this.deviceType = deviceType;
        this.deviceId = deviceId;
        this.data = data;
        this.shape = shape;
        this.strides = strides;
        this.typestr = typestr;
        this.readOnly = readOnly;
        this.flags = flags;
        this.hostArena = isCuda() ? null : Arena.ofShared();
    }

    /** Reads {@code t} (a segment spanning the DLTensor) and checks it; on any failure calls the deleter, then throws. */
    static DLPackTensor adopt(long self, long deleter, boolean versioned, MemorySegment t, boolean readOnly, long flags) {
        try {
            int deviceType = DLDevice.deviceType(DLTensor.device(t));
            int deviceId = DLDevice.deviceId(DLTensor.device(t));
            switch (deviceType) {
                case DLDevice.CUDA, DLDevice.CUDA_MANAGED, DLDevice.CPU, DLDevice.CUDA_HOST -> { }
                default -> throw new IllegalArgumentException("DLPack tensor is on " + DLDevice.typeName(deviceType)
                        + "; cvj reads kDLCUDA, kDLCUDAManaged, kDLCUDAHost and kDLCPU tensors");
            }
            if (deviceId < 0) {
                throw new IllegalArgumentException("DLPack tensor has device_id " + deviceId);
            }
            int ndim = DLTensor.ndim(t);
            if (ndim < 0 || ndim > DLPack.MAX_NDIM) {
                throw new IllegalArgumentException("DLPack tensor has ndim " + ndim + "; cvj reads 0 to " + DLPack.MAX_NDIM);
            }
            MemorySegment dt = DLTensor.dtype(t);
            String typestr = DLDataType.toTypestr(DLDataType.code(dt), DLDataType.bits(dt), DLDataType.lanes(dt));
            long item = DLDataType.bits(dt) / 8;
            long[] shape = DLTensor.readLongs(DLTensor.shapeAddress(t), ndim, "shape");
            long[] strides = null;
            if (DLTensor.stridesAddress(t) != 0 && ndim > 0) {
                strides = DLTensor.readLongs(DLTensor.stridesAddress(t), ndim, "strides");
                for (int d = 0; d < ndim; d++) {
                    if (strides[d] < 0) {
                        throw new IllegalArgumentException("DLPack tensor has a negative stride (" + strides[d]
                                + ") in dimension " + d + "; cvj does not support negative strides");
                    }
                    try {
                        strides[d] = Math.multiplyExact(strides[d], item);
                    } catch (ArithmeticException e) {
                        throw new IllegalArgumentException("DLPack tensor's stride " + strides[d] + " of dimension " + d
                                + " times its " + item + "-byte elements overflows a long");
                    }
                }
            }
            // Checks shape (non-negative), element count and byte span (no overflow): as every interface is checked.
            CudaArrayInterface probe = CudaArrayInterface.of(shape, typestr, 1, readOnly, strides, OptionalLong.empty());
            long data = 0; // an empty tensor's pointer means nothing (and may be NULL)
            if (probe.elementCount() != 0) {
                long base = DLTensor.data(t);
                long byteOffset = DLTensor.byteOffset(t);
                if (base == 0) {
                    throw new IllegalArgumentException("DLPack tensor has a NULL data pointer for " + probe.elementCount()
                            + " elements");
                }
                if (byteOffset < 0) {
                    throw new IllegalArgumentException("DLPack tensor has byte_offset " + Long.toUnsignedString(byteOffset)
                            + ", past the end of the address space");
                }
                DLTensor.checkPointer(base, 0, "data");
                DLTensor.checkPointer(base, byteOffset, "data + byte_offset");
                data = base + byteOffset;
                DLTensor.checkPointer(data, probe.byteSpan(), "data + byte_offset");
            }
            return new DLPackTensor(self, deleter, versioned, deviceType, deviceId, data, shape, strides, typestr,
                    readOnly, flags);
        } catch (RuntimeException e) {
            DLPack.callDeleter(deleter, self);
            throw e instanceof IllegalArgumentException ? e
                    : new IllegalArgumentException("cannot read the DLPack tensor: " + e.getMessage(), e);
        }
    }

    /** {@return whether the memory is device memory ({@code kDLCUDA} or {@code kDLCUDAManaged})} */
    public boolean isCuda() {
        return deviceType == DLDevice.CUDA || deviceType == DLDevice.CUDA_MANAGED;
    }

    /** {@return the DLPack device type ({@link DLDevice#CUDA}, ...)} */
    public int deviceType() {
        return deviceType;
    }

    /** {@return the DLPack device id (the CUDA ordinal for CUDA tensors)} */
    public int deviceId() {
        return deviceId;
    }

    /** {@return the extent of each dimension (a copy)} */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Byte strides (converted from DLPack's element strides), or {@code null} when C-contiguous.
     *
     * @return the byte strides, or null
     */
    public long[] strides() {
        return strides == null ? null : strides.clone();
    }

    /** {@return the element type as a typestr, e.g. {@code "<f4"}} */
    public String typestr() {
        return typestr;
    }

    /**
     * {@return the element type; throws {@link IllegalArgumentException} for types cvj has none for (bool, complex)}
     */
    public DataType dtype() {
        return DataType.fromTypestr(typestr);
    }

    /** {@return the address of element 0 ({@code data + byte_offset})} Throws after {@link #close()}. */
    public long address() {
        ensureOpen();
        return data;
    }

    /** {@return whether the producer marked the tensor read-only ({@code DLPACK_FLAG_BITMASK_READ_ONLY})} */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** {@return the raw flags of a versioned tensor (0 for a legacy one)} */
    public long flags() {
        return flags;
    }

    /** {@return whether the struct was a {@code DLManagedTensorVersioned} (false: legacy {@code DLManagedTensor})} */
    public boolean isVersioned() {
        return versioned;
    }

    /** The interface of a CUDA tensor. Throws {@link IllegalStateException} for host tensors or after close. */
    @Override
    public CudaArrayInterface cudaArrayInterface() {
        ensureOpen();
        if (!isCuda()) {
            throw new IllegalStateException("DLPack tensor is in host memory (" + DLDevice.typeName(deviceType)
                    + "): use hostSegment()");
        }
        return CudaArrayInterface.of(shape, typestr, data, readOnly, strides, OptionalLong.empty());
    }

    /**
     * {@return the host memory of a {@code kDLCPU} / {@code kDLCUDAHost} tensor, spanning its elements (read-only
     * when the producer said so)} Accessing it after {@link #close()} throws {@link IllegalStateException}.
     */
    public MemorySegment hostSegment() {
        ensureOpen();
        if (isCuda()) {
            throw new IllegalStateException("DLPack tensor is in device memory (" + DLDevice.typeName(deviceType)
                    + "): use cudaArrayInterface()");
        }
        MemorySegment s = MemorySegment.ofAddress(data).reinterpret(byteSpan(), hostArena, null);
        return readOnly ? s.asReadOnly() : s;
    }

    private long byteSpan() {
        return CudaArrayInterface.of(shape, typestr, data, readOnly, strides, OptionalLong.empty()).byteSpan();
    }

    /**
     * {@return a cvj {@link Tensor} over this memory, without copying ({@code layout} may be null): a device tensor
     * for CUDA tensors, a host tensor otherwise} The tensor holds the memory for cvj (see the class notes): a copy
     * running on it delays the deleter, and once this object is closed the tensor throws on use. Closing the tensor
     * is optional (it is a view). Throws {@link IllegalArgumentException} for element types cvj's tensors do not have
     * (bool, complex), and for CUDA tensors whose pointer is not memory of device {@link #deviceId()}.
     *
     * @param layout the dimension labels (null: none)
     */
    public synchronized Tensor tensor(TensorLayout layout) {
        ensureOpen();
        if (owner == null) {
            DataType dt = dtype();
            if (isCuda()) {
                DeviceMemory memory = DeviceMemory.wrap(Device.get(deviceId), data, byteSpan());
                owner = Tensor.adoptDevice(memory, shape, dt, null, strides, readOnly, this::release);
            } else {
                owner = Tensor.adoptHost(hostSegment(), shape, dt, null, strides, this::release);
            }
        }
        return owner.withLayout(layout);
    }

    private void ensureOpen() {
        if (isClosed()) {
            throw new IllegalStateException("DLPack tensor was closed (its deleter has run or runs when cvj's last use ends)");
        }
    }

    /** {@return whether {@link #close()} was called} */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Ends this object: the deleter runs now, or, while a tensor made by {@link #tensor} still holds the
     * memory (a running copy, a hold), when the last of those lets go. Later calls do nothing.
     */
    @Override
    public void close() {
        Tensor t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = owner;
        }
        if (t != null) {
            t.close(); // the deleter runs through release() with the last hold on the memory
        } else {
            release();
        }
    }

    /** Ends the host segment's scope, then calls the producer's deleter; once. */
    private void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
        }
        if (hostArena != null) {
            hostArena.close();
        }
        DLPack.callDeleter(deleter, self);
    }

    @Override
    public String toString() {
        return "DLPackTensor[" + DLDevice.typeName(deviceType) + ":" + deviceId + ", " + Arrays.toString(shape) + " "
                + typestr + (strides == null ? "" : " strides " + Arrays.toString(strides)) + ", 0x"
                + Long.toHexString(data) + (readOnly ? ", read-only" : "") + (isClosed() ? ", closed" : "") + "]";
    }
}

package dev.cvj.interop;

import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tensor imported with {@link DLPack#fromDLPack}: owns the producer's struct and calls its deleter on
 * {@link #close()} (once). CUDA tensors ({@code kDLCUDA}, {@code kDLCUDAManaged}) are {@link CudaArray}s,
 * so {@link CudaBuffer#fromCuda}, {@link CudaCopies} and {@code Tensor.asTensor} take them directly; host
 * tensors ({@code kDLCPU}, {@code kDLCUDAHost}) give their memory as a {@link MemorySegment}.
 *
 * <p>Views made from it (a {@code Tensor}, a {@code CudaBuffer}) do not keep the producer's memory alive:
 * close this object only when they are no longer used.
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
    private final AtomicBoolean closed = new AtomicBoolean();

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
    }

    /** Reads {@code t}; on any failure calls the deleter, then throws. */
    static DLPackTensor adopt(long self, long deleter, boolean versioned, MemorySegment t, boolean readOnly, long flags) {
        try {
            int deviceType = DLDevice.deviceType(DLTensor.device(t));
            int deviceId = DLDevice.deviceId(DLTensor.device(t));
            switch (deviceType) {
                case DLDevice.CUDA, DLDevice.CUDA_MANAGED, DLDevice.CPU, DLDevice.CUDA_HOST -> { }
                default -> throw new IllegalArgumentException("DLPack tensor is on " + DLDevice.typeName(deviceType)
                        + "; cvj reads kDLCUDA, kDLCUDAManaged, kDLCUDAHost and kDLCPU tensors");
            }
            int ndim = DLTensor.ndim(t);
            if (ndim < 0 || ndim > 64) {
                throw new IllegalArgumentException("DLPack tensor has ndim " + ndim);
            }
            MemorySegment dt = DLTensor.dtype(t);
            String typestr = DLDataType.toTypestr(DLDataType.code(dt), DLDataType.bits(dt), DLDataType.lanes(dt));
            int item = DLDataType.bits(dt) / 8;
            long[] shape = DLTensor.readLongs(DLTensor.shapeAddress(t), ndim, "shape");
            long[] strides = null;
            if (DLTensor.stridesAddress(t) != 0 && ndim > 0) {
                strides = DLTensor.readLongs(DLTensor.stridesAddress(t), ndim, "strides");
                for (int d = 0; d < ndim; d++) {
                    strides[d] = Math.multiplyExact(strides[d], (long) item);
                }
            }
            long data = DLTensor.data(t) + DLTensor.byteOffset(t);
            long count = 1;
            for (long s : shape) {
                count *= s;
            }
            if (count == 0) {
                data = 0; // an empty tensor's pointer means nothing (and may be NULL)
            }
            // Checks shape, strides (negative ones are refused) and the pointer the way every interface is checked.
            CudaArrayInterface.of(shape, typestr, data, readOnly, strides, OptionalLong.empty());
            return new DLPackTensor(self, deleter, versioned, deviceType, deviceId, data, shape, strides, typestr,
                    readOnly, flags);
        } catch (RuntimeException e) {
            DLPack.callDeleter(deleter, self);
            throw e instanceof IllegalArgumentException ? e
                    : new IllegalArgumentException("cannot read the DLPack tensor: " + e.getMessage(), e);
        }
    }

    /** Whether the memory is device memory ({@code kDLCUDA} or {@code kDLCUDAManaged}). */
    public boolean isCuda() {
        return deviceType == DLDevice.CUDA || deviceType == DLDevice.CUDA_MANAGED;
    }

    /** The DLPack device type ({@link DLDevice#CUDA}, ...). */
    public int deviceType() {
        return deviceType;
    }

    /** The DLPack device id (the CUDA ordinal for CUDA tensors). */
    public int deviceId() {
        return deviceId;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** Byte strides (converted from DLPack's element strides), or {@code null} when C-contiguous. */
    public long[] strides() {
        return strides == null ? null : strides.clone();
    }

    public String typestr() {
        return typestr;
    }

    /** The element type; throws {@link IllegalArgumentException} for types cvj has none for (bool, complex). */
    public DataType dtype() {
        return DataType.fromTypestr(typestr);
    }

    /** The address of element 0 ({@code data + byte_offset}). Throws after {@link #close()}. */
    public long address() {
        ensureOpen();
        return data;
    }

    /** Whether the producer marked the tensor read-only ({@code DLPACK_FLAG_BITMASK_READ_ONLY}). */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** The raw flags of a versioned tensor (0 for a legacy one). */
    public long flags() {
        return flags;
    }

    /** Whether the struct was a {@code DLManagedTensorVersioned} (false: legacy {@code DLManagedTensor}). */
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

    /** The host memory of a {@code kDLCPU} / {@code kDLCUDAHost} tensor, spanning its elements. */
    public MemorySegment hostSegment() {
        ensureOpen();
        if (isCuda()) {
            throw new IllegalStateException("DLPack tensor is in device memory (" + DLDevice.typeName(deviceType)
                    + "): use cudaArrayInterface()");
        }
        long span = CudaArrayInterface.of(shape, typestr, data, readOnly, strides, OptionalLong.empty()).byteSpan();
        MemorySegment s = MemorySegment.ofAddress(data).reinterpret(span);
        return readOnly ? s.asReadOnly() : s;
    }

    /**
     * A cvj {@link Tensor} over this memory, without copying ({@code layout} may be null): a device tensor
     * for CUDA tensors ({@code Tensor.asTensor}), a host tensor otherwise ({@code Tensor.wrapHost}). The
     * tensor does not keep the producer's memory: close this object only after the tensor's last use.
     */
    public Tensor tensor(TensorLayout layout) {
        ensureOpen();
        if (isCuda()) {
            return Tensor.asTensor(cudaArrayInterface(), layout);
        }
        return Tensor.wrapHost(hostSegment(), shape, dtype(), layout, strides);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("DLPack tensor was closed (its deleter has run)");
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Calls the producer's deleter, once; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            DLPack.callDeleter(deleter, self);
        }
    }

    @Override
    public String toString() {
        return "DLPackTensor[" + DLDevice.typeName(deviceType) + ":" + deviceId + ", " + Arrays.toString(shape) + " "
                + typestr + (strides == null ? "" : " strides " + Arrays.toString(strides)) + ", 0x"
                + Long.toHexString(data) + (readOnly ? ", read-only" : "") + (closed.get() ? ", closed" : "") + "]";
    }
}

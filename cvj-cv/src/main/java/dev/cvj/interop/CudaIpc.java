package dev.cvj.interop;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.IpcMemoryHandle;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.interop.IpcDescriptor;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Sharing device arrays with another process through CUDA IPC ({@link IpcMemoryHandle}), e.g. with a Python
 * process running PyTorch or CuPy ({@code python/cvj_ipc.py}). The descriptor the two sides exchange is
 * {@link IpcDescriptor}'s JSON.
 *
 * <pre>{@code
 * // exporter
 * CudaIpc.IpcExport e = CudaIpc.export(buffer);
 * send(e.toJson());                                   // keep buffer open until the other side is done
 * // importer (another process)
 * try (CudaBuffer shared = CudaIpc.open(CudaIpc.IpcExport.fromJson(json))) { ... }
 * }</pre>
 *
 * <p>An IPC handle names a whole allocation: the descriptor carries the array's offset from the
 * allocation base ({@code CU_POINTER_ATTRIBUTE_RANGE_START_ADDR}), so views and arrays inside a caching
 * allocator's blocks (PyTorch, CuPy) work. Only {@code cudaMalloc} memory can be shared: stream-ordered
 * memory ({@code cudaMallocAsync}, which {@code Tensor.allocate} uses) is refused with a message saying so;
 * share a {@link CudaBuffer} (or copy into one) instead. A process cannot open a handle it exported itself.
 *
 * <p>Lifetime: the exporter must keep the memory allocated, and its process alive, until every importer
 * has closed what it opened. The exporter synchronizes the array's stream (if its interface names one)
 * before returning the descriptor, so the importer sees finished data.
 */
public final class CudaIpc {
    /** {@code CU_IPC_HANDLE_SIZE}. */
    public static final int HANDLE_BYTES = IpcMemoryHandle.BYTES;

    private CudaIpc() {}

    /**
     * What an importer needs: the 64-byte {@code cudaIpcMemHandle_t}, the offset of element 0 from the
     * allocation base, the exporter's device ordinal, and the array's shape, typestr, byte strides (null:
     * C-contiguous) and read-only flag; the fields and the JSON form of {@link IpcDescriptor}, which checks them
     * (an {@link IllegalArgumentException} naming the field).
     *
     * @param handle the 64-byte {@code cudaIpcMemHandle_t}
     * @param offset the byte offset of element 0 from the allocation base
     * @param device the device to map the memory on
     * @param shape the extent of each dimension
     * @param typestr the element type, e.g. {@code "<f4"}
     * @param strides the byte step of each dimension, or null for C-contiguous
     * @param readOnly whether the importer may only read
     */
    public record IpcExport(byte[] handle, long offset, int device, long[] shape, String typestr, long[] strides,
                            boolean readOnly) {
        /**
         * Checks the fields as {@link IpcDescriptor} does.
         *
         * @throws IllegalArgumentException naming the field that is out of range
         */
        public IpcExport {
            Objects.requireNonNull(handle, "handle");
            IpcDescriptor d = new IpcDescriptor(IpcMemoryHandle.of(handle), offset, device, shape, typestr, strides, readOnly);
            handle = handle.clone();
            shape = d.shape();
            strides = d.strides();
        }

        /**
         * {@return the export of a descriptor read elsewhere (e.g. {@link IpcDescriptor#fromJson})}
         *
         * @param d the descriptor
         */
        public static IpcExport of(IpcDescriptor d) {
            return new IpcExport(d.handle().bytes(), d.offset(), d.device(), d.shape(), d.typestr(), d.strides(), d.readOnly());
        }

        /** {@return this export as the descriptor the other side reads} */
        public IpcDescriptor descriptor() {
            return new IpcDescriptor(IpcMemoryHandle.of(handle), offset, device, shape, typestr, strides, readOnly);
        }

        /** {@return the handle's bytes (a copy)} */
        @Override
        public byte[] handle() {
            return handle.clone();
        }

        /** {@return the extent of each dimension (a copy)} */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** {@return the byte strides (a copy), or null for C-contiguous} */
        @Override
        public long[] strides() {
            return strides == null ? null : strides.clone();
        }

        /** {@return bytes the array spans from element 0} */
        public long byteSpan() {
            return descriptor().byteSpan();
        }

        /**
         * {@return one line of JSON: {@code {"version": 1, "handle": "<hex>", "offset": ..., "device": ..., "shape":
         * [...], ...}}}
         */
        public String toJson() {
            return descriptor().toJson();
        }

        /**
         * Reads {@link #toJson()}'s form (as {@code cvj_ipc.export_to_java} writes it too); unknown keys and
         * out-of-range values are refused (see {@link IpcDescriptor#fromJson}).
         *
         * @param json the JSON text
         * @return the export
         */
        public static IpcExport fromJson(String json) {
            return of(IpcDescriptor.fromJson(json));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IpcExport e && descriptor().equals(e.descriptor());
        }

        @Override
        public int hashCode() {
            return descriptor().hashCode();
        }

        @Override
        public String toString() {
            return "IpcExport" + toJson();
        }
    }

    /**
     * {@return the IPC descriptor of {@code x}'s memory} Refuses empty arrays, host memory and memory that the legacy
     * IPC API cannot share (stream-ordered pools, {@code cuMemCreate} allocations).
     *
     * @param x the array to share
     */
    public static IpcExport export(CudaArray x) {
        Objects.requireNonNull(x, "x");
        CudaArrayInterface cai = x.cudaArrayInterface();
        if (cai.elementCount() == 0) {
            throw new IllegalArgumentException("CudaIpc.export: the array is empty (shape "
                    + Arrays.toString(cai.shape()) + "): there is no memory to share");
        }
        IpcMemoryHandle.Export e = IpcMemoryHandle.export(cai.data());
        if (cai.stream().isPresent()) { // the importer must see finished data
            Stream.wrap(e.device(), cai.stream().getAsLong()).synchronize();
        }
        return new IpcExport(e.handle().bytes(), e.offset(), e.device().ordinal(), cai.shape(), cai.typestr(),
                cai.strides(), cai.readOnly());
    }

    /**
     * Opens the memory on the exporter's device ordinal (when this process has it), else on the current device.
     *
     * @param e the export to open (another process's)
     * @return a buffer over the mapped memory (close it to unmap)
     */
    public static CudaBuffer open(IpcExport e) {
        Objects.requireNonNull(e, "export");
        Device d = e.device() < Device.count() ? Device.get(e.device()) : Device.current();
        return open(e, d);
    }

    /**
     * Maps another process's memory on {@code device} ({@link IpcMemoryHandle#open}, peer access enabled as
     * needed). The returned buffer unmaps it on close; it owns no memory. The mapping must hold the array:
     * an offset and span beyond the shared allocation are refused.
     *
     * @param e the export to open (another process's)
     * @param device the device to map the memory on
     * @return a buffer over the mapped memory (close it to unmap)
     */
    public static CudaBuffer open(IpcExport e, Device device) {
        Objects.requireNonNull(e, "export");
        Objects.requireNonNull(device, "device");
        DeviceMemory mapping = IpcMemoryHandle.of(e.handle()).open(device);
        try {
            long span = e.byteSpan();
            if (e.offset() > mapping.byteSize() - span) {
                throw new IllegalArgumentException("CudaIpc.open: the array (offset " + e.offset() + ", " + span
                        + " bytes) does not lie inside the shared allocation of " + mapping.byteSize() + " bytes");
            }
            return new CudaBuffer(e.shape(), e.typestr(), e.strides(), mapping.address() + e.offset(), e.readOnly(),
                    OptionalLong.empty(), device, null, mapping::close, null);
        } catch (RuntimeException ex) {
            mapping.close();
            throw ex;
        }
    }
}

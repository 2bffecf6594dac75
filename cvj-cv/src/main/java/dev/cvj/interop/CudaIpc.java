package dev.cvj.interop;

import dev.cvj.cuda.CudaException;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.interop.Json;
import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Sharing device memory with another process through CUDA IPC ({@code cudaIpcGetMemHandle} /
 * {@code cudaIpcOpenMemHandle}), e.g. with a Python process running PyTorch or CuPy
 * ({@code python/cvj_ipc.py}).
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
    /** {@code cudaIpcMemLazyEnablePeerAccess}. */
    private static final int LAZY_ENABLE_PEER_ACCESS = 1;
    /** {@code CU_IPC_HANDLE_SIZE}. */
    public static final int HANDLE_BYTES = 64;

    private CudaIpc() {}

    /**
     * What an importer needs: the 64-byte {@code cudaIpcMemHandle_t}, the offset of element 0 from the
     * allocation base, the exporter's device ordinal, and the array's shape, typestr, byte strides (null:
     * C-contiguous) and read-only flag. {@link #toJson()} is what {@code python/cvj_ipc.py} reads and writes.
     */
    public record IpcExport(byte[] handle, long offset, int device, long[] shape, String typestr, long[] strides,
                            boolean readOnly) {
        public IpcExport {
            Objects.requireNonNull(handle, "handle");
            if (handle.length != HANDLE_BYTES) {
                throw new IllegalArgumentException("handle: an IPC handle has " + HANDLE_BYTES + " bytes, got " + handle.length);
            }
            if (offset < 0) {
                throw new IllegalArgumentException("offset: must be >= 0, got " + offset);
            }
            handle = handle.clone();
            // Validates shape, typestr and strides the way every interface is checked.
            CudaArrayInterface probe = CudaArrayInterface.of(shape, typestr, 1, readOnly, strides, OptionalLong.empty());
            shape = probe.shape();
            strides = probe.strides();
        }

        @Override
        public byte[] handle() {
            return handle.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public long[] strides() {
            return strides == null ? null : strides.clone();
        }

        /** Bytes the array spans from element 0. */
        public long byteSpan() {
            return CudaArrayInterface.of(shape, typestr, 1, readOnly, strides, OptionalLong.empty()).byteSpan();
        }

        /** One line of JSON: {@code {"version": 1, "handle": "<hex>", "offset": ..., "device": ..., "shape": [...], ...}}. */
        public String toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", 1L);
            m.put("handle", HexFormat.of().formatHex(handle));
            m.put("offset", offset);
            m.put("device", (long) device);
            m.put("shape", list(shape));
            m.put("typestr", typestr);
            m.put("strides", list(strides));
            m.put("readonly", readOnly);
            return Json.write(m);
        }

        /** Reads {@link #toJson()}'s form (as {@code cvj_ipc.export_to_java} writes it too). */
        public static IpcExport fromJson(String json) {
            if (!(Json.parse(json) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("an IPC descriptor is a JSON object, got: " + json);
            }
            Object v = m.get("version");
            if (v != null && !Long.valueOf(1).equals(v)) {
                throw new IllegalArgumentException("unsupported IPC descriptor version " + v);
            }
            byte[] handle;
            try {
                handle = HexFormat.of().parseHex(string(m, "handle"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"handle\" must be " + 2 * HANDLE_BYTES + " hex digits: " + e.getMessage());
            }
            long[] shape = longs(m.get("shape"), "\"shape\"");
            if (shape == null) {
                throw new IllegalArgumentException("\"shape\" is missing");
            }
            Object ro = m.containsKey("readonly") ? m.get("readonly") : Boolean.FALSE;
            if (!(ro instanceof Boolean readOnly)) {
                throw new IllegalArgumentException("\"readonly\" must be a boolean, got " + ro);
            }
            return new IpcExport(handle, m.containsKey("offset") ? integer(m, "offset") : 0,
                    m.containsKey("device") ? Math.toIntExact(integer(m, "device")) : 0,
                    shape, string(m, "typestr"), longs(m.get("strides"), "\"strides\""), readOnly);
        }

        private static List<Long> list(long[] v) {
            return v == null ? null : Arrays.stream(v).boxed().toList();
        }

        /** A JSON array of integers (or null) as long[]; {@code what} names the field in errors. */
        private static long[] longs(Object v, String what) {
            if (v == null) {
                return null;
            }
            if (!(v instanceof List<?> list)) {
                throw new IllegalArgumentException(what + " must be an array of integers, got " + v);
            }
            long[] out = new long[list.size()];
            for (int k = 0; k < out.length; k++) {
                if (!(list.get(k) instanceof Long n)) {
                    throw new IllegalArgumentException(what + " must be an array of integers, got " + v);
                }
                out[k] = n;
            }
            return out;
        }

        private static long integer(Map<?, ?> m, String key) {
            if (!(m.get(key) instanceof Long n)) {
                throw new IllegalArgumentException("\"" + key + "\" must be an integer, got " + m.get(key));
            }
            return n;
        }

        private static String string(Map<?, ?> m, String key) {
            if (!(m.get(key) instanceof String v)) {
                throw new IllegalArgumentException("\"" + key + "\" must be a string, got " + m.get(key));
            }
            return v;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IpcExport e && Arrays.equals(handle, e.handle) && offset == e.offset && device == e.device
                    && Arrays.equals(shape, e.shape) && typestr.equals(e.typestr) && Arrays.equals(strides, e.strides)
                    && readOnly == e.readOnly;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(handle), offset, device, Arrays.hashCode(shape), typestr,
                    Arrays.hashCode(strides), readOnly);
        }

        @Override
        public String toString() {
            return "IpcExport" + toJson();
        }
    }

    /**
     * The IPC descriptor of {@code x}'s memory. Refuses empty arrays, host memory and memory that the
     * legacy IPC API cannot share (stream-ordered pools, {@code cuMemCreate} allocations).
     */
    public static IpcExport export(CudaArray x) {
        Objects.requireNonNull(x, "x");
        CudaArrayInterface cai = x.cudaArrayInterface();
        if (cai.elementCount() == 0) {
            throw new IllegalArgumentException("CudaIpc.export: the array is empty (shape "
                    + Arrays.toString(cai.shape()) + "): there is no memory to share");
        }
        long ptr = cai.data();
        Device device = Pointers.deviceOf(ptr, "CudaIpc.export");
        try (Device.Scope _ = device.enter(); Arena arena = Arena.ofConfined()) {
            if (Pointers.driverAttribute(ptr, Pointers.CU_POINTER_ATTRIBUTE_IS_LEGACY_CUDA_IPC_CAPABLE, 4) == 0) {
                boolean pooled = Pointers.driverAttribute(ptr, Pointers.CU_POINTER_ATTRIBUTE_MEMPOOL_HANDLE, 8) != 0;
                throw new IllegalArgumentException("CudaIpc.export: memory at 0x" + Long.toHexString(ptr)
                        + " cannot be shared with the legacy CUDA IPC API: " + (pooled
                        ? "it is stream-ordered memory from a pool (cudaMallocAsync; Tensor.allocate uses it)."
                                + " Allocate the shared array with new CudaBuffer(...) (cudaMalloc), or copy into one"
                        : "it was not allocated with cudaMalloc"));
            }
            long base = Pointers.allocationBase(ptr);
            MemorySegment h = arena.allocate(HANDLE_BYTES, 8);
            CudaException.check(Runtime.cudaIpcGetMemHandle(h, base), "cudaIpcGetMemHandle(0x" + Long.toHexString(base) + ")");
            if (cai.stream().isPresent()) {
                long s = cai.stream().getAsLong();
                CudaException.check(Runtime.cudaStreamSynchronize(s), "cudaStreamSynchronize(0x" + Long.toHexString(s)
                        + ") before sharing");
            }
            return new IpcExport(h.toArray(ValueLayout.JAVA_BYTE), ptr - base, device.ordinal(), cai.shape(), cai.typestr(),
                    cai.strides(), cai.readOnly());
        }
    }

    /** Opens the memory on the exporter's device ordinal (when this process has it), else on the current device. */
    public static CudaBuffer open(IpcExport e) {
        Objects.requireNonNull(e, "export");
        Device d = e.device() >= 0 && e.device() < Device.count() ? Device.get(e.device()) : Device.current();
        return open(e, d);
    }

    /**
     * Maps another process's memory on {@code device} ({@code cudaIpcOpenMemHandle}, peer access enabled as
     * needed). The returned buffer unmaps it ({@code cudaIpcCloseMemHandle}) on close; it owns no memory.
     */
    public static CudaBuffer open(IpcExport e, Device device) {
        Objects.requireNonNull(e, "export");
        Objects.requireNonNull(device, "device");
        long base;
        try (Device.Scope _ = device.enter(); Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment h = arena.allocate(HANDLE_BYTES, 8);
            h.copyFrom(MemorySegment.ofArray(e.handle()));
            int rc = Runtime.cudaIpcOpenMemHandle(out, h, LAZY_ENABLE_PEER_ACCESS);
            if (rc != 0) {
                Runtime.cudaGetLastError();
                throw CudaException.runtime(rc, "cudaIpcOpenMemHandle on " + device
                        + " (the exporting process must be alive and still hold the memory; a process cannot open its own handle)");
            }
            base = out.get(ValueLayout.JAVA_LONG, 0);
        }
        Runnable unmap = () -> {
            try (Device.Scope _ = device.enter()) {
                CudaException.check(Runtime.cudaIpcCloseMemHandle(base), "cudaIpcCloseMemHandle(0x" + Long.toHexString(base) + ")");
            }
        };
        try {
            return new CudaBuffer(e.shape(), e.typestr(), e.strides(), base + e.offset(), e.readOnly(), OptionalLong.empty(),
                    device, null, unmap, null);
        } catch (RuntimeException ex) {
            unmap.run();
            throw ex;
        }
    }
}

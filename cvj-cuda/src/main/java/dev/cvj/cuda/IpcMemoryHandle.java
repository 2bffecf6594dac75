package dev.cvj.cuda;

import dev.cvj.cuda.raw.Driver;
import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A CUDA IPC memory handle ({@code cudaIpcMemHandle_t}, {@value #BYTES} opaque bytes): names a {@code cudaMalloc}
 * allocation so that another process can map it ({@link #open}). A value: immutable, equal by its bytes.
 *
 * <pre>{@code
 * // exporting process
 * IpcMemoryHandle.Export e = IpcMemoryHandle.export(memory.address());
 * send(e.handle().toHex(), e.offset());          // keep memory allocated until the importer is done
 * // importing process
 * try (DeviceMemory shared = IpcMemoryHandle.fromHex(hex).open(Device.get(0))) { ... }
 * }</pre>
 *
 * <p>Only {@code cudaMalloc} memory can be shared this way: stream-ordered memory ({@code cudaMallocAsync}) and
 * {@code cuMemCreate} allocations are refused by {@link #export} with a message saying so. A process cannot open
 * a handle it exported itself.
 */
public final class IpcMemoryHandle {
    /** {@code CUDA_IPC_HANDLE_SIZE}. */
    public static final int BYTES = 64;

    /** {@code cudaIpcMemLazyEnablePeerAccess}: map on a device other than the exporter's through peer access. */
    private static final int LAZY_ENABLE_PEER_ACCESS = 1;
    // CUpointer_attribute values (cuda.h)
    private static final int ATTRIBUTE_RANGE_START_ADDR = 11;
    private static final int ATTRIBUTE_RANGE_SIZE = 12;
    private static final int ATTRIBUTE_IS_LEGACY_CUDA_IPC_CAPABLE = 10;
    private static final int ATTRIBUTE_MEMPOOL_HANDLE = 17;

    private final byte[] bytes;

    private IpcMemoryHandle(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * {@return the handle with these {@value #BYTES} bytes (copied)}
     *
     * @param bytes the handle's bytes
     */
    public static IpcMemoryHandle of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("handle: an IPC memory handle has " + BYTES + " bytes, got " + bytes.length);
        }
        return new IpcMemoryHandle(bytes.clone());
    }

    /**
     * {@return the handle written as {@link #toHex()} writes it: {@code 2 * BYTES} hex digits}
     *
     * @param hex the handle's bytes as hex digits
     */
    public static IpcMemoryHandle fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 2 * BYTES) {
            throw new IllegalArgumentException("handle: an IPC memory handle is " + 2 * BYTES + " hex digits, got "
                    + hex.length() + " characters");
        }
        try {
            return new IpcMemoryHandle(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("handle: not " + 2 * BYTES + " hex digits: " + e.getMessage(), e);
        }
    }

    /** {@return the bytes (a copy)} */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** {@return the bytes as lower-case hex digits} */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * What {@link #export} found: the handle of the allocation, the offset of the exported address from the
     * allocation's start (a handle always names a whole allocation), and the device the memory is on.
     *
     * @param handle the handle of the whole allocation
     * @param offset the byte offset of the exported address from the allocation's start
     * @param device the device to map the allocation on
     */
    public record Export(IpcMemoryHandle handle, long offset, Device device) {}

    /**
     * {@return the handle of the {@code cudaMalloc} allocation that contains device address {@code address} ({@code
     * cudaIpcGetMemHandle} of the allocation's start)} Host memory, unknown addresses and memory the legacy IPC API
     * cannot share (stream-ordered pools, {@code cuMemCreate}) are refused with an {@link IllegalArgumentException}
     * that says which.
     *
     * @param address a device address inside a {@code cudaMalloc} allocation
     */
    public static Export export(long address) {
        Device device = PointerAttributes.deviceOf(address, "IpcMemoryHandle.export");
        try (Device.Scope _ = device.enter(); Arena arena = Arena.ofConfined()) {
            if (driverAttribute(address, ATTRIBUTE_IS_LEGACY_CUDA_IPC_CAPABLE, 4) == 0) {
                boolean pooled = driverAttribute(address, ATTRIBUTE_MEMPOOL_HANDLE, 8) != 0;
                throw new IllegalArgumentException("IpcMemoryHandle.export: memory at 0x" + Long.toHexString(address)
                        + " cannot be shared with the legacy CUDA IPC API: " + (pooled
                        ? "it is stream-ordered memory from a pool (cudaMallocAsync; Tensor.allocate uses it)."
                                + " Allocate the shared memory with cudaMalloc (DeviceMemory.allocate), or copy into it"
                        : "it was not allocated with cudaMalloc"));
            }
            long base = driverAttribute(address, ATTRIBUTE_RANGE_START_ADDR, 8);
            MemorySegment h = arena.allocate(BYTES, 8);
            CudaException.check(Runtime.cudaIpcGetMemHandle(h, base), "cudaIpcGetMemHandle(0x" + Long.toHexString(base) + ")");
            return new Export(new IpcMemoryHandle(h.toArray(ValueLayout.JAVA_BYTE)), address - base, device);
        }
    }

    /**
     * Maps the allocation into this process on {@code device} ({@code cudaIpcOpenMemHandle}, peer access
     * enabled as needed): device memory of the whole allocation, owned by no one here; closing it unmaps it
     * ({@code cudaIpcCloseMemHandle}). The exporting process must be alive and keep the memory allocated
     * until then.
     *
     * @param device the device to map the allocation on
     * @return device memory of the whole allocation (close it to unmap)
     */
    public DeviceMemory open(Device device) {
        Objects.requireNonNull(device, "device");
        long base;
        long size;
        try (Device.Scope _ = device.enter(); Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment h = arena.allocate(BYTES, 8);
            h.copyFrom(MemorySegment.ofArray(bytes));
            int rc = Runtime.cudaIpcOpenMemHandle(out, h, LAZY_ENABLE_PEER_ACCESS);
            if (rc != 0) {
                Runtime.cudaGetLastError();
                throw CudaException.runtime(rc, "cudaIpcOpenMemHandle on " + device
                        + " (the exporting process must be alive and still hold the memory; a process cannot open its own handle)");
            }
            base = out.get(ValueLayout.JAVA_LONG, 0);
            try {
                size = driverAttribute(base, ATTRIBUTE_RANGE_SIZE, 8);
            } catch (RuntimeException e) {
                Runtime.cudaIpcCloseMemHandle(base);
                throw e;
            }
        }
        return DeviceMemory.ipcMapping(device, base, size);
    }

    /** A {@code cuPointerGetAttribute} value of 8 bytes (or 4, zero-extended); the address's device is entered. */
    private static long driverAttribute(long address, int attribute, int bytes) {
        CudaException.checkDriver(Driver.cuInit(0), "cuInit");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(8, 8);
            CudaException.checkDriver(Driver.cuPointerGetAttribute(out, attribute, address),
                    "cuPointerGetAttribute(" + attribute + ", 0x" + Long.toHexString(address) + ")");
            return bytes == 4 ? Integer.toUnsignedLong(out.get(ValueLayout.JAVA_INT, 0)) : out.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpcMemoryHandle h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "IpcMemoryHandle[" + toHex() + "]";
    }
}

package dev.cvj.interop;

import dev.cvj.cuda.CudaException;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.raw.Driver;
import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** What CUDA knows about a pointer: its device, and the allocation it belongs to. */
final class Pointers {
    // cudaMemoryType
    static final int TYPE_UNREGISTERED = 0;
    static final int TYPE_HOST = 1;
    static final int TYPE_DEVICE = 2;
    static final int TYPE_MANAGED = 3;

    // CUpointer_attribute
    static final int CU_POINTER_ATTRIBUTE_IS_LEGACY_CUDA_IPC_CAPABLE = 10;
    static final int CU_POINTER_ATTRIBUTE_RANGE_START_ADDR = 11;
    static final int CU_POINTER_ATTRIBUTE_RANGE_SIZE = 12;
    static final int CU_POINTER_ATTRIBUTE_MEMPOOL_HANDLE = 17;

    /** sizeof(cudaPointerAttributes) is 88 in CUDA 12/13 ({type, device, devicePointer, hostPointer, reserved[8]}). */
    private static final long ATTRIBUTES_BYTES = 128;

    private Pointers() {}

    /** The memory type ({@link #TYPE_DEVICE}, ...) and device of {@code ptr}, from {@code cudaPointerGetAttributes}. */
    static int[] attributes(long ptr) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(ATTRIBUTES_BYTES, 8);
            int rc = Runtime.cudaPointerGetAttributes(a, ptr);
            if (rc != 0) {
                Runtime.cudaGetLastError(); // cudaErrorInvalidValue for unknown pointers is not sticky
                throw CudaException.runtime(rc, "cudaPointerGetAttributes(0x" + Long.toHexString(ptr) + ")");
            }
            return new int[] {a.get(ValueLayout.JAVA_INT, 0), a.get(ValueLayout.JAVA_INT, 4)};
        }
    }

    /**
     * The device that owns device (or managed) memory at {@code ptr}. A null pointer (empty arrays)
     * gives the current device. Host memory is refused with an {@link IllegalArgumentException}.
     */
    static Device deviceOf(long ptr, String what) {
        if (ptr == 0) {
            return Device.current();
        }
        int[] a = attributes(ptr);
        return switch (a[0]) {
            case TYPE_DEVICE, TYPE_MANAGED -> Device.get(a[1]);
            case TYPE_HOST -> throw new IllegalArgumentException(what + ": 0x" + Long.toHexString(ptr)
                    + " is pinned host memory (cudaMallocHost/cudaHostRegister), not device memory;"
                    + " use a host copy (a MemorySegment) or Tensor.wrapHost for it");
            default -> throw new IllegalArgumentException(what + ": 0x" + Long.toHexString(ptr)
                    + " is not CUDA device memory (cudaPointerGetAttributes says host/unregistered memory)");
        };
    }

    /** A {@code cuPointerGetAttribute} value of 8 bytes (or 4, zero-extended). The caller has the device entered. */
    static long driverAttribute(long ptr, int attribute, int bytes) {
        CudaException.checkDriver(Driver.cuInit(0), "cuInit");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(8, 8);
            out.set(ValueLayout.JAVA_LONG, 0, 0);
            CudaException.checkDriver(Driver.cuPointerGetAttribute(out, attribute, ptr),
                    "cuPointerGetAttribute(" + attribute + ", 0x" + Long.toHexString(ptr) + ")");
            return bytes == 4 ? Integer.toUnsignedLong(out.get(ValueLayout.JAVA_INT, 0)) : out.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    /** The start of the allocation containing {@code ptr} (what IPC handles refer to). */
    static long allocationBase(long ptr) {
        return driverAttribute(ptr, CU_POINTER_ATTRIBUTE_RANGE_START_ADDR, 8);
    }

    /** The size of the allocation containing {@code ptr}. */
    static long allocationSize(long ptr) {
        return driverAttribute(ptr, CU_POINTER_ATTRIBUTE_RANGE_SIZE, 8);
    }
}

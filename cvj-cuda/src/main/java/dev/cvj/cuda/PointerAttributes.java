package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * What CUDA knows about an address ({@code cudaPointerGetAttributes}): the kind of memory, the device
 * it belongs to, and its device and host addresses.
 *
 * @param type          the kind of memory
 * @param device        the device ordinal of device or managed memory, or of the device the host memory
 *                      was registered or allocated on; -1 for unregistered memory
 * @param devicePointer the address device code uses, 0 if none
 * @param hostPointer   the address host code uses, 0 if none
 */
public record PointerAttributes(MemoryType type, int device, long devicePointer, long hostPointer) {

    /**
     * {@code struct cudaPointerAttributes} of CUDA 12 and 13 on LP64 (driver_types.h): {@code type},
     * {@code device}, {@code devicePointer}, {@code hostPointer} and {@code long reserved[8]}, 88 bytes.
     * CUDA 11's struct had no {@code reserved} (24 bytes); {@code CudaLibrary} loads only the runtimes of
     * CUDA 12 and 13 ({@code libcudart.so.12}, {@code .13}), which both write 88 bytes.
     */
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("type"),
            ValueLayout.JAVA_INT.withName("device"),
            ValueLayout.JAVA_LONG.withName("devicePointer"),
            ValueLayout.JAVA_LONG.withName("hostPointer"),
            MemoryLayout.sequenceLayout(8, ValueLayout.JAVA_LONG).withName("reserved"));

    /** {@code cudaMemoryType}. */
    public enum MemoryType {
        /** Host memory CUDA does not know (pageable, or not an address at all). */
        UNREGISTERED,
        /** Pinned host memory ({@code cudaMallocHost}, {@code cudaHostRegister}). */
        HOST,
        /** Device memory. */
        DEVICE,
        /** Managed (unified) memory. */
        MANAGED
    }

    /**
     * {@return the attributes of {@code address}} A failure of the query is a {@link CudaException}; when no driver
     * or no device is there, its message says so (the address is not to blame).
     *
     * @param address the address
     */
    public static PointerAttributes of(long address) {
        int type;
        int device;
        long dp;
        long hp;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(LAYOUT); // zeroed: CUDA wants reserved[] zero
            int rc = Runtime.cudaPointerGetAttributes(out, address);
            if (rc != 0) {
                Runtime.cudaGetLastError(); // an unknown pointer's cudaErrorInvalidValue is not sticky
                throw CudaException.runtime(rc, "cudaPointerGetAttributes(0x" + Long.toHexString(address) + ")");
            }
            type = out.get(ValueLayout.JAVA_INT, LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("type")));
            device = out.get(ValueLayout.JAVA_INT, LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("device")));
            dp = out.get(ValueLayout.JAVA_LONG, LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("devicePointer")));
            hp = out.get(ValueLayout.JAVA_LONG, LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("hostPointer")));
        }
        MemoryType t = type >= 0 && type < MemoryType.values().length ? MemoryType.values()[type] : MemoryType.UNREGISTERED;
        return new PointerAttributes(t, t == MemoryType.UNREGISTERED ? -1 : device, dp, hp);
    }

    /**
     * {@return the device whose device (or managed) memory {@code address} is} Pinned host memory and addresses CUDA
     * does not know are refused with an {@link IllegalArgumentException} that starts with {@code caller}; a query
     * that fails because there is no driver or no device is a {@link CudaException} saying that.
     *
     * @param address the address
     * @param caller the operation to name in the message of a refusal
     */
    public static Device deviceOf(long address, String caller) {
        String at = caller + ": 0x" + Long.toHexString(address);
        PointerAttributes a;
        try {
            a = of(address);
        } catch (CudaException e) {
            if (e.error().code() != CudaError.ERROR_INVALID_VALUE) {
                throw e; // no driver, no device, a sticky error: nothing to do with the address
            }
            throw new IllegalArgumentException(at + " is not an address CUDA knows (" + e.getMessage() + ")", e);
        }
        return switch (a.type()) {
            case DEVICE, MANAGED -> Device.get(a.device());
            case HOST -> throw new IllegalArgumentException(at + " is pinned host memory (cudaMallocHost/cudaHostRegister),"
                    + " not device memory; use a host copy (a MemorySegment) or a host tensor for it");
            case UNREGISTERED -> throw new IllegalArgumentException(at + " is not CUDA device memory (CUDA does not know"
                    + " it: pageable host memory, freed memory, or not an address)");
        };
    }

    /**
     * {@return whether device code on {@code device} can use the address as it is: its device or managed memory}
     *
     * @param device the device
     */
    public boolean isOn(Device device) {
        return (type == MemoryType.DEVICE || type == MemoryType.MANAGED) && this.device == device.ordinal();
    }
}

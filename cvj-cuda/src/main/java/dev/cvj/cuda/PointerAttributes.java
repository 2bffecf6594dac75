package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
     * {@code sizeof(cudaPointerAttributes)}: type, device, devicePointer, hostPointer and, since CUDA 12,
     * {@code long reserved[8]} (88 bytes), with room to spare for a later CUDA growing it again.
     */
    static final long STRUCT_BYTES = 256;

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

    /** The attributes of {@code address}. */
    public static PointerAttributes of(long address) {
        int type;
        int device;
        long dp;
        long hp;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(STRUCT_BYTES, 8);
            CudaException.check(Runtime.cudaPointerGetAttributes(out, address), "cudaPointerGetAttributes(0x" + Long.toHexString(address) + ")");
            type = out.get(ValueLayout.JAVA_INT, 0);
            device = out.get(ValueLayout.JAVA_INT, 4);
            dp = out.get(ValueLayout.JAVA_LONG, 8);
            hp = out.get(ValueLayout.JAVA_LONG, 16);
        }
        MemoryType t = type >= 0 && type < MemoryType.values().length ? MemoryType.values()[type] : MemoryType.UNREGISTERED;
        return new PointerAttributes(t, t == MemoryType.UNREGISTERED ? -1 : device, dp, hp);
    }

    /** Whether device code on {@code device} can use the address as it is: its device or managed memory. */
    public boolean isOn(Device device) {
        return (type == MemoryType.DEVICE || type == MemoryType.MANAGED) && this.device == device.ordinal();
    }
}

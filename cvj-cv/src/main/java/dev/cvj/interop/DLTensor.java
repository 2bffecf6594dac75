package dev.cvj.interop;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * DLPack's {@code DLTensor} (48 bytes on 64-bit platforms):
 * <pre>
 *  0 void*     data
 *  8 DLDevice  device       { int32 device_type; int32 device_id; }
 * 16 int32_t   ndim
 * 20 DLDataType dtype       { uint8 code; uint8 bits; uint16 lanes; }
 * 24 int64_t*  shape
 * 32 int64_t*  strides      in ELEMENTS, not bytes; NULL (before DLPack 1.2) means C-contiguous
 * 40 uint64_t  byte_offset
 * </pre>
 */
public final class DLTensor {
    /** The layout of {@code DLTensor}. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("data"),
            DLDevice.LAYOUT.withName("device"),
            ValueLayout.JAVA_INT.withName("ndim"),
            DLDataType.LAYOUT.withName("dtype"),
            ValueLayout.ADDRESS.withName("shape"),
            ValueLayout.ADDRESS.withName("strides"),
            ValueLayout.JAVA_LONG.withName("byte_offset")).withName("DLTensor");

    /** The byte offset of {@code data}. */
    public static final long DATA = 0;
    /** The byte offset of {@code device}. */
    public static final long DEVICE = 8;
    /** The byte offset of {@code ndim}. */
    public static final long NDIM = 16;
    /** The byte offset of {@code dtype}. */
    public static final long DTYPE = 20;
    /** The byte offset of {@code shape}. */
    public static final long SHAPE = 24;
    /** The byte offset of {@code strides}. */
    public static final long STRIDES = 32;
    /** The byte offset of {@code byte_offset}. */
    public static final long BYTE_OFFSET = 40;

    private DLTensor() {}

    /**
     * {@return the {@code data} pointer}
     *
     * @param t the {@code DLTensor} to read
     */
    public static long data(MemorySegment t) {
        return t.get(ValueLayout.JAVA_LONG, DATA);
    }

    /**
     * {@return a view of the {@code device} field}
     *
     * @param t the {@code DLTensor} to read
     */
    public static MemorySegment device(MemorySegment t) {
        return t.asSlice(DEVICE, DLDevice.LAYOUT);
    }

    /**
     * {@return the {@code ndim} field}
     *
     * @param t the {@code DLTensor} to read
     */
    public static int ndim(MemorySegment t) {
        return t.get(ValueLayout.JAVA_INT, NDIM);
    }

    /**
     * {@return a view of the {@code dtype} field}
     *
     * @param t the {@code DLTensor} to read
     */
    public static MemorySegment dtype(MemorySegment t) {
        return t.asSlice(DTYPE, DLDataType.LAYOUT);
    }

    /**
     * {@return the {@code shape} pointer}
     *
     * @param t the {@code DLTensor} to read
     */
    public static long shapeAddress(MemorySegment t) {
        return t.get(ValueLayout.JAVA_LONG, SHAPE);
    }

    /**
     * {@return the {@code strides} pointer}
     *
     * @param t the {@code DLTensor} to read
     */
    public static long stridesAddress(MemorySegment t) {
        return t.get(ValueLayout.JAVA_LONG, STRIDES);
    }

    /**
     * {@return the {@code byte_offset} field}
     *
     * @param t the {@code DLTensor} to read
     */
    public static long byteOffset(MemorySegment t) {
        return t.get(ValueLayout.JAVA_LONG, BYTE_OFFSET);
    }

    /** The end of the user address space on 64-bit Linux (x86-64 with 5-level paging; AArch64 uses less). */
    static final long USER_SPACE_END = 1L << 56;
    /** The first page, never mapped: small integers posing as pointers land there. */
    private static final long FIRST_PAGE = 4096;

    /**
     * Refuses a pointer that cannot be a user-space pointer to {@code bytes} bytes: in the first page, past the
     * end of user space, or wrapping around it. A plausible pointer is trusted: Java cannot tell whether it is mapped.
     */
    static void checkPointer(long address, long bytes, String what) {
        if (address < FIRST_PAGE || address >= USER_SPACE_END || bytes > USER_SPACE_END - address) {
            throw new IllegalArgumentException("DLTensor." + what + " 0x" + Long.toHexString(address) + " (for "
                    + bytes + " bytes) is not a user-space address");
        }
    }

    /** Reads the {@code ndim} values of the int64 array at {@code address} (shape or strides), a plausible aligned pointer. */
    static long[] readLongs(long address, int ndim, String what) {
        if (ndim == 0) {
            return new long[0];
        }
        if (address == 0) {
            throw new IllegalArgumentException("DLTensor." + what + " is NULL for ndim " + ndim);
        }
        if (address % 8 != 0) {
            throw new IllegalArgumentException("DLTensor." + what + " 0x" + Long.toHexString(address)
                    + " is not aligned to its int64 values");
        }
        checkPointer(address, 8L * ndim, what);
        return MemorySegment.ofAddress(address).reinterpret(8L * ndim).toArray(ValueLayout.JAVA_LONG);
    }

    /** Fills a DLTensor. {@code shape} and {@code strides} point to int64 arrays that outlive it. */
    static void set(MemorySegment t, long data, int deviceType, int deviceId, int ndim, int code, int bits, int lanes,
            MemorySegment shape, MemorySegment strides, long byteOffset) {
        t.set(ValueLayout.JAVA_LONG, DATA, data);
        DLDevice.set(device(t), deviceType, deviceId);
        t.set(ValueLayout.JAVA_INT, NDIM, ndim);
        DLDataType.set(dtype(t), code, bits, lanes);
        t.set(ValueLayout.ADDRESS, SHAPE, shape);
        t.set(ValueLayout.ADDRESS, STRIDES, strides);
        t.set(ValueLayout.JAVA_LONG, BYTE_OFFSET, byteOffset);
    }
}

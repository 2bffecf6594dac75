package dev.cvj.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The Java arrays a tensor copies to and from, and which element types each may hold: {@code float[]} F32,
 * {@code double[]} F64, {@code byte[]}/{@code short[]}/{@code int[]}/{@code long[]} the integer types of their
 * size (signed or not, bits as they are), and {@code short[]} also F16 and BF16 (raw bits). Every typed copy
 * goes through {@link #segment}, so all of them are checked and copied one way.
 */
enum HostArray {
    BYTE("byte[]", 1, false),
    SHORT("short[]", 2, false),
    INT("int[]", 4, false),
    LONG("long[]", 8, false),
    FLOAT("float[]", 4, true),
    DOUBLE("double[]", 8, true);

    private final String name;
    private final int size;
    private final boolean floating;

    HostArray(String name, int size, boolean floating) {
        this.name = name;
        this.size = size;
        this.floating = floating;
    }

    /** Whether this array type can hold {@code dtype} elements. */
    boolean holds(DataType dtype) {
        if (dtype.byteSize() != size) {
            return false;
        }
        boolean half = dtype == DataType.F16 || dtype == DataType.BF16;
        return floating ? dtype.isFloatingPoint() && !half : !dtype.isFloatingPoint() || half;
    }

    /**
     * {@code array} as a heap segment, after checking it is not null, holds {@code t}'s element type and has
     * exactly {@code t.elementCount()} elements; {@code who} names the calling method in errors.
     */
    static MemorySegment segment(String who, Object array, Tensor t) {
        Objects.requireNonNull(array, () -> who + ": the array is null");
        HostArray kind;
        MemorySegment seg;
        switch (array) {
            case byte[] a -> { kind = BYTE; seg = MemorySegment.ofArray(a); }
            case short[] a -> { kind = SHORT; seg = MemorySegment.ofArray(a); }
            case int[] a -> { kind = INT; seg = MemorySegment.ofArray(a); }
            case long[] a -> { kind = LONG; seg = MemorySegment.ofArray(a); }
            case float[] a -> { kind = FLOAT; seg = MemorySegment.ofArray(a); }
            case double[] a -> { kind = DOUBLE; seg = MemorySegment.ofArray(a); }
            default -> throw new IllegalArgumentException(who + ": " + array.getClass().getSimpleName()
                    + " is not a primitive array a tensor copies");
        }
        if (!kind.holds(t.dtype())) {
            throw new IllegalArgumentException(who + ": a " + kind.name + " cannot hold the " + t.dtype()
                    + " elements of tensor " + t.describe() + " (use copyFromBytes/copyToBytes for raw bytes)");
        }
        long length = seg.byteSize() / kind.size;
        if (length != t.elementCount()) {
            throw new IllegalArgumentException(who + ": array of " + length + " elements for tensor " + t.describe()
                    + " of " + t.elementCount() + " elements");
        }
        return seg;
    }
}

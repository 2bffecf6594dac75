package dev.cvj.interop;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * DLPack 1.x's {@code DLManagedTensorVersioned} (80 bytes), the exchange struct:
 * <pre>
 *  0 DLPackVersion version      { uint32 major; uint32 minor; }
 *  8 void*         manager_ctx
 * 16 void        (*deleter)(DLManagedTensorVersioned* self)
 * 24 uint64_t      flags        READ_ONLY = 1, IS_COPIED = 2, IS_SUBBYTE_TYPE_PADDED = 4
 * 32 DLTensor      dl_tensor
 * </pre>
 * A consumer whose major version differs may only call the deleter: everything after it may have moved.
 */
public final class DLManagedTensorVersioned {
    /** The DLPack version cvj produces and reads (major must match on import). */
    public static final int MAJOR_VERSION = 1;
    /** The DLPack minor version cvj produces. */
    public static final int MINOR_VERSION = 0;

    /** {@code DLPACK_FLAG_BITMASK_READ_ONLY}: the consumer must not write. */
    public static final long FLAG_READ_ONLY = 1L;
    /** {@code DLPACK_FLAG_BITMASK_IS_COPIED}: the producer made a copy for this export. */
    public static final long FLAG_IS_COPIED = 1L << 1;
    /** {@code DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED}: sub-byte types are padded to a byte. */
    public static final long FLAG_IS_SUBBYTE_TYPE_PADDED = 1L << 2;

    /** The layout of {@code DLPackVersion}. */
    public static final StructLayout VERSION_LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("major"),
            ValueLayout.JAVA_INT.withName("minor")).withName("DLPackVersion");

    /** The layout of {@code DLManagedTensorVersioned}. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            VERSION_LAYOUT.withName("version"),
            ValueLayout.ADDRESS.withName("manager_ctx"),
            ValueLayout.ADDRESS.withName("deleter"),
            ValueLayout.JAVA_LONG.withName("flags"),
            DLTensor.LAYOUT.withName("dl_tensor")).withName("DLManagedTensorVersioned");

    /** The byte offset of {@code version.major}. */
    public static final long VERSION_MAJOR = 0;
    /** The byte offset of {@code version.minor}. */
    public static final long VERSION_MINOR = 4;
    /** The byte offset of {@code manager_ctx}. */
    public static final long MANAGER_CTX = 8;
    /** The byte offset of {@code deleter}. */
    public static final long DELETER = 16;
    /** The byte offset of {@code flags}. */
    public static final long FLAGS = 24;
    /** The byte offset of {@code dl_tensor}. */
    public static final long DL_TENSOR = 32;

    private DLManagedTensorVersioned() {}

    /**
     * {@return the {@code version.major} field}
     *
     * @param m the {@code DLManagedTensorVersioned} to read
     */
    public static int major(MemorySegment m) {
        return m.get(ValueLayout.JAVA_INT, VERSION_MAJOR);
    }

    /**
     * {@return the {@code version.minor} field}
     *
     * @param m the {@code DLManagedTensorVersioned} to read
     */
    public static int minor(MemorySegment m) {
        return m.get(ValueLayout.JAVA_INT, VERSION_MINOR);
    }

    /**
     * {@return the {@code manager_ctx} pointer}
     *
     * @param m the {@code DLManagedTensorVersioned} to read
     */
    public static long managerCtx(MemorySegment m) {
        return m.get(ValueLayout.JAVA_LONG, MANAGER_CTX);
    }

    /**
     * {@return the {@code deleter} pointer}
     *
     * @param m the {@code DLManagedTensorVersioned} to read
     */
    public static long deleter(MemorySegment m) {
        return m.get(ValueLayout.JAVA_LONG, DELETER);
    }

    /**
     * {@return the {@code flags} field}
     *
     * @param m the {@code DLManagedTensorVersioned} to read
     */
    public static long flags(MemorySegment m) {
        return m.get(ValueLayout.JAVA_LONG, FLAGS);
    }

    /**
     * {@return a view of the {@code dl_tensor} field}
     *
     * @param m the {@code DLManagedTensorVersioned} to read
     */
    public static MemorySegment dlTensor(MemorySegment m) {
        return m.asSlice(DL_TENSOR, DLTensor.LAYOUT);
    }
}

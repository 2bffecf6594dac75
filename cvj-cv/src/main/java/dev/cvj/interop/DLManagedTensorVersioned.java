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
    public static final int MINOR_VERSION = 0;

    public static final long FLAG_READ_ONLY = 1L;
    public static final long FLAG_IS_COPIED = 1L << 1;
    public static final long FLAG_IS_SUBBYTE_TYPE_PADDED = 1L << 2;

    public static final StructLayout VERSION_LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("major"),
            ValueLayout.JAVA_INT.withName("minor")).withName("DLPackVersion");

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            VERSION_LAYOUT.withName("version"),
            ValueLayout.ADDRESS.withName("manager_ctx"),
            ValueLayout.ADDRESS.withName("deleter"),
            ValueLayout.JAVA_LONG.withName("flags"),
            DLTensor.LAYOUT.withName("dl_tensor")).withName("DLManagedTensorVersioned");

    public static final long VERSION_MAJOR = 0;
    public static final long VERSION_MINOR = 4;
    public static final long MANAGER_CTX = 8;
    public static final long DELETER = 16;
    public static final long FLAGS = 24;
    public static final long DL_TENSOR = 32;

    private DLManagedTensorVersioned() {}

    public static int major(MemorySegment m) {
        return m.get(ValueLayout.JAVA_INT, VERSION_MAJOR);
    }

    public static int minor(MemorySegment m) {
        return m.get(ValueLayout.JAVA_INT, VERSION_MINOR);
    }

    public static long managerCtx(MemorySegment m) {
        return m.get(ValueLayout.JAVA_LONG, MANAGER_CTX);
    }

    public static long deleter(MemorySegment m) {
        return m.get(ValueLayout.JAVA_LONG, DELETER);
    }

    public static long flags(MemorySegment m) {
        return m.get(ValueLayout.JAVA_LONG, FLAGS);
    }

    public static MemorySegment dlTensor(MemorySegment m) {
        return m.asSlice(DL_TENSOR, DLTensor.LAYOUT);
    }
}

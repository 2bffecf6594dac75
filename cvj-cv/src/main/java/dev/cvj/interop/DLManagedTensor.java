package dev.cvj.interop;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * DLPack's legacy (unversioned, before DLPack 1.0) {@code DLManagedTensor} (64 bytes):
 * <pre>
 *  0 DLTensor dl_tensor
 * 48 void*    manager_ctx
 * 56 void   (*deleter)(DLManagedTensor* self)
 * </pre>
 * Still produced by older libraries ({@code to_dlpack} of PyTorch before 2.3, for example).
 */
public final class DLManagedTensor {
    /** The layout of {@code DLManagedTensor}. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            DLTensor.LAYOUT.withName("dl_tensor"),
            ValueLayout.ADDRESS.withName("manager_ctx"),
            ValueLayout.ADDRESS.withName("deleter")).withName("DLManagedTensor");

    /** The byte offset of {@code dl_tensor}. */
    public static final long DL_TENSOR = 0;
    /** The byte offset of {@code manager_ctx}. */
    public static final long MANAGER_CTX = 48;
    /** The byte offset of {@code deleter}. */
    public static final long DELETER = 56;

    private DLManagedTensor() {}

    /**
     * {@return a view of the {@code dl_tensor} field}
     *
     * @param m the {@code DLManagedTensor} to read
     */
    public static MemorySegment dlTensor(MemorySegment m) {
        return m.asSlice(DL_TENSOR, DLTensor.LAYOUT);
    }

    /**
     * {@return the {@code manager_ctx} pointer}
     *
     * @param m the {@code DLManagedTensor} to read
     */
    public static long managerCtx(MemorySegment m) {
        return m.get(ValueLayout.JAVA_LONG, MANAGER_CTX);
    }

    /**
     * {@return the {@code deleter} pointer}
     *
     * @param m the {@code DLManagedTensor} to read
     */
    public static long deleter(MemorySegment m) {
        return m.get(ValueLayout.JAVA_LONG, DELETER);
    }
}

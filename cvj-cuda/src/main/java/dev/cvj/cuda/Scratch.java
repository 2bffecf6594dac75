package dev.cvj.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A small per-thread native buffer for the out-parameters of hot calls (a confined arena per call
 * costs more than the call). Only leaf code uses it: write, call, read, with no other scratch user in
 * between. Only for out-parameters of at most {@link #BYTES} bytes, scalars: a struct that CUDA may
 * grow between releases (e.g. {@code cudaPointerAttributes}, 24 bytes until CUDA 11 and 88 since 12)
 * gets a buffer of its own.
 */
final class Scratch {
    static final long BYTES = 64;
    private static final ThreadLocal<MemorySegment> BUF =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(BYTES, 16));

    private Scratch() {}

    static MemorySegment get() {
        return BUF.get();
    }

    static int readInt(MemorySegment s) {
        return s.get(ValueLayout.JAVA_INT, 0);
    }

    static long readLong(MemorySegment s) {
        return s.get(ValueLayout.JAVA_LONG, 0);
    }
}

package dev.cvj.interop;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicInteger;

/** A DLPack producer built by hand, as a C library would build its structs, whose deleter counts its calls. */
final class ForeignProducer {
    /** How many times the deleter ran, in this JVM. */
    static final AtomicInteger DELETED = new AtomicInteger();
    /** The struct the deleter last got. */
    static volatile long lastDeleted;
    private static final MemorySegment COUNTING_DELETER;

    static {
        try {
            COUNTING_DELETER = Linker.nativeLinker().upcallStub(
                    MethodHandles.lookup().findStatic(ForeignProducer.class, "countingDeleter",
                            MethodType.methodType(void.class, MemorySegment.class)),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ForeignProducer() {}

    private static void countingDeleter(MemorySegment self) {
        lastDeleted = self.address();
        DELETED.incrementAndGet();
    }

    /** A versioned struct in {@code arena}, with element strides (or null for none). */
    static MemorySegment versioned(Arena arena, int major, int deviceType, int deviceId, int code, int bits, int lanes,
            long data, long[] shape, long[] elementStrides, long byteOffset, long flags) {
        MemorySegment m = arena.allocate(DLManagedTensorVersioned.LAYOUT);
        m.set(ValueLayout.JAVA_INT, 0, major);
        m.set(ValueLayout.JAVA_INT, 4, 0);
        m.set(ValueLayout.ADDRESS, DLManagedTensorVersioned.DELETER, COUNTING_DELETER);
        m.set(ValueLayout.JAVA_LONG, DLManagedTensorVersioned.FLAGS, flags);
        MemorySegment sh = arena.allocateFrom(ValueLayout.JAVA_LONG, shape);
        MemorySegment st = elementStrides == null ? MemorySegment.NULL : arena.allocateFrom(ValueLayout.JAVA_LONG, elementStrides);
        DLTensor.set(DLManagedTensorVersioned.dlTensor(m), data, deviceType, deviceId, shape.length, code, bits, lanes,
                sh, st, byteOffset);
        return m;
    }
}

package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One upcall stub for every {@code cudaLaunchHostFunc}: the user data is a key into a table of
 * pending tasks, so no stub is made (or leaked) per call.
 */
final class HostFunctions {
    private static final Map<Long, Runnable> PENDING = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong(1);
    private static final MemorySegment STUB;

    static {
        try {
            var target = MethodHandles.lookup().findStatic(HostFunctions.class, "dispatch",
                    MethodType.methodType(void.class, MemorySegment.class));
            STUB = Linker.nativeLinker().upcallStub(target, FunctionDescriptor.ofVoid(ValueLayout.ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private HostFunctions() {}

    static void launch(Stream stream, Runnable task) {
        long key = NEXT.getAndIncrement();
        PENDING.put(key, task);
        try (Device.Scope _ = stream.device().enter()) {
            int rc = Runtime.cudaLaunchHostFunc(stream.handle(), STUB, key);
            if (rc != 0) {
                PENDING.remove(key);
                throw CudaException.runtime(rc, "cudaLaunchHostFunc(" + stream + ")");
            }
        }
    }

    /** Called by CUDA on its own thread. An exception escaping an upcall kills the JVM: catch everything. */
    private static void dispatch(MemorySegment userData) {
        Runnable task = PENDING.remove(userData.address());
        if (task == null) {
            return;
        }
        try {
            task.run();
        } catch (Throwable t) {
            try {
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, t);
            } catch (Throwable ignored) {
                // nothing more can be done on a CUDA callback thread
            }
        }
    }
}

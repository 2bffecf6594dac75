package dev.cvj.cuda.raw.linker;

import dev.cvj.cuda.raw.CudaLibrary;
import dev.cvj.cuda.raw.CudaLibraryException;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Builds downcall handles. A missing library or symbol does not fail here (class loading must not
 * throw): it yields a handle that throws {@link CudaLibraryException} when called, so the error comes
 * from the first call that needs the library.
 *
 * <p>Used by the generated raw classes ({@code dev.cvj.cuda.raw}'s and cvj-codec's {@code NvJpeg}): the module
 * exports this package to {@code dev.cvj.codec} only, so that native access granted to {@code dev.cvj.cuda} links no
 * function for anyone else. Not an API to call by hand.
 */
public final class Downcalls {
    /** The platform's native linker. */
    public static final Linker LINKER = Linker.nativeLinker();
    /** A C {@code int} (also enums and {@code unsigned int}). */
    public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    /** A C {@code long long}. */
    public static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    /** A C {@code float}. */
    public static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
    /** A host pointer. */
    public static final ValueLayout PTR = ValueLayout.ADDRESS;
    /** A size_t, an opaque handle, or a device address: all 64-bit integers on the platforms we support. */
    public static final ValueLayout.OfLong SIZE = ValueLayout.JAVA_LONG;
    /** {@code cudaIpcMemHandle_t} / {@code cudaIpcEventHandle_t}: 64 opaque bytes, passed by value. */
    public static final MemoryLayout IPC_HANDLE =
            MemoryLayout.structLayout(MemoryLayout.sequenceLayout(64, ValueLayout.JAVA_BYTE).withName("reserved"));

    /** Short calls that neither block nor call back into Java: no thread-state transition. */
    public static final Linker.Option[] CRITICAL = {Linker.Option.critical(false)};
    /** Like {@link #CRITICAL} and may take Java heap segments; keep such calls short (chunked copies). */
    public static final Linker.Option[] CRITICAL_HEAP = {Linker.Option.critical(true)};
    /** Calls that may block, allocate, call back or run long: no options. */
    public static final Linker.Option[] NONE = {};

    private Downcalls() {}

    /**
     * A C function returning an {@code int} status.
     *
     * @param args the parameters' layouts
     * @return the descriptor
     */
    public static FunctionDescriptor status(MemoryLayout... args) {
        return FunctionDescriptor.of(INT, args);
    }

    /**
     * The downcall handle of {@code name} in {@code lib}, or one that throws {@link CudaLibraryException} when called
     * if the library or the symbol is missing.
     *
     * @param lib the library
     * @param name the C function's name
     * @param fd its descriptor
     * @param options linker options ({@link #CRITICAL}, {@link #CRITICAL_HEAP} or {@link #NONE})
     * @return the handle
     */
    public static MethodHandle bind(CudaLibrary lib, String name, FunctionDescriptor fd, Linker.Option... options) {
        try {
            MemorySegment symbol = lib.lookup().find(name).orElseThrow(() -> new CudaLibraryException(
                    lib.origin() + " has no function " + name + " (a CUDA older than cvj supports?)"));
            return LINKER.downcallHandle(symbol, fd, options);
        } catch (CudaLibraryException e) {
            return thrower(fd, e.getMessage());
        }
    }

    /**
     * Binds the first symbol of {@code names} that the library has (e.g. {@code _v2} variants).
     *
     * @param lib the library
     * @param fd the function's descriptor
     * @param options linker options
     * @param names the symbols to try, in order
     * @return the handle, or one that throws {@link CudaLibraryException} when called
     */
    public static MethodHandle bindFirst(CudaLibrary lib, FunctionDescriptor fd, Linker.Option[] options, String... names) {
        try {
            for (String n : names) {
                var s = lib.lookup().find(n);
                if (s.isPresent()) {
                    return LINKER.downcallHandle(s.get(), fd, options);
                }
            }
            throw new CudaLibraryException(lib.origin() + " has none of " + Arrays.toString(names));
        } catch (CudaLibraryException e) {
            return thrower(fd, e.getMessage());
        }
    }

    private static MethodHandle thrower(FunctionDescriptor fd, String message) {
        MethodType type = fd.toMethodType();
        try {
            MethodHandle make = MethodHandles.lookup().findStatic(Downcalls.class, "failure",
                    MethodType.methodType(CudaLibraryException.class, String.class)).bindTo(message);
            MethodHandle thrower = MethodHandles.throwException(type.returnType(), CudaLibraryException.class);
            MethodHandle fresh = MethodHandles.collectArguments(thrower, 0, make);
            return MethodHandles.dropArguments(fresh, 0, type.parameterList());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unused") // called through a method handle
    private static CudaLibraryException failure(String message) {
        return new CudaLibraryException(message);
    }

    /**
     * Rethrows what a handle's {@code invokeExact} threw: runtime exceptions and errors as they are.
     *
     * @param t what was thrown
     * @return never returns normally (the return type lets callers write {@code throw rethrow(t)})
     */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("unexpected checked exception from a downcall", t);
    }
}

package dev.cvj.bench.cuda;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.raw.CudaLibrary;
import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of the cheapest CUDA call, {@code cudaGetDeviceCount}: through cvj's raw binding (a
 * {@code critical} downcall), through a plain downcall handle made here (with the thread-state
 * transition), and through {@link Device#count()} (raw call plus the status check); and, to tell the
 * JVM's share from cudart's, the same binding with a global segment and libc {@code abs} (the bare
 * downcall cost).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrivialCallBench {
    private Arena arena;
    private MemorySegment out;
    // static final, as in cvj's raw layer, so the JIT treats the handles as constants
    private static final MethodHandle PLAIN;
    private static final MethodHandle ABS;
    private static final MethodHandle ABS_PLAIN;

    static {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = CudaLibrary.CUDART.lookup().find("cudaGetDeviceCount").orElseThrow();
        PLAIN = linker.downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        MemorySegment libcAbs = linker.defaultLookup().find("abs").orElseThrow();
        FunctionDescriptor intInt = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
        ABS = linker.downcallHandle(libcAbs, intInt, Linker.Option.critical(false));
        ABS_PLAIN = linker.downcallHandle(libcAbs, intInt);
    }
    private static final MemorySegment GLOBAL_OUT = Arena.global().allocate(ValueLayout.JAVA_INT);

    @Setup
    public void setup() {
        arena = Arena.ofConfined();
        out = arena.allocate(ValueLayout.JAVA_INT);
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public int rawCritical() {
        return Runtime.cudaGetDeviceCount(out);
    }

    @Benchmark
    public int rawPlainHandle() throws Throwable {
        return (int) PLAIN.invokeExact(out);
    }

    /** The same critical binding with a global-arena segment (no confined-scope liveness check). */
    @Benchmark
    public int rawCriticalGlobalSegment() {
        return Runtime.cudaGetDeviceCount(GLOBAL_OUT);
    }

    /** The FFM floor: libc {@code abs} through a critical downcall (no CUDA). */
    @Benchmark
    public int ffmCriticalAbs() throws Throwable {
        return (int) ABS.invokeExact(-7);
    }

    /** libc {@code abs} through a plain downcall (with the thread-state transition). */
    @Benchmark
    public int ffmPlainAbs() throws Throwable {
        return (int) ABS_PLAIN.invokeExact(-7);
    }

    @Benchmark
    public int deviceCount() {
        return Device.count();
    }
}

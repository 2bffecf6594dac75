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
 * transition), and through {@link Device#count()} (raw call plus the status check).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrivialCallBench {
    private Arena arena;
    private MemorySegment out;
    private MethodHandle plain;

    @Setup
    public void setup() {
        arena = Arena.ofConfined();
        out = arena.allocate(ValueLayout.JAVA_INT);
        MemorySegment symbol = CudaLibrary.CUDART.lookup().find("cudaGetDeviceCount").orElseThrow();
        plain = Linker.nativeLinker().downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
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
        return (int) plain.invokeExact(out);
    }

    @Benchmark
    public int deviceCount() {
        return Device.count();
    }
}

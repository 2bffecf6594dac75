package dev.cvj.bench.cuda;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Stream-ordered allocation from the device's pool: {@code allocateAsync} + {@code close} on one stream. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AllocBench {
    static final int BATCH = 100;

    @Param({"1048576"})
    public long allocBytes;

    private Stream stream;

    @Setup
    public void setup() {
        Device dev = Device.get(0);
        dev.memoryPool().setReleaseThreshold(Long.MAX_VALUE); // keep freed memory for the next allocation
        stream = Stream.create(dev);
    }

    @TearDown
    public void tearDown() {
        stream.synchronize();
        stream.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void allocateAsyncAndClose() {
        for (int i = 0; i < BATCH; i++) {
            DeviceMemory m = DeviceMemory.allocateAsync(allocBytes, stream);
            m.close();
        }
        stream.synchronize();
    }
}

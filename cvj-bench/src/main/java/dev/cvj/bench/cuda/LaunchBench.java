package dev.cvj.bench.cuda;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Module;
import dev.cvj.cuda.Stream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Launch overhead: an empty kernel through {@link Kernel#launch}, 100 launches then one stream sync. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LaunchBench {
    static final int BATCH = 100;
    private Module module;
    private Kernel empty;
    private Stream stream;
    private final KernelArgs args = new KernelArgs();
    private final Dim3 one = Dim3.of(1);

    @Setup
    public void setup() {
        Device dev = Device.get(0);
        module = Module.load(dev, Kernels.fatbin());
        empty = module.kernel("empty");
        stream = Stream.create(dev);
    }

    @TearDown
    public void tearDown() {
        stream.synchronize();
        stream.close();
        module.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void emptyKernel() {
        for (int i = 0; i < BATCH; i++) {
            empty.launch(one, one, 0, stream, args);
        }
        stream.synchronize();
    }
}

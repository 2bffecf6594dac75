package dev.cvj.bench.cuda;

import static jcuda.driver.JCudaDriver.*;

import java.util.concurrent.TimeUnit;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaMemcpyKind;
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

/**
 * The same work through JCuda (JNI), the peer cvj is compared with: {@code cudaGetDeviceCount}, an empty
 * kernel launch from the same fatbin ({@code cuLaunchKernel}), and synchronous copies from pinned memory
 * and from a Java {@code byte[]} (JCuda's {@code Pointer.to(byte[])}).
 */
public class JCudaBench {
    /** Driver state: the primary context, the module, a stream. */
    @State(Scope.Thread)
    public static class Driver {
        CUcontext context = new CUcontext();
        CUmodule module = new CUmodule();
        CUfunction empty = new CUfunction();
        CUstream stream = new CUstream();

        @Setup
        public void setup() {
            JCudaDriver.setExceptionsEnabled(true);
            JCuda.setExceptionsEnabled(true);
            cuInit(0);
            CUdevice dev = new CUdevice();
            cuDeviceGet(dev, 0);
            cuDevicePrimaryCtxRetain(context, dev);
            cuCtxSetCurrent(context);
            cuModuleLoadData(module, Kernels.fatbin());
            cuModuleGetFunction(empty, module, "empty");
            cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING);
        }

        @TearDown
        public void tearDown() {
            cuStreamSynchronize(stream);
            cuStreamDestroy(stream);
            cuModuleUnload(module);
        }
    }

    /** Copy buffers. */
    @State(Scope.Thread)
    public static class Copies {
        @Param({"4096", "65536", "1048576", "16777216", "268435456", "1073741824"})
        public long bytes;

        @Param({"pinned", "heap"})
        public String host;

        Pointer device = new Pointer();
        Pointer pinned = new Pointer();
        Pointer hostPointer;

        @Setup
        public void setup(Driver driver) {
            JCuda.cudaMalloc(device, bytes);
            if (host.equals("pinned")) {
                JCuda.cudaMallocHost(pinned, bytes);
                hostPointer = pinned;
            } else {
                hostPointer = Pointer.to(new byte[Math.toIntExact(bytes)]);
            }
        }

        @TearDown
        public void tearDown() {
            JCuda.cudaFree(device);
            if (host.equals("pinned")) {
                JCuda.cudaFreeHost(pinned);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int deviceCount(Driver driver) {
        int[] n = new int[1];
        JCuda.cudaGetDeviceCount(n);
        return n[0];
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(LaunchBench.BATCH)
    public void emptyKernel(Driver d) {
        for (int i = 0; i < LaunchBench.BATCH; i++) {
            cuLaunchKernel(d.empty, 1, 1, 1, 1, 1, 1, 0, d.stream, null, null);
        }
        cuStreamSynchronize(d.stream);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void hostToDevice(Copies c) {
        JCuda.cudaMemcpy(c.device, c.hostPointer, c.bytes, cudaMemcpyKind.cudaMemcpyHostToDevice);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void deviceToHost(Copies c) {
        JCuda.cudaMemcpy(c.hostPointer, c.device, c.bytes, cudaMemcpyKind.cudaMemcpyDeviceToHost);
    }
}

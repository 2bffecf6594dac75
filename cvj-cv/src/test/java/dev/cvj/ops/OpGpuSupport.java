package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.Tensor;
import java.util.Random;
import java.util.function.Function;

/** GPU-versus-CPU checks: the operator on a host tensor and on its device copy must give the same bytes. */
final class OpGpuSupport {
    private OpGpuSupport() {}

    static Random seeded(String test) {
        long seed = System.nanoTime();
        System.out.println(test + ": seed " + seed);
        return new Random(seed);
    }

    /**
     * Runs {@code op} on {@code host} (CPU path) and on a device copy of it (GPU path, also through a column
     * view when {@code view} so that the strided kernels run) and asserts bit-equal results: both paths round
     * each float step identically (see AffinePixels), so even F32 and F16 outputs are exact.
     */
    static void sameOnGpu(String what, Tensor host, Function<Tensor, Tensor> op) {
        Stream s = CurrentStream.get();
        try (Tensor dev = host.toDevice(s.device(), s);
             Tensor cpu = op.apply(host);
             Tensor gpu = op.apply(dev)) {
            s.synchronize();
            assertBytesEqual(bytes(cpu), bytes(gpu), what + " (GPU vs CPU)");
        }
    }

    /** As {@link #sameOnGpu}, on the view {@code t.slice(dim, start, length)} of host and device tensors. */
    static void sameOnGpuView(String what, Tensor host, int dim, long start, long length, Function<Tensor, Tensor> op) {
        Stream s = CurrentStream.get();
        try (Tensor dev = host.toDevice(s.device(), s);
             Tensor hv = host.slice(dim, start, length);
             Tensor dv = dev.slice(dim, start, length);
             Tensor cpu = op.apply(hv);
             Tensor gpu = op.apply(dv)) {
            s.synchronize();
            assertBytesEqual(bytes(cpu), bytes(gpu), what + " view (GPU vs CPU)");
        }
    }
}

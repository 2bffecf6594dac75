package dev.cvj.reliability;

import dev.cvj.cuda.CudaException;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Module;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.TestKernels;
import dev.cvj.ops.Flip;
import dev.cvj.ops.FlipMode;
import dev.cvj.ops.Resize;
import dev.cvj.ops.Interpolation;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Random;

/**
 * A kernel fault (cvj-cuda's test kernel {@code illegal_address}), then operators and copies: each later call
 * must throw a sticky {@link CudaException}, none may return as if it worked. Run in its own JVM by
 * {@link FaultsGpuTest}. Prints {@code FAULT=code sticky message}, then {@code <call>=ok} or
 * {@code <call>=threw code sticky}.
 */
public final class OperatorAfterFaultMain {
    private OperatorAfterFaultMain() {}

    public static void main(String[] args) {
        Device dev = Device.get(0);
        Stream s = Stream.create(dev);
        Random r = new Random(1);
        Tensor host = RandomOps.randomImage(r, 2, 32);
        Tensor in = host.toDevice(dev, s);
        Tensor pre = Flip.flip(in, FlipMode.BOTH, s); // loads the operators' kernels before the fault
        Tensor dst = Tensor.allocate(pre.shape(), DataType.U8, pre.layout(), s);
        s.synchronize();
        Module m = TestKernels.load(dev);
        try {
            m.kernel("illegal_address").launch(Dim3.of(1), Dim3.of(1), 0, s, new KernelArgs());
            s.synchronize();
            System.out.println("FAULT=none");
            System.exit(2);
        } catch (CudaException e) {
            System.out.println("FAULT=" + e.error().code() + " sticky=" + e.isSticky() + " " + e.getMessage().replace('\n', ' '));
        }
        attempt("FLIP", () -> {
            try (Tensor out = Flip.flip(in, FlipMode.HORIZONTAL, s)) {
                s.synchronize();
            }
        });
        attempt("FLIP_INTO", () -> {
            Flip.flipInto(dst, in, FlipMode.VERTICAL, s);
            s.synchronize();
        });
        attempt("RESIZE", () -> {
            try (Tensor out = Resize.resize(in, 7, 9, Interpolation.LINEAR, s)) {
                s.synchronize();
            }
        });
        attempt("ALLOCATE", () -> Tensor.allocate(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC, s).close());
        attempt("UPLOAD", () -> in.copyFrom(host, s));
        attempt("DOWNLOAD", () -> in.toHost().close());
        attempt("SYNC", s::synchronize);
        System.exit(0);
    }

    private static void attempt(String name, Runnable call) {
        try {
            call.run();
            System.out.println(name + "=ok");
        } catch (CudaException e) {
            System.out.println(name + "=threw " + e.error().code() + " sticky=" + e.isSticky());
        } catch (RuntimeException e) {
            System.out.println(name + "=threw-other " + e);
        }
    }
}

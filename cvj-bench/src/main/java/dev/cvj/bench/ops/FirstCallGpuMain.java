package dev.cvj.bench.ops;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Module;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.ConvertTo;
import dev.cvj.ops.Flip;
import dev.cvj.ops.FlipMode;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * What the first operator call of a process costs (GPU needed; run it in a fresh JVM each time, the first call
 * happens once per process). Times, with {@link System#nanoTime} around each step and the stream synchronized:
 * <ul>
 *   <li><b>context_ms</b>: device, stream and two tiny tensors (the CUDA context is created here, not by cvj's
 *       kernels);</li>
 *   <li><b>first_call_ms</b>: the first ConvertTo (U8 to F32, 8x8x3): reading the fatbin from the jar, loading it
 *       on the device ({@code cuModuleLoadData}, which decompresses the image it picks), the kernel lookup, the
 *       operator's first run through the Java code, the launch;</li>
 *   <li><b>second_call_ms</b>: the same call again;</li>
 *   <li><b>other_first_ms</b> / <b>other_second_ms</b>: the first and second Flip: the module is loaded, only the
 *       kernel lookup and the operator's own first run remain;</li>
 *   <li><b>read_ms</b> / <b>load_ms</b>: the parts of the first call, measured again on their own afterwards:
 *       reading the fatbin resource, and loading it as a second module ({@link Module#load}).</li>
 * </ul>
 * Prints a CSV header and one row. Compare jars by running it with each on the class path.
 */
public final class FirstCallGpuMain {
    private FirstCallGpuMain() {}

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Device device = Device.get(0);
        try (Stream stream = Stream.create(device);
             Tensor src = Tensor.allocate(new long[] {1, 8, 8, 3}, DataType.U8, TensorLayout.NHWC, stream);
             Tensor dst = Tensor.allocate(new long[] {1, 8, 8, 3}, DataType.F32, TensorLayout.NHWC, stream);
             Tensor flipped = Tensor.allocate(new long[] {1, 8, 8, 3}, DataType.U8, TensorLayout.NHWC, stream)) {
            stream.synchronize();
            long t1 = System.nanoTime();
            ConvertTo.convertToInto(dst, src, 1.0 / 255, 0, stream);
            stream.synchronize();
            long t2 = System.nanoTime();
            ConvertTo.convertToInto(dst, src, 1.0 / 255, 0, stream);
            stream.synchronize();
            long t3 = System.nanoTime();
            Flip.flipInto(flipped, src, FlipMode.HORIZONTAL, stream);
            stream.synchronize();
            long t4 = System.nanoTime();
            Flip.flipInto(flipped, src, FlipMode.HORIZONTAL, stream);
            stream.synchronize();
            long t5 = System.nanoTime();
            byte[] image = readFatbin();
            long t6 = System.nanoTime();
            try (Module _ = Module.load(device, image)) {
                long t7 = System.nanoTime();
                System.out.println("device,fatbin_bytes,context_ms,first_call_ms,second_call_ms,other_first_ms,"
                        + "other_second_ms,read_ms,load_ms");
                System.out.println(String.join(",", device.name().replace(',', ' '), Integer.toString(image.length),
                        ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t5 - t4), ms(t6 - t5), ms(t7 - t6)));
            }
        }
    }

    /** Where the cvj-cv jar carries its kernels (the toolkit's KernelLibrary reads the same resource). */
    private static final String FATBIN = "/dev/cvj/ops/kernels/cvj.fatbin";

    private static byte[] readFatbin() {
        try (InputStream in = Flip.class.getResourceAsStream(FATBIN)) {
            if (in == null) {
                throw new IllegalStateException("FirstCallGpuMain: " + FATBIN + " is not on the class "
                        + "path (cvj-cv built with -Dcvj.skipKernels=true?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}

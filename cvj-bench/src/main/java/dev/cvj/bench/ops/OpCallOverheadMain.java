package dev.cvj.bench.ops;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.ColorConversion;
import dev.cvj.ops.ConvertTo;
import dev.cvj.ops.CvtColor;
import dev.cvj.ops.Flip;
import dev.cvj.ops.FlipMode;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Resize;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Locale;

/**
 * Host time of one operator call on a tiny image (needs a GPU): the calls are queued back to back on one stream
 * with no synchronisation between them, and each kernel is far shorter than a call, so the wall time per call is
 * what the calling thread spends: validation, kernel lookup, argument marshalling, the driver's launch. Beside
 * them, a bare {@code Kernel.launch} of the same kernel. This is the floor under every small-image figure of
 * {@code OpsBenchMain} (its per-run events put the call's host time between them).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp 'lib/*' dev.cvj.bench.ops.OpCallOverheadMain [calls]</pre>
 */
public final class OpCallOverheadMain {
    private OpCallOverheadMain() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Device dev = Device.get(0);
        System.out.println("device: " + dev.name() + "; " + calls + " calls each, 1 x 8 x 8 RGB U8 images");
        try (Stream s = Stream.create(dev);
             Tensor rgb = Tensor.allocate(new long[] {1, 8, 8, 3}, DataType.U8, TensorLayout.NHWC, s);
             Tensor rgb2 = Tensor.allocate(new long[] {1, 8, 8, 3}, DataType.U8, TensorLayout.NHWC, s);
             Tensor gray = Tensor.allocate(new long[] {1, 8, 8, 1}, DataType.U8, TensorLayout.NHWC, s);
             Tensor f32 = Tensor.allocate(new long[] {1, 8, 8, 3}, DataType.F32, TensorLayout.NHWC, s);
             Tensor small = Tensor.allocate(new long[] {1, 4, 4, 3}, DataType.U8, TensorLayout.NHWC, s)) {
            Kernel k = KernelLibrary.kernel(dev, "cvj_resize_nearest_u8_c3");
            var a = Launch.args().pointer(rgb.address()).i64(rgb.strides()[0]).i64(rgb.strides()[1]).i32(8).i32(8)
                    .pointer(small.address()).i64(small.strides()[0]).i64(small.strides()[1]).i32(4).i32(4)
                    .f64(2.0).f64(2.0);
            measure("Kernel.launch (bare, resize_nearest kernel)", calls, s,
                    () -> k.launch(Dim3.of(1, 1, 1), Dim3.of(32, 8, 1), 0, s, a));
            measure("Resize.resizeInto NEAREST 8x8 -> 4x4", calls, s,
                    () -> Resize.resizeInto(small, rgb, Interpolation.NEAREST, s));
            measure("Resize.resizeInto LINEAR 8x8 -> 4x4", calls, s,
                    () -> Resize.resizeInto(small, rgb, Interpolation.LINEAR, s));
            measure("CvtColor.cvtColorInto RGB2GRAY", calls, s,
                    () -> CvtColor.cvtColorInto(gray, rgb, ColorConversion.RGB2GRAY, s));
            measure("ConvertTo.convertToInto U8 -> F32", calls, s,
                    () -> ConvertTo.convertToInto(f32, rgb, 1.0 / 255, 0.0, s));
            measure("Flip.flipInto horizontal", calls, s, () -> Flip.flipInto(rgb2, rgb, FlipMode.HORIZONTAL, s));
        }
    }

    private static void measure(String what, int calls, Stream s, Runnable call) {
        for (int i = 0; i < Math.min(calls, 5_000); i++) { // JIT warm-up
            call.run();
        }
        s.synchronize();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            long t1 = System.nanoTime();
            s.synchronize();
            best = Math.min(best, t1 - t0);
        }
        System.out.printf(Locale.ROOT, "%-48s %8.0f ns per call (host, best of 3)%n", what, (double) best / calls);
    }
}

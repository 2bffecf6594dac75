package dev.cvj.reliability;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.ChannelReorder;
import dev.cvj.ops.ColorConversion;
import dev.cvj.ops.CopyMakeBorder;
import dev.cvj.ops.CustomCrop;
import dev.cvj.ops.CvtColor;
import dev.cvj.ops.Flip;
import dev.cvj.ops.FlipMode;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Resize;
import dev.cvj.ops.Stack;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Runs each shaping operator of the stress test on U8 RGB images of widths 1 to 440 (and views of them), and copies
 * every output to the host: under compute-sanitizer initcheck an output byte no kernel wrote shows as an
 * uninitialized access of that copy, right after the operator's name on stdout. GPU needed; a diagnostic, not a test.
 */
public final class UnwrittenOutputProbeMain {
    private UnwrittenOutputProbeMain() {}

    public static void main(String[] args) {
        Device dev = Device.get(0);
        Random r = new Random(7);
        int[] widths = args.length > 0 ? java.util.Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : java.util.stream.IntStream.rangeClosed(1, 440).toArray();
        int height = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> names = List.of("ChannelReorder 210", "ChannelReorder 021", "CvtColor RGB2BGR", "CvtColor RGB2YUV",
                "Flip H", "Flip V", "Flip both", "CustomCrop", "CopyMakeBorder C", "CopyMakeBorder R101", "CopyMakeBorder W", "CopyMakeBorder Rep", "CopyMakeBorder Ref", "Resize same",
                "Resize LINEAR", "Stack x2");
        try (Stream s = Stream.create(dev)) {
            for (int w : widths) {
                for (boolean view : new boolean[] {false, true}) {
                    int ww = view ? w + 3 : w;
                    try (Tensor h = hostImage(r, 2, height, ww);
                         Tensor base = h.toDevice(dev, s)) {
                        Tensor src = view ? base.slice(2, 1, w) : base;
                        for (String n : names) {
                            Function<Tensor, Tensor> op = op(n);
                            System.out.println("PROBE " + n + " w=" + w + (view ? " view" : ""));
                            System.out.flush();
                            try (Tensor out = op.apply(src); Tensor back = out.toHost()) {
                                s.synchronize();
                            }
                        }
                    }
                }
            }
            s.synchronize();
        }
        System.out.println("PROBE done");
    }

    private static Tensor hostImage(Random r, int n, int h, int w) {
        Tensor t = Tensor.allocateHost(new long[] {n, h, w, 3}, DataType.U8, TensorLayout.NHWC);
        byte[] b = new byte[(int) t.elementCount()];
        r.nextBytes(b);
        t.copyFrom(b);
        return t;
    }

    private static Function<Tensor, Tensor> op(String n) {
        double[] v = {1, 2, 3};
        return switch (n) {
            case "ChannelReorder 210" -> t -> ChannelReorder.channelReorder(t, new int[] {2, 1, 0}, null);
            case "ChannelReorder 021" -> t -> ChannelReorder.channelReorder(t, new int[] {0, 2, 1}, null);
            case "CvtColor RGB2BGR" -> t -> CvtColor.cvtColor(t, ColorConversion.RGB2BGR, null);
            case "CvtColor RGB2YUV" -> t -> CvtColor.cvtColor(t, ColorConversion.RGB2YUV, null);
            case "Flip H" -> t -> Flip.flip(t, FlipMode.HORIZONTAL, null);
            case "Flip V" -> t -> Flip.flip(t, FlipMode.VERTICAL, null);
            case "Flip both" -> t -> Flip.flip(t, FlipMode.BOTH, null);
            case "CustomCrop" -> t -> CustomCrop.customCrop(t, 0, 1, (int) t.shape(2), 3, null);
            case "CopyMakeBorder C" -> t -> CopyMakeBorder.copyMakeBorder(t, 1, 2, 3, 1, BorderType.CONSTANT, v, null);
            case "CopyMakeBorder R101" -> t -> CopyMakeBorder.copyMakeBorder(t, 1, 2, 3, 1, BorderType.REFLECT_101, v, null);
            case "CopyMakeBorder W" -> t -> CopyMakeBorder.copyMakeBorder(t, 3, 0, 0, 2, BorderType.WRAP, v, null);
            case "CopyMakeBorder Rep" -> t -> CopyMakeBorder.copyMakeBorder(t, 0, 3, 2, 3, BorderType.REPLICATE, v, null);
            case "CopyMakeBorder Ref" -> t -> CopyMakeBorder.copyMakeBorder(t, 2, 1, 1, 0, BorderType.REFLECT, v, null);
            case "Resize same" -> t -> Resize.resize(t, (int) t.shape(2), (int) t.shape(1), Interpolation.LINEAR, null);
            case "Resize LINEAR" -> t -> Resize.resize(t, (int) t.shape(2) + 7, 9, Interpolation.LINEAR, null);
            case "Stack x2" -> t -> Stack.stack(List.of(t, t), null);
            default -> throw new IllegalArgumentException(n);
        };
    }
}

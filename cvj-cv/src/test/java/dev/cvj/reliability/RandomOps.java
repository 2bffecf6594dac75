package dev.cvj.reliability;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.CenterCrop;
import dev.cvj.ops.ChannelReorder;
import dev.cvj.ops.ColorConversion;
import dev.cvj.ops.ConvertTo;
import dev.cvj.ops.CopyMakeBorder;
import dev.cvj.ops.CropFlipNormalizeReformat;
import dev.cvj.ops.CustomCrop;
import dev.cvj.ops.CvtColor;
import dev.cvj.ops.Flip;
import dev.cvj.ops.FlipMode;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Normalize;
import dev.cvj.ops.Reformat;
import dev.cvj.ops.Resize;
import dev.cvj.ops.ResizeCropConvertReformat;
import dev.cvj.ops.Stack;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random valid operator calls for the soak and stress tests. Every step takes a U8 NHWC or HWC image of 3
 * channels; "shaping" steps give one back (so they chain), "final" steps end a chain with another type or
 * layout. The same {@link Step} runs on a host tensor (CPU path) and on a device tensor (GPU path); {@link
 * #mismatch} compares the two with the tolerance the operator documents (exact, except interpolating Resize:
 * 1 for integers).
 */
final class RandomOps {
    private RandomOps() {}

    /** One operator call with its parameters fixed; {@code apply} allocates and returns the output. */
    interface Step {
        String describe();

        Tensor apply(Tensor src, Stream s);

        /** Allowed difference for integer outputs (floats: relative 1e-5 when non-zero). */
        default int intTolerance() {
            return 0;
        }
    }

    private record Simple(String describe, Op op, int intTolerance) implements Step {
        @Override
        public Tensor apply(Tensor src, Stream s) {
            return op.apply(src, s);
        }
    }

    @FunctionalInterface
    private interface Op {
        Tensor apply(Tensor src, Stream s);
    }

    /** The names of every operator the steps use (for reports). */
    static final List<String> OPERATORS = List.of("ChannelReorder", "CustomCrop", "CenterCrop", "Flip", "CopyMakeBorder",
            "Stack", "Resize", "CvtColor", "ConvertTo", "Normalize", "Reformat", "CropFlipNormalizeReformat",
            "ResizeCropConvertReformat");

    static int h(Tensor t) {
        return (int) t.shape(t.rank() - 3);
    }

    static int w(Tensor t) {
        return (int) t.shape(t.rank() - 2);
    }

    /** A step that keeps U8, the layout and 3 channels; {@code which} picks the operator (mod 8), -1 at random. */
    static Step shaping(Random r, Tensor src, int which) {
        int h = h(src);
        int w = w(src);
        boolean batched = src.rank() == 4;
        int k = which < 0 ? r.nextInt(8) : which % 8;
        switch (k) {
            case 0: {
                int[] order = perm3(r);
                return new Simple("ChannelReorder " + Arrays.toString(order), (t, s) -> ChannelReorder.channelReorder(t, order, s), 0);
            }
            case 1: {
                int cw = 1 + r.nextInt(w);
                int ch = 1 + r.nextInt(h);
                int x = r.nextInt(w - cw + 1);
                int y = r.nextInt(h - ch + 1);
                return new Simple("CustomCrop " + x + "," + y + " " + cw + "x" + ch, (t, s) -> CustomCrop.customCrop(t, x, y, cw, ch, s), 0);
            }
            case 2: {
                int cw = 1 + r.nextInt(w);
                int ch = 1 + r.nextInt(h);
                return new Simple("CenterCrop " + cw + "x" + ch, (t, s) -> CenterCrop.centerCrop(t, cw, ch, s), 0);
            }
            case 3: {
                FlipMode m = FlipMode.values()[r.nextInt(3)];
                return new Simple("Flip " + m, (t, s) -> Flip.flip(t, m, s), 0);
            }
            case 4: {
                BorderType b = BorderType.values()[r.nextInt(BorderType.values().length)];
                int top = r.nextInt(4);
                int bottom = r.nextInt(4);
                int left = r.nextInt(4);
                int right = r.nextInt(4);
                double[] v = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
                return new Simple("CopyMakeBorder " + b + " " + top + "," + bottom + "," + left + "," + right,
                        (t, s) -> CopyMakeBorder.copyMakeBorder(t, top, bottom, left, right, b, v, s), 0);
            }
            case 5: {
                if (!batched) {
                    return shaping(r, src, 3);
                }
                return new Simple("Stack x2", (t, s) -> Stack.stack(List.of(t, t), s), 0);
            }
            case 6: {
                Interpolation in = Interpolation.values()[r.nextInt(Interpolation.values().length)];
                int rw = 1 + r.nextInt(2 * w + 1);
                int rh = 1 + r.nextInt(2 * h + 1);
                return new Simple("Resize " + in + " " + rw + "x" + rh, (t, s) -> Resize.resize(t, rw, rh, in, s),
                        in == Interpolation.NEAREST ? 0 : 1);
            }
            default: {
                ColorConversion c = r.nextBoolean() ? ColorConversion.RGB2BGR : ColorConversion.RGB2YUV;
                return new Simple("CvtColor " + c, (t, s) -> CvtColor.cvtColor(t, c, s), 0);
            }
        }
    }

    /** A step that ends a chain (another type, layout or channel count); {@code which} mod 6, -1 at random. */
    static Step finalStep(Random r, Tensor src, int which) {
        int h = h(src);
        int w = w(src);
        boolean batched = src.rank() == 4;
        int k = which < 0 ? r.nextInt(6) : which % 6;
        switch (k) {
            case 0: {
                double scale = r.nextDouble() * 2 - 1;
                double off = r.nextDouble() * 10;
                DataType dt = r.nextBoolean() ? DataType.F32 : DataType.S16;
                return new Simple("ConvertTo " + dt, (t, s) -> ConvertTo.convertTo(t, dt, scale, off, s), 0);
            }
            case 1: {
                float[] base = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
                float[] sc = {1 + r.nextFloat() * 60, 1 + r.nextFloat() * 60, 1 + r.nextFloat() * 60};
                return new Simple("Normalize F32", (t, s) -> Normalize.normalize(t, base, sc, 1f, 0f, 0f, true, DataType.F32, s), 0);
            }
            case 2: {
                TensorLayout l = batched ? TensorLayout.NCHW : TensorLayout.CHW;
                return new Simple("Reformat " + l, (t, s) -> Reformat.reformat(t, l, s), 0);
            }
            case 3: {
                int cw = 1 + r.nextInt(w);
                int ch = 1 + r.nextInt(h);
                int[][] rect = {{r.nextInt(w + 4) - 2, r.nextInt(h + 4) - 2, cw, ch}};
                int[] flip = {r.nextInt(4) - 1};
                float[] mean = {123.675f, 116.28f, 103.53f};
                float[] std = {58.395f, 57.12f, 57.375f};
                BorderType b = r.nextBoolean() ? BorderType.CONSTANT : BorderType.REPLICATE;
                DataType dt = r.nextBoolean() ? DataType.F32 : DataType.U8;
                TensorLayout l = batched ? (r.nextBoolean() ? TensorLayout.NCHW : TensorLayout.NHWC)
                        : (r.nextBoolean() ? TensorLayout.CHW : TensorLayout.HWC);
                boolean swap = r.nextBoolean();
                return new Simple("CropFlipNormalizeReformat " + Arrays.toString(rect[0]) + " flip " + flip[0] + " " + dt + " " + l,
                        (t, s) -> CropFlipNormalizeReformat.cropFlipNormalizeReformat(t, rect, flip, mean, std, 1f, 0f, 0f, true,
                                swap, b, 0f, dt, l, s), 0);
            }
            case 4: {
                Interpolation in = r.nextBoolean() ? Interpolation.NEAREST
                        : Interpolation.LINEAR;
                int rw = 2 + r.nextInt(2 * w);
                int rh = 2 + r.nextInt(2 * h);
                int cw = 1 + r.nextInt(rw);
                int ch = 1 + r.nextInt(rh);
                int cx = r.nextInt(rw - cw + 1);
                int cy = r.nextInt(rh - ch + 1);
                TensorLayout l = batched ? TensorLayout.NCHW : TensorLayout.CHW;
                return new Simple("ResizeCropConvertReformat " + in + " " + rw + "x" + rh,
                        (t, s) -> ResizeCropConvertReformat.resizeCropConvertReformat(t, rw, rh, in, cx, cy, cw, ch, 1 / 255f,
                                0f, new int[] {2, 1, 0}, DataType.F32, l, s), 0);
            }
            default: {
                return new Simple("CvtColor RGB2GRAY", (t, s) -> CvtColor.cvtColor(t, ColorConversion.RGB2GRAY, s), 0);
            }
        }
    }

    private static int[] perm3(Random r) {
        int[] p = {0, 1, 2};
        for (int i = 2; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        if (r.nextInt(4) == 0) {
            p[r.nextInt(3)] = -1; // a zero channel
        }
        return p;
    }

    /** A random U8 host image: NHWC of 1..maxN images, or HWC; 3 channels; 1..maxSide pixels per side. */
    static Tensor randomImage(Random r, int maxN, int maxSide) {
        int n = 1 + r.nextInt(maxN);
        int hh = 1 + r.nextInt(maxSide);
        int ww = 1 + r.nextInt(maxSide);
        boolean batched = r.nextBoolean();
        long[] shape = batched ? new long[] {n, hh, ww, 3} : new long[] {hh, ww, 3};
        Tensor t = Tensor.allocateHost(shape, DataType.U8, batched ? TensorLayout.NHWC : TensorLayout.HWC);
        byte[] b = new byte[(int) t.elementCount()];
        r.nextBytes(b);
        t.copyFrom(b);
        return t;
    }

    /** The elements of {@code t} (host or device, any strides) in C order, as doubles. */
    static double[] values(Tensor t) {
        try (Tensor h = t.toHost()) {
            MemorySegment s = h.hostSegment();
            int n = (int) h.elementCount();
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (h.dtype()) {
                    case U8 -> Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, i));
                    case S8 -> s.get(ValueLayout.JAVA_BYTE, i);
                    case U16 -> Short.toUnsignedInt(s.getAtIndex(ValueLayout.JAVA_SHORT, i));
                    case S16 -> s.getAtIndex(ValueLayout.JAVA_SHORT, i);
                    case S32 -> s.getAtIndex(ValueLayout.JAVA_INT, i);
                    case U32 -> Integer.toUnsignedLong(s.getAtIndex(ValueLayout.JAVA_INT, i));
                    case F16 -> Float.float16ToFloat(s.getAtIndex(ValueLayout.JAVA_SHORT, i));
                    case F32 -> s.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                    case F64 -> s.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                    default -> throw new IllegalArgumentException("no reader for " + h.dtype());
                };
            }
            return v;
        }
    }

    /** Null when {@code gpu} equals {@code cpu} within the step's tolerance, else what differs. */
    static String mismatch(Step step, Tensor cpu, Tensor gpu) {
        if (!Arrays.equals(cpu.shape(), gpu.shape()) || cpu.dtype() != gpu.dtype()
                || !String.valueOf(cpu.layout()).equals(String.valueOf(gpu.layout()))) {
            return step.describe() + ": CPU gave " + cpu + ", GPU " + gpu;
        }
        double[] a = values(cpu);
        double[] b = values(gpu);
        boolean floating = cpu.dtype().isFloatingPoint();
        double tol = step.intTolerance();
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            boolean ok = floating ? (Double.compare(a[i], b[i]) == 0 || d <= 1e-5 * Math.max(1, Math.abs(a[i]))
                    || (Double.isNaN(a[i]) && Double.isNaN(b[i])))
                    : d <= tol;
            if (!ok) {
                return step.describe() + ": element " + i + " of " + Arrays.toString(cpu.shape()) + " " + cpu.dtype()
                        + ": CPU " + a[i] + ", GPU " + b[i];
            }
        }
        return null;
    }
}

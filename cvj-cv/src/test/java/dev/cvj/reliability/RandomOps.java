package dev.cvj.reliability;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.OperatorCall;
import dev.cvj.ops.OperatorInfo;
import dev.cvj.ops.Operators;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random valid operator calls for the soak and stress tests, drawn from the operator registry ({@link Operators}):
 * every step takes a U8 NHWC or HWC image of 3 channels; "shaping" steps give one back (so they chain),
 * "final" steps end a chain with another type, layout or channel count. The same {@link Step} runs on a host
 * tensor (CPU path) and on a device tensor (GPU path); {@link #mismatch} compares the two with the tolerance
 * the operator documents (exact, except interpolating Resize: 1 for integers).
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

    private record Registered(OperatorCall call) implements Step {
        @Override
        public String describe() {
            return call.description();
        }

        @Override
        public Tensor apply(Tensor src, Stream s) {
            return call.apply().apply(src, s);
        }

        @Override
        public int intTolerance() {
            return call.integerTolerance();
        }
    }

    /** The names of every operator the steps use (for reports): the registry's. */
    static final List<String> OPERATORS = Operators.all().stream().map(OperatorInfo::name).toList();

    /** A step of the operator {@code name}. */
    static Step of(String name, Random r, Tensor src) {
        return new Registered(Operators.get(name).sample(r, src));
    }

    /**
     * A step that keeps U8, the layout and 3 channels: the first operator of the registry from {@code which} on
     * (mod its size; -1: a random start) whose sampled call does.
     */
    static Step shaping(Random r, Tensor src, int which) {
        return pick(r, src, which, true, false);
    }

    /** A shaping step whose GPU result equals the CPU's exactly. */
    static Step exactShaping(Random r, Tensor src) {
        return pick(r, src, -1, true, true);
    }

    /** A step that ends a chain (another type, layout or channel count); {@code which} as in {@link #shaping}. */
    static Step finalStep(Random r, Tensor src, int which) {
        return pick(r, src, which, false, false);
    }

    private static Step pick(Random r, Tensor src, int which, boolean keepsFormat, boolean exact) {
        List<OperatorInfo> all = Operators.all();
        int start = which < 0 ? r.nextInt(all.size()) : which % all.size();
        for (int tries = 0; tries < 8; tries++) { // a sampler draws its parameters: some draws keep the format, some not
            for (int k = 0; k < all.size(); k++) {
                OperatorCall c = all.get((start + k) % all.size()).sample(r, src);
                if (c.keepsFormat(src) == keepsFormat && (!exact || c.integerTolerance() == 0)) {
                    return new Registered(c);
                }
            }
        }
        throw new IllegalStateException("no registered operator gives a " + (keepsFormat ? "shaping" : "final") + " step for "
                + src);
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
        return mismatch(step.describe(), step.intTolerance(), cpu, gpu);
    }

    /**
     * Null when {@code gpu} equals {@code cpu} (same shape, type and layout; integers within {@code intTolerance},
     * floats within 1e-5 relative), else what differs, starting with {@code what}.
     */
    static String mismatch(String what, int intTolerance, Tensor cpu, Tensor gpu) {
        if (!Arrays.equals(cpu.shape(), gpu.shape()) || cpu.dtype() != gpu.dtype()
                || !String.valueOf(cpu.layout()).equals(String.valueOf(gpu.layout()))) {
            return what + ": CPU gave " + cpu + ", GPU " + gpu;
        }
        double[] a = values(cpu);
        double[] b = values(gpu);
        boolean floating = cpu.dtype().isFloatingPoint();
        double tol = intTolerance;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            boolean ok = floating ? (Double.compare(a[i], b[i]) == 0 || d <= 1e-5 * Math.max(1, Math.abs(a[i]))
                    || (Double.isNaN(a[i]) && Double.isNaN(b[i])))
                    : d <= tol;
            if (!ok) {
                return what + ": element " + i + " of " + Arrays.toString(cpu.shape()) + " " + cpu.dtype()
                        + ": CPU " + a[i] + ", GPU " + b[i];
            }
        }
        return null;
    }
}

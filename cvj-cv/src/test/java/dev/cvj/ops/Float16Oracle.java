package dev.cvj.ops;

import dev.cvj.cuda.Device;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An oracle for F16 results that owes nothing to cvj's F16 code: the same operation run in F32 (on the F16 input
 * widened to F32, which is exact, or on the same non-float input), its result rounded to F16 with
 * {@link Float#floatToFloat16} (round to nearest even), compared with the F16 result in units in the last place
 * of F16. Each case states how many ulps it allows; where the two paths differ only by the final rounding the
 * allowance is 0 (measured on the CPU path: see {@link Float16OracleTest}).
 */
final class Float16Oracle {
    private Float16Oracle() {}

    /** The operation in a float type: {@code floatType} is F16 or F32, the type of the output (and of a float input). */
    interface Op {
        Tensor run(Tensor src, DataType floatType);
    }

    /**
     * One comparison: {@code srcType} F16 means a float input (F16, widened to F32 for the oracle), any other type
     * is the same input for both runs.
     */
    record Case(String name, DataType srcType, long[] shape, TensorLayout layout, int ulps, Op op) {}

    /** Where the operations run: on host tensors (the CPU path) or on device 0. */
    enum Placement { CPU, GPU }

    /** A dense host tensor of random values: floats about N(0, 100^2) (F16 ones F16 values), integers over their range. */
    static Tensor randomHost(Random rnd, DataType t, long[] shape, TensorLayout layout) {
        Tensor x = Tensor.allocateHost(shape, t, layout);
        int n = (int) x.elementCount();
        if (t == DataType.U8) {
            byte[] b = new byte[n];
            rnd.nextBytes(b);
            x.copyFrom(b);
        } else if (t == DataType.F32) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) (rnd.nextGaussian() * 100);
            }
            x.copyFrom(f);
        } else {
            short[] s = new short[n];
            for (int i = 0; i < n; i++) {
                s[i] = t == DataType.F16 ? Float.floatToFloat16((float) (rnd.nextGaussian() * 100)) : (short) rnd.nextInt();
            }
            x.copyFrom(s);
        }
        return x;
    }

    /** An F32 host copy of a dense F16 host tensor: every F16 value is an F32 value, so this is exact. */
    static Tensor widen(Tensor f16) {
        short[] h = new short[(int) f16.elementCount()];
        f16.copyTo(h);
        float[] f = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            f[i] = Float.float16ToFloat(h[i]);
        }
        Tensor out = Tensor.allocateHost(f16.shape(), DataType.F32, f16.layout());
        out.copyFrom(f);
        return out;
    }

    /** F16 bits on one line of integers, so that neighbours differ by 1 (and -0 and +0 are both 0). */
    static int ordered(short bits) {
        int b = bits & 0xffff;
        return (b & 0x8000) != 0 ? -(b & 0x7fff) : b;
    }

    /** The distance in F16 ulps of {@code got} from {@code want}; 0 when both are NaN, MAX_VALUE when only one is. */
    static int ulps(short got, short want) {
        boolean a = Float.isNaN(Float.float16ToFloat(got)), b = Float.isNaN(Float.float16ToFloat(want));
        if (a || b) {
            return a && b ? 0 : Integer.MAX_VALUE;
        }
        return Math.abs(ordered(got) - ordered(want));
    }

    /** The outcome of one case: the largest distance seen, the elements over the allowance, the first of them. */
    record Result(String name, int allowed, int maxUlps, long over, long elements, String first) {
        boolean ok() {
            return over == 0;
        }

        @Override
        public String toString() {
            return name + ": max " + maxUlps + " ulp (allowed " + allowed + "), " + over + " of " + elements + " over"
                    + (first == null ? "" : ", first " + first);
        }
    }

    /** Compares an F16 result with the F32 result rounded to F16. Both host tensors of one shape. */
    static Result compare(String name, int allowed, Tensor f16, Tensor f32) {
        if (f16.dtype() != DataType.F16 || f32.dtype() != DataType.F32) {
            throw new IllegalArgumentException(name + ": want F16 and F32 results, got " + f16.dtype() + " and " + f32.dtype());
        }
        short[] got = new short[(int) f16.elementCount()];
        float[] wide = new float[(int) f32.elementCount()];
        f16.copyTo(got);
        f32.copyTo(wide);
        int max = 0;
        long over = 0;
        String first = null;
        for (int i = 0; i < got.length; i++) {
            short want = Float.floatToFloat16(wide[i]);
            int d = ulps(got[i], want);
            max = Math.max(max, d);
            if (d > allowed) {
                over++;
                if (first == null) {
                    first = "element " + i + ": got " + Float.float16ToFloat(got[i]) + ", F32 " + wide[i] + " rounds to "
                            + Float.float16ToFloat(want);
                }
            }
        }
        return new Result(name, allowed, max, over, got.length, first);
    }

    /** Runs every case at {@code where} on inputs from {@code rnd}. */
    static List<Result> run(List<Case> cases, Random rnd, Placement where) {
        List<Result> out = new ArrayList<>();
        for (Case c : cases) {
            try (Tensor src16 = randomHost(rnd, c.srcType(), c.shape(), c.layout());
                 Tensor src32 = c.srcType() == DataType.F16 ? widen(src16) : null) {
                try (Tensor got16 = runAt(where, c.op(), src16, DataType.F16);
                     Tensor got32 = runAt(where, c.op(), src32 != null ? src32 : src16, DataType.F32)) {
                    out.add(compare(c.name(), c.ulps(), got16, got32));
                }
            }
        }
        return out;
    }

    /** Runs every case at {@code where}, prints the outcome, and fails with every case over its allowance. */
    static void assertAllWithin(Random rnd, Placement where) {
        List<Result> results = run(Float16OracleCases.all(), rnd, where);
        List<Result> bad = results.stream().filter(r -> !r.ok()).toList();
        System.out.println("F16 oracle, " + where + ": " + results.size() + " cases, " + bad.size() + " failing, max "
                + results.stream().mapToInt(Result::maxUlps).max().orElse(-1) + " ulp");
        if (!bad.isEmpty()) {
            throw new AssertionError(bad.size() + " of " + results.size() + " cases:\n"
                    + String.join("\n", bad.stream().map(Object::toString).toList()));
        }
    }

    /** The operation on {@code host} (or its copy on device 0), its result on the host. */
    private static Tensor runAt(Placement where, Op op, Tensor host, DataType floatType) {
        if (where == Placement.CPU) {
            return op.run(host, floatType);
        }
        try (Tensor dev = host.toDevice(Device.get(0), null); Tensor result = op.run(dev, floatType)) {
            return result.toHost();
        }
    }
}

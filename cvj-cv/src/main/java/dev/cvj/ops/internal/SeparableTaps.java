package dev.cvj.ops.internal;

import dev.cvj.ops.HQFilter;
import dev.cvj.ops.PillowFilter;

/**
 * The taps of one axis of a separable resize: output index {@code o} is the weighted sum of the {@code count[o]}
 * source indices from {@code start[o]}, with weights {@code weights[offset[o] ..]}. The factories compute them as
 * the peers do (Pillow's {@code precompute_coeffs}, PyTorch's {@code _compute_indices_min_size_weights_aa}); the CPU
 * path and the GPU kernels of {@link SeparableResize} then read the same numbers.
 */
public record SeparableTaps(int[] start, int[] count, int[] offset, double[] weights) {

    /** Pillow's fixed point: 32 - 8 - 2 fraction bits ({@code PRECISION_BITS}). */
    public static final int PRECISION_BITS = 22;

    /** The number of output indices. */
    public int size() {
        return start.length;
    }

    /** An axis whose size does not change: each output reads its own index with weight 1 (the pass is a copy). */
    public static SeparableTaps identity(int size) {
        Builder b = new Builder(size, size);
        for (int o = 0; o < size; o++) {
            b.add(o, o, 1);
            b.weight(1.0);
        }
        return b.build();
    }

    /** Pillow's {@code Image.resize} taps of one axis for {@code filter} (an unchanged size: the identity). */
    public static SeparableTaps pillow(int in, int out, PillowFilter filter) {
        if (in == out) {
            return identity(out);
        }
        if (filter == PillowFilter.NEAREST) {
            return pillowNearest(in, out);
        }
        double support = switch (filter) {
            case BOX -> 0.5;
            case BILINEAR, HAMMING -> 1.0;
            case BICUBIC -> 2.0;
            default -> 3.0;
        };
        // precompute_coeffs: in0 = 0 and in1 = in are floats, (in1 - in0) / outSize in double.
        double scale = (double) (float) in / out;
        double filterscale = Math.max(scale, 1.0);
        support = support * filterscale;
        double ss = 1.0 / filterscale;
        Builder b = new Builder(in, out);
        double[] k = new double[(int) Math.min(Integer.MAX_VALUE - 8, (long) Math.ceil(support) * 2 + 1)];
        for (int o = 0; o < out; o++) {
            double center = (o + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), in) - xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = pillowFilter(filter, (x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            b.add(o, xmin, Math.max(xmax, 0));
            for (int x = 0; x < xmax; x++) {
                b.weight(ww != 0.0 ? k[x] / ww : k[x]);
            }
        }
        return b.build();
    }

    /**
     * Pillow's NEAREST ({@code ImagingScaleAffine}): the source position starts at {@code a / 2} and steps by
     * {@code a = in / out} (accumulated in double, as Pillow does), index {@code (int) position}.
     */
    static SeparableTaps pillowNearest(int in, int out) {
        double a = (double) (float) in / out;
        double xo = a * 0.5;
        Builder b = new Builder(in, out);
        for (int o = 0; o < out; o++) {
            int xin = xo < 0.0 ? -1 : (int) xo;
            b.add(o, Math.clamp(xin, 0, in - 1), 1);
            b.weight(1.0);
            xo += a;
        }
        return b.build();
    }

    /** Pillow's filters, in double as Resample.c evaluates them. */
    static double pillowFilter(PillowFilter f, double x) {
        switch (f) {
            case BOX:
                return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case BILINEAR:
                x = Math.abs(x);
                return x < 1.0 ? 1.0 - x : 0.0;
            case HAMMING: {
                x = Math.abs(x);
                if (x == 0.0) {
                    return 1.0;
                }
                if (x >= 1.0) {
                    return 0.0;
                }
                x = x * Math.PI;
                return Math.sin(x) / x * ((double) 0.54f + (double) 0.46f * Math.cos(x)); // float literals in C
            }
            case BICUBIC: {
                final double a = -0.5;
                x = Math.abs(x);
                if (x < 1.0) {
                    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
                }
                if (x < 2.0) {
                    return (((x - 5) * x + 8) * x - 4) * a;
                }
                return 0.0;
            }
            default:
                return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
        }
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        x = x * Math.PI;
        return Math.sin(x) / x;
    }

    /**
     * The antialiased taps of PyTorch's {@code _upsample_bilinear2d_aa} / {@code _upsample_bicubic2d_aa}
     * (align_corners=False), in float as it computes them for an F32 tensor: scale {@code in / out}, support
     * {@code support * max(1, scale)}, window {@code [(long) (centre - support + 0.5), (long) (centre + support +
     * 0.5))} clipped to the axis, weights {@code filter((j + xmin - centre + 0.5) / max(1, scale))} divided by their
     * sum. GAUSSIAN and LANCZOS use the same scheme with CV-CUDA's filters. An unchanged size: the identity.
     */
    public static SeparableTaps antialiased(int in, int out, HQFilter filter) {
        if (in == out) {
            return identity(out);
        }
        int interpSize = switch (filter) {
            case LINEAR, GAUSSIAN -> 2;
            case CUBIC -> 4;
            case LANCZOS -> 6;
        };
        float scale = (float) in / (float) out;
        float support = scale >= 1.0f ? (float) ((interpSize * 0.5) * scale) : (float) (interpSize * 0.5);
        float invscale = scale >= 1.0f ? (float) (1.0 / scale) : 1.0f;
        int maxSize = (int) Math.min(Integer.MAX_VALUE - 8, (long) Math.ceil(support) * 2 + 1);
        float[] k = new float[maxSize];
        Builder b = new Builder(in, out);
        for (int o = 0; o < out; o++) {
            float center = (float) (scale * (o + 0.5));
            long xmin = Math.max((long) (center - support + 0.5), 0L);
            long xsize = Math.clamp(Math.min((long) (center + support + 0.5), in) - xmin, 0, maxSize);
            float total = 0f;
            for (int j = 0; j < xsize; j++) {
                float w = antialiasFilter(filter, (float) (((float) (j + xmin) - center + 0.5) * invscale));
                k[j] = w;
                total += w;
            }
            b.add(o, (int) xmin, (int) xsize);
            for (int j = 0; j < xsize; j++) {
                b.weight(total != 0f ? k[j] / total : k[j]);
            }
        }
        return b.build();
    }

    /** PyTorch's aa_filter (float) for LINEAR and CUBIC; CV-CUDA's Gaussian and Lanczos-3 windows. */
    static float antialiasFilter(HQFilter f, float x) {
        x = Math.abs(x);
        switch (f) {
            case LINEAR:
                return x < 1.0f ? 1.0f - x : 0.0f;
            case CUBIC: {
                final float a = -0.5f;
                if (x < 1.0f) {
                    return ((a + 2) * x - (a + 3)) * x * x + 1;
                }
                if (x < 2.0f) {
                    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
                }
                return 0.0f;
            }
            case GAUSSIAN:
                return x < 1.0f ? (float) Math.exp(-4.0 * x * x) : 0.0f;
            default:
                return x < 3.0f ? (float) (sinc(x) * sinc(x / 3.0)) : 0.0f;
        }
    }

    /** The weights in Pillow's 8-bit fixed point ({@code normalize_coeffs_8bpc}): round half away from zero. */
    public int[] fixed8() {
        int[] q = new int[weights.length];
        for (int i = 0; i < q.length; i++) {
            double k = weights[i];
            q[i] = k < 0 ? (int) (-0.5 + k * (1 << PRECISION_BITS)) : (int) (0.5 + k * (1 << PRECISION_BITS));
        }
        return q;
    }

    /** Collects the taps output by output, refusing tables longer than a Java array holds. */
    private static final class Builder {
        private final int[] start, count, offset;
        private double[] weights = new double[16];
        private int used;
        private final int in;

        Builder(int in, int out) {
            this.in = in;
            start = new int[out];
            count = new int[out];
            offset = new int[out];
        }

        void add(int o, int first, int n) {
            start[o] = first;
            count[o] = n;
            offset[o] = used;
        }

        void weight(double w) {
            if (used == weights.length) {
                long grown = Math.min(2L * weights.length, ResizeCpu.MAX_ARRAY);
                if (grown == used) {
                    throw new IllegalArgumentException("a resize of an axis of " + in + " to " + start.length
                            + " pixels needs more filter weights than a Java array holds");
                }
                weights = java.util.Arrays.copyOf(weights, (int) grown);
            }
            weights[used++] = w;
        }

        SeparableTaps build() {
            return new SeparableTaps(start, count, offset, java.util.Arrays.copyOf(weights, used));
        }
    }
}

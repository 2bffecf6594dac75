package dev.cvj.ops.internal;

import dev.cvj.ops.ColorSpec;

/**
 * The affine map of one YCbCr conversion of a {@link ColorSpec} in {@value #SHIFT}-bit fixed point, as AdvCvtColor's
 * CPU path and kernels apply it: output channel {@code i} of input channels {@code x0, x1, x2} is
 * {@code (m[4i] x0 + m[4i+1] x1 + m[4i+2] x2 + m[4i+3] + 2^(SHIFT-1)) >> SHIFT}, saturated to [0, 255] (round half
 * up of the fixed-point value: as round half away from zero once saturated). The entries are the real matrix and
 * offset times {@code 2^SHIFT}, rounded to the nearest integer: the result is within 0.0015 of the real formula before
 * rounding, so it is the real formula rounded except within 0.0015 of a half.
 *
 * <p>Channel order is folded in: encoding, the columns are the source's channels (blue at {@code blueIndex}) and the
 * rows Y, Cb (U), Cr (V); decoding, the columns Y, Cb, Cr and the rows the output's channels.
 *
 * @param m 12 entries: three rows of three coefficients and an offset
 */
public record YcbcrMatrix(int[] m) {
    /** Fraction bits of the entries. */
    public static final int SHIFT = 18;

    /** The map from RGB (blue at {@code blueIndex}: 0 BGR, 2 RGB) to Y, Cb, Cr. */
    public static YcbcrMatrix encode(ColorSpec spec, int blueIndex) {
        double kr = spec.kr(), kb = spec.kb(), kg = spec.kg();
        double ys = spec.fullRange() ? 1 : 219.0 / 255, cs = spec.fullRange() ? 1 : 224.0 / 255;
        double yoff = spec.fullRange() ? 0 : 16;
        double ub = cs / (2 * (1 - kb)), vr = cs / (2 * (1 - kr));
        // rows over R, G, B: Cb = ub (B - E), Cr = vr (R - E)
        double[][] rgb = {
                {ys * kr, ys * kg, ys * kb, yoff},
                {-ub * kr, -ub * kg, ub * (1 - kb), 128},
                {vr * (1 - kr), -vr * kg, -vr * kb, 128}};
        int[] m = new int[12];
        for (int i = 0; i < 3; i++) {
            m[4 * i + blueIndex] = fixed(rgb[i][2]);
            m[4 * i + 1] = fixed(rgb[i][1]);
            m[4 * i + (blueIndex ^ 2)] = fixed(rgb[i][0]);
            m[4 * i + 3] = fixed(rgb[i][3]);
        }
        return new YcbcrMatrix(m);
    }

    /** The map from Y, Cb, Cr to RGB (blue at {@code blueIndex}: 0 BGR, 2 RGB). */
    public static YcbcrMatrix decode(ColorSpec spec, int blueIndex) {
        double kr = spec.kr(), kb = spec.kb(), kg = spec.kg();
        double ys = spec.fullRange() ? 1 : 255.0 / 219, cs = spec.fullRange() ? 1 : 255.0 / 224;
        double yoff = spec.fullRange() ? 0 : 16;
        double rv = 2 * (1 - kr) * cs, bu = 2 * (1 - kb) * cs;
        double gv = -2 * kr * (1 - kr) / kg * cs, gu = -2 * kb * (1 - kb) / kg * cs;
        // rows R, G, B over Y, Cb, Cr and the offset of Y - yoff, Cb - 128, Cr - 128
        double[][] rgb = {
                {ys, 0, rv, -ys * yoff - rv * 128},
                {ys, gu, gv, -ys * yoff - (gu + gv) * 128},
                {ys, bu, 0, -ys * yoff - bu * 128}};
        int[] m = new int[12];
        int[] rowOf = {blueIndex ^ 2, 1, blueIndex};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                m[4 * rowOf[i] + j] = fixed(rgb[i][j]);
            }
        }
        return new YcbcrMatrix(m);
    }

    private static int fixed(double v) {
        return (int) Math.round(v * (1 << SHIFT));
    }

    /** Output channel {@code i} of one pixel's channels (unsaturated). */
    public int apply(int i, int x0, int x1, int x2) {
        return (m[4 * i] * x0 + m[4 * i + 1] * x1 + m[4 * i + 2] * x2 + m[4 * i + 3] + (1 << (SHIFT - 1))) >> SHIFT;
    }

    /** Output channel {@code i} of the mean of four pixels, given the sums of their channels (unsaturated). */
    public int applyToMeanOf4(int i, int s0, int s1, int s2) {
        return (m[4 * i] * s0 + m[4 * i + 1] * s1 + m[4 * i + 2] * s2 + 4 * m[4 * i + 3] + (1 << (SHIFT + 1)))
                >> (SHIFT + 2);
    }

    /** Adds the 12 entries to a kernel's arguments. */
    public void addTo(dev.cvj.cuda.KernelArgs a) {
        for (int v : m) {
            a.i32(v);
        }
    }
}

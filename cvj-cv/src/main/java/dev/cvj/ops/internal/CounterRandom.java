package dev.cvj.ops.internal;

/**
 * The counter-based random numbers of the random operators (Erase's random fill, GaussianNoise): Philox4x32-10
 * (Salmon et al., SC 2011; Random123's {@code philox4x32_10}), the Java twin of {@code counter_random.cuh}: the same
 * counter and key give the same four words on the CPU and in a kernel, whatever the launch geometry.
 */
public final class CounterRandom {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final double TWO_TO_MINUS_32 = 0x1p-32;

    private CounterRandom() {}

    /** The four 32-bit words of Philox4x32-10 for the counter {@code (c0, c1, c2, c3)} and the key {@code (k0, k1)}. */
    public static int[] philox(int c0, int c1, int c2, int c3, int k0, int k1) {
        for (int r = 0; r < 10; r++) {
            if (r > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c0 = n0;
            c1 = (int) p1;
            c2 = n2;
            c3 = (int) p0;
        }
        return new int[] {c0, c1, c2, c3};
    }

    /**
     * A standard normal from the first two words of a draw, as {@code philox_normal}: Box-Muller in double with
     * {@code u1 = (w0 + 1) / 2^32} in (0, 1] and {@code u2 = w1 / 2^32} in [0, 1), rounded to float once. CUDA's double
     * {@code log}, {@code sqrt} and {@code cos} and Java's differ by at most an ulp or two of the double, so the float
     * results are equal but for the rare double that lies within those ulps of a float rounding boundary: then they
     * differ by one float ulp.
     */
    public static float normal(int w0, int w1) {
        double u1 = ((w0 & 0xFFFFFFFFL) + 1.0) * TWO_TO_MINUS_32;
        double u2 = (w1 & 0xFFFFFFFFL) * TWO_TO_MINUS_32;
        return (float) (Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(6.283185307179586 * u2));
    }
}

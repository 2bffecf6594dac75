package dev.cvj.cuda.test;

import java.util.Random;

/**
 * One random array of each primitive type a copy accepts, all of length {@code n}: the inputs of the copy
 * round-trip tests. Floats cover a wide range with fractions; doubles are Gaussian times 1e12.
 */
public record RandomArrays(byte[] b, short[] s, char[] c, int[] i, long[] l, float[] f, double[] d) {

    public static RandomArrays of(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        short[] s = new short[n];
        char[] c = new char[n];
        int[] i = new int[n];
        long[] l = new long[n];
        float[] f = new float[n];
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            s[k] = (short) r.nextInt();
            c[k] = (char) r.nextInt();
            i[k] = r.nextInt();
            l[k] = r.nextLong();
            f[k] = r.nextFloat() * 2e6f - 1e6f;
            d[k] = r.nextGaussian() * 1e12;
        }
        return new RandomArrays(b, s, c, i, l, f, d);
    }
}

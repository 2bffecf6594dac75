package dev.cvj.ops.internal;

import dev.cvj.tensor.DataType;
import java.util.Arrays;

/**
 * The taps of the smoothing filters, as OpenCV makes them: the box of {@code cv::boxFilter} and the Gaussian of
 * {@code cv::getGaussianKernel} (with its fixed tables for {@code sigma <= 0} and sizes 1 to 9) and of
 * {@code cv::GaussianBlur}'s fixed-point path for U8 and U16.
 */
public final class FilterKernels {
    /** OpenCV's fixed kernels for {@code sigma <= 0}, by size (1, 3, 5, 7, 9). */
    private static double[] smallGaussian(int n) {
        return switch (n) {
            case 1 -> new double[] {1};
            case 3 -> new double[] {0.25, 0.5, 0.25};
            case 5 -> new double[] {0.0625, 0.25, 0.375, 0.25, 0.0625};
            case 7 -> new double[] {0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125};
            case 9 -> new double[] {4 / 256.0, 13 / 256.0, 30 / 256.0, 51 / 256.0, 60 / 256.0, 51 / 256.0, 30 / 256.0,
                13 / 256.0, 4 / 256.0};
            default -> null;
        };
    }

    private static final int BOX_SHIFT = 23;

    private FilterKernels() {}

    /**
     * OpenCV's anchor of a kernel of {@code size} taps: -1 is the centre ({@code size / 2}); otherwise it must lie
     * in {@code 0..size-1}.
     */
    public static int anchor(OpCheck op, String role, int anchor, int size) {
        if (anchor == -1) {
            return size / 2;
        }
        if (anchor < 0 || anchor >= size) {
            throw op.fail(role + " " + anchor + " must be -1 (the centre) or in 0.." + (size - 1));
        }
        return anchor;
    }

    /** Checks a kernel size: at least 1, and {@code kw + kh} within {@link FilterPixels#MAX_TAPS}. */
    public static void size(OpCheck op, int kw, int kh) {
        if (kw < 1 || kh < 1) {
            throw op.fail("kernel size " + kw + " x " + kh + " must be at least 1 x 1");
        }
        if ((long) kw + kh > FilterPixels.MAX_TAPS) {
            throw op.fail("kernel size " + kw + " x " + kh + " is too large: width + height must be at most "
                    + FilterPixels.MAX_TAPS);
        }
    }

    /**
     * {@code cv::boxFilter}'s taps: ones, the sum times {@code 1 / (kw * kh)} when normalized. Integer types sum
     * exactly; U8 windows of at most 256 pixels divide as OpenCV's 16-bit sums do,
     * {@code (sum + delta) * mul >> 23}; other integer windows scale in float (OpenCV's vector path; its scalar
     * tail scales in double, which can differ by 1 for windows of thousands of pixels); F32 sums and scales in
     * double. Checks the size and the anchor (-1: the
     * centre) first.
     */
    public static FilterPixels.Taps box(OpCheck op, DataType t, int kw, int kh, int anchorX, int anchorY,
                                        boolean normalize) {
        size(op, kw, kh);
        int ax = anchor(op, "anchorX", anchorX, kw), ay = anchor(op, "anchorY", anchorY, kh);
        float[] kx = new float[kw], ky = new float[kh];
        Arrays.fill(kx, 1);
        Arrays.fill(ky, 1);
        double scale = normalize ? 1.0 / ((double) kw * kh) : 1;
        long area = (long) kw * kh;
        if (t == DataType.U8 && normalize && area > 1 && area <= 256) {
            // OpenCV's 16-bit sums of U8: (sum + delta) * mul >> 23, mul and delta rounding 2^23 / area
            double exact = (double) (1 << BOX_SHIFT) / area;
            long mul = (long) Math.floor(exact), delta = area / 2;
            if (exact - mul < 0.5) {
                delta++;
            } else {
                mul++;
            }
            return new FilterPixels.Taps(kx, ky, ax, ay, FilterPixels.Sum.INT, 1, mul, delta, BOX_SHIFT);
        }
        if (t == DataType.F32) {
            return new FilterPixels.Taps(kx, ky, ax, ay, FilterPixels.Sum.DOUBLE, scale, 1, 0, 0);
        }
        return new FilterPixels.Taps(kx, ky, ax, ay, FilterPixels.Sum.INT, scale, 1, 0, 0);
    }

    /**
     * {@code cv::GaussianBlur}'s taps for sizes {@code kw x kh} (odd) and sigmas (already resolved: sigmaY is
     * sigmaX when not positive). U8 and U16 get OpenCV's fixed-point kernels (8 and 16 fraction bits, error
     * diffusion to a sum of exactly one) and exact integer sums, shifted back with rounding: bit-exact with
     * OpenCV. S16 and F32 get the float kernel and float sums.
     */
    public static FilterPixels.Taps gaussian(DataType t, int kw, int kh, double sigmaX, double sigmaY) {
        double[] gx = gaussian(kw, sigmaX), gy = gaussian(kh, sigmaY);
        if (t == DataType.U8 || t == DataType.U16) {
            int bits = t == DataType.U8 ? 8 : 16;
            return new FilterPixels.Taps(fixedPoint(gx, bits), fixedPoint(gy, bits), kw / 2, kh / 2,
                    FilterPixels.Sum.INT, 1, 1, 1L << (2 * bits - 1), 2 * bits);
        }
        return new FilterPixels.Taps(floats(gx), floats(gy), kw / 2, kh / 2, FilterPixels.Sum.FLOAT, 1, 1, 0, 0);
    }

    /**
     * {@code cv::getGaussianKernel(n, sigma)} in double: the fixed tables for {@code sigma <= 0} and {@code n <= 9},
     * else {@code exp(-x^2 / (2 sigma^2))} normalized, sigma {@code 0.3 * ((n - 1) * 0.5 - 1) + 0.8} when not
     * positive. OpenCV evaluates exp in software (softfloat); Java's {@code Math.exp} may differ in the last bit,
     * which moves a tap only when it lies on a rounding boundary of the float or fixed-point kernel.
     */
    public static double[] gaussian(int n, double sigma) {
        double[] small = sigma <= 0 ? smallGaussian(n) : null;
        if (small != null) {
            return small;
        }
        double s = sigma > 0 ? sigma : Math.fma(n, 0.15, 0.35);
        double scale2 = -0.125 / (s * s);
        int half = (n - 1) / 2;
        double[] values = new double[half];
        double sum = 0;
        for (int i = 0, x = 1 - n; i < half; i++, x += 2) {
            values[i] = Math.exp((double) (x * x) * scale2);
            sum += values[i];
        }
        sum = sum * 2 + 1;
        if (n % 2 == 0) {
            sum += 1;
        }
        double mul = 1 / sum;
        double[] k = new double[n];
        for (int i = 0; i < half; i++) {
            k[i] = values[i] * mul;
            k[n - 1 - i] = k[i];
        }
        k[half] = mul;
        if (n % 2 == 0) {
            k[half + 1] = mul;
        }
        return k;
    }

    /** OpenCV's fixed-point kernel of {@code bits} fraction bits: error diffusion, the centre makes the sum one. */
    private static float[] fixedPoint(double[] k, int bits) {
        int n = k.length;
        double one = 1L << bits, err = 0;
        long sum = 0;
        float[] out = new float[n];
        for (int i = 0; i < n / 2; i++) {
            double v = k[i] * one + err;
            long r = (long) Math.rint(v);
            err = v - r;
            out[i] = r;
            out[n - 1 - i] = r;
            sum += r;
        }
        out[n / 2] = (float) ((1L << bits) - 2 * sum);
        return out;
    }

    private static float[] floats(double[] k) {
        float[] f = new float[k.length];
        for (int i = 0; i < k.length; i++) {
            f[i] = (float) k[i];
        }
        return f;
    }
}

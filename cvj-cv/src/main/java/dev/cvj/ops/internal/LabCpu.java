package dev.cvj.ops.internal;

/**
 * CIE L*a*b* (D65) of sRGB for {@link ColorCpu}, as OpenCV 4.6 computes it: U8 RGB to Lab with OpenCV's integer tables
 * (sRGB gamma to 11 bits, the cube root to 15 bits, 12-bit XYZ coefficients); the other directions and F32 with the
 * CIE formulas in double (OpenCV interpolates tables there: it differs by a documented tolerance). cvtcolor.cu
 * reads the U8 tables from lab_tables.cuh (these tables, written out by tools/gen-lab-tables.py) and computes the
 * other directions with the same formulas.
 */
final class LabCpu {
    private LabCpu() {}

    static final int GAMMA_SHIFT = 3, LAB_SHIFT = 12, LAB_SHIFT2 = 15;
    /** D65 white point: X, Y, Z. */
    static final double[] WHITE = {0.950456, 1.0, 1.088754};
    static final double[] XYZ_D = {0.412453, 0.357580, 0.180423, 0.212671, 0.715160, 0.072169, 0.019334, 0.119193,
            0.950227};
    static final double[] RGB_D = {3.240479, -1.53715, -0.498535, -0.969256, 1.875991, 0.041556, 0.055648, -0.204043,
            1.057311};
    /** CIE's (6/29)^3 and (29/3)^3 / 116 (OpenCV's 0.008856 and 7.787), as exact fractions. */
    static final double T = 216.0 / 24389.0, K = 841.0 / 108.0;
    /** sRGB gamma of i / 255, times 255 * 2^3 and rounded (OpenCV's sRGBGammaTab_b). */
    static final int[] GAMMA_B = new int[256];
    /** f(i / (255 * 2^3)) times 2^15 and rounded (OpenCV's LabCbrtTab_b). */
    static final int[] CBRT_B = new int[256 * 3 / 2 * (1 << GAMMA_SHIFT)];
    /** X, Y, Z rows of R, G, B columns divided by the white point, times 2^12 and rounded. */
    static final int[] LAB_C = new int[9];

    static {
        for (int i = 0; i < 256; i++) {
            GAMMA_B[i] = gammaEntry(i);
        }
        for (int i = 0; i < CBRT_B.length; i++) {
            CBRT_B[i] = cbrtEntry(i);
        }
        for (int i = 0; i < 9; i++) {
            LAB_C[i] = (int) Math.rint((1 << LAB_SHIFT) * XYZ_D[i] / WHITE[i / 3]);
        }
    }

    static int gammaEntry(int i) {
        return (int) Math.rint(255.0 * (1 << GAMMA_SHIFT) * gamma(i / 255.0));
    }

    static int cbrtEntry(int i) {
        return (int) Math.rint((1 << LAB_SHIFT2) * f(i / (255.0 * (1 << GAMMA_SHIFT))));
    }

    /** sRGB to linear. */
    static double gamma(double x) {
        return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    }

    /** Linear to sRGB. */
    static double invGamma(double x) {
        return x <= 0.0031308 ? 12.92 * x : 1.055 * Math.pow(x, 1 / 2.4) - 0.055;
    }

    static double f(double t) {
        return t > T ? Math.cbrt(t) : K * t + 16.0 / 116.0;
    }

    private static int descale(int x, int n) {
        return (x + (1 << (n - 1))) >> n;
    }

    /** U8 RGB to L, a, b (unsaturated): OpenCV's RGB2Lab_b. */
    static void rgbToLab8(int r, int g, int b, int[] o) {
        int rr = GAMMA_B[r], gg = GAMMA_B[g], bb = GAMMA_B[b];
        int fx = CBRT_B[descale(rr * LAB_C[0] + gg * LAB_C[1] + bb * LAB_C[2], LAB_SHIFT)];
        int fy = CBRT_B[descale(rr * LAB_C[3] + gg * LAB_C[4] + bb * LAB_C[5], LAB_SHIFT)];
        int fz = CBRT_B[descale(rr * LAB_C[6] + gg * LAB_C[7] + bb * LAB_C[8], LAB_SHIFT)];
        int lScale = (116 * 255 + 50) / 100, lShift = -((16 * 255 * (1 << LAB_SHIFT2) + 50) / 100);
        o[0] = descale(lScale * fy + lShift, LAB_SHIFT2);
        o[1] = descale(500 * (fx - fy) + 128 * (1 << LAB_SHIFT2), LAB_SHIFT2);
        o[2] = descale(200 * (fy - fz) + 128 * (1 << LAB_SHIFT2), LAB_SHIFT2);
    }

    /** sRGB in [0, 1] (clipped) to {L, a, b}. */
    static double[] rgbToLab(double r, double g, double b) {
        double rl = gamma(clip(r)), gl = gamma(clip(g)), bl = gamma(clip(b));
        double[] xyz = new double[3];
        for (int i = 0; i < 3; i++) {
            xyz[i] = (XYZ_D[3 * i] * rl + XYZ_D[3 * i + 1] * gl + XYZ_D[3 * i + 2] * bl) / WHITE[i];
        }
        double fx = f(xyz[0]), fy = f(xyz[1]), fz = f(xyz[2]);
        double l = xyz[1] > T ? 116 * fy - 16 : 116 * K * xyz[1];
        return new double[] {l, 500 * (fx - fy), 200 * (fy - fz)};
    }

    /** L, a, b to sRGB {r, g, b} in [0, 1]. */
    static double[] labToRgb(double l, double a, double b) {
        double y, fy;
        if (l <= 8) { // 116 * K * T: the linear segment
            y = l / (116 * K);
            fy = K * y + 16.0 / 116.0;
        } else {
            fy = (l + 16) / 116;
            y = fy * fy * fy;
        }
        double[] fxz = {a / 500 + fy, fy - b / 200};
        for (int k = 0; k < 2; k++) {
            double v = fxz[k];
            fxz[k] = v <= 6.0 / 29.0 ? (v - 16.0 / 116.0) / K : v * v * v;
        }
        double x = fxz[0] * WHITE[0], z = fxz[1] * WHITE[2];
        double[] rgb = new double[3];
        for (int i = 0; i < 3; i++) {
            rgb[i] = invGamma(clip(RGB_D[3 * i] * x + RGB_D[3 * i + 1] * y + RGB_D[3 * i + 2] * z));
        }
        return rgb;
    }

    private static double clip(double v) {
        return v > 0 ? (v < 1 ? v : 1) : 0; // NaN to 0, as the kernel's
    }
}

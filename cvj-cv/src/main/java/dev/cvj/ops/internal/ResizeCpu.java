package dev.cvj.ops.internal;

import dev.cvj.ops.Interpolation;
import dev.cvj.tensor.DataType;

/**
 * The CPU path of {@link dev.cvj.ops.Resize}: OpenCV 4.x's {@code cv::resize} arithmetic, step for step, so
 * that results match {@code cv2.resize} (bit-exact for U8 in the golden tests). The GPU kernels
 * (resize.cu) follow the same definitions.
 */
public final class ResizeCpu {
    private ResizeCpu() {}

    /** The algorithm OpenCV actually runs for a size pair and interpolation. */
    public enum Mode {
        /** Same size: a copy. */
        COPY,
        NEAREST,
        LINEAR,
        CUBIC,
        /** INTER_AREA when some axis grows: bilinear with OpenCV's area coefficients. */
        AREA_UP,
        /** INTER_AREA (or an exact 2x LINEAR shrink) by integer factors: block averages. */
        AREA_FAST,
        /** INTER_AREA by fractional factors (both axes shrink): weighted pixel areas. */
        AREA
    }

    /** Fixed-point scale of U8 interpolation weights (OpenCV's INTER_RESIZE_COEF_BITS = 11). */
    public static final int COEF_SCALE = 2048;

    private static final double DBL_EPSILON = Math.ulp(1.0);

    public static Mode mode(int sw, int sh, int dw, int dh, Interpolation interp) {
        if (sw == dw && sh == dh) {
            return Mode.COPY;
        }
        if (interp == Interpolation.NEAREST) {
            return Mode.NEAREST;
        }
        double scaleX = 1.0 / ((double) dw / sw);
        double scaleY = 1.0 / ((double) dh / sh);
        int iscaleX = (int) Math.rint(scaleX);
        int iscaleY = (int) Math.rint(scaleY);
        boolean fast = Math.abs(scaleX - iscaleX) < DBL_EPSILON && Math.abs(scaleY - iscaleY) < DBL_EPSILON;
        if (interp == Interpolation.LINEAR && fast && iscaleX == 2 && iscaleY == 2) {
            interp = Interpolation.AREA;
        }
        if (interp == Interpolation.AREA && scaleX >= 1 && scaleY >= 1) {
            return fast ? Mode.AREA_FAST : Mode.AREA;
        }
        return switch (interp) {
            case LINEAR -> Mode.LINEAR;
            case CUBIC -> Mode.CUBIC;
            default -> Mode.AREA_UP;
        };
    }

    /** The longest Java array the JVM allocates (HotSpot refuses a few entries short of 2^31-1). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * Refuses, before any output exists, a resize whose CPU path would need a Java array longer than the JVM allows
     * (per-axis tables of {@code 2 * srcLen + 2} entries for AREA, {@code k * dstLen} for the interpolations, row
     * buffers of {@code k * dstW * c}) or more Java heap than the JVM may ever have: such a call would otherwise
     * end in {@code NegativeArraySizeException} or {@code OutOfMemoryError} after the output was allocated.
     */
    public static void checkTables(OpCheck op, int sw, int sh, int dw, int dh, int c, Interpolation interp) {
        Mode mode = mode(sw, sh, dw, dh, interp);
        long threads = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1L; // row buffers in flight
        long longest, bytes;
        switch (mode) {
            case COPY, NEAREST -> {
                longest = dw;
                bytes = 4L * dw;
            }
            case LINEAR, CUBIC, AREA_UP -> {
                long k = mode == Mode.CUBIC ? 4 : 2;
                longest = Math.max(k * Math.max(dw, dh), k * dw * c);
                bytes = 4L * (2 * k + 1) * ((long) dw + dh) + 4L * k * dw * c * threads;
            }
            case AREA -> {
                longest = Math.max(2L * Math.max(sw, sh) + 2, (long) dw * c);
                bytes = 4L * (3 * (2L * sw + 2) + 3 * (2L * sh + 2) + dw + dh + 2) + 8L * dw * c * threads;
            }
            default -> { // AREA_FAST: no tables
                longest = 0;
                bytes = 0;
            }
        }
        String what = "a " + sw + " x " + sh + " -> " + dw + " x " + dh + " (W x H) " + interp + " resize";
        if (longest > MAX_ARRAY) {
            throw op.fail("the CPU path of " + what + " needs a table of " + longest + " entries, more than a Java array"
                    + " holds (2^31-9); use a device tensor");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw op.fail("the CPU path of " + what + " needs about " + (bytes >> 20) + " MiB of Java heap for its tables,"
                    + " more than the JVM's maximum heap (" + (heap >> 20) + " MiB)");
        }
    }

    /** OpenCV's interpolateCubic (A = -0.75), in float as OpenCV computes it. */
    public static void cubicCoefs(float x, float[] c, int at) {
        final float a = -0.75f;
        c[at] = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
        c[at + 1] = ((a + 2) * x - (a + 3)) * x * x + 1;
        c[at + 2] = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
        c[at + 3] = 1.f - c[at] - c[at + 1] - c[at + 2];
    }

    /** Per-axis taps of LINEAR, CUBIC and AREA_UP: first tap index (unclamped) and k weights per output. */
    static final class Taps {
        final int k;
        final int[] first;
        final float[] coef;
        final int[] icoef;

        Taps(int ssize, int dsize, Mode mode, boolean isX) {
            k = mode == Mode.CUBIC ? 4 : 2;
            first = new int[dsize];
            coef = new float[dsize * k];
            icoef = new int[dsize * k];
            double inv = (double) dsize / ssize;
            double scale = 1.0 / inv;
            for (int d = 0; d < dsize; d++) {
                float f;
                int s;
                if (mode != Mode.AREA_UP) {
                    f = (float) ((d + 0.5) * scale - 0.5);
                    s = (int) Math.floor(f);
                    f -= s;
                } else {
                    s = (int) Math.floor(d * scale);
                    f = (float) ((d + 1) - (s + 1) * inv);
                    f = f <= 0 ? 0f : f - (float) Math.floor(f);
                }
                if (isX && mode != Mode.CUBIC) {
                    if (s < 0) {
                        s = 0;
                        f = 0;
                    }
                    if (s >= ssize - 1) {
                        s = ssize - 1;
                        f = 0;
                    }
                }
                if (mode == Mode.CUBIC) {
                    cubicCoefs(f, coef, d * k);
                    first[d] = s - 1;
                } else {
                    coef[d * k] = 1.f - f;
                    coef[d * k + 1] = f;
                    first[d] = s;
                }
                for (int j = 0; j < k; j++) {
                    icoef[d * k + j] = (int) Math.rint(coef[d * k + j] * (float) COEF_SCALE);
                }
            }
        }
    }

    /** OpenCV's computeResizeAreaTab for one axis: (destination, source, weight) triples in order. */
    static final class AreaTab {
        int count;
        final int[] di;
        final int[] si;
        final float[] alpha;
        /** Index of the first triple of each destination, plus one end entry. */
        final int[] start;

        AreaTab(int ssize, int dsize) {
            double scale = 1.0 / ((double) dsize / ssize);
            di = new int[ssize * 2 + 2];
            si = new int[ssize * 2 + 2];
            alpha = new float[ssize * 2 + 2];
            start = new int[dsize + 1];
            for (int d = 0; d < dsize; d++) {
                start[d] = count;
                double f1 = d * scale;
                double f2 = f1 + scale;
                double cell = Math.min(scale, ssize - f1);
                int s1 = (int) Math.ceil(f1);
                int s2 = (int) Math.floor(f2);
                s2 = Math.min(s2, ssize - 1);
                s1 = Math.min(s1, s2);
                if (s1 - f1 > 1e-3) {
                    add(d, s1 - 1, (float) ((s1 - f1) / cell));
                }
                for (int s = s1; s < s2; s++) {
                    add(d, s, (float) (1.0 / cell));
                }
                if (f2 - s2 > 1e-3) {
                    add(d, s2, (float) (Math.min(Math.min(f2 - s2, 1.), cell) / cell));
                }
            }
            start[dsize] = count;
        }

        private void add(int d, int s, float a) {
            di[count] = d;
            si[count] = s;
            alpha[count++] = a;
        }
    }

    /** Resizes every image of {@code src} into {@code dst} (same n, c and element type), rows in parallel. */
    public static void resize(CpuImage src, CpuImage dst, Interpolation interp) {
        Mode mode = mode(src.w(), src.h(), dst.w(), dst.h(), interp);
        switch (mode) {
            case COPY, NEAREST -> {
                double ifx = 1.0 / ((double) dst.w() / src.w());
                double ify = 1.0 / ((double) dst.h() / src.h());
                int[] xs = new int[dst.w()];
                for (int x = 0; x < xs.length; x++) {
                    xs[x] = Math.min((int) Math.floor(x * ifx), src.w() - 1);
                }
                CpuPixels.forRows(dst.n(), dst.h(), (img, y) -> {
                    int sy = Math.min((int) Math.floor(y * ify), src.h() - 1);
                    for (int x = 0; x < dst.w(); x++) {
                        long so = src.offset(img, sy, xs[x]);
                        long d = dst.offset(img, y, x);
                        for (int ch = 0; ch < src.c(); ch++) {
                            src.copyElem(so + (long) ch * src.elemSize(), dst, d + (long) ch * dst.elemSize());
                        }
                    }
                });
            }
            case LINEAR, CUBIC, AREA_UP -> {
                Taps tx = new Taps(src.w(), dst.w(), mode, true);
                Taps ty = new Taps(src.h(), dst.h(), mode, false);
                CpuPixels.forRows(dst.n(), dst.h(), (img, y) -> separableRow(src, dst, img, y, mode, tx, ty));
            }
            case AREA_FAST -> CpuPixels.forRows(dst.n(), dst.h(), (img, y) -> areaFastRow(src, dst, img, y));
            case AREA -> {
                AreaTab ax = new AreaTab(src.w(), dst.w());
                AreaTab ay = new AreaTab(src.h(), dst.h());
                CpuPixels.forRows(dst.n(), dst.h(), (img, y) -> areaRow(src, dst, img, y, ax, ay));
            }
        }
    }

    private static void separableRow(CpuImage src, CpuImage dst, int img, int y, Mode mode, Taps tx, Taps ty) {
        int k = tx.k, cn = src.c(), es = src.elemSize();
        int dw = dst.w();
        boolean fixed = src.type() == DataType.U8;
        int[] ih = fixed ? new int[k * dw * cn] : null;
        float[] fh = fixed ? null : new float[k * dw * cn];
        // Horizontal pass over the k source rows this output row reads.
        for (int j = 0; j < k; j++) {
            int sy = Math.clamp(ty.first[y] + j, 0, src.h() - 1);
            for (int x = 0; x < dw; x++) {
                for (int ch = 0; ch < cn; ch++) {
                    int isum = 0;
                    float fsum = 0;
                    for (int t = 0; t < k; t++) {
                        int sx = Math.clamp(tx.first[x] + t, 0, src.w() - 1);
                        long off = src.offset(img, sy, sx) + (long) ch * es;
                        if (fixed) {
                            isum += src.getInt(off) * tx.icoef[x * k + t];
                        } else {
                            float p = src.getFloat(off) * tx.coef[x * k + t];
                            fsum = t == 0 ? p : fsum + p;
                        }
                    }
                    if (fixed) {
                        ih[(j * dw + x) * cn + ch] = isum;
                    } else {
                        fh[(j * dw + x) * cn + ch] = fsum;
                    }
                }
            }
        }
        // Vertical pass.
        int row = dw * cn;
        for (int x = 0; x < dw; x++) {
            long d = dst.offset(img, y, x);
            for (int ch = 0; ch < cn; ch++) {
                int i = x * cn + ch;
                long off = d + (long) ch * es;
                if (fixed && k == 2) {
                    dst.setInt(off, vLinearU8(ih[i], ih[row + i], ty.icoef[y * 2], ty.icoef[y * 2 + 1]));
                } else if (fixed) {
                    dst.setInt(off, vCubicU8(ih[i], ih[row + i], ih[2 * row + i], ih[3 * row + i],
                            ty.icoef, y * 4));
                } else {
                    float v = fh[i] * ty.coef[y * k] + fh[row + i] * ty.coef[y * k + 1];
                    if (k == 4) {
                        v = v + fh[2 * row + i] * ty.coef[y * k + 2];
                        v = v + fh[3 * row + i] * ty.coef[y * k + 3];
                    }
                    dst.setFloat(off, v);
                }
            }
        }
    }

    /** OpenCV's vectorised VResizeLinear for U8 (16-bit multiply-high, then a rounding shift by 2). */
    public static int vLinearU8(int h0, int h1, int b0, int b1) {
        int v = (((h0 >> 4) * b0) >> 16) + (((h1 >> 4) * b1) >> 16);
        return Math.clamp((v + 2) >> 2, 0, 255);
    }

    private static final float CUBIC_SCALE = 1.f / (COEF_SCALE * COEF_SCALE);

    /** OpenCV's vectorised VResizeCubic for U8: float weights, rounding to nearest even. */
    public static int vCubicU8(int h0, int h1, int h2, int h3, int[] b, int at) {
        float b0 = b[at] * CUBIC_SCALE, b1 = b[at + 1] * CUBIC_SCALE;
        float b2 = b[at + 2] * CUBIC_SCALE, b3 = b[at + 3] * CUBIC_SCALE;
        float v = h0 * b0 + h1 * b1 + h2 * b2 + h3 * b3;
        return Math.clamp((int) Math.rint(v), 0, 255);
    }

    private static void areaFastRow(CpuImage src, CpuImage dst, int img, int y) {
        int fx = (int) Math.rint(1.0 / ((double) dst.w() / src.w()));
        int fy = (int) Math.rint(1.0 / ((double) dst.h() / src.h()));
        int cn = src.c(), es = src.elemSize();
        boolean isFloat = src.type().isFloatingPoint();
        boolean half = fx == 2 && fy == 2;
        float scale = 1.f / (float) ((long) fx * fy);
        for (int x = 0; x < dst.w(); x++) {
            for (int ch = 0; ch < cn; ch++) {
                long isum = 0; // fx * fy values of up to 65535: past 2^31 from 32768 pixels per block (U16)
                float fsum = 0;
                for (int j = 0; j < fy; j++) {
                    for (int i = 0; i < fx; i++) {
                        long off = src.offset(img, y * fy + j, x * fx + i) + (long) ch * es;
                        if (isFloat) {
                            fsum += src.getFloat(off);
                        } else {
                            isum += src.getInt(off);
                        }
                    }
                }
                long d = dst.offset(img, y, x) + (long) ch * es;
                if (isFloat) {
                    dst.setFloat(d, fsum * scale);
                } else if (half) {
                    dst.setInt(d, (int) ((isum + 2) >> 2));
                } else {
                    dst.setFloat(d, isum * scale);
                }
            }
        }
    }

    private static void areaRow(CpuImage src, CpuImage dst, int img, int y, AreaTab ax, AreaTab ay) {
        int cn = src.c(), es = src.elemSize(), dw = dst.w();
        float[] buf = new float[dw * cn];
        float[] sum = new float[dw * cn];
        for (int j = ay.start[y]; j < ay.start[y + 1]; j++) {
            float beta = ay.alpha[j];
            int sy = ay.si[j];
            java.util.Arrays.fill(buf, 0f);
            for (int t = 0; t < ax.count; t++) {
                int dx = ax.di[t];
                float a = ax.alpha[t];
                long off = src.offset(img, sy, ax.si[t]);
                for (int ch = 0; ch < cn; ch++) {
                    buf[dx * cn + ch] += src.getFloat(off + (long) ch * es) * a;
                }
            }
            boolean first = j == ay.start[y];
            for (int i = 0; i < buf.length; i++) {
                sum[i] = first ? beta * buf[i] : sum[i] + beta * buf[i];
            }
        }
        for (int x = 0; x < dw; x++) {
            long d = dst.offset(img, y, x);
            for (int ch = 0; ch < cn; ch++) {
                dst.setFloat(d + (long) ch * es, sum[x * cn + ch]);
            }
        }
    }
}

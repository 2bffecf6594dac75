package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;

/**
 * Edge-preserving smoothing, OpenCV's {@code cv::bilateralFilter} (CV-CUDA's BilateralFilter): each output pixel is
 * the mean of the disc of {@code radius} around it, each neighbour weighted by
 * {@code exp(-r^2 / (2 sigmaSpace^2)) * exp(-delta^2 / (2 sigmaColor^2))}, {@code r} its distance and {@code delta}
 * the absolute difference of its value from the centre's (for 3 channels the sum of the three absolute differences,
 * one weight for all channels). As OpenCV 4.6: a sigma {@code <= 0} is taken as 1; the radius is {@code d / 2} for
 * {@code d > 0}, else {@code round(sigmaSpace * 1.5)}, at least 1; the image is extended by {@code border}, any of
 * the five (CONSTANT with zeros; OpenCV 4.6 takes WRAP here too).
 *
 * <p>OpenCV's arithmetic, U8: float weight tables ({@code (float) exp} of the space term in double, {@code expf} of
 * the colour term indexed by the integer difference), float sums in OpenCV's neighbour order (rows, then columns),
 * each product added with one rounding (fused multiply-add, as OpenCV's SIMD path), then {@code rint(sum / wsum)} for
 * one channel, {@code rint(sum * (1 / wsum))} for three: bit-exact with OpenCV 4.6 on the goldens. (OpenCV's scalar
 * code, where its build does not contract {@code sum += v * w} into a fused multiply-add, could differ by 1 now and
 * then.)
 *
 * <p>F32, as OpenCV: the image's range {@code [min, max]} (each image of a batch its own, NaNs left out); a range below
 * FLT_EPSILON copies the image; else the colour weight of a summed absolute difference {@code delta} interpolates
 * linearly OpenCV's table of {@code 4096 * C + 2} entries {@code exp((i / scale)^2 * coeff)},
 * {@code scale = 4096 * C / ((max - min) * C)}; the centre is left out of the disc and added last with weight 1. A NaN
 * neighbour is left out, a NaN centre weighs every neighbour's colour 1 and is not added. Where OpenCV reads past its
 * table (a CONSTANT border's zeros farther from a pixel than the range), cvj takes the table's last entry. Within
 * 1e-5 of the image's range of OpenCV 4.6 on the goldens (its SIMD code interpolates in another order and adds
 * neighbours by fours).
 *
 * <p>GPU equals CPU bit for bit (weights are rounded to float from double {@code exp}, where the GPU's and Java's
 * last double bit could differ about once in 2^28 weights).
 *
 * <p>Design: one thread per pixel over the disc; for U8 the block builds the colour table in shared memory, each thread
 * computes the space weights in double; for F32 a first kernel finds each image's range (one block per image), then
 * each thread computes the two table entries it interpolates in double. A benchmark should time d = 9 and d = 0 with
 * sigmaSpace 10 (radius 15) on a 1080p RGB image, U8 and F32; precomputed weight tables in shared or constant memory
 * are the thing to try if they are slow.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, F32</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 3</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>any (the disc may be larger than the image); radius at most {@value #MAX_RADIUS}</td><td>same as src</td></tr>
 * </table>
 * dst must not overlap src in memory.
 *
 * <pre>{@code
 * Tensor smooth = BilateralFilter.bilateralFilter(rgb, 9, 75, 75, BorderType.REFLECT_101);
 * }</pre>
 */
public final class BilateralFilter {
    /** The largest radius (the disc has at most (2 * 255 + 1)^2 neighbours). */
    public static final int MAX_RADIUS = 255;

    private static final OpCheck OP = OpCheck.of("BilateralFilter");

    private BilateralFilter() {}

    /** A new tensor: {@code src} bilateral-filtered. A null stream is the current stream. */
    public static Tensor bilateralFilter(Tensor src, int d, double sigmaColor, double sigmaSpace, BorderType border,
                                         Stream stream) {
        PixelGrid s = check(src, border);
        Params p = params(d, sigmaColor, sigmaSpace);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream, dst -> run(dst, s, p, border, stream));
    }

    /** As {@link #bilateralFilter(Tensor, int, double, double, BorderType, Stream)}, on the current stream. */
    public static Tensor bilateralFilter(Tensor src, int d, double sigmaColor, double sigmaSpace, BorderType border) {
        return bilateralFilter(src, d, sigmaColor, sigmaSpace, border, null);
    }

    /** Writes {@code src} bilateral-filtered into {@code dst} (same shape, layout and data type). */
    public static void bilateralFilterInto(Tensor dst, Tensor src, int d, double sigmaColor, double sigmaSpace,
                                           BorderType border, Stream stream) {
        PixelGrid s = check(src, border);
        run(dst, s, params(d, sigmaColor, sigmaSpace), border, stream);
    }

    /** As {@link #bilateralFilterInto(Tensor, Tensor, int, double, double, BorderType, Stream)}, on the current stream. */
    public static void bilateralFilterInto(Tensor dst, Tensor src, int d, double sigmaColor, double sigmaSpace,
                                           BorderType border) {
        bilateralFilterInto(dst, src, d, sigmaColor, sigmaSpace, border, null);
    }

    /** The disc's radius and OpenCV's coefficients {@code -0.5 / sigma^2} (U8 rounds them to float). */
    private record Params(int radius, double colorCoeff, double spaceCoeff) {}

    private static PixelGrid check(Tensor src, BorderType border) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, EnumSet.of(DataType.U8, DataType.F32));
        if (s.c() != 1 && s.c() != 3) {
            throw OP.fail("src has " + s.c() + " channels; supported: 1, 3 (as in OpenCV)");
        }
        OP.notNull(border, "border");
        return s;
    }

    private static Params params(int d, double sigmaColor, double sigmaSpace) {
        if (Double.isNaN(sigmaColor) || Double.isNaN(sigmaSpace)) {
            throw OP.fail("sigmaColor " + sigmaColor + " and sigmaSpace " + sigmaSpace + " must be numbers");
        }
        double sc = sigmaColor <= 0 ? 1 : sigmaColor, ss = sigmaSpace <= 0 ? 1 : sigmaSpace;
        double r = d <= 0 ? Math.rint(ss * 1.5) : d / 2;
        if (r > MAX_RADIUS) {
            throw OP.fail("radius " + r + " (d " + d + ", sigmaSpace " + sigmaSpace + ") is above " + MAX_RADIUS);
        }
        return new Params(Math.max((int) r, 1), -0.5 / (sc * sc), -0.5 / (ss * ss));
    }

    private static void run(Tensor dst, PixelGrid s, Params p, BorderType border, Stream stream) {
        PixelGrid d = OP.image("dst", dst);
        OP.sameShape("dst", d, "src", s);
        OP.sameDtype("dst", d, "src", s);
        OP.output(d, s);
        if (dst.isHost()) {
            if (s.dtype() == DataType.U8) {
                cpu(s, d, p, border);
            } else {
                CpuPixels.forRows(d.n(), 1, (img, y) -> cpuF32(s, d, (int) img, p, border));
            }
            return;
        }
        Stream st = OP.stream(dst, stream);
        var a = Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.h()).i32(d.c())
                .i32(p.radius()).i32(border.code());
        if (s.dtype() == DataType.U8) {
            Launch.image(KernelLibrary.kernel(dst.device(), "cvj_bilateral_u8"), d.w(), d.h(), d.n(), st,
                    a.f32((float) p.colorCoeff()).f32((float) p.spaceCoeff()));
            return;
        }
        if (d.n() == 0 || d.h() == 0 || d.w() == 0) {
            return;
        }
        try (Tensor range = Tensor.allocate(new long[] {2L * d.n()}, DataType.F32, null, st)) {
            Launch.blocks(KernelLibrary.kernel(dst.device(), "cvj_bilateral_range_f32"), 1, 1, d.n(), RANGE_THREADS, st,
                    Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC()).i32(s.w()).i32(s.h())
                            .i32(s.c()).pointer(range.address()));
            Launch.image(KernelLibrary.kernel(dst.device(), "cvj_bilateral_f32"), d.w(), d.h(), d.n(), st,
                    a.f64(p.colorCoeff()).f64(p.spaceCoeff()).pointer(range.address()));
            range.close(st);
        }
    }

    /** Threads of the per-image range kernel (bilateral.cu). */
    private static final int RANGE_THREADS = 256;

    /** OpenCV's colour bins per channel of F32 images: the table spans the image's range in 4096 * C steps. */
    private static final int BINS_PER_CHANNEL = 4096;

    /**
     * One F32 image as the kernel (bilateral.cu): the image's range (NaNs left out), a copy for a range below
     * FLT_EPSILON, else OpenCV's colour table over the range with linear interpolation, the centre added last with weight 1.
     */
    private static void cpuF32(PixelGrid s, PixelGrid d, int img, Params p, BorderType border) {
        MemorySegment in = s.host(), out = d.host();
        int c = s.c(), r = p.radius(), bins = BINS_PER_CHANNEL * c;
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int y = 0; y < s.h(); y++) {
            for (int x = 0; x < s.w(); x++) {
                for (int ch = 0; ch < c; ch++) {
                    float v = CpuPixels.load(in, s.offset(img, y, x, ch), DataType.F32);
                    lo = v < lo ? v : lo; // fminf / fmaxf: a NaN is left out
                    hi = v > hi ? v : hi;
                }
            }
        }
        boolean copy = Math.abs((double) lo - hi) < Math.ulp(1f);
        float scale = bins / ((float) ((double) hi - lo) * c);
        float[] lut = new float[bins + 3];
        for (int i = 0; i < lut.length; i++) {
            lut[i] = colorWeight(i, scale, p.colorCoeff());
        }
        float limit = bins + 1;
        float[] v0 = new float[c], v = new float[c], sum = new float[c];
        for (int y = 0; y < d.h(); y++) {
            for (int x = 0; x < d.w(); x++) {
                boolean centreNaN = false;
                for (int ch = 0; ch < c; ch++) {
                    v0[ch] = CpuPixels.load(in, s.offset(img, y, x, ch), DataType.F32);
                    centreNaN |= Float.isNaN(v0[ch]);
                    sum[ch] = 0f;
                }
                if (copy) {
                    for (int ch = 0; ch < c; ch++) {
                        CpuPixels.store(out, d.offset(img, y, x, ch), DataType.F32, v0[ch]);
                    }
                    continue;
                }
                float wsum = 0f;
                for (int i = -r; i <= r; i++) {
                    int sy = border.interpolate(y + i, s.h());
                    for (int j = -r; j <= r; j++) {
                        double dist = Math.sqrt((double) i * i + (double) j * j);
                        if (dist > r || (i == 0 && j == 0)) {
                            continue;
                        }
                        int sx = border.interpolate(x + j, s.w());
                        boolean nan = false;
                        float diff = 0f;
                        for (int ch = 0; ch < c; ch++) {
                            v[ch] = sy < 0 || sx < 0 ? 0f : CpuPixels.load(in, s.offset(img, sy, sx, ch), DataType.F32);
                            nan |= Float.isNaN(v[ch]);
                            diff += Math.abs(v[ch] - v0[ch]);
                        }
                        if (nan) {
                            continue;
                        }
                        float alpha = diff * scale;
                        alpha = alpha < limit ? alpha : limit; // a CONSTANT border's zeros may lie outside the range
                        int idx = (int) Math.floor(alpha);
                        float frac = alpha - idx;
                        float cw = centreNaN ? 1f : lut[idx] + frac * (lut[idx + 1] - lut[idx]);
                        float w = (float) Math.exp(dist * dist * p.spaceCoeff()) * cw;
                        wsum += w;
                        for (int ch = 0; ch < c; ch++) {
                            sum[ch] = Math.fma(v[ch], w, sum[ch]);
                        }
                    }
                }
                for (int ch = 0; ch < c; ch++) {
                    float q = centreNaN ? sum[ch] / wsum : (sum[ch] + v0[ch]) / (wsum + 1f);
                    CpuPixels.store(out, d.offset(img, y, x, ch), DataType.F32, q);
                }
            }
        }
    }

    /** OpenCV's F32 colour table entry {@code i}: {@code (float) exp(v * v * coeff)} in double, {@code v = i / scale} in float. */
    private static float colorWeight(int i, float scale, double coeff) {
        double val = (float) i / scale;
        return (float) Math.exp(val * val * coeff);
    }

    /** The CPU path, pixel by pixel as the kernel (bilateral.cu). */
    private static void cpu(PixelGrid s, PixelGrid d, Params p, BorderType border) {
        int r = p.radius(), c = s.c();
        float[] color = new float[256 * c];
        for (int i = 0; i < color.length; i++) {
            color[i] = (float) Math.exp((float) (i * i) * (float) p.colorCoeff()); // OpenCV: expf(i * i * coeff)
        }
        float[] space = new float[(2 * r + 1) * (2 * r + 1)];
        for (int i = -r; i <= r; i++) {
            for (int j = -r; j <= r; j++) {
                double dist = Math.sqrt((double) i * i + (double) j * j);
                space[(i + r) * (2 * r + 1) + j + r] = (float) Math.exp(dist * dist * (float) p.spaceCoeff());
            }
        }
        MemorySegment in = s.host(), out = d.host();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            int[] v0 = new int[c], v = new int[c];
            float[] sum = new float[c];
            for (int x = 0; x < d.w(); x++) {
                for (int ch = 0; ch < c; ch++) {
                    v0[ch] = CpuPixels.loadInt(in, s.offset(img, y, x, ch), DataType.U8);
                    sum[ch] = 0f;
                }
                float wsum = 0f;
                for (int i = -r; i <= r; i++) {
                    int sy = border.interpolate(y + i, s.h());
                    for (int j = -r; j <= r; j++) {
                        if (Math.sqrt((double) i * i + (double) j * j) > r) {
                            continue;
                        }
                        int sx = border.interpolate(x + j, s.w()), diff = 0;
                        for (int ch = 0; ch < c; ch++) {
                            v[ch] = sy < 0 || sx < 0 ? 0 : CpuPixels.loadInt(in, s.offset(img, sy, sx, ch), DataType.U8);
                            diff += Math.abs(v[ch] - v0[ch]);
                        }
                        float w = space[(i + r) * (2 * r + 1) + j + r] * color[diff];
                        wsum += w;
                        for (int ch = 0; ch < c; ch++) {
                            sum[ch] = Math.fma((float) v[ch], w, sum[ch]);
                        }
                    }
                }
                float inv = 1f / wsum;
                for (int ch = 0; ch < c; ch++) {
                    float q = c == 1 ? sum[ch] / wsum : sum[ch] * inv;
                    CpuPixels.storeInt(out, d.offset(img, y, x, ch), DataType.U8, (int) Math.rint(q));
                }
            }
        });
    }
}

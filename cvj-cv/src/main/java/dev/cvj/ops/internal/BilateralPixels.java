package dev.cvj.ops.internal;

import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.BorderType;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The bilateral filters' core (BilateralFilter, JointBilateralFilter): OpenCV's weights and sums, the source's values
 * weighted by the colour distances of a guide image (the source itself for BilateralFilter); CPU path and kernels
 * (bilateral.cu). The arithmetic is documented on {@code BilateralFilter}.
 */
public final class BilateralPixels {
    /** The largest radius (the disc has at most (2 * 255 + 1)^2 neighbours). */
    public static final int MAX_RADIUS = 255;

    /** Bytes per image of a varshape batch's parameter table (bilateral.cu's BilateralImage). */
    static final int PARAM_BYTES = 32;

    private BilateralPixels() {}

    /** Checks a source or guide batch ({@code role}): open, not empty, U8 or F32, 1 or 3 channels. */
    public static PixelType batchSource(OpCheck op, String role, ImageBatchVarShape b, BorderType border) {
        PixelType p = op.batch(role, b, EnumSet.of(DataType.U8, DataType.F32), 1, 3);
        if (p.channels() == 2) {
            throw op.fail(role + " has 2 channels; supported: 1, 3 (as in OpenCV)");
        }
        op.notNull(border, "border");
        return p;
    }

    /** Each image's parameters ({@link #params(OpCheck, int, double, double)}), from arrays of 1 or one per image. */
    public static Params[] params(OpCheck op, FilterVarShape vs, ImageBatchVarShape src, int[] d, double[] sigmaColor,
                                  double[] sigmaSpace) {
        vs.perImage("d", d, src);
        vs.perImage("sigmaColor", sigmaColor, src);
        vs.perImage("sigmaSpace", sigmaSpace, src);
        boolean one = d.length == 1 && sigmaColor.length == 1 && sigmaSpace.length == 1;
        return vs.each(new Params[src.size()], one, i -> params(op, FilterVarShape.at(d, i),
                FilterVarShape.at(sigmaColor, i), FilterVarShape.at(sigmaSpace, i)));
    }

    /** Checks a guide batch against the source batch (checked, pixels {@code p}): its count, sizes, pixels and place. */
    public static void guide(OpCheck op, ImageBatchVarShape guide, ImageBatchVarShape src, PixelType p) {
        op.notNull(guide, "guide batch");
        if (guide.isClosed()) {
            throw op.fail("guide batch is closed");
        }
        if (guide.size() != src.size()) {
            throw op.fail("guide batch has " + guide.size() + " images but src batch has " + src.size());
        }
        op.batchPixels("guide batch", guide, p);
        op.sameSizes("guide batch", guide, "src batch", src);
        op.samePlace("src image 0", src.image(0), "guide image 0", guide.image(0));
    }

    /**
     * {@code dst} image i = {@code src} image i filtered with the colours of {@code guide} image i ({@code src} itself
     * for BilateralFilter) and {@code params[i]}: on the host {@link #into} image by image; on a device one launch for
     * the batch (F32: the guides' ranges first, a second launch). Checks the dst batch first (src's count, sizes, pixels
     * and place, writable, apart from every src and guide image).
     */
    public static void batch(OpCheck op, FilterVarShape vs, ImageBatchVarShape dst, ImageBatchVarShape src,
                             ImageBatchVarShape guide, PixelType p, Params[] params, BorderType border, Stream stream) {
        vs.checkOutput(dst, src, p, p.dataType());
        if (guide != src) {
            op.apartAll(i -> "dst image " + i, images(dst), i -> "guide image " + i, images(guide), false);
        }
        int n = src.size();
        if (dst.isHost()) {
            for (int i = 0; i < n; i++) {
                PixelGrid s = vs.grid("src image " + i, src.image(i));
                into(op, dst.image(i), s, guide == src ? s : vs.grid("guide image " + i, guide.image(i)), params[i], border,
                        null);
            }
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(n * PARAM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            Params q = params[i];
            b.putInt(i * PARAM_BYTES, q.radius()).putFloat(i * PARAM_BYTES + 4, (float) q.colorCoeff())
                    .putFloat(i * PARAM_BYTES + 8, (float) q.spaceCoeff()).putDouble(i * PARAM_BYTES + 16, q.colorCoeff())
                    .putDouble(i * PARAM_BYTES + 24, q.spaceCoeff());
        }
        Tensor first = src.image(0);
        Stream st = op.stream(first, stream);
        long guides = guide.descriptors(st);
        if (p.dataType() == DataType.U8) {
            vs.launch(dst, src, "cvj_bilateral_vs_u8", b.array(), (a, t) -> a.pointer(guides).i32(p.channels())
                    .i32(border.code()), st);
            return;
        }
        try (Tensor range = Tensor.allocate(new long[] {2L * n}, DataType.F32, null, st)) {
            Launch.blocks(KernelLibrary.kernel(first.device(), "cvj_bilateral_range_vs_f32"), 1, 1, n, RANGE_THREADS, st,
                    Launch.args().pointer(guides).i32(p.channels()).pointer(range.address()));
            vs.launch(dst, src, "cvj_bilateral_vs_f32", b.array(), (a, t) -> a.pointer(guides).pointer(range.address())
                    .i32(p.channels()).i32(border.code()), st);
            range.close(st);
        }
    }

    private static List<Tensor> images(ImageBatchVarShape b) {
        List<Tensor> out = new ArrayList<>();
        b.forEach(out::add);
        return out;
    }

    /** The disc's radius and OpenCV's coefficients {@code -0.5 / sigma^2} (U8 rounds them to float). */
    public record Params(int radius, double colorCoeff, double spaceCoeff) {}

    /** Checks {@code src} (U8 or F32, 1 or 3 channels, any image layout) and that the border is given. */
    public static PixelGrid source(OpCheck op, String role, Tensor src, BorderType border) {
        PixelGrid s = op.image(role, src);
        op.dtype(role, s, EnumSet.of(DataType.U8, DataType.F32));
        if (s.c() != 1 && s.c() != 3) {
            throw op.fail(role + " has " + s.c() + " channels; supported: 1, 3 (as in OpenCV)");
        }
        op.notNull(border, "border");
        return s;
    }

    /** OpenCV's radius and coefficients from {@code d} and the sigmas (a sigma {@code <= 0} is 1), checked. */
    public static Params params(OpCheck op, int d, double sigmaColor, double sigmaSpace) {
        if (Double.isNaN(sigmaColor) || Double.isNaN(sigmaSpace)) {
            throw op.fail("sigmaColor " + sigmaColor + " and sigmaSpace " + sigmaSpace + " must be numbers");
        }
        double sc = sigmaColor <= 0 ? 1 : sigmaColor, ss = sigmaSpace <= 0 ? 1 : sigmaSpace;
        double r = d <= 0 ? Math.rint(ss * 1.5) : d / 2;
        if (r > MAX_RADIUS) {
            throw op.fail("radius " + r + " (d " + d + ", sigmaSpace " + sigmaSpace + ") is above " + MAX_RADIUS);
        }
        return new Params(Math.max((int) r, 1), -0.5 / (sc * sc), -0.5 / (ss * ss));
    }

    /**
     * Checks {@code dst} against {@code s} (same shape and type, apart in memory from src and guide) and filters
     * {@code s} into it, the colour weights from {@code g} (src itself for BilateralFilter).
     */
    public static void into(OpCheck op, Tensor dst, PixelGrid s, PixelGrid g, Params p, BorderType border, Stream stream) {
        PixelGrid d = op.image("dst", dst);
        op.sameShape("dst", d, "src", s);
        op.sameDtype("dst", d, "src", s);
        op.output(d, s);
        if (g.tensor() != s.tensor()) {
            op.output("dst", d, "guide", g, false);
        }
        if (dst.isHost()) {
            if (s.dtype() == DataType.U8) {
                cpu(s, g, d, p, border);
            } else {
                CpuPixels.forRows(d.n(), 1, (img, y) -> cpuF32(s, g, d, (int) img, p, border));
            }
            return;
        }
        Stream st = op.stream(dst, stream);
        if (s.dtype() == DataType.U8) {
            Launch.image(KernelLibrary.kernel(dst.device(), "cvj_bilateral_u8"), d.w(), d.h(), d.n(), st,
                    imageArgs(s, g, d, p, border).f32((float) p.colorCoeff()).f32((float) p.spaceCoeff()));
            return;
        }
        if (d.n() == 0 || d.h() == 0 || d.w() == 0) {
            return;
        }
        try (Tensor range = Tensor.allocate(new long[] {2L * d.n()}, DataType.F32, null, st)) {
            Launch.blocks(KernelLibrary.kernel(dst.device(), "cvj_bilateral_range_f32"), 1, 1, d.n(), RANGE_THREADS, st,
                    Launch.args().pointer(g.address()).i64(g.sN()).i64(g.sH()).i64(g.sW()).i64(g.sC()).i32(g.w()).i32(g.h())
                            .i32(g.c()).pointer(range.address()));
            Launch.image(KernelLibrary.kernel(dst.device(), "cvj_bilateral_f32"), d.w(), d.h(), d.n(), st,
                    imageArgs(s, g, d, p, border).f64(p.colorCoeff()).f64(p.spaceCoeff()).pointer(range.address()));
            range.close(st);
        }
    }

    /**
     * The arguments both image kernels start with. Built right before its launch: {@code Launch.args()} hands out
     * one builder per thread, so arguments built before another launch would be that launch's.
     */
    private static KernelArgs imageArgs(PixelGrid s, PixelGrid g, PixelGrid d, Params p,
                                         BorderType border) {
        return Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                .pointer(g.address()).i64(g.sN()).i64(g.sH()).i64(g.sW()).i64(g.sC())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.h()).i32(d.c())
                .i32(p.radius()).i32(border.code());
    }

    /** Threads of the per-image range kernel (bilateral.cu). */
    private static final int RANGE_THREADS = 256;

    /** OpenCV's colour bins per channel of F32 images: the table spans the image's range in 4096 * C steps. */
    private static final int BINS_PER_CHANNEL = 4096;

    /**
     * One F32 image as the kernel (bilateral.cu): the image's range (NaNs left out), a copy for a range below
     * FLT_EPSILON, else OpenCV's colour table over the range with linear interpolation, the centre added last with weight 1.
     */
    private static void cpuF32(PixelGrid s, PixelGrid g, PixelGrid d, int img, Params p, BorderType border) {
        MemorySegment in = s.host(), gin = g.host(), out = d.host();
        int c = s.c(), r = p.radius(), bins = BINS_PER_CHANNEL * c;
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int y = 0; y < s.h(); y++) {
            for (int x = 0; x < s.w(); x++) {
                for (int ch = 0; ch < c; ch++) {
                    float v = CpuPixels.load(gin, g.offset(img, y, x, ch), DataType.F32);
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
        float[] c0 = new float[c], v0 = new float[c], v = new float[c], sum = new float[c];
        for (int y = 0; y < d.h(); y++) {
            for (int x = 0; x < d.w(); x++) {
                boolean centreNaN = false;
                for (int ch = 0; ch < c; ch++) {
                    v0[ch] = CpuPixels.load(in, s.offset(img, y, x, ch), DataType.F32);
                    c0[ch] = CpuPixels.load(gin, g.offset(img, y, x, ch), DataType.F32);
                    centreNaN |= Float.isNaN(c0[ch]);
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
                            boolean out0 = sy < 0 || sx < 0;
                            v[ch] = out0 ? 0f : CpuPixels.load(in, s.offset(img, sy, sx, ch), DataType.F32);
                            float gv = out0 ? 0f : CpuPixels.load(gin, g.offset(img, sy, sx, ch), DataType.F32);
                            nan |= Float.isNaN(v[ch]) || Float.isNaN(gv);
                            diff += Math.abs(gv - c0[ch]);
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
    private static void cpu(PixelGrid s, PixelGrid g, PixelGrid d, Params p, BorderType border) {
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
        MemorySegment in = s.host(), gin = g.host(), out = d.host();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            int[] v0 = new int[c], v = new int[c];
            float[] sum = new float[c];
            for (int x = 0; x < d.w(); x++) {
                for (int ch = 0; ch < c; ch++) {
                    v0[ch] = CpuPixels.loadInt(gin, g.offset(img, y, x, ch), DataType.U8);
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
                            boolean out0 = sy < 0 || sx < 0;
                            v[ch] = out0 ? 0 : CpuPixels.loadInt(in, s.offset(img, sy, sx, ch), DataType.U8);
                            diff += Math.abs((out0 ? 0 : CpuPixels.loadInt(gin, g.offset(img, sy, sx, ch), DataType.U8)) - v0[ch]);
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

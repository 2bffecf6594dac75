package dev.cvj.ops.internal;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.Interpolation;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;

/**
 * The warp behind WarpAffine, WarpPerspective, Rotate and Remap, on the CPU and the GPU ({@code cvj_warp_*} and
 * {@code cvj_remap_*} in warp.cu): OpenCV 4.x's {@code warpAffine}/{@code warpPerspective}/{@code remap} step for
 * step; the operators differ only in the source position of each dst pixel, remap's read from its float map and
 * converted to OpenCV's fixed point ({@link #mapPosition}). Each destination pixel gets a source
 * position from the image's inverse map (dst to src) in OpenCV's fixed point: 1/32 pixel
 * ({@code INTER_BITS = 5}); the affine map adds per-column and per-row terms rounded to 1/1024 pixel
 * ({@code AB_BITS = 10}), the perspective map divides in double per pixel along OpenCV's 4096-pixel blocks.
 * Coordinates saturate to 16 bits as OpenCV's maps do. The source is then sampled with OpenCV's remap tables:
 * U8 in integers with weights scaled by 2^15 ({@code INTER_REMAP_COEF_SCALE}, rounded, the sum repaired as OpenCV
 * repairs it), U16/S16/F32 with float weights summed in OpenCV's order. Both paths do exactly these operations,
 * so the GPU equals the CPU bit for bit and both equal OpenCV on the goldens.
 */
public final class WarpPixels {
    /** Element types of src and dst. */
    public static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);

    /** Images per launch of {@code cvj_warp_*}: their matrices go by value ({@code WARP_IMAGES} in warp.cu). */
    private static final int IMAGES_PER_LAUNCH = 32;

    private static final int TAB = 32, AB_BITS = 10, AB_SCALE = 1 << AB_BITS, COEF_BITS = 15;

    /** OpenCV's 2D tables, [fy * 32 + fx][taps], tap k1 * size + k2 (k1 the row). */
    private static final float[][] LINEAR_F = new float[TAB * TAB][], CUBIC_F = new float[TAB * TAB][];
    private static final int[][] LINEAR_I = new int[TAB * TAB][], CUBIC_I = new int[TAB * TAB][];

    static {
        for (int fy = 0; fy < TAB; fy++) {
            for (int fx = 0; fx < TAB; fx++) {
                LINEAR_F[fy * TAB + fx] = floatTaps(linear1d(fy), linear1d(fx));
                CUBIC_F[fy * TAB + fx] = floatTaps(cubic1d(fy), cubic1d(fx));
                LINEAR_I[fy * TAB + fx] = intTaps(LINEAR_F[fy * TAB + fx], 2);
                CUBIC_I[fy * TAB + fx] = intTaps(CUBIC_F[fy * TAB + fx], 4);
            }
        }
    }

    private WarpPixels() {}

    /**
     * The per-image inverse maps (dst to src) as 9 doubles each, row-major 3x3, from {@code matrices}: 1 matrix for
     * the batch or one per image, each of {@code 6} (2x3 affine) or {@code 9} (3x3 perspective) finite values. A
     * forward map ({@code inverseMap} false) is inverted as OpenCV inverts it (refused when singular).
     */
    public static double[][] inverseMaps(OpCheck op, double[][] matrices, int images, boolean perspective, boolean inverseMap) {
        op.notNull(matrices, "matrices");
        if (matrices.length == 0) {
            throw op.fail("matrices is empty; give 1 matrix (for all images) or " + images);
        }
        op.perImage("matrices", matrices.length, images);
        int size = perspective ? 9 : 6;
        double[][] maps = new double[matrices.length][];
        for (int i = 0; i < matrices.length; i++) {
            double[] m = matrices[i];
            String role = "matrix " + i;
            op.notNull(m, role);
            if (m.length != size) {
                throw op.fail(role + " has " + m.length + " values; expected " + size + " (" + (perspective ? "3x3" : "2x3")
                        + ", row-major)");
            }
            for (double v : m) {
                if (!Double.isFinite(v)) {
                    throw op.fail(role + " has a value that is not finite: " + v);
                }
            }
            double[] full = perspective ? m.clone() : new double[] {m[0], m[1], m[2], m[3], m[4], m[5], 0, 0, 1};
            maps[i] = inverseMap ? full : perspective ? invert3x3(op, role, full) : invertAffine(op, role, full);
        }
        return maps;
    }

    /** OpenCV's {@code invertAffineTransform} as warpAffine writes it; a zero determinant is refused. */
    private static double[] invertAffine(OpCheck op, String role, double[] m) {
        double d = m[0] * m[4] - m[1] * m[3];
        if (d == 0) {
            throw op.fail(role + " is singular (determinant 0): it has no inverse to map dst to src");
        }
        d = 1. / d;
        double a11 = m[4] * d, a22 = m[0] * d, a12 = m[1] * -d, a21 = m[3] * -d;
        double b1 = -a11 * m[2] - a12 * m[5];
        double b2 = -a21 * m[2] - a22 * m[5];
        return new double[] {a11, a12, b1, a21, a22, b2, 0, 0, 1};
    }

    /** OpenCV's {@code cv::invert} of a 3x3 double matrix (the cofactor formula of its small-matrix path). */
    private static double[] invert3x3(OpCheck op, String role, double[] s) {
        double d = s[0] * (s[4] * s[8] - s[5] * s[7]) - s[1] * (s[3] * s[8] - s[5] * s[6]) + s[2] * (s[3] * s[7] - s[4] * s[6]);
        if (d == 0) {
            throw op.fail(role + " is singular (determinant 0): it has no inverse to map dst to src");
        }
        d = 1. / d;
        return new double[] {
            (s[4] * s[8] - s[5] * s[7]) * d, (s[2] * s[7] - s[1] * s[8]) * d, (s[1] * s[5] - s[2] * s[4]) * d,
            (s[5] * s[6] - s[3] * s[8]) * d, (s[0] * s[8] - s[2] * s[6]) * d, (s[2] * s[3] - s[0] * s[5]) * d,
            (s[3] * s[7] - s[4] * s[6]) * d, (s[1] * s[6] - s[0] * s[7]) * d, (s[0] * s[4] - s[1] * s[3]) * d};
    }

    /** Fails unless {@code value} is null (0) or holds 1 value, or one per channel (up to 4, like cv::Scalar). */
    public static void checkBorder(OpCheck op, BorderType border, double[] value, int channels) {
        op.notNull(border, "border");
        if (value != null && (value.length == 0 || value.length > 4 || (value.length != 1 && value.length < channels))) {
            throw op.fail("border value has " + value.length + " entries; expected 1, or " + channels
                    + " to 4 (one per channel, extra ignored, like cv::Scalar)");
        }
    }

    /** src checked as a warp source: any image layout, {@link #TYPES}, 1 to 4 channels, not empty; the options. */
    public static PixelGrid source(OpCheck op, Tensor src, Interpolation in, BorderType border, double[] value) {
        PixelGrid s = op.image("src", src);
        op.dtype("src", s, TYPES);
        op.notNull(in, "interpolation");
        checkBorder(op, border, value, s.c());
        if (s.w() == 0 || s.h() == 0) {
            throw op.fail("src is empty (" + s.w() + "x" + s.h() + "): nothing to sample");
        }
        return s;
    }

    /** The checks of dst against src (layout, data type, N, C; apart in memory), then the warp. */
    public static void into(OpCheck op, Tensor dst, PixelGrid s, double[][] maps, boolean perspective, Interpolation in,
                            BorderType border, double[] value, Stream stream) {
        PixelGrid d = op.image("dst", dst);
        if (!d.layout().equals(s.layout()) || d.dtype() != s.dtype() || d.n() != s.n() || d.c() != s.c()) {
            throw op.fail("dst is " + d + " but must have src's layout, data type, N and C (" + s + ")");
        }
        if (maps.length != 1 && maps.length != d.n()) {
            op.perImage("matrices", maps.length, d.n());
        }
        op.output(d, s);
        run(s, d, maps, perspective, in, border, value, dst.isHost() ? null : op.stream(dst, stream));
    }

    /** OpenCV's warps take AREA as LINEAR. */
    static int method(Interpolation in) {
        return switch (in) {
            case NEAREST -> 0;
            case LINEAR, AREA -> 1;
            case CUBIC -> 2;
        };
    }

    /**
     * dst = src warped by {@code maps} (from {@link #inverseMaps}; 1 for all images or one per image). The caller
     * checked the tensors (same type, layout kind, N, C; dst apart from src).
     */
    private static void run(PixelGrid s, PixelGrid d, double[][] maps, boolean perspective, Interpolation in,
                           BorderType border, double[] value, Stream stream) {
        float[] cval = borderValues(s.dtype(), value);
        int method = method(in);
        if (d.tensor().isHost()) {
            int bw0 = blockWidth(d.w(), d.h());
            cpu(s, d, (img, x, y, pos) -> {
                double[] m = maps[maps.length == 1 ? 0 : img];
                if (perspective) {
                    perspectivePosition(m, x, y, bw0, method, pos);
                } else {
                    affinePosition(m, x, y, method, pos);
                }
            }, method, border, cval);
        } else {
            gpu(s, d, maps, perspective, method, border, cval, stream);
        }
    }

    /** The CONSTANT border value of each of 4 channels, saturated to the type (null is 0). */
    static float[] borderValues(DataType t, double[] value) {
        float[] cval = new float[4];
        for (int c = 0; c < 4; c++) {
            double v = value == null ? 0 : value[Math.min(c, value.length - 1)];
            cval[c] = t == DataType.F32 ? (float) v : (float) Math.clamp(Math.rint(v),
                    t == DataType.S16 ? -32768 : 0, CpuPixels.maxValue(t));
        }
        return cval;
    }

    /**
     * {@code map} checked as a remap map for src: NHWC or HWC, F32, 2 channels (x, y), not empty, N of 1 (for all
     * images) or src's N, in src's place.
     */
    public static PixelGrid map(OpCheck op, Tensor map, PixelGrid s) {
        PixelGrid m = mapGrid(op, map);
        if (m.n() != 1 && m.n() != s.n()) {
            throw op.fail("map has N = " + m.n() + " for " + s.n() + " images; give 1 map (for all) or " + s.n());
        }
        op.samePlace("map", map, "src", s.tensor());
        return m;
    }

    /** {@code map} as a remap map: NHWC or HWC, F32, 2 channels (x, y), not empty. */
    static PixelGrid mapGrid(OpCheck op, Tensor map) {
        PixelGrid m = op.image("map", map, Set.of("NHWC", "HWC"));
        if (m.dtype() != DataType.F32 || m.c() != 2) {
            throw op.fail("map is " + m + " but must be F32 with 2 channels (x, y of the source position per dst pixel)");
        }
        if (m.w() == 0 || m.h() == 0) {
            throw op.fail("map is empty (" + m.w() + "x" + m.h() + "): it gives dst's size");
        }
        return m;
    }

    /**
     * The checks of dst against src (layout, data type, N, C; W x H the map's; apart from src and map), then dst =
     * src sampled at the positions of {@code m} (from {@link #map}): absolute, or offsets from the dst pixel when
     * {@code relative}.
     */
    public static void remapInto(OpCheck op, Tensor dst, PixelGrid s, PixelGrid m, boolean relative, Interpolation in,
                                 BorderType border, double[] value, Stream stream) {
        PixelGrid d = op.image("dst", dst);
        if (!d.layout().equals(s.layout()) || d.dtype() != s.dtype() || d.n() != s.n() || d.c() != s.c()
                || d.w() != m.w() || d.h() != m.h()) {
            throw op.fail("dst is " + d + " but must have src's layout, data type, N and C (" + s + ") and map's W x H ("
                    + m.w() + "x" + m.h() + ")");
        }
        op.output(d, s);
        op.apart("dst", dst, "map", m.tensor(), false);
        float[] cval = borderValues(s.dtype(), value);
        int method = method(in);
        if (dst.isHost()) {
            MemorySegment mem = m.host();
            cpu(s, d, (img, x, y, pos) -> {
                int mi = m.n() == 1 ? 0 : img;
                mapPosition(CpuPixels.load(mem, m.offset(mi, y, x, 0), DataType.F32),
                        CpuPixels.load(mem, m.offset(mi, y, x, 1), DataType.F32), x, y, method, relative, pos);
            }, method, border, cval);
        } else {
            remapGpu(s, d, m, relative, method, border, cval, op.stream(dst, stream));
        }
    }

    /** The width of OpenCV's map blocks along x (warpPerspective's per-block origin): {@code bw0}. */
    static int blockWidth(int dw, int dh) {
        int bh0 = Math.min(32, dh);
        return bh0 == 0 ? Math.max(dw, 1) : Math.max(Math.min(4096 / bh0, dw), 1);
    }

    private static void gpu(PixelGrid s, PixelGrid d, double[][] maps, boolean perspective, int method, BorderType border,
                            float[] cval, Stream st) {
        if ((long) d.n() * d.h() * d.w() == 0) {
            return;
        }
        Kernel k = KernelLibrary.kernel(d.tensor().device(), "cvj_warp_" + KernelLibrary.typeName(s.dtype()));
        byte[] cv = cvalBytes(cval);
        for (int n0 = 0; n0 < d.n(); n0 += IMAGES_PER_LAUNCH) {
            int count = Math.min(IMAGES_PER_LAUNCH, d.n() - n0);
            ByteBuffer m = ByteBuffer.allocate(IMAGES_PER_LAUNCH * 9 * 8).order(ByteOrder.LITTLE_ENDIAN); // WarpMaps
            for (int i = 0; i < count; i++) {
                for (double v : maps[maps.length == 1 ? 0 : n0 + i]) {
                    m.putDouble(v);
                }
            }
            KernelArgs a = Launch.args().pointer(s.address() + n0 * s.sN()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                    .i32(s.w()).i32(s.h()).pointer(d.address() + n0 * d.sN()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC())
                    .i32(d.w()).i32(d.h()).i32(d.c()).i32(method).i32(border.code()).i32(perspective ? 1 : 0)
                    .i32(blockWidth(d.w(), d.h())).struct(cv, 4).struct(m.array(), 8);
            Launch.image(k, d.w(), d.h(), count, st, a);
        }
    }

    /** {@code WarpCval} of warp.cu. */
    static byte[] cvalBytes(float[] cval) {
        ByteBuffer cv = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : cval) {
            cv.putFloat(v);
        }
        return cv.array();
    }

    private static void remapGpu(PixelGrid s, PixelGrid d, PixelGrid m, boolean relative, int method, BorderType border,
                                 float[] cval, Stream st) {
        if ((long) d.n() * d.h() * d.w() == 0) {
            return;
        }
        Kernel k = KernelLibrary.kernel(d.tensor().device(), "cvj_remap_" + KernelLibrary.typeName(s.dtype()));
        long mN = m.n() == 1 ? 0 : m.sN();
        byte[] cv = cvalBytes(cval);
        for (int n0 = 0; n0 < d.n(); n0 += Launch.MAX_GRID_YZ) { // images along grid z
            int count = Math.min(Launch.MAX_GRID_YZ, d.n() - n0);
            KernelArgs a = Launch.args().pointer(s.address() + n0 * s.sN()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                    .i32(s.w()).i32(s.h()).pointer(d.address() + n0 * d.sN()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC())
                    .i32(d.w()).i32(d.h()).i32(d.c()).pointer(m.address() + n0 * mN).i64(mN).i64(m.sH()).i64(m.sW())
                    .i64(m.sC()).i32(method).i32(border.code()).i32(relative ? 1 : 0).struct(cv, 4);
            Launch.image(k, d.w(), d.h(), count, st, a);
        }
    }

    // ---- the CPU path (the oracle): warp.cu's device code, operation for operation ----

    /** The source position {x, y, fx, fy} of dst pixel (x, y) of image img (fractions in 1/32; 0 for NEAREST). */
    private interface Positions {
        void of(int img, int x, int y, int[] pos);
    }

    private static void cpu(PixelGrid s, PixelGrid d, Positions positions, int method, BorderType border, float[] cval) {
        MemorySegment in = s.host(), out = d.host();
        DataType t = s.dtype();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            int[] pos = new int[4];
            float[] v = new float[4];
            for (int x = 0; x < d.w(); x++) {
                positions.of(img, x, y, pos);
                sample(in, s, img, t, pos, method, border, cval, v);
                for (int c = 0; c < d.c(); c++) {
                    long o = d.offset(img, y, x, c);
                    if (t == DataType.F32) {
                        CpuPixels.store(out, o, t, v[c]);
                    } else {
                        CpuPixels.storeInt(out, o, t, (int) v[c]);
                    }
                }
            }
        });
    }

    /**
     * remap's position from a float map entry (mx, my) of dst pixel (x, y), a relative entry first added to (x, y) in
     * float: OpenCV converts the map to fixed point, {@code cvRound(v * 32)} (NEAREST: {@code cvRound(v)}), and
     * saturates to 16 bits.
     */
    static void mapPosition(float mx, float my, int x, int y, int method, boolean relative, int[] pos) {
        float scale = method == 0 ? 1f : TAB;
        float ax = relative ? mx + x : mx, ay = relative ? my + y : my;
        fixedPoint(cvRound(ax * scale), cvRound(ay * scale), method, pos);
    }

    /** OpenCV's {@code saturate_cast<int>(double)} on x86 ({@code cvRound}): out of range or NaN gives INT_MIN. */
    static int cvRound(double v) {
        double r = Math.rint(v);
        return r >= -2147483648.0 && r <= 2147483647.0 ? (int) r : Integer.MIN_VALUE;
    }

    private static int sat16(int v) {
        return Math.clamp(v, -32768, 32767);
    }

    /** warpAffine's map: {x, y, fx, fy} of dst pixel (x, y) (fractions in 1/32; 0 for NEAREST). */
    static void affinePosition(double[] m, int x, int y, int method, int[] pos) {
        int round = method == 0 ? AB_SCALE / 2 : AB_SCALE / TAB / 2;
        int x0 = cvRound((m[1] * y + m[2]) * AB_SCALE) + round;
        int y0 = cvRound((m[4] * y + m[5]) * AB_SCALE) + round;
        int xs = x0 + cvRound(m[0] * x * AB_SCALE), ys = y0 + cvRound(m[3] * x * AB_SCALE);
        if (method == 0) {
            pos[0] = sat16(xs >> AB_BITS);
            pos[1] = sat16(ys >> AB_BITS);
            pos[2] = pos[3] = 0;
        } else {
            xs >>= AB_BITS - 5;
            ys >>= AB_BITS - 5;
            pos[0] = sat16(xs >> 5);
            pos[1] = sat16(ys >> 5);
            pos[2] = xs & (TAB - 1);
            pos[3] = ys & (TAB - 1);
        }
    }

    /** {@code std::max(INT_MIN, std::min(INT_MAX, v))} as C++ evaluates it (NaN gives INT_MAX). */
    private static double clampInt(double v) {
        double lo = v < 2147483647.0 ? v : 2147483647.0;
        return -2147483648.0 < lo ? lo : -2147483648.0;
    }

    /** warpPerspective's map, per pixel in double from the origin of its 4096-pixel block. */
    static void perspectivePosition(double[] m, int x, int y, int bw0, int method, int[] pos) {
        int xb = x / bw0 * bw0, x1 = x - xb;
        double x0 = m[0] * xb + m[1] * y + m[2];
        double y0 = m[3] * xb + m[4] * y + m[5];
        double w0 = m[6] * xb + m[7] * y + m[8];
        double w = w0 + m[6] * x1;
        w = w != 0 ? (method == 0 ? 1. : (double) TAB) / w : 0;
        int xs = cvRound(clampInt((x0 + m[0] * x1) * w));
        int ys = cvRound(clampInt((y0 + m[3] * x1) * w));
        fixedPoint(xs, ys, method, pos);
    }

    /** {x, y, fx, fy} of a position in pixels (NEAREST) or in 1/32 pixel, each saturated to 16 bits as OpenCV's maps. */
    private static void fixedPoint(int xs, int ys, int method, int[] pos) {
        if (method == 0) {
            pos[0] = sat16(xs);
            pos[1] = sat16(ys);
            pos[2] = pos[3] = 0;
        } else {
            pos[0] = sat16(xs >> 5);
            pos[1] = sat16(ys >> 5);
            pos[2] = xs & (TAB - 1);
            pos[3] = ys & (TAB - 1);
        }
    }

    /** The source element (channel c of pixel x, y), {@code cval[c]} where border gives -1 for either index. */
    private static float at(MemorySegment in, PixelGrid s, int img, DataType t, int x, int y, int c, float[] cval) {
        return x < 0 || y < 0 ? cval[c] : CpuPixels.load(in, s.offset(img, y, x, c), t);
    }

    /** remapNearest / remapBilinear / remapBicubic for one pixel: its C values into {@code v}. */
    private static void sample(MemorySegment in, PixelGrid s, int img, DataType t, int[] pos, int method,
                               BorderType border, float[] cval, float[] v) {
        int sx = pos[0], sy = pos[1], w = s.w(), h = s.h(), cn = s.c();
        boolean u8 = t == DataType.U8;
        if (method == 0) {
            int ix = border.interpolate(sx, w), iy = border.interpolate(sy, h);
            for (int c = 0; c < cn; c++) {
                v[c] = at(in, s, img, t, ix, iy, c, cval);
            }
            return;
        }
        int size = method == 1 ? 2 : 4;
        int ox = sx - (size / 2 - 1), oy = sy - (size / 2 - 1); // the first tap
        if (border == BorderType.CONSTANT && (ox >= w || ox + size <= 0 || oy >= h || oy + size <= 0)) {
            System.arraycopy(cval, 0, v, 0, cn);
            return;
        }
        int tab = pos[3] * TAB + pos[2];
        int[] xs = new int[size], ys = new int[size];
        for (int i = 0; i < size; i++) {
            xs[i] = border.interpolate(ox + i, w);
            ys[i] = border.interpolate(oy + i, h);
        }
        if (u8) {
            int[] wt = method == 1 ? LINEAR_I[tab] : CUBIC_I[tab];
            for (int c = 0; c < cn; c++) {
                int sum = 0;
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < size; j++) {
                        sum += (int) at(in, s, img, t, xs[j], ys[i], c, cval) * wt[i * size + j];
                    }
                }
                v[c] = Math.clamp((sum + (1 << (COEF_BITS - 1))) >> COEF_BITS, 0, 255);
            }
            return;
        }
        float[] wt = method == 1 ? LINEAR_F[tab] : CUBIC_F[tab];
        boolean inner = ox >= 0 && ox < w - 3 && oy >= 0 && oy < h - 3;
        for (int c = 0; c < cn; c++) {
            float sum;
            if (method == 1) { // remapBilinear: ((p0 + p1) + p2) + p3
                sum = at(in, s, img, t, xs[0], ys[0], c, cval) * wt[0];
                sum += at(in, s, img, t, xs[1], ys[0], c, cval) * wt[1];
                sum += at(in, s, img, t, xs[0], ys[1], c, cval) * wt[2];
                sum += at(in, s, img, t, xs[1], ys[1], c, cval) * wt[3];
            } else if (inner) { // remapBicubic with every tap inside: row sums left to right, added row by row
                sum = 0;
                for (int i = 0; i < 4; i++) {
                    float row = at(in, s, img, t, xs[0], ys[i], c, cval) * wt[i * 4];
                    for (int j = 1; j < 4; j++) {
                        row += at(in, s, img, t, xs[j], ys[i], c, cval) * wt[i * 4 + j];
                    }
                    sum = i == 0 ? row : sum + row;
                }
            } else { // remapBicubic's border branch: cval plus each inside tap's difference from it
                float cv = cval[c];
                sum = cv;
                for (int i = 0; i < 4; i++) {
                    if (ys[i] < 0) {
                        continue;
                    }
                    for (int j = 0; j < 4; j++) {
                        if (xs[j] >= 0) {
                            sum += (CpuPixels.load(in, s.offset(img, ys[i], xs[j], c), t) - cv) * wt[i * 4 + j];
                        }
                    }
                }
            }
            v[c] = t == DataType.F32 ? sum : CpuPixels.saturate(sum, t);
        }
    }

    // ---- OpenCV's interpolation tables (initInterTab1D / initInterTab2D) ----

    private static float[] linear1d(int i) {
        float x = i * (1f / TAB);
        return new float[] {1f - x, x};
    }

    private static float[] cubic1d(int i) {
        float x = i * (1f / TAB);
        final float a = -0.75f;
        float c0 = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
        float c1 = ((a + 2) * x - (a + 3)) * x * x + 1;
        float c2 = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
        return new float[] {c0, c1, c2, 1f - c0 - c1 - c2};
    }

    private static float[] floatTaps(float[] ty, float[] tx) {
        float[] t = new float[ty.length * tx.length];
        for (int k1 = 0; k1 < ty.length; k1++) {
            for (int k2 = 0; k2 < tx.length; k2++) {
                t[k1 * tx.length + k2] = ty[k1] * tx[k2];
            }
        }
        return t;
    }

    /**
     * The weights times 2^15, rounded and saturated to short, the sum repaired to 2^15 as OpenCV does: the
     * difference goes to the largest (or smallest) of taps {@code [size/2 .. size/2+1]^2}. For bilinear that range
     * reaches past the 2x2 block into the next entry, zeros while the table is built, so only tap 3 can take it:
     * the one entry whose sum is off, (0, 0) at 32767, becomes {32767, 0, 0, 1}.
     */
    private static int[] intTaps(float[] f, int size) {
        int[] it = new int[f.length];
        int sum = 0;
        for (int k = 0; k < f.length; k++) {
            it[k] = Math.clamp((int) Math.rint(f[k] * (1 << COEF_BITS)), -32768, 32767);
            sum += it[k];
        }
        int diff = sum - (1 << COEF_BITS);
        if (diff == 0) {
            return it;
        }
        if (size == 2) { // the next entry's taps read as 0
            int[] ext = {it[3], 0, 0, 0};
            int min = 0, max = 0;
            for (int k = 1; k < 4; k++) {
                if (ext[k] < ext[min]) {
                    min = k;
                } else if (ext[k] > ext[max]) {
                    max = k;
                }
            }
            int k = diff < 0 ? max : min;
            if (k == 0) {
                it[3] -= diff;
            }
            return it;
        }
        int h = size / 2, min = h * size + h, max = min;
        for (int k1 = h; k1 < h + 2; k1++) {
            for (int k2 = h; k2 < h + 2; k2++) {
                int k = k1 * size + k2;
                if (it[k] < it[min]) {
                    min = k;
                } else if (it[k] > it[max]) {
                    max = k;
                }
            }
        }
        it[diff < 0 ? max : min] -= diff;
        return it;
    }
}

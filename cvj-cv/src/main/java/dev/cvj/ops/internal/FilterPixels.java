package dev.cvj.ops.internal;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.BorderType;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The linear filters, CPU and GPU (filter.cu): a general kernel ({@link Taps2D}, Conv2D and Laplacian, see
 * {@link #into2D}) and the separable filter of the smoothing operators (BoxFilter, AverageBlur, GaussianBlur,
 * {@code cvj_filter_sep_*}): each output pixel is {@code sum_j ky[j] * (sum_i kx[i] * src(y + j - ay,
 * x + i - ax))}, the row sums first as OpenCV's separable filter engine computes them, pixels outside the image from
 * the border rule ({@link BorderType#CONSTANT} is 0, as OpenCV's filters). Dst has src's type; how a row sum is
 * accumulated and turned into the output is the {@link Sum} of the {@link Taps}:
 * <ul>
 *   <li>{@link Sum#INT}: integer taps, exact 64-bit sums; then either {@code (sum + 2^(shift-1)) >> shift}
 *       (OpenCV's fixed-point GaussianBlur of U8, 8 fraction bits per pass) or, with shift 0,
 *       {@code (float) sum * (float) scale} rounded half to even and saturated (boxFilter of integer types);</li>
 *   <li>{@link Sum#DOUBLE}: sums in double, {@code (float) (sum * scale)} (boxFilter of F32);</li>
 *   <li>{@link Sum#FLOAT}: float products and sums in tap order, rounded each step, then saturated to the type
 *       (GaussianBlur of U16, S16, F32; AdaptiveThreshold's Gaussian mean of U8, OpenCV's F32 blur of the
 *       converted image).</li>
 * </ul>
 * The kernels compute what the CPU path computes, step for step. Kernels whose taps and tile fit take the tiled
 * kernels: a block loads its tile of the source (with the halo) into shared memory once, sums its rows with
 * {@code kx} into shared memory, then those row sums down the columns with {@code ky} ({@code kw + kh} taps per
 * output); integer sums that provably fit 32 bits are summed in 32 bits. Larger kernels take one thread per output
 * reading {@code kw * kh} source pixels.
 */
public final class FilterPixels {
    /** The most taps ({@code kw + kh}) the kernel takes: they travel as a by-value parameter of 16 KiB. */
    public static final int MAX_TAPS = 4096;

    /**
     * The tiled kernels (filter.cu's {@code cvj_filter_tile_*}, {@code cvj_filter_2d_tile_*}): blocks of
     * {@value #TILE_THREADS} threads compute {@value #TILE} x {@value #TILE} outputs from a tile loaded once into shared
     * memory; taken when the taps fit {@value #TILE_TAPS} and the tile {@value #TILE_SHARED_MAX} bytes.
     */
    static final int TILE = 32, TILE_THREADS = 256, TILE_TAPS = 256, TILE_SHARED_MAX = 48 * 1024;

    /** How sums are accumulated and turned into output (see the class comment). */
    public enum Sum {
        INT, DOUBLE, FLOAT
    }

    /**
     * The taps: {@code kx} along a row, {@code ky} down the columns, the anchor {@code (ax, ay)} (the tap at the
     * output pixel), the accumulation, and the final step: with {@link Sum#INT} and {@code shift > 0},
     * {@code (sum + delta) * mul >> shift}; otherwise a multiplication by {@code scale}.
     */
    public record Taps(float[] kx, float[] ky, int ax, int ay, Sum sum, double scale, long mul, long delta, int shift) {}

    /**
     * A general kernel (OpenCV's {@code filter2D}): {@code k} row-major, {@code kh} rows of {@code kw}, the anchor
     * {@code (ax, ay)}, and {@code delta}, where each output starts.
     */
    public record Taps2D(float[] k, int kw, int kh, int ax, int ay, float delta) {}

    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);

    private FilterPixels() {}

    /**
     * Checks {@code src} (an image of U8, U16, S16 or F32, 1 to 4 channels) and that the border rule is given and
     * not refused (OpenCV's filters refuse WRAP, except GaussianBlur of U8 and U16).
     */
    public static PixelGrid source(OpCheck op, Tensor src, BorderType border, boolean wrapAllowed) {
        PixelGrid s = op.image("src", src);
        op.dtype("src", s, TYPES);
        op.notNull(border, "border");
        if (border == BorderType.WRAP && !wrapAllowed) {
            throw op.fail("border WRAP is not supported for src of data type " + s.dtype() + " (as in OpenCV)");
        }
        return s;
    }

    /** Checks {@code dst} against {@code s} (same shape and type, apart in memory) and filters into it. */
    public static void into(OpCheck op, Tensor dst, PixelGrid s, Taps t, BorderType border, Stream stream) {
        PixelGrid d = op.image("dst", dst);
        op.sameShape("dst", d, "src", s);
        op.sameDtype("dst", d, "src", s);
        op.output(d, s);
        run(s, d, t, border, dst.isHost() ? null : op.stream(dst, stream));
    }

    /**
     * Checks {@code dst} against {@code s} (same shape, data type {@code dstType}, apart in memory) and filters
     * into it with the general kernel: {@code delta}, then {@code fma(k, pixel, sum)} over the nonzero taps in
     * row-major order (the order and fused steps of OpenCV's filter2D vector code), CONSTANT borders reading 0;
     * the float sum saturated to dst's type, rounded half to even.
     */
    public static void into2D(OpCheck op, Tensor dst, PixelGrid s, DataType dstType, Taps2D t, BorderType border,
                              Stream stream) {
        PixelGrid d = op.image("dst", dst);
        op.sameShape("dst", d, "src", s);
        if (d.dtype() != dstType) {
            throw op.fail("dst has data type " + d.dtype() + " but must be " + dstType);
        }
        op.output(d, s);
        if (dst.isHost()) {
            cpu2D(s, d, t, border);
            return;
        }
        long shared = 8L * TILE_TAPS + tileShared(d.c(), t.kw(), t.kh()); // filter_2d_tile: taps, offsets, tile
        boolean tiled = t.k().length <= TILE_TAPS && shared <= TILE_SHARED_MAX;
        Kernel k = KernelLibrary.kernel(dst.device(), (tiled ? "cvj_filter_2d_tile_" : "cvj_filter_2d_")
                + s.dtype().name().toLowerCase(Locale.ROOT) + "_" + dstType.name().toLowerCase(Locale.ROOT));
        KernelArgs a = Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC())
                .i32(d.w()).i32(d.h()).i32(d.c()).i32(t.kw()).i32(t.kh()).i32(t.ax()).i32(t.ay())
                .i32(border.code()).f32(t.delta()).struct(tapBytes(tiled ? TILE_TAPS : MAX_TAPS, t.k(), new float[0]), 4);
        if (tiled) {
            Launch.tiles(k, d.w(), d.h(), d.n(), TILE, TILE_THREADS, (int) shared, op.stream(dst, stream), a);
        } else {
            Launch.image(k, d.w(), d.h(), d.n(), op.stream(dst, stream), a);
        }
    }

    /** Filters {@code s} into {@code d} (same shape and type, checked by the caller); {@code st} null on the host. */
    static void run(PixelGrid s, PixelGrid d, Taps t, BorderType border, Stream st) {
        if (d.tensor().isHost()) {
            cpu(s, d, t, border);
        } else {
            gpu(s, d, t, border, st);
        }
    }

    private static void gpu(PixelGrid s, PixelGrid d, Taps t, BorderType border, Stream st) {
        int kw = t.kx().length, kh = t.ky().length;
        boolean int32 = t.sum() == Sum.INT && fitsInt32(s.dtype(), t);
        // filter.cu's filter_sep_tile: the taps, then the row sums, then the source tile (4-byte values)
        int bytes = t.sum() == Sum.INT ? (int32 ? 4 : 8) : t.sum() == Sum.DOUBLE ? 8 : 4; // a tap's and a sum's type
        long shared = ((long) (kw + kh) * bytes + 15) / 16 * 16 + (long) d.c() * (TILE + kh - 1) * TILE * bytes
                + tileShared(d.c(), kw, kh);
        boolean tiled = kw + kh <= TILE_TAPS && shared <= TILE_SHARED_MAX;
        String sum = int32 && tiled ? "int32" : t.sum().name().toLowerCase(Locale.ROOT);
        String name = (tiled ? "cvj_filter_tile_" : "cvj_filter_sep_") + sum + "_" + s.dtype().name().toLowerCase(Locale.ROOT);
        Kernel k = KernelLibrary.kernel(d.tensor().device(), name);
        KernelArgs a = Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC())
                .i32(d.w()).i32(d.h()).i32(d.c()).i32(kw).i32(kh).i32(t.ax()).i32(t.ay())
                .i32(border.code()).f64(t.scale()).i64(t.mul()).i64(t.delta()).i32(t.shift())
                .struct(tapBytes(tiled ? TILE_TAPS : MAX_TAPS, t.kx(), t.ky()), 4);
        if (tiled) {
            Launch.tiles(k, d.w(), d.h(), d.n(), TILE, TILE_THREADS, (int) shared, st, a);
        } else {
            Launch.image(k, d.w(), d.h(), d.n(), st, a);
        }
    }

    /**
     * Whether every sum of {@link Sum#INT} taps over values of {@code type} fits 32 bits: the row sums are at most
     * {@code max|v| * sum|kx|}, the column sums of those {@code sum|ky|} times that.
     */
    private static boolean fitsInt32(DataType type, Taps t) {
        double maxAbs = type == DataType.U8 ? 255 : type == DataType.U16 ? 65535 : 32768;
        double sx = 0, sy = 0;
        for (float v : t.kx()) {
            sx += Math.abs(v);
        }
        for (float v : t.ky()) {
            sy += Math.abs(v);
        }
        return maxAbs * sx * Math.max(sy, 1) < Integer.MAX_VALUE && maxAbs * sx < Integer.MAX_VALUE;
    }

    /** Bytes of a tile of {@code c} channels of 4-byte values for a {@code kw x kh} kernel, rounded up to 16. */
    private static long tileShared(int c, int kw, int kh) {
        return ((long) c * (TILE + kw - 1) * (TILE + kh - 1) * 4 + 15) / 16 * 16;
    }

    /** The kernel's tap table (filter.cu's FilterTaps, or TileTaps): {@code a} then {@code b}, zeros after. */
    private static byte[] tapBytes(int size, float[] a, float[] b) {
        ByteBuffer taps = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : a) {
            taps.putFloat(v);
        }
        for (float v : b) {
            taps.putFloat(v);
        }
        return taps.array();
    }

    /** The general kernel's CPU path, pixel by pixel as the kernel (filter.cu, filter_2d). */
    private static void cpu2D(PixelGrid s, PixelGrid d, Taps2D t, BorderType border) {
        DataType st = s.dtype(), dt = d.dtype();
        MemorySegment in = s.host(), out = d.host();
        int w = d.w(), h = d.h(), c = d.c(), kw = t.kw();
        float[] k = t.k();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            int[] xs = new int[kw];
            for (int x = 0; x < w; x++) {
                for (int i = 0; i < kw; i++) {
                    xs[i] = border.interpolate(x + i - t.ax(), w);
                }
                for (int ch = 0; ch < c; ch++) {
                    float acc = t.delta();
                    for (int j = 0; j < t.kh(); j++) {
                        int sy = border.interpolate(y + j - t.ay(), h);
                        for (int i = 0; i < kw; i++) {
                            float kv = k[j * kw + i];
                            if (kv == 0) {
                                continue;
                            }
                            float v = sy < 0 || xs[i] < 0 ? 0 : CpuPixels.load(in, s.offset(img, sy, xs[i], ch), st);
                            acc = Math.fma(kv, v, acc);
                        }
                    }
                    CpuPixels.store(out, d.offset(img, y, x, ch), dt, acc);
                }
            }
        });
    }

    /** The CPU path, pixel by pixel as the kernel (filter.cu). */
    private static void cpu(PixelGrid s, PixelGrid d, Taps t, BorderType border) {
        DataType type = s.dtype();
        MemorySegment in = s.host(), out = d.host();
        float[] kx = t.kx(), ky = t.ky();
        int w = d.w(), h = d.h(), c = d.c();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            int[] xs = new int[kx.length];
            for (int x = 0; x < w; x++) {
                for (int i = 0; i < kx.length; i++) {
                    xs[i] = border.interpolate(x + i - t.ax(), w);
                }
                for (int ch = 0; ch < c; ch++) {
                    long li = 0;
                    double di = 0;
                    float fi = 0;
                    for (int j = 0; j < ky.length; j++) {
                        int sy = border.interpolate(y + j - t.ay(), h);
                        if (sy < 0) {
                            continue;
                        }
                        long lr = 0;
                        double dr = 0;
                        float fr = 0;
                        for (int i = 0; i < kx.length; i++) {
                            if (xs[i] < 0) {
                                continue;
                            }
                            long o = s.offset(img, sy, xs[i], ch);
                            switch (t.sum()) {
                                case INT -> lr += (long) kx[i] * CpuPixels.loadInt(in, o, type);
                                case DOUBLE -> dr += (double) kx[i] * CpuPixels.load(in, o, type);
                                case FLOAT -> fr += kx[i] * CpuPixels.load(in, o, type);
                            }
                        }
                        switch (t.sum()) {
                            case INT -> li += (long) ky[j] * lr;
                            case DOUBLE -> di += (double) ky[j] * dr;
                            case FLOAT -> fi += ky[j] * fr;
                        }
                    }
                    long o = d.offset(img, y, x, ch);
                    switch (t.sum()) {
                        case INT -> {
                            if (t.shift() > 0) {
                                long v = (li + t.delta()) * t.mul() >> t.shift();
                                CpuPixels.storeInt(out, o, type, (int) Math.clamp(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
                            } else {
                                CpuPixels.store(out, o, type, (float) li * (float) t.scale());
                            }
                        }
                        case DOUBLE -> CpuPixels.store(out, o, type, (float) (di * t.scale()));
                        case FLOAT -> CpuPixels.store(out, o, type, fi);
                    }
                }
            }
        });
    }
}

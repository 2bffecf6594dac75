package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.AffinePixels;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Crop, flip, normalize, convert and reformat in one pass, CV-CUDA's CropFlipNormalizeReformat. For image
 * {@code i} with crop rectangle {@code (x_i, y_i, w, h)} and flip code {@code f_i}, output pixel (x, y),
 * channel c is
 * <pre>
 *   xs = x_i + (f_i is 1 or -1 ? w - 1 - x : x),  ys = y_i + (f_i is 0 or -1 ? h - 1 - y : y)
 *   v  = src(border(xs), border(ys), swapRB ? swap(c) : c)      (borderValue outside, for CONSTANT)
 *   dst = saturate(fma((v - base[c]) * scale[c], globalScale, globalShift))
 * </pre>
 * Flip codes as OpenCV: 0 vertical, 1 horizontal, -1 both, anything else none. The rectangle may reach
 * outside the image, anywhere in the int range: {@code border} fills it ({@link BorderType#interpolate}); its
 * last column {@code x + w - 1} and last row {@code y + h - 1} must be at most 2^31-1 (a rectangle that would
 * wrap past it is refused, naming the rectangle). {@code scaleIsStddev} uses
 * {@code 1 / sqrt(scale^2 + epsilon)} as in {@link Normalize}. {@code swapRB} reverses the first three
 * channels (RGB &lt;-&gt; BGR, alpha stays); base and scale are given in output channel order. Every rectangle
 * must have the output's width and height. No intermediate tensor: each output element is read once
 * from src and written once.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>NCHW or NHWC (CHW or HWC for an unbatched src)</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>F32, F16, U8</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4 (3, 4 with swapRB)</td><td>same as src</td></tr>
 *   <tr><td>Per image</td><td colspan="2">crop rect {x, y, w, h} and flip code: 1 for all, or N</td></tr>
 * </table>
 * dst must not overlap src in memory (refused).
 *
 * <pre>{@code
 * float[] mean = {123.675f, 116.28f, 103.53f}, std = {58.395f, 57.12f, 57.375f};
 * Tensor x = CropFlipNormalizeReformat.cropFlipNormalizeReformat(frames, new int[][] {{16, 16, 224, 224}},
 *         new int[] {1}, mean, std, 1f, 0f, 0f, true, false, BorderType.CONSTANT, 0f,
 *         DataType.F32, TensorLayout.NCHW, stream);
 * }</pre>
 */
public final class CropFlipNormalizeReformat {
    private static final OpCheck OP = OpCheck.of("CropFlipNormalizeReformat");
    private static final Set<DataType> SRC_TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);
    private static final Set<DataType> DST_TYPES = EnumSet.of(DataType.U8, DataType.F32, DataType.F16);
    private static final int IMAGES_PER_LAUNCH = 200;

    private CropFlipNormalizeReformat() {}

    /** A new tensor of {@code dstType} in {@code dstLayout}, of the rectangles' size. See the class comment. */
    public static Tensor cropFlipNormalizeReformat(Tensor src, int[][] cropRects, int[] flipCodes, float[] base,
                                                   float[] scale, float globalScale, float globalShift, float epsilon,
                                                   boolean scaleIsStddev, boolean swapRB, BorderType border,
                                                   float borderValue, DataType dstType, TensorLayout dstLayout,
                                                   Stream stream) {
        PixelGrid s = checkSrc(src, base, scale, swapRB, border);
        OP.notNull(cropRects, "cropRects");
        if (cropRects.length == 0 || cropRects[0] == null || cropRects[0].length != 4) {
            throw OP.fail("cropRects must hold {x, y, w, h} rectangles");
        }
        OP.notNull(dstType, "dstType");
        OP.notNull(dstLayout, "dstLayout");
        int w = cropRects[0][2], h = cropRects[0][3];
        if (w < 1 || h < 1) {
            throw OP.fail("crop rect size " + w + "x" + h + " must be at least 1x1");
        }
        OP.layoutOfSameBatching("dst", dstLayout.labels(), s);
        if (!DST_TYPES.contains(dstType)) {
            throw OP.fail("dstType " + dstType + " is not supported; supported: F16, F32, U8");
        }
        checkRects(s, cropRects, flipCodes, w, h); // all of them before the output exists
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(dstLayout, s.n(), h, w, s.c()), dstType, dstLayout, stream,
                dst -> run(dst, s, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon, scaleIsStddev, swapRB,
                        border, borderValue, stream));
    }

    /** As {@link #cropFlipNormalizeReformat(Tensor, int[][], int[], float[], float[], float, float, float, boolean, boolean,
     * BorderType, float, DataType, TensorLayout, Stream)}, on the current stream. */
    public static Tensor cropFlipNormalizeReformat(Tensor src, int[][] cropRects, int[] flipCodes, float[] base,
                                                   float[] scale, float globalScale, float globalShift, float epsilon,
                                                   boolean scaleIsStddev, boolean swapRB, BorderType border,
                                                   float borderValue, DataType dstType, TensorLayout dstLayout) {
        return cropFlipNormalizeReformat(src, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon,
                scaleIsStddev, swapRB, border, borderValue, dstType, dstLayout, null);
    }

    /** As {@link #cropFlipNormalizeReformat}, into {@code dst} (its size is every rectangle's size). */
    public static void cropFlipNormalizeReformatInto(Tensor dst, Tensor src, int[][] cropRects, int[] flipCodes,
                                                     float[] base, float[] scale, float globalScale, float globalShift,
                                                     float epsilon, boolean scaleIsStddev, boolean swapRB,
                                                     BorderType border, float borderValue, Stream stream) {
        PixelGrid s = checkSrc(src, base, scale, swapRB, border);
        run(dst, s, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon, scaleIsStddev, swapRB, border,
                borderValue, stream);
    }

    /** As {@link #cropFlipNormalizeReformatInto(Tensor, Tensor, int[][], int[], float[], float[], float, float, float,
     * boolean, boolean, BorderType, float, Stream)}, on the current stream. */
    public static void cropFlipNormalizeReformatInto(Tensor dst, Tensor src, int[][] cropRects, int[] flipCodes,
                                                     float[] base, float[] scale, float globalScale, float globalShift,
                                                     float epsilon, boolean scaleIsStddev, boolean swapRB,
                                                     BorderType border, float borderValue) {
        cropFlipNormalizeReformatInto(dst, src, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon,
                scaleIsStddev, swapRB, border, borderValue, null);
    }

    private static PixelGrid checkSrc(Tensor src, float[] base, float[] scale, boolean swapRB, BorderType border) {
        PixelGrid s = OP.image("src", src, PixelGrid.ANY_IMAGE);
        OP.dtype("src", s, SRC_TYPES);
        OP.channels("src", s, swapRB ? 3 : 1, 4);
        AffinePixels.checkParams(OP, s.c(), base, scale);
        OP.notNull(border, "border");
        if (s.w() == 0 || s.h() == 0) {
            throw OP.fail("src is empty (" + s.w() + "x" + s.h() + ")");
        }
        return s;
    }

    private static void run(Tensor dst, PixelGrid s, int[][] rects, int[] flips, float[] base, float[] scale, float gs,
                            float shift, float eps, boolean stddev, boolean swapRB, BorderType border, float borderValue,
                            Stream stream) {
        PixelGrid d = OP.image("dst", dst, PixelGrid.ANY_IMAGE);
        OP.layoutOfSameBatching("dst", d.layout(), s);
        OP.dtype("dst", d, DST_TYPES);
        if (d.n() != s.n() || d.c() != s.c()) {
            throw OP.fail("dst has " + d.n() + " images of " + d.c() + " channels but src has " + s.n() + " of " + s.c());
        }
        checkRects(s, rects, flips, d.w(), d.h());
        OP.output(d, s);
        float[] q = AffinePixels.effectiveScales(scale, eps, stddev);
        if (dst.isHost()) {
            cpu(s, d, rects, flips, base, q, gs, shift, swapRB, border, borderValue);
            return;
        }
        Stream st = OP.stream(dst, stream);
        Kernel k = KernelLibrary.kernel(dst.device(), "cvj_crop_flip_normalize_reformat_" + KernelLibrary.typeName(s.dtype())
                + "_" + KernelLibrary.typeName(d.dtype()));
        byte[] affine = AffinePixels.struct(base, q, gs, shift);
        for (int n0 = 0; n0 < s.n(); n0 += IMAGES_PER_LAUNCH) {
            int count = Math.min(IMAGES_PER_LAUNCH, s.n() - n0);
            ByteBuffer b = ByteBuffer.allocate(IMAGES_PER_LAUNCH * 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                int[] r = rects[rects.length == 1 ? 0 : n0 + i];
                b.putInt(r[0]).putInt(r[1]).putInt(flips[flips.length == 1 ? 0 : n0 + i]).putInt(0);
            }
            KernelArgs a = new KernelArgs().pointer(s.address() + n0 * s.sN()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                    .i32(s.w()).i32(s.h()).pointer(d.address() + n0 * d.sN()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC())
                    .i32(d.w()).i32(d.h()).i32(d.c()).i32(border.code()).f32(borderValue).i32(swapRB ? 1 : 0)
                    .struct(affine, 4).struct(b.array(), 16);
            Launch.pixels(k, d.w(), d.h(), count, st, a);
        }
    }

    /**
     * One rectangle or one per image, one flip code or one per image, every rectangle {@code {x, y, w, h}} of the
     * output's size {@code w x h}, with its last column {@code x + w - 1} and last row {@code y + h - 1} in the int
     * range (the CPU and GPU paths address source pixels in 32 bits).
     */
    private static void checkRects(PixelGrid s, int[][] rects, int[] flips, int w, int h) {
        OP.notNull(rects, "cropRects");
        OP.notNull(flips, "flipCodes");
        if (rects.length != 1 && rects.length != s.n()) {
            throw OP.fail(rects.length + " crop rects for " + s.n() + " images; give 1 or " + s.n());
        }
        if (flips.length != 1 && flips.length != s.n()) {
            throw OP.fail(flips.length + " flip codes for " + s.n() + " images; give 1 or " + s.n());
        }
        for (int i = 0; i < rects.length; i++) {
            int[] r = rects[i];
            if (r == null || r.length != 4) {
                throw OP.fail("cropRects[" + i + "] must be {x, y, w, h}");
            }
            if (r[2] != w || r[3] != h) {
                throw OP.fail("cropRects[" + i + "] is " + r[2] + "x" + r[3] + " but dst is " + w + "x" + h + " (w x h)");
            }
            if ((long) r[0] + w - 1 > Integer.MAX_VALUE || (long) r[1] + h - 1 > Integer.MAX_VALUE) {
                throw OP.fail("cropRects[" + i + "] " + Arrays.toString(r) + " ends past 2^31-1 (its last"
                        + " column x + w - 1 and last row y + h - 1 must be at most 2^31-1)");
            }
        }
    }

    /** Channel of src feeding output channel c. */
    static int sourceChannel(int c, int channels, boolean swapRB) {
        return swapRB && channels >= 3 && c < 3 ? 2 - c : c;
    }

    private static void cpu(PixelGrid s, PixelGrid d, int[][] rects, int[] flips, float[] base, float[] q, float gs,
                            float shift, boolean swapRB, BorderType border, float borderValue) {
        MemorySegment ss = s.host(), ds = d.host();
        int c = s.c();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            int[] r = rects[rects.length == 1 ? 0 : img];
            int f = flips[flips.length == 1 ? 0 : img];
            boolean fv = f == 0 || f == -1, fh = f == 1 || f == -1;
            int ys = border.interpolate(r[1] + (fv ? d.h() - 1 - y : y), s.h());
            for (int x = 0; x < d.w(); x++) {
                int xs = ys < 0 ? -1 : border.interpolate(r[0] + (fh ? d.w() - 1 - x : x), s.w());
                for (int ch = 0; ch < c; ch++) {
                    float v = xs < 0 ? borderValue
                            : CpuPixels.load(ss, s.offset(img, ys, xs, sourceChannel(ch, c, swapRB)), s.dtype());
                    float out = AffinePixels.apply(v, base[Math.min(ch, base.length - 1)], q[Math.min(ch, q.length - 1)], gs, shift);
                    CpuPixels.store(ds, d.offset(img, y, x, ch), d.dtype(), out);
                }
            }
        });
    }
}

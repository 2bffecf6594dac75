package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Pads every image with a border, OpenCV's {@code copyMakeBorder} (and CV-CUDA's): the output is
 * {@code (W + left + right) x (H + top + bottom)}; pixel (x, y) is the source pixel
 * {@code (border(x - left), border(y - top))} by {@link BorderType#interpolate}, or the constant for
 * {@link BorderType#CONSTANT}. Borders wider than the image follow {@code cv::borderInterpolate} (REFLECT and
 * WRAP repeat). The constant is one value per channel (or one for all; up to 4 accepted, like {@code cv::Scalar}), saturated to the element type
 * like OpenCV's {@code scalarToRawData}. Bit-exact.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>all</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Borders</td><td colspan="2">CONSTANT, REPLICATE, REFLECT, WRAP, REFLECT_101; sizes &gt;= 0</td></tr>
 * </table>
 * dst must not overlap src in memory (refused).
 *
 * <pre>{@code
 * Tensor padded = CopyMakeBorder.copyMakeBorder(img, 8, 8, 16, 16, BorderType.REFLECT_101, null, stream);
 * }</pre>
 */
public final class CopyMakeBorder {
    private static final OpCheck OP = OpCheck.of("CopyMakeBorder");

    private CopyMakeBorder() {}

    /** A new tensor: {@code src} with the borders added. {@code value}: the CONSTANT colour (null = 0). */
    public static Tensor copyMakeBorder(Tensor src, int top, int bottom, int left, int right, BorderType border,
                                        double[] value, Stream stream) {
        PixelGrid s = checkSrc(src, border, value);
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw OP.fail("border sizes must be >= 0, got top=" + top + ", bottom=" + bottom
                    + ", left=" + left + ", right=" + right);
        }
        long w = (long) s.w() + left + right, h = (long) s.h() + top + bottom;
        if (w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw OP.fail("padded image of " + w + "x" + h + " is too large");
        }
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(src.layout(), s.n(), (int) h, (int) w, s.c()), src.dtype(),
                src.layout(), stream, dst -> run(dst, s, top, left, border, value, stream));
    }

    /** As {@link #copyMakeBorder(Tensor, int, int, int, int, BorderType, double[], Stream)}, on the current stream. */
    public static Tensor copyMakeBorder(Tensor src, int top, int bottom, int left, int right, BorderType border,
                                        double[] value) {
        return copyMakeBorder(src, top, bottom, left, right, border, value, null);
    }

    /** Writes {@code src}, placed at ({@code left}, {@code top}) and surrounded by the border, into {@code dst}. */
    public static void copyMakeBorderInto(Tensor dst, Tensor src, int top, int left, BorderType border, double[] value,
                                          Stream stream) {
        PixelGrid s = checkSrc(src, border, value);
        PixelGrid d = OP.image("dst", dst, PixelGrid.ANY_IMAGE);
        if (top < 0 || left < 0 || (long) top + s.h() > d.h() || (long) left + s.w() > d.w()) {
            throw OP.fail("a " + s.w() + "x" + s.h() + " src at (left=" + left + ", top=" + top
                    + ") does not fit the " + d.w() + "x" + d.h() + " dst (w x h)");
        }
        run(dst, s, top, left, border, value, stream);
    }

    /** As {@link #copyMakeBorderInto(Tensor, Tensor, int, int, BorderType, double[], Stream)}, on the current stream. */
    public static void copyMakeBorderInto(Tensor dst, Tensor src, int top, int left, BorderType border, double[] value) {
        copyMakeBorderInto(dst, src, top, left, border, value, null);
    }

    private static PixelGrid checkSrc(Tensor src, BorderType border, double[] value) {
        PixelGrid s = OP.image("src", src);
        OP.notNull(border, "border");
        if (value != null && (value.length == 0 || value.length > 4 || (value.length != 1 && value.length < s.c()))) {
            throw OP.fail("border value has " + value.length + " entries; expected 1, or "
                    + s.c() + " to 4 (one per channel, extra ignored, like cv::Scalar)");
        }
        if (s.w() == 0 || s.h() == 0) {
            throw OP.fail("src is empty (" + s.w() + "x" + s.h() + "): nothing to extend");
        }
        return s;
    }

    /** The raw bits of each channel's constant (4 entries). */
    static long[] constantBits(double[] value, DataType t) {
        long[] bits = new long[4];
        for (int c = 0; c < 4; c++) {
            double v = value == null ? 0 : value[Math.min(c, value.length - 1)];
            bits[c] = CpuPixels.rawBits(v, t);
        }
        return bits;
    }

    private static void run(Tensor dst, PixelGrid s, int top, int left, BorderType border, double[] value, Stream stream) {
        PixelGrid d = OP.image("dst", dst, PixelGrid.ANY_IMAGE);
        if (!d.layout().equals(s.layout()) || d.dtype() != s.dtype() || d.n() != s.n() || d.c() != s.c()) {
            throw OP.fail("dst is " + d + " but must have src's layout, data type, N and C (" + s + ")");
        }
        OP.output(d, s);
        long[] bits = constantBits(value, s.dtype());
        int e = s.elemSize();
        if (dst.isHost()) {
            MemorySegment ss = s.host(), ds = d.host();
            CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
                int ys = border.interpolate(y - top, s.h());
                for (int x = 0; x < d.w(); x++) {
                    int xs = ys < 0 ? -1 : border.interpolate(x - left, s.w());
                    for (int c = 0; c < d.c(); c++) {
                        long dof = d.offset(img, y, x, c);
                        if (xs < 0) {
                            CpuPixels.storeRaw(ds, dof, e, bits[c]);
                        } else {
                            CpuPixels.copy(ss, s.offset(img, ys, xs, c), ds, dof, e);
                        }
                    }
                }
            });
            return;
        }
        Stream st = OP.stream(dst, stream);
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : bits) {
            b.putLong(v);
        }
        long dstRowBytes = (long) d.w() * d.c() * e;
        long windows = (dstRowBytes / 16 + 2) * d.h() * d.n();
        if (s.rowsDense() && d.rowsDense() && dstRowBytes <= Integer.MAX_VALUE - 32
                && windows / Launch.LINEAR_BLOCK < Integer.MAX_VALUE) {
            // Dense rows: 16-byte windows of each dst row, the interior as a row copy (cvj_copy_make_border_rows),
            // one thread per window of all N x H rows (the kernel's launch bounds are Launch.LINEAR_BLOCK).
            Kernel k = KernelLibrary.kernel(dst.device(), "cvj_copy_make_border_rows");
            KernelArgs a = Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i32(s.w()).i32(s.h())
                    .pointer(d.address()).i64(d.sN()).i64(d.sH()).i32(d.w()).i32(d.h()).i32(d.n()).i32(top).i32(left)
                    .i32(d.c() * e).i32(e).i32(border.code()).struct(b.array(), 8);
            if (d.w() > 0) { // windows is 0 when H or N is
                Launch.linear(k, windows, st, a);
            }
            return;
        }
        Kernel k = KernelLibrary.kernel(dst.device(), "cvj_copy_make_border_e" + e);
        KernelArgs a = new KernelArgs().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC()).i32(s.w()).i32(s.h())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(top).i32(left)
                .i32(d.c()).i32(border.code()).struct(b.array(), 8);
        Launch.pixels(k, d.w(), d.h(), d.n(), st, a);
    }
}

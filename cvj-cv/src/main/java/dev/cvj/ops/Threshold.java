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
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Fixed-level thresholding of every element, OpenCV's {@code cv::threshold} (and CV-CUDA's Threshold) with one
 * threshold and maximum value for the whole batch:
 * <pre>
 *   BINARY       dst = src &gt; thresh ? maxval : 0
 *   BINARY_INV   dst = src &gt; thresh ? 0 : maxval
 *   TRUNC        dst = src &gt; thresh ? thresh : src
 *   TOZERO       dst = src &gt; thresh ? src : 0
 *   TOZERO_INV   dst = src &gt; thresh ? 0 : src
 * </pre>
 * As in OpenCV, integer images compare against {@code floor(thresh)} and write {@code maxval} rounded half to
 * even and saturated to the type ({@code cvFloor}, {@code cvRound}, {@code saturate_cast}); TRUNC writes the floored
 * threshold saturated to the type, except on S16 with a threshold below -32768, where OpenCV (and cvj) writes 0.
 * F32 images compare and write in float ({@code (float) thresh}, {@code (float) maxval}). Bit-exact with OpenCV
 * 4.6 on the goldens, and GPU equals CPU bit for bit.
 *
 * <p>Deliberate differences: a threshold or maxval beyond the int range is clamped to it first (OpenCV's
 * {@code cvFloor}/{@code cvRound} overflow there); a NaN threshold or maxval is refused. A NaN element compares
 * false (BINARY 0, BINARY_INV maxval, TRUNC and TOZERO_INV NaN, TOZERO 0), which is OpenCV's scalar path (its SIMD
 * path may give {@code thresh} for TRUNC). The automatic thresholds (OTSU, TRIANGLE) are not offered.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>any</td><td>same as src</td></tr>
 * </table>
 * In place: dst may be the very same view as src; any other overlap of dst and src in memory is refused.
 *
 * <pre>{@code
 * Tensor mask = Threshold.threshold(gray, 127, 255, Threshold.Type.BINARY);   // 0 or 255, current stream
 * }</pre>
 */
public final class Threshold {
    /** The thresholding rule; {@link #code()} is OpenCV's {@code THRESH_*} value. */
    public enum Type {
        BINARY, BINARY_INV, TRUNC, TOZERO, TOZERO_INV;

        /** OpenCV's {@code cv::THRESH_*} value (and the kernels'). */
        public int code() {
            return ordinal();
        }
    }

    private static final OpCheck OP = OpCheck.of("Threshold");
    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);

    private Threshold() {}

    /** A new tensor: {@code src} thresholded (see the class comment). A null stream is the current stream. */
    public static Tensor threshold(Tensor src, double thresh, double maxval, Type type, Stream stream) {
        PixelGrid s = check(src);
        Levels l = levels(src.dtype(), thresh, maxval, type);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream, dst -> run(dst, s, l, stream));
    }

    /** As {@link #threshold(Tensor, double, double, Type, Stream)}, on the current stream. */
    public static Tensor threshold(Tensor src, double thresh, double maxval, Type type) {
        return threshold(src, thresh, maxval, type, null);
    }

    /** Writes {@code src} thresholded into {@code dst} (same shape, layout and data type). */
    public static void thresholdInto(Tensor dst, Tensor src, double thresh, double maxval, Type type, Stream stream) {
        PixelGrid s = check(src);
        run(dst, s, levels(src.dtype(), thresh, maxval, type), stream);
    }

    /** As {@link #thresholdInto(Tensor, Tensor, double, double, Type, Stream)}, on the current stream. */
    public static void thresholdInto(Tensor dst, Tensor src, double thresh, double maxval, Type type) {
        thresholdInto(dst, src, thresh, maxval, type, null);
    }

    private static PixelGrid check(Tensor src) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, TYPES);
        return s;
    }

    /**
     * What the rule compares and writes for one data type: integer types compare against {@code floor(thresh)}
     * and write saturated integers ({@code high} for maxval, {@code trunc} for TRUNC); F32 uses the float values.
     */
    private record Levels(Type type, int thresh, int high, int trunc, float fthresh, float fmax) {}

    private static Levels levels(DataType t, double thresh, double maxval, Type type) {
        OP.notNull(type, "type");
        if (Double.isNaN(thresh) || Double.isNaN(maxval)) {
            throw OP.fail("thresh " + thresh + " and maxval " + maxval + " must be numbers (not NaN)");
        }
        int ithresh = (int) Math.clamp(Math.floor(thresh), Integer.MIN_VALUE, Integer.MAX_VALUE);
        int imax = (int) Math.clamp(Math.rint(maxval), Integer.MIN_VALUE, Integer.MAX_VALUE);
        int min = t == DataType.S16 ? -32768 : 0;
        int high = Math.clamp(imax, min, CpuPixels.maxValue(t));
        int trunc = t == DataType.S16 && ithresh < min ? 0 : Math.clamp(ithresh, min, CpuPixels.maxValue(t));
        return new Levels(type, ithresh, high, trunc, (float) thresh, (float) maxval);
    }

    private static void run(Tensor dst, PixelGrid s, Levels l, Stream stream) {
        PixelGrid d = OP.image("dst", dst);
        OP.sameShape("dst", d, "src", s);
        OP.sameDtype("dst", d, "src", s);
        OP.output("dst", d, "src", s, true);
        if (dst.isHost()) {
            cpu(s, d, l);
            return;
        }
        Stream st = OP.stream(dst, stream);
        Kernel k = KernelLibrary.kernel(dst.device(), "cvj_threshold_" + s.dtype().name().toLowerCase(Locale.ROOT));
        KernelArgs a = Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.c())
                .i32(l.type().code());
        if (s.dtype() == DataType.F32) {
            a.f32(l.fthresh()).f32(l.fmax());
        } else {
            a.i32(l.thresh()).i32(l.high()).i32(l.trunc());
        }
        Launch.pixels(k, d.w(), d.h(), d.n(), st, a);
    }

    /** The CPU path, element by element as the kernel (threshold.cu). */
    private static void cpu(PixelGrid s, PixelGrid d, Levels l) {
        DataType t = s.dtype();
        MemorySegment in = s.host(), out = d.host();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            for (int x = 0; x < d.w(); x++) {
                for (int c = 0; c < d.c(); c++) {
                    long so = s.offset(img, y, x, c), o = d.offset(img, y, x, c);
                    if (t == DataType.F32) {
                        float v = CpuPixels.load(in, so, t);
                        CpuPixels.store(out, o, t, apply(l.type(), v > l.fthresh(), v, l.fmax(), l.fthresh()));
                    } else {
                        int v = CpuPixels.loadInt(in, so, t);
                        CpuPixels.storeInt(out, o, t, (int) apply(l.type(), v > l.thresh(), v, l.high(), l.trunc()));
                    }
                }
            }
        });
    }

    private static float apply(Type type, boolean above, float v, float high, float trunc) {
        return switch (type) {
            case BINARY -> above ? high : 0;
            case BINARY_INV -> above ? 0 : high;
            case TRUNC -> above ? trunc : v;
            case TOZERO -> above ? v : 0;
            case TOZERO_INV -> above ? 0 : v;
        };
    }
}

package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.DeviceParameters;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;

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
 * path may give {@code thresh} for TRUNC).
 *
 * <p>Automatic thresholds ({@code THRESH_OTSU}, {@code THRESH_TRIANGLE}): {@link #thresholdAuto} computes each
 * image's threshold from its histogram, as OpenCV's {@code getThreshVal_Otsu_8u} and {@code getThreshVal_Triangle_8u}
 * (the same double arithmetic, step for step, without fused multiply-adds), then applies the rule with it (U8, one
 * channel, as OpenCV). OpenCV returns the level it computed; {@link #thresholdAutoInto} writes each image's level to
 * an optional S32 tensor. On the GPU three launches, no host round trip: a histogram per image (shared-memory
 * atomics), one thread per image for the level, then the rule over the pixels (a benchmark should measure the
 * histogram pass on large single images, where the blocks per image bound its parallelism).
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>any</td><td>same as src</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (the types and channels above; automatic levels: U8, 1
 *       channel; 1 to 65535 images on a device), a thresh and a maxval per image (arrays, or CV-CUDA's F64 tensors
 *       [N])</td><td>a varshape batch of the same sizes and pixels</td></tr>
 * </table>
 * In place: dst may be the very same view as src; any other overlap of dst and src in memory is refused (for
 * batches: dst image i may be src image i, and no other dst image may overlap a src image).
 *
 * <p>Varshape batches: image i gets exactly what the single-image call gives it. Host batches run the single-image
 * CPU path image by image; device batches one launch for the rule, each image's levels read from a device buffer
 * uploaded once per call; the automatic levels take the three steps of the single-image path for the whole batch
 * (histograms, one level per image written into that buffer, the rule).
 *
 * <pre>{@code
 * Tensor mask = Threshold.threshold(gray, 127, 255, Threshold.Type.BINARY);   // 0 or 255, current stream
 * }</pre>
 */
public final class Threshold {
    /** The thresholding rule; {@link #code()} is OpenCV's {@code THRESH_*} value. */
    public enum Type {
        /** {@code src > thresh ? maxval : 0}. */
        BINARY,
        /** {@code src > thresh ? 0 : maxval}. */
        BINARY_INV,
        /** {@code src > thresh ? thresh : src}. */
        TRUNC,
        /** {@code src > thresh ? src : 0}. */
        TOZERO,
        /** {@code src > thresh ? 0 : src}. */
        TOZERO_INV;

        /**
         * OpenCV's {@code cv::THRESH_*} value (and the kernels').
         *
         * @return the code
         */
        public int code() {
            return ordinal();
        }
    }

    /** How {@link #thresholdAuto} chooses each image's threshold: OpenCV's {@code THRESH_OTSU}, {@code THRESH_TRIANGLE}. */
    public enum Auto {
        /** Otsu's method: the level that maximizes the between-class variance. */
        OTSU,
        /** The triangle method: the level farthest from the line from the histogram's peak to its far end. */
        TRIANGLE
    }

    private static final OpCheck OP = OpCheck.of("Threshold");
    private static final int BINS = 256;
    /** Blocks per image of the histogram pass (fewer when the image has fewer rows). */
    private static final int HIST_BLOCKS = 32;
    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);

    private Threshold() {}

    /**
     * A new tensor: {@code src} thresholded (see the class comment). A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param thresh the threshold
     * @param maxval the value the BINARY rules write
     * @param type the rule
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor threshold(Tensor src, double thresh, double maxval, Type type, Stream stream) {
        PixelGrid s = check(src);
        Levels l = levels(src.dtype(), thresh, maxval, type);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream, dst -> run(dst, s, l, stream));
    }

    /**
     * As {@link #threshold(Tensor, double, double, Type, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param thresh the threshold
     * @param maxval the value the BINARY rules write
     * @param type the rule
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor threshold(Tensor src, double thresh, double maxval, Type type) {
        return threshold(src, thresh, maxval, type, null);
    }

    /**
     * Writes {@code src} thresholded into {@code dst} (same shape, layout and data type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param thresh the threshold
     * @param maxval the value the BINARY rules write
     * @param type the rule
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void thresholdInto(Tensor dst, Tensor src, double thresh, double maxval, Type type, Stream stream) {
        PixelGrid s = check(src);
        run(dst, s, levels(src.dtype(), thresh, maxval, type), stream);
    }

    /**
     * As {@link #thresholdInto(Tensor, Tensor, double, double, Type, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param thresh the threshold
     * @param maxval the value the BINARY rules write
     * @param type the rule
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void thresholdInto(Tensor dst, Tensor src, double thresh, double maxval, Type type) {
        thresholdInto(dst, src, thresh, maxval, type, null);
    }

    /**
     * A new tensor: {@code src} thresholded with each image's own level, chosen by {@code method} from its
     * histogram ({@code cv::threshold(src, dst, 0, maxval, type | THRESH_OTSU)} or {@code | THRESH_TRIANGLE});
     * src is U8 with one channel. A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param method how the level is computed
     * @param maxval the value the BINARY rules write
     * @param type the rule
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor thresholdAuto(Tensor src, Auto method, double maxval, Type type, Stream stream) {
        PixelGrid s = checkAuto(src, method);
        Levels l = levels(DataType.U8, 0, maxval, type);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream,
                dst -> runAuto(dst, null, s, method, l, stream));
    }

    /**
     * As {@link #thresholdAuto(Tensor, Auto, double, Type, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param method how the level is computed
     * @param maxval the value the BINARY rules write
     * @param type the rule
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor thresholdAuto(Tensor src, Auto method, double maxval, Type type) {
        return thresholdAuto(src, method, maxval, type, null);
    }

    /**
     * Writes {@code src} thresholded with each image's automatic level into {@code dst} (same shape, layout and
     * type), and, when {@code thresholds} is not null, image {@code i}'s level into its element {@code i}: an S32
     * tensor of one dimension, one element per image (1 for HWC and CHW), in dst's place, apart from dst and src.
     * dst may be the very same view as src.
     *
     * @param dst the caller's output, as the support table allows
     * @param thresholds an S32 tensor that receives each image's level (null: none)
     * @param src the input image(s), as the support table allows
     * @param method how the level is computed
     * @param maxval the value the BINARY rules write
     * @param type the rule
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void thresholdAutoInto(Tensor dst, Tensor thresholds, Tensor src, Auto method, double maxval, Type type,
                                         Stream stream) {
        PixelGrid s = checkAuto(src, method);
        runAuto(dst, thresholds, s, method, levels(DataType.U8, 0, maxval, type), stream);
    }

    /**
     * As {@link #thresholdAutoInto(Tensor, Tensor, Tensor, Auto, double, Type, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param thresholds an S32 tensor that receives each image's level (null: none)
     * @param src the input image(s), as the support table allows
     * @param method how the level is computed
     * @param maxval the value the BINARY rules write
     * @param type the rule
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void thresholdAutoInto(Tensor dst, Tensor thresholds, Tensor src, Auto method, double maxval, Type type) {
        thresholdAutoInto(dst, thresholds, src, method, maxval, type, null);
    }

    private static PixelGrid checkAuto(Tensor src, Auto method) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, EnumSet.of(DataType.U8));
        OP.channels("src", s, 1, 1);
        OP.notNull(method, "method");
        if ((long) s.h() * s.w() > Integer.MAX_VALUE) {
            throw OP.fail("src images of " + s.h() + " x " + s.w() + " pixels are too large for the automatic levels: at most "
                    + Integer.MAX_VALUE + " pixels (the histogram counts in int, as OpenCV's)");
        }
        return s;
    }

    private static void runAuto(Tensor dst, Tensor thresholds, PixelGrid s, Auto method, Levels l, Stream stream) {
        PixelGrid d = OP.image("dst", dst);
        OP.sameShape("dst", d, "src", s);
        OP.sameDtype("dst", d, "src", s);
        OP.output("dst", d, "src", s, true);
        if (thresholds != null) {
            OP.samePlace("dst", dst, "thresholds", thresholds);
            if (thresholds.dtype() != DataType.S32 || thresholds.rank() != 1 || thresholds.shape(0) != d.n()) {
                throw OP.fail("thresholds must be an S32 tensor of shape [" + d.n() + "] (one level per image), not "
                        + thresholds.dtype() + " " + Arrays.toString(thresholds.shape()));
            }
            OP.writable("thresholds", thresholds);
            OP.apart("thresholds", thresholds, "dst", dst, false);
            OP.apart("thresholds", thresholds, "src", s.tensor(), false);
        }
        if (dst.isHost()) {
            int[] level = new int[d.n()];
            for (int i = 0; i < level.length; i++) {
                level[i] = level(histogram(s, i), (long) s.h() * s.w(), method);
            }
            cpu(s, d, img -> atLevel(l, level[img]));
            if (thresholds != null) {
                for (int i = 0; i < level.length; i++) {
                    thresholds.hostSegment().set(ValueLayout.JAVA_INT_UNALIGNED, i * thresholds.strides()[0], level[i]);
                }
            }
            return;
        }
        Stream st = OP.stream(dst, stream);
        if (d.n() == 0 || d.h() == 0 || d.w() == 0) {
            return;
        }
        try (Tensor scratch = Tensor.allocate(new long[] {(long) d.n() * (BINS + 1)}, DataType.S32, null, st)) {
            long hist = scratch.address(), levels = hist + (long) d.n() * BINS * 4;
            Launch.linear(KernelLibrary.kernel(dst.device(), "cvj_threshold_zero_i32"), (long) d.n() * BINS, st,
                    Launch.args().pointer(hist).i64((long) d.n() * BINS));
            Launch.blocks(KernelLibrary.kernel(dst.device(), "cvj_threshold_hist_u8"), Math.min(HIST_BLOCKS, s.h()), 1, d.n(),
                    BINS, st, Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i32(s.w()).i32(s.h())
                            .pointer(hist));
            Launch.blocks(KernelLibrary.kernel(dst.device(), "cvj_threshold_level_u8"), 1, 1, d.n(), 32, st,
                    Launch.args().pointer(hist).i32(method.ordinal()).i64((long) s.h() * s.w()).pointer(levels)
                            .pointer(thresholds == null ? 0 : thresholds.address())
                            .i64(thresholds == null ? 0 : thresholds.strides()[0]));
            Launch.pixels(KernelLibrary.kernel(dst.device(), "cvj_threshold_auto_u8"), d.w(), d.h(), d.n(), st,
                    Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).pointer(d.address())
                            .i64(d.sN()).i64(d.sH()).i64(d.sW()).i32(d.w()).i32(l.type().code()).i32(l.high())
                            .pointer(levels));
            scratch.close(st);
        }
    }

    /** The rule's levels for one image's automatic threshold (an integer level of U8). */
    private static Levels atLevel(Levels l, int level) {
        return new Levels(l.type(), level, l.high(), Math.clamp(level, 0, BINS - 1), level, l.fmax());
    }

    /** Image {@code img}'s histogram of its 256 values. */
    private static long[] histogram(PixelGrid s, int img) {
        long[] h = new long[BINS];
        MemorySegment in = s.host();
        for (int y = 0; y < s.h(); y++) {
            for (int x = 0; x < s.w(); x++) {
                h[CpuPixels.loadInt(in, s.offset(img, y, x, 0), DataType.U8)]++;
            }
        }
        return h;
    }

    /** The level of a histogram of {@code total} pixels (threshold.cu's cvj::auto_level, step for step). */
    static int level(long[] h, long total, Auto method) {
        return method == Auto.OTSU ? otsu(h, total) : triangle(h);
    }

    /** OpenCV's getThreshVal_Otsu_8u in double, each product and sum rounded on its own. */
    private static int otsu(long[] h, long total) {
        double scale = 1.0 / total, mu = 0;
        for (int i = 0; i < BINS; i++) {
            mu += i * (double) h[i];
        }
        mu *= scale;
        double mu1 = 0, q1 = 0, maxSigma = 0, eps = Math.ulp(1.0f);
        int maxVal = 0;
        for (int i = 0; i < BINS; i++) {
            double p = h[i] * scale;
            mu1 *= q1;
            q1 += p;
            double q2 = 1.0 - q1;
            if (Math.min(q1, q2) < eps || Math.max(q1, q2) > 1.0 - eps) {
                continue;
            }
            mu1 = (mu1 + i * p) / q1;
            double mu2 = (mu - q1 * mu1) / q2;
            double sigma = q1 * q2 * (mu1 - mu2) * (mu1 - mu2);
            if (sigma > maxSigma) {
                maxSigma = sigma;
                maxVal = i;
            }
        }
        return maxVal;
    }

    /** OpenCV's getThreshVal_Triangle_8u; its double sums of integer products are exact, so longs give the same. */
    private static int triangle(long[] hist) {
        long[] h = hist.clone();
        int n = BINS, left = 0, right = 0, maxInd = 0;
        long max = 0;
        for (int i = 0; i < n; i++) {
            if (h[i] > 0) {
                left = i;
                break;
            }
        }
        if (left > 0) {
            left--;
        }
        for (int i = n - 1; i > 0; i--) {
            if (h[i] > 0) {
                right = i;
                break;
            }
        }
        if (right < n - 1) {
            right++;
        }
        for (int i = 0; i < n; i++) {
            if (h[i] > max) {
                max = h[i];
                maxInd = i;
            }
        }
        boolean flipped = maxInd - left < right - maxInd;
        if (flipped) {
            for (int i = 0, j = n - 1; i < j; i++, j--) {
                long t = h[i];
                h[i] = h[j];
                h[j] = t;
            }
            left = n - 1 - right;
            maxInd = n - 1 - maxInd;
        }
        int thresh = left;
        long b = left - maxInd, dist = 0;
        for (int i = left + 1; i <= maxInd; i++) {
            long d = max * i + b * h[i];
            if (d > dist) {
                dist = d;
                thresh = i;
            }
        }
        thresh--;
        return flipped ? n - 1 - thresh : thresh;
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
            cpu(s, d, img -> l);
            return;
        }
        Stream st = OP.stream(dst, stream);
        String type = s.dtype().name().toLowerCase(Locale.ROOT);
        long bytes = (long) d.n() * d.h() * d.w() * d.c() * s.dtype().byteSize();
        Tensor src = s.tensor();
        // the rule does not depend on where an element is: contiguous tensors (of one shape and layout, checked
        // above) go 16 bytes per thread
        boolean flat = src.isContiguous() && dst.isContiguous() && bytes % 16 == 0 && s.address() % 16 == 0
                && d.address() % 16 == 0;
        Kernel k = KernelLibrary.kernel(dst.device(), (flat ? "cvj_threshold_flat_" : "cvj_threshold_") + type);
        KernelArgs a = flat ? Launch.args().pointer(s.address()).pointer(d.address()).i64(bytes / 16).i32(l.type().code())
                : Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.c())
                .i32(l.type().code());
        if (s.dtype() == DataType.F32) {
            a.f32(l.fthresh()).f32(l.fmax());
        } else {
            a.i32(l.thresh()).i32(l.high()).i32(l.trunc());
        }
        if (flat) {
            Launch.linear(k, bytes / 16, st, a);
        } else {
            Launch.pixels(k, d.w(), d.h(), d.n(), st, a);
        }
    }

    /** The CPU path, element by element as the kernel (threshold.cu). */
    private static void cpu(PixelGrid s, PixelGrid d, IntFunction<Levels> levels) {
        DataType t = s.dtype();
        MemorySegment in = s.host(), out = d.host();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            Levels l = levels.apply(img);
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

    // ---- varshape batches ----

    /**
     * A new batch of src's sizes and pixels: image i thresholded with {@code thresh} and {@code maxval} (each 1 value
     * for all images or one per image).
     *
     * @param src the input batch, as the support table allows
     * @param thresh each image's threshold (not NaN): 1 value for all images or one per image
     * @param maxval each image's value for the BINARY rules (not NaN): 1 value for all images or one per image
     * @param type the rule, the same for all images
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device), of src's sizes and pixels; it owns its images: the
     *         caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, thresh or maxval of neither 1 value nor one per image or holding NaN; the message names the
     *         operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static ImageBatchVarShape threshold(ImageBatchVarShape src, double[] thresh, double[] maxval, Type type,
                                               Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        Levels[] l = batchLevels(p.dataType(), thresh, maxval, type, src.size());
        return Outputs.allocateBatch(OP, src, src::imageSize, p.channels(), p.dataType(), stream,
                dst -> runBatch(dst, src, p, l, stream));
    }

    /**
     * As {@link #threshold(ImageBatchVarShape, double[], double[], Type, Stream)}, on the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param thresh each image's threshold (not NaN): 1 value for all images or one per image
     * @param maxval each image's value for the BINARY rules (not NaN): 1 value for all images or one per image
     * @param type the rule, the same for all images
     * @return the new batch beside src (the host or src's device), of src's sizes and pixels; it owns its images: the
     *         caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, thresh or maxval of neither 1 value nor one per image or holding NaN; the message names the
     *         operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static ImageBatchVarShape threshold(ImageBatchVarShape src, double[] thresh, double[] maxval, Type type) {
        return threshold(src, thresh, maxval, type, null);
    }

    /**
     * As {@link #threshold(ImageBatchVarShape, double[], double[], Type, Stream)}, the levels as CV-CUDA's
     * ThresholdVarShape takes them: F64 (or F32) tensors of shape {@code [N]} (N = 1 or the batch size).
     *
     * @param src the input batch, as the support table allows
     * @param thresh each image's threshold, an F64 or F32 tensor of shape {@code [N]} (N = 1 for all images, or the
     *         batch size), on the host or a device (a device tensor is read back with a synchronous copy)
     * @param maxval each image's value for the BINARY rules, an F64 or F32 tensor of shape {@code [N]} (N = 1 for all
     *         images, or the batch size), on the host or a device (a device tensor is read back with a synchronous
     *         copy)
     * @param type the rule, the same for all images
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device), of src's sizes and pixels; it owns its images: the
     *         caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, thresh or maxval of neither 1 value nor one per image or holding NaN; the message names the
     *         operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     * @throws IllegalStateException if {@code thresh} or {@code maxval} is a closed tensor
     */
    public static ImageBatchVarShape threshold(ImageBatchVarShape src, Tensor thresh, Tensor maxval, Type type,
                                               Stream stream) {
        OP.batch("src batch", src, TYPES, 1, 4);
        return threshold(src, ParameterTensors.values(OP, "thresh", thresh, src.size()),
                ParameterTensors.values(OP, "maxval", maxval, src.size()), type, stream);
    }

    /**
     * Writes image i of {@code src} thresholded into image i of {@code dst} (same sizes and pixels; image i may be the
     * very same view as src image i).
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), sizes, channels and
     *         type; image i may be the very same view as src image i (in place), no other overlap with a src image
     * @param src the input batch, as the support table allows
     * @param thresh each image's threshold (not NaN): 1 value for all images or one per image
     * @param maxval each image's value for the BINARY rules (not NaN): 1 value for all images or one per image
     * @param type the rule, the same for all images
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, thresh or maxval of neither 1 value nor one per image or holding NaN, a dst batch that does not
     *         fit src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static void thresholdInto(ImageBatchVarShape dst, ImageBatchVarShape src, double[] thresh, double[] maxval,
                                     Type type, Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        runBatch(dst, src, p, batchLevels(p.dataType(), thresh, maxval, type, src.size()), stream);
    }

    /**
     * As {@link #thresholdInto(ImageBatchVarShape, ImageBatchVarShape, double[], double[], Type, Stream)}, on the
     * current stream.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), sizes, channels and
     *         type; image i may be the very same view as src image i (in place), no other overlap with a src image
     * @param src the input batch, as the support table allows
     * @param thresh each image's threshold (not NaN): 1 value for all images or one per image
     * @param maxval each image's value for the BINARY rules (not NaN): 1 value for all images or one per image
     * @param type the rule, the same for all images
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, thresh or maxval of neither 1 value nor one per image or holding NaN, a dst batch that does not
     *         fit src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static void thresholdInto(ImageBatchVarShape dst, ImageBatchVarShape src, double[] thresh, double[] maxval,
                                     Type type) {
        thresholdInto(dst, src, thresh, maxval, type, null);
    }

    /**
     * As {@link #thresholdInto(ImageBatchVarShape, ImageBatchVarShape, double[], double[], Type, Stream)}, the levels
     * as tensors.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), sizes, channels and
     *         type; image i may be the very same view as src image i (in place), no other overlap with a src image
     * @param src the input batch, as the support table allows
     * @param thresh each image's threshold, an F64 or F32 tensor of shape {@code [N]} (N = 1 for all images, or the
     *         batch size), on the host or a device (a device tensor is read back with a synchronous copy)
     * @param maxval each image's value for the BINARY rules, an F64 or F32 tensor of shape {@code [N]} (N = 1 for all
     *         images, or the batch size), on the host or a device (a device tensor is read back with a synchronous
     *         copy)
     * @param type the rule, the same for all images
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, thresh or maxval of neither 1 value nor one per image or holding NaN, a dst batch that does not
     *         fit src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     * @throws IllegalStateException if {@code thresh} or {@code maxval} is a closed tensor
     */
    public static void thresholdInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor thresh, Tensor maxval,
                                     Type type, Stream stream) {
        OP.batch("src batch", src, TYPES, 1, 4);
        thresholdInto(dst, src, ParameterTensors.values(OP, "thresh", thresh, src.size()),
                ParameterTensors.values(OP, "maxval", maxval, src.size()), type, stream);
    }

    /**
     * A new batch: image i thresholded with its own automatic level ({@code method}; U8, one channel), written as
     * {@code maxval} (1 value for all images or one per image) by the rule.
     *
     * @param src the input batch: U8, one channel, each image of at most 2^31 - 1 pixels
     * @param method how each image's level is computed from its histogram
     * @param maxval each image's value for the BINARY rules (not NaN): 1 value for all images or one per image
     * @param type the rule, the same for all images
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device), of src's sizes, U8, one channel; it owns its images:
     *         the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, maxval of neither 1 value nor one per image or holding NaN; the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static ImageBatchVarShape thresholdAuto(ImageBatchVarShape src, Auto method, double[] maxval, Type type,
                                                   Stream stream) {
        PixelType p = checkAuto(src, method);
        Levels[] l = batchLevels(DataType.U8, new double[] {0}, maxval, type, src.size());
        return Outputs.allocateBatch(OP, src, src::imageSize, 1, DataType.U8, stream,
                dst -> runAutoBatch(dst, src, p, method, l, stream));
    }

    /**
     * As {@link #thresholdAuto(ImageBatchVarShape, Auto, double[], Type, Stream)}, on the current stream.
     *
     * @param src the input batch: U8, one channel, each image of at most 2^31 - 1 pixels
     * @param method how each image's level is computed from its histogram
     * @param maxval each image's value for the BINARY rules (not NaN): 1 value for all images or one per image
     * @param type the rule, the same for all images
     * @return the new batch beside src (the host or src's device), of src's sizes, U8, one channel; it owns its images:
     *         the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, maxval of neither 1 value nor one per image or holding NaN; the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static ImageBatchVarShape thresholdAuto(ImageBatchVarShape src, Auto method, double[] maxval, Type type) {
        return thresholdAuto(src, method, maxval, type, null);
    }

    /**
     * Writes image i of {@code src} thresholded with its automatic level into image i of {@code dst}.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), sizes, one U8 channel;
     *         image i may be the very same view as src image i (in place), no other overlap with a src image
     * @param src the input batch: U8, one channel, each image of at most 2^31 - 1 pixels
     * @param method how each image's level is computed from its histogram
     * @param maxval each image's value for the BINARY rules (not NaN): 1 value for all images or one per image
     * @param type the rule, the same for all images
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, maxval of neither 1 value nor one per image or holding NaN, a dst batch that does not fit src; the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static void thresholdAutoInto(ImageBatchVarShape dst, ImageBatchVarShape src, Auto method, double[] maxval,
                                         Type type, Stream stream) {
        PixelType p = checkAuto(src, method);
        runAutoBatch(dst, src, p, method, batchLevels(DataType.U8, new double[] {0}, maxval, type, src.size()), stream);
    }

    /**
     * As {@link #thresholdAutoInto(ImageBatchVarShape, ImageBatchVarShape, Auto, double[], Type, Stream)}, on the
     * current stream.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), sizes, one U8 channel;
     *         image i may be the very same view as src image i (in place), no other overlap with a src image
     * @param src the input batch: U8, one channel, each image of at most 2^31 - 1 pixels
     * @param method how each image's level is computed from its histogram
     * @param maxval each image's value for the BINARY rules (not NaN): 1 value for all images or one per image
     * @param type the rule, the same for all images
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, maxval of neither 1 value nor one per image or holding NaN, a dst batch that does not fit src; the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static void thresholdAutoInto(ImageBatchVarShape dst, ImageBatchVarShape src, Auto method, double[] maxval,
                                         Type type) {
        thresholdAutoInto(dst, src, method, maxval, type, null);
    }


    private static PixelType checkAuto(ImageBatchVarShape src, Auto method) {
        PixelType p = OP.batch("src batch", src, EnumSet.of(DataType.U8), 1, 1);
        OP.notNull(method, "method");
        for (int i = 0; i < src.size(); i++) {
            ImageSize s = src.imageSize(i);
            if ((long) s.width() * s.height() > Integer.MAX_VALUE) {
                throw OP.fail("src image " + i + " of " + s + " is too large for the automatic levels: at most "
                        + Integer.MAX_VALUE + " pixels (the histogram counts in int, as OpenCV's)");
            }
        }
        return p;
    }

    /** The levels of each entry of {@code thresh} and {@code maxval} (1 for all images or one per image). */
    private static Levels[] batchLevels(DataType t, double[] thresh, double[] maxval, Type type, int images) {
        OP.notNull(thresh, "thresh");
        OP.notNull(maxval, "maxval");
        int n = Math.max(OP.perImage("thresh", thresh.length, images), OP.perImage("maxval", maxval.length, images));
        Levels[] l = new Levels[n];
        for (int i = 0; i < n; i++) {
            l[i] = levels(t, thresh[thresh.length == 1 ? 0 : i], maxval[maxval.length == 1 ? 0 : i], type);
        }
        return l;
    }

    /** dst batch against src: open, src's count, place, pixels and sizes, writable, image i apart from the others. */
    private static void checkBatchOutput(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p) {
        OP.batchOutput("dst batch", dst, "src batch", src, true);
        OP.batchPixels("dst batch", dst, p);
        OP.sameSizes("dst batch", dst, "src batch", src);
    }

    private static void runBatch(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, Levels[] l, Stream stream) {
        checkBatchOutput(dst, src, p);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                run(dst.image(i), OP.image("src image " + i, src.image(i)), l[l.length == 1 ? 0 : i], null);
            }
            return;
        }
        Stream s = OP.stream(src.image(0), stream);
        int[] v = new int[3 * l.length]; // threshold.cu's {thresh, high, trunc} per image, F32 levels as float bits
        for (int i = 0; i < l.length; i++) {
            boolean f = p.dataType() == DataType.F32;
            v[3 * i] = f ? Float.floatToRawIntBits(l[i].fthresh()) : l[i].thresh();
            v[3 * i + 1] = f ? Float.floatToRawIntBits(l[i].fmax()) : l[i].high();
            v[3 * i + 2] = f ? Float.floatToRawIntBits(l[i].fthresh()) : l[i].trunc();
        }
        Tensor levels = DeviceParameters.upload(v, s);
        try {
            rule(dst, src, p, levels.address(), l.length == 1 ? 0 : 3, l[0].type(), s);
        } finally {
            levels.close(s);
        }
    }

    private static void runAutoBatch(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, Auto method, Levels[] l,
                                     Stream stream) {
        checkBatchOutput(dst, src, p);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                runAuto(dst.image(i), null, checkAuto(src.image(i), method), method, l[l.length == 1 ? 0 : i], null);
            }
            return;
        }
        Stream s = OP.stream(src.image(0), stream);
        int n = src.size();
        int[] v = new int[3 * n]; // the highs; cvj_threshold_level_vs_u8 writes each image's thresh and trunc
        for (int i = 0; i < n; i++) {
            v[3 * i + 1] = l[l.length == 1 ? 0 : i].high();
        }
        Tensor levels = DeviceParameters.upload(v, s);
        try (Tensor hist = Tensor.allocate(new long[] {(long) n * BINS}, DataType.S32, null, s)) {
            long srcs = src.descriptors(s);
            Launch.linear(KernelLibrary.kernel(src.device(), "cvj_threshold_zero_i32"), (long) n * BINS, s,
                    Launch.args().pointer(hist.address()).i64((long) n * BINS));
            int rows = src.maxSize().height();
            Launch.blocks(KernelLibrary.kernel(src.device(), "cvj_threshold_hist_vs_u8"), Math.clamp(rows, 1, HIST_BLOCKS), 1,
                    n, BINS, s, Launch.args().pointer(srcs).pointer(hist.address()));
            Launch.blocks(KernelLibrary.kernel(src.device(), "cvj_threshold_level_vs_u8"), 1, 1, n, 32, s,
                    Launch.args().pointer(srcs).pointer(hist.address()).i32(method.ordinal()).pointer(levels.address()));
            rule(dst, src, p, levels.address(), 3, l[0].type(), s);
            hist.close(s);
        } finally {
            levels.close(s);
        }
    }

    /** The rule over every image of the batch, one launch, image i's levels at {@code levels + i * stride} ints. */
    private static void rule(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, long levels, int stride, Type type,
                             Stream s) {
        Kernel k = KernelLibrary.kernel(src.device(), "cvj_threshold_vs_" + KernelLibrary.typeName(p.dataType()));
        Launch.batchPixels(k, dst.maxSize(), src.size(), s, Launch.args().pointer(src.descriptors(s))
                .pointer(dst.descriptors(s)).pointer(levels).i32(stride).i32(p.channels()).i32(type.code()));
    }
}

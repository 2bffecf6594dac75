package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.FilterKernels;
import dev.cvj.ops.internal.FilterPixels;
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
import java.util.EnumSet;

/**
 * Thresholding against the local mean, OpenCV's {@code cv::adaptiveThreshold}: each pixel is compared with the
 * mean {@code m} of the {@code blockSize x blockSize} window around it, minus {@code C}:
 * <pre>
 *   BINARY       dst = src - m &gt; -ceil(C)   ? maxValue : 0
 *   BINARY_INV   dst = src - m &lt;= -floor(C) ? maxValue : 0
 * </pre>
 * as OpenCV's table, with {@code maxValue} rounded half to even and saturated to U8 (a negative maxValue gives 0
 * everywhere, as OpenCV). The mean is OpenCV's, rounded to U8 as OpenCV rounds it, pixels outside the image
 * replicating the edge ({@code BORDER_REPLICATE | BORDER_ISOLATED}): {@link Method#MEAN_C} is
 * {@code boxFilter}'s normalized U8 sum, {@link Method#GAUSSIAN_C} the F32 {@code GaussianBlur} (sigma from the
 * block size) of the image converted to float, converted back to U8 (round half to even). Bit-exact with OpenCV
 * 4.6 on the goldens, and GPU equals CPU bit for bit. On the GPU two launches: the filter kernel of the smoothing
 * operators writes the mean into dst, then the comparison reads src and the mean (a benchmark should time large
 * blocks, where the filter reads {@code blockSize^2} pixels per output).
 *
 * <p>Differences: cvj also takes 2 to 4 channels, each thresholded on its own as a one-channel image would be
 * (OpenCV takes one). OpenCV works in place ({@code dst} may be {@code src}); cvj refuses a dst that overlaps src, as
 * its filters do. A NaN maxValue or C is refused.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8</td><td>U8</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4 (each on its own; OpenCV takes 1)</td><td>same as src</td></tr>
 *   <tr><td>Block</td><td>odd {@code blockSize >= 3}, at most 2047</td><td></td></tr>
 *   <tr><td>Rules</td><td>{@link Threshold.Type#BINARY}, {@link Threshold.Type#BINARY_INV}</td><td></td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (U8, 1 to 4 channels; 1 to 65535 images on a device), a
 *       maxValue, blockSize and C per image (arrays, or CV-CUDA's tensors: F64 [N], S32 [N], F64 [N])</td>
 *       <td>a varshape batch of the same sizes and pixels</td></tr>
 * </table>
 * Varshape batches: image i gets exactly what the single-image call gives it. Host batches run the single-image CPU
 * path image by image; device batches one launch that computes each pixel's mean (the filter's steps, its image's
 * taps) and compares at once, the per-image parameters and taps in a device buffer uploaded once per call.
 *
 * <pre>{@code
 * Tensor mask = AdaptiveThreshold.adaptiveThreshold(gray, 255, AdaptiveThreshold.Method.GAUSSIAN_C,
 *         Threshold.Type.BINARY, 11, 2);
 * }</pre>
 */
public final class AdaptiveThreshold {
    /** How the local mean is computed: OpenCV's {@code ADAPTIVE_THRESH_MEAN_C}, {@code ADAPTIVE_THRESH_GAUSSIAN_C}. */
    public enum Method {
        /** The window's plain mean ({@code boxFilter}). */
        MEAN_C,
        /** The window's Gaussian-weighted mean ({@code GaussianBlur}, sigma {@code 0.3 * ((blockSize - 1) * 0.5 - 1) + 0.8}). */
        GAUSSIAN_C
    }

    private static final OpCheck OP = OpCheck.of("AdaptiveThreshold");

    private AdaptiveThreshold() {}

    /**
     * A new tensor: {@code src} thresholded against its local means (see the class comment). A null stream is the
     * current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param maxValue the value written where the rule holds
     * @param method how the neighbourhood's mean is weighted
     * @param type the rule: BINARY or BINARY_INV
     * @param blockSize the neighbourhood's side, odd and at least 3
     * @param c the constant subtracted from the neighbourhood's mean
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor adaptiveThreshold(Tensor src, double maxValue, Method method, Threshold.Type type, int blockSize,
                                           double c, Stream stream) {
        PixelGrid s = check(src);
        Rule rule = rule(maxValue, method, type, blockSize, c);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream, dst -> run(dst, s, rule, stream));
    }

    /**
     * As {@link #adaptiveThreshold(Tensor, double, Method, Threshold.Type, int, double, Stream)}, on the current
     * stream.
     *
     * @param src the input image(s), as the support table allows
     * @param maxValue the value written where the rule holds
     * @param method how the neighbourhood's mean is weighted
     * @param type the rule: BINARY or BINARY_INV
     * @param blockSize the neighbourhood's side, odd and at least 3
     * @param c the constant subtracted from the neighbourhood's mean
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor adaptiveThreshold(Tensor src, double maxValue, Method method, Threshold.Type type, int blockSize,
                                           double c) {
        return adaptiveThreshold(src, maxValue, method, type, blockSize, c, null);
    }

    /**
     * Writes {@code src} thresholded against its local means into {@code dst} (same shape and layout, U8, apart from
     * src).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param maxValue the value written where the rule holds
     * @param method how the neighbourhood's mean is weighted
     * @param type the rule: BINARY or BINARY_INV
     * @param blockSize the neighbourhood's side, odd and at least 3
     * @param c the constant subtracted from the neighbourhood's mean
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void adaptiveThresholdInto(Tensor dst, Tensor src, double maxValue, Method method, Threshold.Type type,
                                             int blockSize, double c, Stream stream) {
        PixelGrid s = check(src);
        run(dst, s, rule(maxValue, method, type, blockSize, c), stream);
    }

    /**
     * As {@link #adaptiveThresholdInto(Tensor, Tensor, double, Method, Threshold.Type, int, double, Stream)}, on the
     * current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param maxValue the value written where the rule holds
     * @param method how the neighbourhood's mean is weighted
     * @param type the rule: BINARY or BINARY_INV
     * @param blockSize the neighbourhood's side, odd and at least 3
     * @param c the constant subtracted from the neighbourhood's mean
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void adaptiveThresholdInto(Tensor dst, Tensor src, double maxValue, Method method, Threshold.Type type,
                                             int blockSize, double c) {
        adaptiveThresholdInto(dst, src, maxValue, method, type, blockSize, c, null);
    }

    private static PixelGrid check(Tensor src) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, EnumSet.of(DataType.U8));
        OP.channels("src", s, 1, 4);
        return s;
    }

    /**
     * The mean's taps, the output level ({@code maxValue} as U8) and the comparison: {@code src - mean > -delta}
     * for BINARY ({@code delta = ceil(C)}), {@code <= -delta} for BINARY_INV ({@code delta = floor(C)}); delta is
     * clamped to +-1024, beyond the differences of U8 values, which decides nothing.
     */
    private record Rule(FilterPixels.Taps taps, boolean inverse, int high, int delta) {}

    private static Rule rule(double maxValue, Method method, Threshold.Type type, int blockSize, double c) {
        OP.notNull(method, "method");
        OP.notNull(type, "type");
        if (type != Threshold.Type.BINARY && type != Threshold.Type.BINARY_INV) {
            throw OP.fail("type " + type + " is not supported: BINARY or BINARY_INV (as in OpenCV)");
        }
        if (blockSize < 3 || blockSize % 2 == 0) {
            throw OP.fail("blockSize " + blockSize + " must be odd and at least 3");
        }
        FilterKernels.size(OP, blockSize, blockSize);
        if (Double.isNaN(maxValue) || Double.isNaN(c)) {
            throw OP.fail("maxValue " + maxValue + " and C " + c + " must be numbers (not NaN)");
        }
        boolean inverse = type == Threshold.Type.BINARY_INV;
        int high = (int) Math.clamp(Math.rint(maxValue), 0, 255);
        int delta = (int) Math.clamp(inverse ? Math.floor(c) : Math.ceil(c), -1024, 1024);
        FilterPixels.Taps taps = method == Method.MEAN_C
                ? FilterKernels.box(OP, DataType.U8, blockSize, blockSize, -1, -1, true)
                : FilterKernels.gaussian(DataType.F32, blockSize, blockSize, 0, 0);
        return new Rule(taps, inverse, high, delta);
    }

    private static void run(Tensor dst, PixelGrid s, Rule rule, Stream stream) {
        OP.notNull(dst, "dst");
        FilterPixels.into(OP, dst, s, rule.taps(), BorderType.REPLICATE, stream); // the means, into dst
        PixelGrid d = OP.image("dst", dst);
        if (dst.isHost()) {
            cpu(s, d, rule);
            return;
        }
        if (d.n() == 0 || d.h() == 0 || d.w() == 0) {
            return;
        }
        Launch.pixels(KernelLibrary.kernel(dst.device(), "cvj_adaptive_threshold_u8"), d.w(), d.h(), d.n(),
                OP.stream(dst, stream), Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                        .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.c())
                        .i32(rule.inverse() ? 1 : 0).i32(rule.high()).i32(rule.delta()));
    }

    /** The comparison on the CPU, pixel by pixel as the kernel (threshold.cu): the mean is dst's value. */
    private static void cpu(PixelGrid s, PixelGrid d, Rule rule) {
        MemorySegment in = s.host(), out = d.host();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            for (int x = 0; x < d.w(); x++) {
                for (int c = 0; c < d.c(); c++) {
                    long o = d.offset(img, y, x, c);
                    int diff = CpuPixels.loadInt(in, s.offset(img, y, x, c), DataType.U8) - CpuPixels.loadInt(out, o, DataType.U8);
                    boolean set = rule.inverse() ? diff <= -rule.delta() : diff > -rule.delta();
                    CpuPixels.storeInt(out, o, DataType.U8, set ? rule.high() : 0);
                }
            }
        });
    }

    // ---- varshape batches ----

    /** Ints per image of the batch kernel's parameters (threshold.cu's ADAPTIVE_PARAMS). */
    private static final int PARAM_INTS = 16;

    /**
     * A new batch of src's sizes: image i thresholded against its local means with {@code maxValue}, {@code blockSize}
     * and {@code c} (each 1 value for all images or one per image).
     *
     * @param src the input batch: U8, 1 to 4 channels
     * @param maxValue each image's value written where the rule holds (not NaN): 1 value for all images or one per
     *         image
     * @param method how the neighbourhood's mean is weighted, the same for all images
     * @param type the rule, the same for all images: BINARY or BINARY_INV
     * @param blockSize each image's neighbourhood side, odd, 3 to 2047: 1 value for all images or one per image
     * @param c each image's constant subtracted from the neighbourhood's mean (not NaN): 1 value for all images or one
     *         per image
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device), of src's sizes and channels, U8; it owns its images:
     *         the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, maxValue, blockSize or c of neither 1 value nor one per image, a blockSize not odd or outside
     *         3..2047, a NaN maxValue or c, a rule other than BINARY and BINARY_INV; the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static ImageBatchVarShape adaptiveThreshold(ImageBatchVarShape src, double[] maxValue, Method method,
                                                       Threshold.Type type, int[] blockSize, double[] c, Stream stream) {
        PixelType p = checkBatch(src);
        Rule[] rules = rules(maxValue, method, type, blockSize, c, src.size());
        return Outputs.allocateBatch(OP, src, src::imageSize, p.channels(), DataType.U8, stream,
                dst -> runBatch(dst, src, p, rules, stream));
    }

    /**
     * As {@link #adaptiveThreshold(ImageBatchVarShape, double[], Method, Threshold.Type, int[], double[], Stream)}, on
     * the current stream.
     *
     * @param src the input batch: U8, 1 to 4 channels
     * @param maxValue each image's value written where the rule holds (not NaN): 1 value for all images or one per
     *         image
     * @param method how the neighbourhood's mean is weighted, the same for all images
     * @param type the rule, the same for all images: BINARY or BINARY_INV
     * @param blockSize each image's neighbourhood side, odd, 3 to 2047: 1 value for all images or one per image
     * @param c each image's constant subtracted from the neighbourhood's mean (not NaN): 1 value for all images or one
     *         per image
     * @return the new batch beside src (the host or src's device), of src's sizes and channels, U8; it owns its images:
     *         the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, maxValue, blockSize or c of neither 1 value nor one per image, a blockSize not odd or outside
     *         3..2047, a NaN maxValue or c, a rule other than BINARY and BINARY_INV; the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static ImageBatchVarShape adaptiveThreshold(ImageBatchVarShape src, double[] maxValue, Method method,
                                                       Threshold.Type type, int[] blockSize, double[] c) {
        return adaptiveThreshold(src, maxValue, method, type, blockSize, c, null);
    }

    /**
     * As {@link #adaptiveThreshold(ImageBatchVarShape, double[], Method, Threshold.Type, int[], double[], Stream)}, the
     * parameters as CV-CUDA's AdaptiveThresholdVarShape takes them: {@code maxValue} and {@code c} F64 (or F32) tensors
     * of shape {@code [N]}, {@code blockSize} an S32 tensor {@code [N]} (N = 1 or the batch size).
     *
     * @param src the input batch: U8, 1 to 4 channels
     * @param maxValue each image's value written where the rule holds, an F64 or F32 tensor of shape {@code [N]} (N = 1
     *         for all images, or the batch size), on the host or a device (a device tensor is read back with a
     *         synchronous copy)
     * @param method how the neighbourhood's mean is weighted, the same for all images
     * @param type the rule, the same for all images: BINARY or BINARY_INV
     * @param blockSize each image's neighbourhood side (odd, 3 to 2047), an S32 tensor of shape {@code [N]} (N = 1 for
     *         all images, or the batch size), on the host or a device (a device tensor is read back with a synchronous
     *         copy)
     * @param c each image's constant subtracted from the neighbourhood's mean, an F64 or F32 tensor of shape
     *         {@code [N]} (N = 1 for all images, or the batch size), on the host or a device (a device tensor is read
     *         back with a synchronous copy)
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device), of src's sizes and channels, U8; it owns its images:
     *         the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, maxValue, blockSize or c of neither 1 value nor one per image, a blockSize not odd or outside
     *         3..2047, a NaN maxValue or c, a rule other than BINARY and BINARY_INV; the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     * @throws IllegalStateException if {@code maxValue} or {@code blockSize} or {@code c} is a closed tensor
     */
    public static ImageBatchVarShape adaptiveThreshold(ImageBatchVarShape src, Tensor maxValue, Method method,
                                                       Threshold.Type type, Tensor blockSize, Tensor c, Stream stream) {
        checkBatch(src);
        return adaptiveThreshold(src, ParameterTensors.values(OP, "maxValue", maxValue, src.size()), method, type,
                ParameterTensors.ints(OP, "blockSize", blockSize, src.size()),
                ParameterTensors.values(OP, "c", c, src.size()), stream);
    }

    /**
     * Writes image i of {@code src} thresholded against its local means into image i of {@code dst} (same sizes, U8).
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), sizes and channels,
     *         U8, no image overlapping a src image
     * @param src the input batch: U8, 1 to 4 channels
     * @param maxValue each image's value written where the rule holds (not NaN): 1 value for all images or one per
     *         image
     * @param method how the neighbourhood's mean is weighted, the same for all images
     * @param type the rule, the same for all images: BINARY or BINARY_INV
     * @param blockSize each image's neighbourhood side, odd, 3 to 2047: 1 value for all images or one per image
     * @param c each image's constant subtracted from the neighbourhood's mean (not NaN): 1 value for all images or one
     *         per image
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, maxValue, blockSize or c of neither 1 value nor one per image, a blockSize not odd or outside
     *         3..2047, a NaN maxValue or c, a rule other than BINARY and BINARY_INV, a dst batch that does not fit src;
     *         the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static void adaptiveThresholdInto(ImageBatchVarShape dst, ImageBatchVarShape src, double[] maxValue,
                                             Method method, Threshold.Type type, int[] blockSize, double[] c,
                                             Stream stream) {
        PixelType p = checkBatch(src);
        runBatch(dst, src, p, rules(maxValue, method, type, blockSize, c, src.size()), stream);
    }

    /**
     * As {@link #adaptiveThresholdInto(ImageBatchVarShape, ImageBatchVarShape, double[], Method, Threshold.Type, int[],
     * double[], Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), sizes and channels,
     *         U8, no image overlapping a src image
     * @param src the input batch: U8, 1 to 4 channels
     * @param maxValue each image's value written where the rule holds (not NaN): 1 value for all images or one per
     *         image
     * @param method how the neighbourhood's mean is weighted, the same for all images
     * @param type the rule, the same for all images: BINARY or BINARY_INV
     * @param blockSize each image's neighbourhood side, odd, 3 to 2047: 1 value for all images or one per image
     * @param c each image's constant subtracted from the neighbourhood's mean (not NaN): 1 value for all images or one
     *         per image
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, maxValue, blockSize or c of neither 1 value nor one per image, a blockSize not odd or outside
     *         3..2047, a NaN maxValue or c, a rule other than BINARY and BINARY_INV, a dst batch that does not fit src;
     *         the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static void adaptiveThresholdInto(ImageBatchVarShape dst, ImageBatchVarShape src, double[] maxValue,
                                             Method method, Threshold.Type type, int[] blockSize, double[] c) {
        adaptiveThresholdInto(dst, src, maxValue, method, type, blockSize, c, null);
    }

    /**
     * As {@link #adaptiveThresholdInto(ImageBatchVarShape, ImageBatchVarShape, double[], Method, Threshold.Type, int[],
     * double[], Stream)}, the parameters as tensors.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), sizes and channels,
     *         U8, no image overlapping a src image
     * @param src the input batch: U8, 1 to 4 channels
     * @param maxValue each image's value written where the rule holds, an F64 or F32 tensor of shape {@code [N]} (N = 1
     *         for all images, or the batch size), on the host or a device (a device tensor is read back with a
     *         synchronous copy)
     * @param method how the neighbourhood's mean is weighted, the same for all images
     * @param type the rule, the same for all images: BINARY or BINARY_INV
     * @param blockSize each image's neighbourhood side (odd, 3 to 2047), an S32 tensor of shape {@code [N]} (N = 1 for
     *         all images, or the batch size), on the host or a device (a device tensor is read back with a synchronous
     *         copy)
     * @param c each image's constant subtracted from the neighbourhood's mean, an F64 or F32 tensor of shape
     *         {@code [N]} (N = 1 for all images, or the batch size), on the host or a device (a device tensor is read
     *         back with a synchronous copy)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, maxValue, blockSize or c of neither 1 value nor one per image, a blockSize not odd or outside
     *         3..2047, a NaN maxValue or c, a rule other than BINARY and BINARY_INV, a dst batch that does not fit src;
     *         the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     * @throws IllegalStateException if {@code maxValue} or {@code blockSize} or {@code c} is a closed tensor
     */
    public static void adaptiveThresholdInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor maxValue,
                                             Method method, Threshold.Type type, Tensor blockSize, Tensor c,
                                             Stream stream) {
        checkBatch(src);
        adaptiveThresholdInto(dst, src, ParameterTensors.values(OP, "maxValue", maxValue, src.size()), method, type,
                ParameterTensors.ints(OP, "blockSize", blockSize, src.size()),
                ParameterTensors.values(OP, "c", c, src.size()), stream);
    }

    private static PixelType checkBatch(ImageBatchVarShape src) {
        return OP.batch("src batch", src, EnumSet.of(DataType.U8), 1, 4);
    }


    /** The rule of each entry of the per-image arrays (1 for all images or one per image). */
    private static Rule[] rules(double[] maxValue, Method method, Threshold.Type type, int[] blockSize, double[] c,
                                int images) {
        OP.notNull(maxValue, "maxValue");
        OP.notNull(blockSize, "blockSize");
        OP.notNull(c, "c");
        int n = Math.max(OP.perImage("maxValue", maxValue.length, images),
                Math.max(OP.perImage("blockSize", blockSize.length, images), OP.perImage("c", c.length, images)));
        Rule[] rules = new Rule[n];
        for (int i = 0; i < n; i++) {
            rules[i] = rule(maxValue[maxValue.length == 1 ? 0 : i], method, type, blockSize[blockSize.length == 1 ? 0 : i],
                    c[c.length == 1 ? 0 : i]);
        }
        return rules;
    }

    private static void runBatch(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, Rule[] rules, Stream stream) {
        OP.batchOutput("dst batch", dst, "src batch", src, false);
        OP.batchPixels("dst batch", dst, p);
        OP.sameSizes("dst batch", dst, "src batch", src);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                run(dst.image(i), OP.image("src image " + i, src.image(i)), rules[rules.length == 1 ? 0 : i], null);
            }
            return;
        }
        Stream s = OP.stream(src.image(0), stream);
        Tensor params = DeviceParameters.upload(params(rules), s);
        try {
            ImageSize max = dst.maxSize();
            Launch.image(KernelLibrary.kernel(src.device(), "cvj_adaptive_threshold_vs_u8"), max.width(), max.height(),
                    src.size(), s, Launch.args().pointer(src.descriptors(s)).pointer(dst.descriptors(s))
                            .pointer(params.address()).i32(rules.length == 1 ? 0 : PARAM_INTS).i32(p.channels()));
        } finally {
            params.close(s);
        }
    }

    /** threshold.cu's parameter block: {@value #PARAM_INTS} ints per rule, then each rule's taps (kx, ky) as float bits. */
    private static int[] params(Rule[] rules) {
        int size = rules.length * PARAM_INTS;
        for (Rule r : rules) {
            size += r.taps().kx().length + r.taps().ky().length;
        }
        int[] v = new int[size];
        int at = rules.length * PARAM_INTS;
        for (int i = 0; i < rules.length; i++) {
            Rule r = rules[i];
            FilterPixels.Taps t = r.taps();
            int o = i * PARAM_INTS;
            long scale = Double.doubleToRawLongBits(t.scale());
            int[] head = {at, t.kx().length, t.ky().length, t.ax(), t.ay(), t.sum().ordinal(), t.shift(),
                r.inverse() ? 1 : 0, r.high(), r.delta(), (int) scale, (int) (scale >>> 32), (int) t.mul(),
                (int) (t.mul() >>> 32), (int) t.delta(), (int) (t.delta() >>> 32)};
            System.arraycopy(head, 0, v, o, PARAM_INTS);
            for (float k : t.kx()) {
                v[at++] = Float.floatToRawIntBits(k);
            }
            for (float k : t.ky()) {
                v[at++] = Float.floatToRawIntBits(k);
            }
        }
        return v;
    }
}

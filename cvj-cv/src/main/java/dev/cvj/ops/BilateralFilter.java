package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.BilateralPixels;
import dev.cvj.ops.internal.FilterVarShape;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;

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
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the host;
 *       the types and channels above), d and sigmas per image (arrays, or CV-CUDA's tensors)</td><td>a varshape batch
 *       of the same sizes, channels and type (new, or the caller's; no dst image may overlap a src image)</td></tr>
 * </table>
 * dst must not overlap src in memory.
 *
 * <pre>{@code
 * Tensor smooth = BilateralFilter.bilateralFilter(rgb, 9, 75, 75, BorderType.REFLECT_101);
 * }</pre>
 */
public final class BilateralFilter {
    /** The largest radius (the disc has at most (2 * 255 + 1)^2 neighbours). */
    public static final int MAX_RADIUS = BilateralPixels.MAX_RADIUS;

    private static final OpCheck OP = OpCheck.of("BilateralFilter");
    private static final FilterVarShape VARSHAPE = new FilterVarShape(OP);

    private BilateralFilter() {}

    /**
     * A new tensor: {@code src} bilateral-filtered. A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param d the diameter of the neighbourhood; 0 or less: computed from {@code sigmaSpace}
     * @param sigmaColor the range sigma: how different a value may be and still count
     * @param sigmaSpace the spatial sigma: how far a pixel may be and still count
     * @param border how pixels outside the image are read
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor bilateralFilter(Tensor src, int d, double sigmaColor, double sigmaSpace, BorderType border,
                                         Stream stream) {
        PixelGrid s = BilateralPixels.source(OP, "src", src, border);
        BilateralPixels.Params p = BilateralPixels.params(OP, d, sigmaColor, sigmaSpace);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream,
                dst -> BilateralPixels.into(OP, dst, s, s, p, border, stream));
    }

    /**
     * As {@link #bilateralFilter(Tensor, int, double, double, BorderType, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param d the diameter of the neighbourhood; 0 or less: computed from {@code sigmaSpace}
     * @param sigmaColor the range sigma: how different a value may be and still count
     * @param sigmaSpace the spatial sigma: how far a pixel may be and still count
     * @param border how pixels outside the image are read
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor bilateralFilter(Tensor src, int d, double sigmaColor, double sigmaSpace, BorderType border) {
        return bilateralFilter(src, d, sigmaColor, sigmaSpace, border, null);
    }

    /**
     * Writes {@code src} bilateral-filtered into {@code dst} (same shape, layout and data type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param d the diameter of the neighbourhood; 0 or less: computed from {@code sigmaSpace}
     * @param sigmaColor the range sigma: how different a value may be and still count
     * @param sigmaSpace the spatial sigma: how far a pixel may be and still count
     * @param border how pixels outside the image are read
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void bilateralFilterInto(Tensor dst, Tensor src, int d, double sigmaColor, double sigmaSpace,
                                           BorderType border, Stream stream) {
        PixelGrid s = BilateralPixels.source(OP, "src", src, border);
        BilateralPixels.into(OP, dst, s, s, BilateralPixels.params(OP, d, sigmaColor, sigmaSpace), border, stream);
    }

    /**
     * As {@link #bilateralFilterInto(Tensor, Tensor, int, double, double, BorderType, Stream)}, on the current
     * stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param d the diameter of the neighbourhood; 0 or less: computed from {@code sigmaSpace}
     * @param sigmaColor the range sigma: how different a value may be and still count
     * @param sigmaSpace the spatial sigma: how far a pixel may be and still count
     * @param border how pixels outside the image are read
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void bilateralFilterInto(Tensor dst, Tensor src, int d, double sigmaColor, double sigmaSpace,
                                           BorderType border) {
        bilateralFilterInto(dst, src, d, sigmaColor, sigmaSpace, border, null);
    }

    /**
     * A new varshape batch: image i of {@code src} bilateral-filtered with {@code d[i]}, {@code sigmaColor[i]} and
     * {@code sigmaSpace[i]} (each array 1 entry for every image, or one per image; each image as the single-image
     * call), the border for all (CV-CUDA's BilateralFilter of a varshape batch). The batch owns its images. A null
     * stream is the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param d the neighbourhood's diameter per image; 0 or less: computed from that image's sigmaSpace; 1 entry for
     *         every image, or one per image
     * @param sigmaColor the range sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param sigmaSpace the spatial sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter array has
     *         neither 1 entry nor one per image, or an image's d or sigmas break the checks of the single-image call
     *         (the message names the operator, the argument and, for one image's parameters, the image); nothing has
     *         run then
     * @throws NullPointerException if src, border or a parameter array is null
     */
    public static ImageBatchVarShape bilateralFilter(ImageBatchVarShape src, int[] d, double[] sigmaColor,
                                                     double[] sigmaSpace, BorderType border, Stream stream) {
        PixelType p = BilateralPixels.batchSource(OP, "src batch", src, border);
        BilateralPixels.Params[] q = BilateralPixels.params(OP, VARSHAPE, src, d, sigmaColor, sigmaSpace);
        return VARSHAPE.allocate(src, p, p.dataType(), stream,
                dst -> BilateralPixels.batch(OP, VARSHAPE, dst, src, src, p, q, border, stream));
    }

    /**
     * As {@link #bilateralFilter(ImageBatchVarShape, int[], double[], double[], BorderType, Stream)}, on the current
     * stream.
     *
     * @param src the input batch, as the support table allows
     * @param d the neighbourhood's diameter per image; 0 or less: computed from that image's sigmaSpace; 1 entry for
     *         every image, or one per image
     * @param sigmaColor the range sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param sigmaSpace the spatial sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter array has
     *         neither 1 entry nor one per image, or an image's d or sigmas break the checks of the single-image call
     *         (the message names the operator, the argument and, for one image's parameters, the image); nothing has
     *         run then
     * @throws NullPointerException if src, border or a parameter array is null
     */
    public static ImageBatchVarShape bilateralFilter(ImageBatchVarShape src, int[] d, double[] sigmaColor,
                                                     double[] sigmaSpace, BorderType border) {
        return bilateralFilter(src, d, sigmaColor, sigmaSpace, border, null);
    }

    /**
     * As {@link #bilateralFilter(ImageBatchVarShape, int[], double[], double[], BorderType, Stream)}, the parameters as
     * CV-CUDA's tensors of shape {@code [n]}: {@code diameter} S32, {@code sigmaColor} and {@code sigmaSpace} F32 or
     * F64 ({@code n} 1 or the batch size, on the host or a device; a device tensor is read with a synchronous copy of a
     * few bytes per image, which waits for the work queued before it on the legacy default stream).
     *
     * @param src the input batch, as the support table allows
     * @param diameter the S32 {@code [n]} tensor of the diameters (0 or less: from sigmaSpace): entry i is image i's,
     *         or entry 0 every image's
     * @param sigmaColor the F32 or F64 {@code [n]} (or {@code [n, 1]}) tensor of the range sigmas: entry i is image
     *         i's, or entry 0 every image's
     * @param sigmaSpace the F32 or F64 {@code [n]} (or {@code [n, 1]}) tensor of the spatial sigmas: entry i is image
     *         i's, or entry 0 every image's
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter tensor is not
     *         of the type and shape above or its n is neither 1 nor the batch size, or an image's d or sigmas break
     *         the checks of the single-image call (the message names the operator, the argument and, for one image's
     *         parameters, the image); nothing has run then
     * @throws NullPointerException if src, border or a parameter tensor is null
     * @throws IllegalStateException if a parameter tensor is closed
     */
    public static ImageBatchVarShape bilateralFilter(ImageBatchVarShape src, Tensor diameter, Tensor sigmaColor,
                                                     Tensor sigmaSpace, BorderType border, Stream stream) {
        BilateralPixels.batchSource(OP, "src batch", src, border);
        return bilateralFilter(src, ParameterTensors.ints(OP, "diameter", diameter, src.size()),
                ParameterTensors.column(ParameterTensors.doubles(OP, "sigmaColor", sigmaColor, src.size(), 1), 0),
                ParameterTensors.column(ParameterTensors.doubles(OP, "sigmaSpace", sigmaSpace, src.size(), 1), 0), border,
                stream);
    }

    /**
     * Writes image i of {@code src} bilateral-filtered into image i of {@code dst} (a batch of the same count, sizes,
     * channels and type); the parameters as
     * {@link #bilateralFilter(ImageBatchVarShape, int[], double[], double[], BorderType, Stream)}.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param d the neighbourhood's diameter per image; 0 or less: computed from that image's sigmaSpace; 1 entry for
     *         every image, or one per image
     * @param sigmaColor the range sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param sigmaSpace the spatial sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src, a parameter
     *         array has neither 1 entry nor one per image, or an image's d or sigmas break the checks of the
     *         single-image call (the message names the operator, the argument and, for one image's parameters, the
     *         image); nothing has run then
     * @throws NullPointerException if dst, src, border or a parameter array is null
     */
    public static void bilateralFilterInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[] d, double[] sigmaColor,
                                           double[] sigmaSpace, BorderType border, Stream stream) {
        PixelType p = BilateralPixels.batchSource(OP, "src batch", src, border);
        BilateralPixels.batch(OP, VARSHAPE, dst, src, src, p, BilateralPixels.params(OP, VARSHAPE, src, d, sigmaColor,
                sigmaSpace), border, stream);
    }

    /**
     * As {@link #bilateralFilterInto(ImageBatchVarShape, ImageBatchVarShape, int[], double[], double[], BorderType,
     * Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param d the neighbourhood's diameter per image; 0 or less: computed from that image's sigmaSpace; 1 entry for
     *         every image, or one per image
     * @param sigmaColor the range sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param sigmaSpace the spatial sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src, a parameter
     *         array has neither 1 entry nor one per image, or an image's d or sigmas break the checks of the
     *         single-image call (the message names the operator, the argument and, for one image's parameters, the
     *         image); nothing has run then
     * @throws NullPointerException if dst, src, border or a parameter array is null
     */
    public static void bilateralFilterInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[] d, double[] sigmaColor,
                                           double[] sigmaSpace, BorderType border) {
        bilateralFilterInto(dst, src, d, sigmaColor, sigmaSpace, border, null);
    }
}

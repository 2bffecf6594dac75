package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.BilateralPixels;
import dev.cvj.ops.internal.FilterVarShape;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;

/**
 * Joint (cross) bilateral filter, CV-CUDA's JointBilateralFilter: {@link BilateralFilter} of {@code src} with the
 * colour weights taken from a second image, {@code guide}, of the same shape, layout and data type: each output pixel
 * is the mean of {@code src} over the disc, neighbour {@code q} of pixel {@code p} weighted by
 * {@code exp(-r^2 / (2 sigmaSpace^2)) * exp(-|guide(q) - guide(p)|^2 / (2 sigmaColor^2))}. Everything else, the radius
 * from {@code d} and the sigmas, the border (applied to both images), and the arithmetic (U8: OpenCV's float tables;
 * F32: OpenCV's colour table over the guide's range, NaNs of either image left out), is {@link BilateralFilter}'s:
 * with {@code guide == src} the results are BilateralFilter's bit for bit. OpenCV's main modules have no joint filter
 * (its contrib module ximgproc has one with other arithmetic), so no OpenCV golden exists: the tests compare it to
 * BilateralFilter and to the formula in double precision. GPU equals CPU bit for bit.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>guide</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, F32</td><td>same as src</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 3</td><td>same as src</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>any; radius at most {@value BilateralFilter#MAX_RADIUS}</td><td>same as src</td><td>same as src</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the host;
 *       the types and channels above), d and sigmas per image</td><td>a batch of the same count, sizes, type and
 *       channels</td><td>a varshape batch of src's sizes, channels and type (new, or the caller's; no dst image may
 *       overlap a src or guide image)</td></tr>
 * </table>
 * dst must not overlap src or guide in memory.
 *
 * <pre>{@code
 * Tensor smooth = JointBilateralFilter.jointBilateralFilter(noisyDepth, rgb, 9, 30, 5, BorderType.REFLECT_101);
 * }</pre>
 */
public final class JointBilateralFilter {
    private static final OpCheck OP = OpCheck.of("JointBilateralFilter");
    private static final FilterVarShape VARSHAPE = new FilterVarShape(OP);

    private JointBilateralFilter() {}

    /**
     * A new tensor: {@code src} filtered with the colour weights of {@code guide}. A null stream is the current
     * stream.
     *
     * @param src the input image(s), as the support table allows
     * @param guide the image whose values weight the neighbours (src's size, type and channels)
     * @param d the diameter of the neighbourhood; 0 or less: computed from {@code sigmaSpace}
     * @param sigmaColor the range sigma: how different a guide value may be and still count
     * @param sigmaSpace the spatial sigma: how far a pixel may be and still count
     * @param border how pixels outside the image are read
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor jointBilateralFilter(Tensor src, Tensor guide, int d, double sigmaColor, double sigmaSpace,
                                              BorderType border, Stream stream) {
        PixelGrid s = BilateralPixels.source(OP, "src", src, border);
        PixelGrid g = guide(s, guide);
        BilateralPixels.Params p = BilateralPixels.params(OP, d, sigmaColor, sigmaSpace);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream,
                dst -> BilateralPixels.into(OP, dst, s, g, p, border, stream));
    }

    /**
     * As {@link #jointBilateralFilter(Tensor, Tensor, int, double, double, BorderType, Stream)}, on the current
     * stream.
     *
     * @param src the input image(s), as the support table allows
     * @param guide the image whose values weight the neighbours (src's size, type and channels)
     * @param d the diameter of the neighbourhood; 0 or less: computed from {@code sigmaSpace}
     * @param sigmaColor the range sigma: how different a guide value may be and still count
     * @param sigmaSpace the spatial sigma: how far a pixel may be and still count
     * @param border how pixels outside the image are read
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor jointBilateralFilter(Tensor src, Tensor guide, int d, double sigmaColor, double sigmaSpace,
                                              BorderType border) {
        return jointBilateralFilter(src, guide, d, sigmaColor, sigmaSpace, border, null);
    }

    /**
     * Writes {@code src} filtered with the colour weights of {@code guide} into {@code dst} (same shape, layout,
     * type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param guide the image whose values weight the neighbours (src's size, type and channels)
     * @param d the diameter of the neighbourhood; 0 or less: computed from {@code sigmaSpace}
     * @param sigmaColor the range sigma: how different a guide value may be and still count
     * @param sigmaSpace the spatial sigma: how far a pixel may be and still count
     * @param border how pixels outside the image are read
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void jointBilateralFilterInto(Tensor dst, Tensor src, Tensor guide, int d, double sigmaColor,
                                                double sigmaSpace, BorderType border, Stream stream) {
        PixelGrid s = BilateralPixels.source(OP, "src", src, border);
        PixelGrid g = guide(s, guide);
        BilateralPixels.into(OP, dst, s, g, BilateralPixels.params(OP, d, sigmaColor, sigmaSpace), border, stream);
    }

    /**
     * As {@link #jointBilateralFilterInto(Tensor, Tensor, Tensor, int, double, double, BorderType, Stream)}, on the
     * current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param guide the image whose values weight the neighbours (src's size, type and channels)
     * @param d the diameter of the neighbourhood; 0 or less: computed from {@code sigmaSpace}
     * @param sigmaColor the range sigma: how different a guide value may be and still count
     * @param sigmaSpace the spatial sigma: how far a pixel may be and still count
     * @param border how pixels outside the image are read
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void jointBilateralFilterInto(Tensor dst, Tensor src, Tensor guide, int d, double sigmaColor,
                                                double sigmaSpace, BorderType border) {
        jointBilateralFilterInto(dst, src, guide, d, sigmaColor, sigmaSpace, border, null);
    }

    /**
     * A new varshape batch: image i of {@code src} filtered with the colour weights of image i of {@code guide} (a batch
     * of the same count, sizes, type and channels) and {@code d[i]}, {@code sigmaColor[i]}, {@code sigmaSpace[i]} (each
     * array 1 entry for every image, or one per image), the border for all (CV-CUDA's JointBilateralFilter of varshape
     * batches). The batch owns its images. A null stream is the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param guide the batch whose values weight the neighbours: src's count, sizes, channels, type and place
     * @param d the neighbourhood's diameter per image; 0 or less: computed from that image's sigmaSpace; 1 entry for
     *         every image, or one per image
     * @param sigmaColor the range sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param sigmaSpace the spatial sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter array has
     *         neither 1 entry nor one per image, guide is closed or not of src's count, sizes, channels, type and
     *         place, or an image's d or sigmas break the checks of the single-image call (the message names the
     *         operator, the argument and, for one image's parameters, the image); nothing has run then
     * @throws NullPointerException if src, guide, border or a parameter array is null
     */
    public static ImageBatchVarShape jointBilateralFilter(ImageBatchVarShape src, ImageBatchVarShape guide, int[] d,
                                                          double[] sigmaColor, double[] sigmaSpace, BorderType border,
                                                          Stream stream) {
        PixelType p = BilateralPixels.batchSource(OP, "src batch", src, border);
        BilateralPixels.guide(OP, guide, src, p);
        BilateralPixels.Params[] q = BilateralPixels.params(OP, VARSHAPE, src, d, sigmaColor, sigmaSpace);
        return VARSHAPE.allocate(src, p, p.dataType(), stream,
                dst -> BilateralPixels.batch(OP, VARSHAPE, dst, src, guide, p, q, border, stream));
    }

    /**
     * As {@link #jointBilateralFilter(ImageBatchVarShape, ImageBatchVarShape, int[], double[], double[], BorderType,
     * Stream)}, on the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param guide the batch whose values weight the neighbours: src's count, sizes, channels, type and place
     * @param d the neighbourhood's diameter per image; 0 or less: computed from that image's sigmaSpace; 1 entry for
     *         every image, or one per image
     * @param sigmaColor the range sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param sigmaSpace the spatial sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter array has
     *         neither 1 entry nor one per image, guide is closed or not of src's count, sizes, channels, type and
     *         place, or an image's d or sigmas break the checks of the single-image call (the message names the
     *         operator, the argument and, for one image's parameters, the image); nothing has run then
     * @throws NullPointerException if src, guide, border or a parameter array is null
     */
    public static ImageBatchVarShape jointBilateralFilter(ImageBatchVarShape src, ImageBatchVarShape guide, int[] d,
                                                          double[] sigmaColor, double[] sigmaSpace, BorderType border) {
        return jointBilateralFilter(src, guide, d, sigmaColor, sigmaSpace, border, null);
    }

    /**
     * Writes image i of {@code src} filtered with the colour weights of image i of {@code guide} into image i of
     * {@code dst} (batches of the same count, sizes, channels and type); the parameters as
     * {@link #jointBilateralFilter(ImageBatchVarShape, ImageBatchVarShape, int[], double[], double[], BorderType, Stream)}.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src or guide
     * @param src the input batch, as the support table allows
     * @param guide the batch whose values weight the neighbours: src's count, sizes, channels, type and place
     * @param d the neighbourhood's diameter per image; 0 or less: computed from that image's sigmaSpace; 1 entry for
     *         every image, or one per image
     * @param sigmaColor the range sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param sigmaSpace the spatial sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src or guide, a
     *         parameter array has neither 1 entry nor one per image, guide is closed or not of src's count, sizes,
     *         channels, type and place, or an image's d or sigmas break the checks of the single-image call (the
     *         message names the operator, the argument and, for one image's parameters, the image); nothing has run
     *         then
     * @throws NullPointerException if dst, src, guide, border or a parameter array is null
     */
    public static void jointBilateralFilterInto(ImageBatchVarShape dst, ImageBatchVarShape src, ImageBatchVarShape guide,
                                                int[] d, double[] sigmaColor, double[] sigmaSpace, BorderType border,
                                                Stream stream) {
        PixelType p = BilateralPixels.batchSource(OP, "src batch", src, border);
        BilateralPixels.guide(OP, guide, src, p);
        BilateralPixels.batch(OP, VARSHAPE, dst, src, guide, p, BilateralPixels.params(OP, VARSHAPE, src, d, sigmaColor,
                sigmaSpace), border, stream);
    }

    /**
     * As {@link #jointBilateralFilterInto(ImageBatchVarShape, ImageBatchVarShape, ImageBatchVarShape, int[], double[],
     * double[], BorderType, Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src or guide
     * @param src the input batch, as the support table allows
     * @param guide the batch whose values weight the neighbours: src's count, sizes, channels, type and place
     * @param d the neighbourhood's diameter per image; 0 or less: computed from that image's sigmaSpace; 1 entry for
     *         every image, or one per image
     * @param sigmaColor the range sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param sigmaSpace the spatial sigma per image, not NaN (0 or less: 1); 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src or guide, a
     *         parameter array has neither 1 entry nor one per image, guide is closed or not of src's count, sizes,
     *         channels, type and place, or an image's d or sigmas break the checks of the single-image call (the
     *         message names the operator, the argument and, for one image's parameters, the image); nothing has run
     *         then
     * @throws NullPointerException if dst, src, guide, border or a parameter array is null
     */
    public static void jointBilateralFilterInto(ImageBatchVarShape dst, ImageBatchVarShape src, ImageBatchVarShape guide,
                                                int[] d, double[] sigmaColor, double[] sigmaSpace, BorderType border) {
        jointBilateralFilterInto(dst, src, guide, d, sigmaColor, sigmaSpace, border, null);
    }

    private static PixelGrid guide(PixelGrid s, Tensor guide) {
        PixelGrid g = OP.image("guide", guide);
        OP.sameLayout("guide", g, "src", s);
        OP.sameShape("guide", g, "src", s);
        OP.sameDtype("guide", g, "src", s);
        OP.samePlace("guide", guide, "src", s.tensor());
        return g;
    }
}

package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.FilterPixels;
import dev.cvj.ops.internal.FilterVarShape;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.util.Map;
import java.util.Set;

/**
 * The Laplacian {@code d2/dx2 + d2/dy2}, OpenCV's {@code cv::Laplacian} for {@code ksize} 1 and 3 (CV-CUDA's
 * Laplacian): {@code filter2D} with the kernel {@code [0 1 0; 1 -4 1; 0 1 0]} (ksize 1) or
 * {@code [2 0 2; 0 -8 0; 2 0 2]} (ksize 3), each tap times {@code (float) scale}, plus {@code delta}, into dst of
 * type {@code dstType} (OpenCV's ddepth: U8 images usually go to S16 or F32 to keep negative values). Arithmetic as
 * {@link Conv2D}: a float sum from {@code delta} with fused multiply-adds over the nonzero taps, rounded half to
 * even and saturated; bit-exact with OpenCV 4.6 (x86 with FMA) on the goldens. GPU equals CPU bit for bit.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>U8 to U8, S16, F32; U16 to U16, F32; S16 to S16, F32;
 *       F32 to F32</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Borders</td><td>CONSTANT (0), REPLICATE, REFLECT, REFLECT_101 (OpenCV refuses WRAP)</td><td></td></tr>
 *   <tr><td>ksize</td><td>1 or 3</td><td></td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the host;
 *       the types and channels above), ksize, scale and delta per image</td><td>a varshape batch of the same sizes
 *       and channels, of the dst type (new, or the caller's; no dst image may overlap a src image)</td></tr>
 * </table>
 * dst must not overlap src in memory.
 *
 * <pre>{@code
 * Tensor edges = Laplacian.laplacian(gray, 3, 1, 0, DataType.S16, BorderType.REFLECT_101);
 * }</pre>
 */
public final class Laplacian {
    private static final OpCheck OP = OpCheck.of("Laplacian");
    private static final FilterVarShape VARSHAPE = new FilterVarShape(OP);
    private static final Map<DataType, Set<DataType>> DST_TYPES = Map.of(
            DataType.U8, Set.of(DataType.U8, DataType.S16, DataType.F32),
            DataType.U16, Set.of(DataType.U16, DataType.F32),
            DataType.S16, Set.of(DataType.S16, DataType.F32),
            DataType.F32, Set.of(DataType.F32));
    private static final float[][] KERNELS = {{0, 1, 0, 1, -4, 1, 0, 1, 0}, {2, 0, 2, 0, -8, 0, 2, 0, 2}};

    private Laplacian() {}

    /**
     * A new tensor of {@code dstType}: the Laplacian of {@code src} (see the class comment). Null stream: the current
     * one.
     *
     * @param src the input image(s), as the support table allows
     * @param ksize the aperture: 1 or 3
     * @param scale the factor the result is multiplied by
     * @param delta the value added to each result
     * @param dstType the output's element type
     * @param border how pixels outside the image are read
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor laplacian(Tensor src, int ksize, double scale, double delta, DataType dstType, BorderType border,
                                   Stream stream) {
        PixelGrid s = source(src, dstType, border);
        FilterPixels.Taps2D t = taps(ksize, scale, delta);
        return Outputs.allocate(OP, src, src.shape(), dstType, src.layout(), stream,
                dst -> FilterPixels.into2D(OP, dst, s, dstType, t, border, stream));
    }

    /**
     * As {@link #laplacian(Tensor, int, double, double, DataType, BorderType, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param ksize the aperture: 1 or 3
     * @param scale the factor the result is multiplied by
     * @param delta the value added to each result
     * @param dstType the output's element type
     * @param border how pixels outside the image are read
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor laplacian(Tensor src, int ksize, double scale, double delta, DataType dstType, BorderType border) {
        return laplacian(src, ksize, scale, delta, dstType, border, null);
    }

    /**
     * Writes the Laplacian of {@code src} into {@code dst} (src's shape and layout; its data type is the dst type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param ksize the aperture: 1 or 3
     * @param scale the factor the result is multiplied by
     * @param delta the value added to each result
     * @param border how pixels outside the image are read
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void laplacianInto(Tensor dst, Tensor src, int ksize, double scale, double delta, BorderType border,
                                     Stream stream) {
        OP.notNull(dst, "dst");
        PixelGrid s = source(src, dst.dtype(), border);
        FilterPixels.into2D(OP, dst, s, dst.dtype(), taps(ksize, scale, delta), border, stream);
    }

    /**
     * As {@link #laplacianInto(Tensor, Tensor, int, double, double, BorderType, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param ksize the aperture: 1 or 3
     * @param scale the factor the result is multiplied by
     * @param delta the value added to each result
     * @param border how pixels outside the image are read
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void laplacianInto(Tensor dst, Tensor src, int ksize, double scale, double delta, BorderType border) {
        laplacianInto(dst, src, ksize, scale, delta, border, null);
    }

    /**
     * A new varshape batch of {@code dstType}: the Laplacian of image i of {@code src} with {@code ksize[i]},
     * {@code scale[i]} and {@code delta[i]} (each array 1 entry for every image, or one per image), the border rule for
     * all (CV-CUDA's LaplacianVarShape, with a delta). The batch owns its images. A null stream is the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param ksize the aperture per image, 1 or 3; 1 entry for every image, or one per image
     * @param scale the factor each image's kernel is multiplied by; 1 entry for every image, or one per image
     * @param delta the value added to each result, per image; 1 entry for every image, or one per image
     * @param dstType the output's element type (for every image), as the support table allows for src's type
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes and channels, of {@code dstType}, beside src (the host or its device);
     *         it owns its images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter array has
     *         neither 1 entry nor one per image, the dst type is not supported for src's type, or an image's ksize
     *         breaks the checks of the single-image call (the message names the operator, the argument and, for one
     *         image's parameters, the image); nothing has run then
     * @throws NullPointerException if src, dstType, border or a parameter array is null
     */
    public static ImageBatchVarShape laplacian(ImageBatchVarShape src, int[] ksize, double[] scale, double[] delta,
                                               DataType dstType, BorderType border, Stream stream) {
        PixelType p = VARSHAPE.source(src, border, false);
        dstType(p.dataType(), dstType);
        FilterPixels.Taps2D[] t = taps(src, ksize, scale, delta);
        return VARSHAPE.allocate(src, p, dstType, stream,
                dst -> VARSHAPE.general(dst, src, p, dstType, t, border, stream));
    }

    /**
     * As {@link #laplacian(ImageBatchVarShape, int[], double[], double[], DataType, BorderType, Stream)}, on the
     * current stream.
     *
     * @param src the input batch, as the support table allows
     * @param ksize the aperture per image, 1 or 3; 1 entry for every image, or one per image
     * @param scale the factor each image's kernel is multiplied by; 1 entry for every image, or one per image
     * @param delta the value added to each result, per image; 1 entry for every image, or one per image
     * @param dstType the output's element type (for every image), as the support table allows for src's type
     * @param border how pixels outside each image are read (for every image)
     * @return a new batch of src's count, sizes and channels, of {@code dstType}, beside src (the host or its device);
     *         it owns its images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter array has
     *         neither 1 entry nor one per image, the dst type is not supported for src's type, or an image's ksize
     *         breaks the checks of the single-image call (the message names the operator, the argument and, for one
     *         image's parameters, the image); nothing has run then
     * @throws NullPointerException if src, dstType, border or a parameter array is null
     */
    public static ImageBatchVarShape laplacian(ImageBatchVarShape src, int[] ksize, double[] scale, double[] delta,
                                               DataType dstType, BorderType border) {
        return laplacian(src, ksize, scale, delta, dstType, border, null);
    }

    /**
     * As {@link #laplacian(ImageBatchVarShape, int[], double[], double[], DataType, BorderType, Stream)}, {@code ksize}
     * and {@code scale} as CV-CUDA's tensors of shape {@code [n]} (S32, and F32 or F64; {@code n} 1 or the batch size,
     * on the host or a device), one {@code delta} for all images (a device tensor is read with a synchronous copy of a
     * few bytes per image, which waits for the work queued before it on the legacy default stream).
     *
     * @param src the input batch, as the support table allows
     * @param ksize the S32 {@code [n]} tensor of the apertures (1 or 3): entry i is image i's, or entry 0 every image's
     * @param scale the F32 or F64 {@code [n]} (or {@code [n, 1]}) tensor of the factors each image's kernel is
     *         multiplied by: entry i is image i's, or entry 0 every image's
     * @param delta the value added to each result (for every image)
     * @param dstType the output's element type (for every image), as the support table allows for src's type
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes and channels, of {@code dstType}, beside src (the host or its device);
     *         it owns its images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, the dst type is not
     *         supported for src's type, a parameter tensor is not of the type and shape above or its n is neither 1 nor
     *         the batch size, or an image's ksize breaks the checks of the single-image call (the message names the
     *         operator, the argument and, for one image's parameters, the image); nothing has run then
     * @throws NullPointerException if src, dstType, border or a parameter tensor is null
     * @throws IllegalStateException if a parameter tensor is closed
     */
    public static ImageBatchVarShape laplacian(ImageBatchVarShape src, Tensor ksize, Tensor scale, double delta,
                                               DataType dstType, BorderType border, Stream stream) {
        VARSHAPE.source(src, border, false);
        int[] k = ParameterTensors.ints(OP, "ksize", ksize, src.size());
        double[] sc = ParameterTensors.column(ParameterTensors.doubles(OP, "scale", scale, src.size(), 1), 0);
        return laplacian(src, k, sc, new double[] {delta}, dstType, border, stream);
    }

    /**
     * Writes the Laplacian of image i of {@code src} into image i of {@code dst} (a batch of the same count, sizes and
     * channels; its data type is the dst type); the parameters as
     * {@link #laplacian(ImageBatchVarShape, int[], double[], double[], DataType, BorderType, Stream)}.
     *
     * @param dst the caller's output batch: src's count, sizes and channels, of a type the support table allows for
     *         src's (the dst type), on src's host or device, no image overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param ksize the aperture per image, 1 or 3; 1 entry for every image, or one per image
     * @param scale the factor each image's kernel is multiplied by; 1 entry for every image, or one per image
     * @param delta the value added to each result, per image; 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels and place or an image of dst overlaps an image of src, a parameter
     *         array has neither 1 entry nor one per image, the dst type is not supported for src's type, or an image's
     *         ksize breaks the checks of the single-image call (the message names the operator, the argument and, for
     *         one image's parameters, the image); nothing has run then
     * @throws NullPointerException if dst, src, border or a parameter array is null
     */
    public static void laplacianInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[] ksize, double[] scale,
                                     double[] delta, BorderType border, Stream stream) {
        PixelType p = VARSHAPE.source(src, border, false);
        OP.notNull(dst, "dst batch");
        // a closed or empty dst batch is refused by the batch checks below; its type matters only when it has images
        DataType dstType = dst.isClosed() || dst.size() == 0 ? p.dataType() : dst.uniqueFormat().dataType();
        dstType(p.dataType(), dstType);
        VARSHAPE.general(dst, src, p, dstType, taps(src, ksize, scale, delta), border, stream);
    }

    /**
     * As {@link #laplacianInto(ImageBatchVarShape, ImageBatchVarShape, int[], double[], double[], BorderType, Stream)},
     * on the current stream.
     *
     * @param dst the caller's output batch: src's count, sizes and channels, of a type the support table allows for
     *         src's (the dst type), on src's host or device, no image overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param ksize the aperture per image, 1 or 3; 1 entry for every image, or one per image
     * @param scale the factor each image's kernel is multiplied by; 1 entry for every image, or one per image
     * @param delta the value added to each result, per image; 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels and place or an image of dst overlaps an image of src, a parameter
     *         array has neither 1 entry nor one per image, the dst type is not supported for src's type, or an image's
     *         ksize breaks the checks of the single-image call (the message names the operator, the argument and, for
     *         one image's parameters, the image); nothing has run then
     * @throws NullPointerException if dst, src, border or a parameter array is null
     */
    public static void laplacianInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[] ksize, double[] scale,
                                     double[] delta, BorderType border) {
        laplacianInto(dst, src, ksize, scale, delta, border, null);
    }

    private static FilterPixels.Taps2D[] taps(ImageBatchVarShape src, int[] ksize, double[] scale, double[] delta) {
        VARSHAPE.perImage("ksize", ksize, src);
        VARSHAPE.perImage("scale", scale, src);
        VARSHAPE.perImage("delta", delta, src);
        boolean one = ksize.length == 1 && scale.length == 1 && delta.length == 1;
        return VARSHAPE.each(new FilterPixels.Taps2D[src.size()], one, i -> taps(FilterVarShape.at(ksize, i),
                FilterVarShape.at(scale, i), FilterVarShape.at(delta, i)));
    }

    private static PixelGrid source(Tensor src, DataType dstType, BorderType border) {
        PixelGrid s = FilterPixels.source(OP, src, border, false);
        dstType(s.dtype(), dstType);
        return s;
    }

    private static void dstType(DataType srcType, DataType dstType) {
        OP.notNull(dstType, "dstType");
        if (!DST_TYPES.get(srcType).contains(dstType)) {
            throw OP.fail("dst data type " + dstType + " is not supported for src of " + srcType + " (supported: "
                    + DST_TYPES.get(srcType).stream().map(Enum::name).sorted().toList() + ")");
        }
    }

    private static FilterPixels.Taps2D taps(int ksize, double scale, double delta) {
        if (ksize != 1 && ksize != 3) {
            throw OP.fail("ksize " + ksize + " must be 1 or 3");
        }
        float[] k = KERNELS[ksize / 2].clone();
        if (scale != 1) {
            float f = (float) scale; // OpenCV scales the float kernel by the float scale
            for (int i = 0; i < k.length; i++) {
                k[i] *= f;
            }
        }
        return new FilterPixels.Taps2D(k, 3, 3, 1, 1, (float) delta);
    }
}

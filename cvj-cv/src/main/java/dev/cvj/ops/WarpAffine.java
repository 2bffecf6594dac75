package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.ops.internal.WarpPixels;
import dev.cvj.ops.internal.WarpVarShape;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;

/**
 * An affine warp of every image, OpenCV's {@code cv::warpAffine} (and CV-CUDA's WarpAffine): with the 2x3 matrix
 * {@code M} (row-major {@code {m00, m01, m02, m10, m11, m12}}),
 * <pre>  dst(x, y) = src(m00 x + m01 y + m02, m10 x + m11 y + m12)</pre>
 * when {@code inverseMap} is true ({@code WARP_INVERSE_MAP}: M maps dst to src), else with M's inverse (M maps src to
 * dst; inverted as OpenCV inverts it, a singular M refused). One matrix for the batch or one per image.
 * Interpolation NEAREST, LINEAR or CUBIC (AREA is taken as LINEAR, as OpenCV does); source pixels outside the
 * image come from {@code border} ({@link BorderType}; CONSTANT takes {@code borderValue}, one value or one per
 * channel, saturated to the type; null is 0).
 *
 * <p>Arithmetic: OpenCV's fixed point exactly. The source position is computed in 1/1024 pixel from per-column and
 * per-row terms each rounded ({@code AB_BITS = 10}), kept to 1/32 pixel ({@code INTER_BITS = 5}) and saturated to
 * 16 bits; U8 interpolates with OpenCV's integer weights (2^15 scale, {@code INTER_REMAP_COEF_SCALE}), U16, S16
 * and F32 with its float weights summed in its order. CPU and GPU both do exactly these steps: bit-exact with
 * OpenCV 4.6 on the goldens (every interpolation, border and type), and the GPU equals the CPU bit for bit.
 * Deliberate difference: a matrix with a value that is not finite is refused.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>W, H &gt;= 1</td><td>any W x H (the size argument), src's N and C</td></tr>
 *   <tr><td>Varshape</td><td>an {@link dev.cvj.tensor.ImageBatchVarShape} (the types and channels above, no
 *       empty image; 1 to 65535 images on a device), a matrix per image (6 values, or CV-CUDA's F32/F64 tensor [N, 2, 3])</td>
 *       <td>a varshape batch of a size per image (or one for all); the Into form: any dst batch of src's pixels</td></tr>
 * </table>
 * dst must not overlap src in memory (for batches, no dst image may overlap any src image). A batch gives image i
 * exactly what the single-image call gives it: host batches run the single-image CPU path image by image, device
 * batches one launch, each image's matrix read from a device buffer uploaded once per call. A benchmark should time
 * U8 RGB 1080p LINEAR and CUBIC rotations (the kernel is one thread per dst pixel, its source reads gathered).
 *
 * <pre>{@code
 * double[] m = {0.9, -0.2, 30, 0.2, 0.9, -10};
 * Tensor out = WarpAffine.warpAffine(img, new ImageSize(640, 480), new double[][] {m}, false,
 *         Interpolation.LINEAR, BorderType.CONSTANT, null);
 * }</pre>
 */
public final class WarpAffine {
    private static final OpCheck OP = OpCheck.of("WarpAffine");

    private WarpAffine() {}

    /**
     * A new tensor of {@code size} (W x H), src's layout, type, N and C: src warped by {@code matrices} (1, or one
     * per
     * image; 6 values each). A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param size the output's size
     * @param matrices the 2x3 matrices, row-major (one for all, or one per image)
     * @param inverseMap whether the matrices map dst to src ({@code WARP_INVERSE_MAP})
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor warpAffine(Tensor src, ImageSize size, double[][] matrices, boolean inverseMap,
                                    Interpolation interpolation, BorderType border, double[] borderValue, Stream stream) {
        PixelGrid s = WarpPixels.source(OP, src, interpolation, border, borderValue);
        OP.notNull(size, "size");
        double[][] maps = WarpPixels.inverseMaps(OP, matrices, s.n(), false, inverseMap);
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(src.layout(), s.n(), size.height(), size.width(), s.c()),
                src.dtype(), src.layout(), stream,
                dst -> WarpPixels.into(OP, dst, s, maps, false, interpolation, border, borderValue, stream));
    }

    /**
     * As {@link #warpAffine(Tensor, ImageSize, double[][], boolean, Interpolation, BorderType, double[], Stream)}, on
     * the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param size the output's size
     * @param matrices the 2x3 matrices, row-major (one for all, or one per image)
     * @param inverseMap whether the matrices map dst to src ({@code WARP_INVERSE_MAP})
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor warpAffine(Tensor src, ImageSize size, double[][] matrices, boolean inverseMap,
                                    Interpolation interpolation, BorderType border, double[] borderValue) {
        return warpAffine(src, size, matrices, inverseMap, interpolation, border, borderValue, null);
    }

    /**
     * Writes src warped by {@code matrices} into {@code dst} (its W x H is the output size).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param matrices the 2x3 matrices, row-major (one for all, or one per image)
     * @param inverseMap whether the matrices map dst to src ({@code WARP_INVERSE_MAP})
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void warpAffineInto(Tensor dst, Tensor src, double[][] matrices, boolean inverseMap,
                                      Interpolation interpolation, BorderType border, double[] borderValue, Stream stream) {
        PixelGrid s = WarpPixels.source(OP, src, interpolation, border, borderValue);
        double[][] maps = WarpPixels.inverseMaps(OP, matrices, s.n(), false, inverseMap);
        WarpPixels.into(OP, dst, s, maps, false, interpolation, border, borderValue, stream);
    }

    /**
     * As {@link #warpAffineInto(Tensor, Tensor, double[][], boolean, Interpolation, BorderType, double[], Stream)},
     * on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param matrices the 2x3 matrices, row-major (one for all, or one per image)
     * @param inverseMap whether the matrices map dst to src ({@code WARP_INVERSE_MAP})
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void warpAffineInto(Tensor dst, Tensor src, double[][] matrices, boolean inverseMap,
                                      Interpolation interpolation, BorderType border, double[] borderValue) {
        warpAffineInto(dst, src, matrices, inverseMap, interpolation, border, borderValue, null);
    }

    // ---- varshape batches ----

    private static final WarpVarShape VS = new WarpVarShape(OP);

    /**
     * A new batch: image i of {@code src} warped by {@code matrices} (1 for all images or one per image, 6 values
     * each), to {@code sizes} (1 size for all images or one per image).
     *
     * @param src the input batch, as the support table allows (no empty image)
     * @param sizes the size of each output image: 1 size for all images or one per image, each at least 1 x 1
     * @param matrices each image's 2x3 matrix, row-major (6 values): 1 matrix for all images or one per image
     * @param inverseMap whether the matrices map dst to src ({@code WARP_INVERSE_MAP}); false: they map src to dst and
     *         are inverted
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the source image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}: one value or one per
     *         channel, saturated to the type; null: 0
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device), image i of its size in {@code sizes}, src's channels
     *         and type; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, matrices of neither 1 entry nor one per image (or singular where they must be inverted), sizes of
     *         neither 1 entry nor one per image; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream} and
     *         {@code borderValue})
     */
    public static ImageBatchVarShape warpAffine(ImageBatchVarShape src, ImageSize[] sizes, double[][] matrices,
                                  boolean inverseMap, Interpolation interpolation, BorderType border,
                                  double[] borderValue, Stream stream) {
        return VS.warp(src, sizes, matrices, false, inverseMap, interpolation, border, borderValue, stream);
    }

    /**
     * As {@link #warpAffine(ImageBatchVarShape, ImageSize[], double[][], boolean, Interpolation, BorderType, double[],
     * Stream)}, on the current stream.
     *
     * @param src the input batch, as the support table allows (no empty image)
     * @param sizes the size of each output image: 1 size for all images or one per image, each at least 1 x 1
     * @param matrices each image's 2x3 matrix, row-major (6 values): 1 matrix for all images or one per image
     * @param inverseMap whether the matrices map dst to src ({@code WARP_INVERSE_MAP}); false: they map src to dst and
     *         are inverted
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the source image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}: one value or one per
     *         channel, saturated to the type; null: 0
     * @return the new batch beside src (the host or src's device), image i of its size in {@code sizes}, src's channels
     *         and type; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, matrices of neither 1 entry nor one per image (or singular where they must be inverted), sizes of
     *         neither 1 entry nor one per image; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream} and
     *         {@code borderValue})
     */
    public static ImageBatchVarShape warpAffine(ImageBatchVarShape src, ImageSize[] sizes, double[][] matrices,
                                  boolean inverseMap, Interpolation interpolation, BorderType border,
                                  double[] borderValue) {
        return warpAffine(src, sizes, matrices, inverseMap, interpolation, border, borderValue, null);
    }

    /**
     * As {@link #warpAffine(ImageBatchVarShape, ImageSize[], double[][], boolean, Interpolation, BorderType, double[],
     * Stream)}, the matrices as CV-CUDA takes them: an F32 or F64 tensor of shape {@code [N, 2, 3]} (N = 1 or the batch
     * size), on the host or a device.
     *
     * @param src the input batch, as the support table allows (no empty image)
     * @param sizes the size of each output image: 1 size for all images or one per image, each at least 1 x 1
     * @param matrices each image's 2x3 matrix, row-major, as CV-CUDA takes them: an F32 or F64 tensor of shape
     *         {@code [N, 2, 3]} (N = 1 for all images, or the batch size), on the host or a device (a device tensor is
     *         read back with a synchronous copy)
     * @param inverseMap whether the matrices map dst to src ({@code WARP_INVERSE_MAP}); false: they map src to dst and
     *         are inverted
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the source image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}: one value or one per
     *         channel, saturated to the type; null: 0
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device), image i of its size in {@code sizes}, src's channels
     *         and type; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, matrices of neither 1 entry nor one per image (or singular where they must be inverted), sizes of
     *         neither 1 entry nor one per image; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream} and
     *         {@code borderValue})
     * @throws IllegalStateException if {@code matrices} is a closed tensor
     */
    public static ImageBatchVarShape warpAffine(ImageBatchVarShape src, ImageSize[] sizes, Tensor matrices,
                                  boolean inverseMap, Interpolation interpolation, BorderType border,
                                  double[] borderValue, Stream stream) {
        return warpAffine(src, sizes, VS.matrices(matrices, src, false), inverseMap, interpolation, border, borderValue,
                stream);
    }

    /**
     * As {@link #warpAffine(ImageBatchVarShape, ImageSize[], Tensor, boolean, Interpolation, BorderType, double[],
     * Stream)}, on the current stream.
     *
     * @param src the input batch, as the support table allows (no empty image)
     * @param sizes the size of each output image: 1 size for all images or one per image, each at least 1 x 1
     * @param matrices each image's 2x3 matrix, row-major, as CV-CUDA takes them: an F32 or F64 tensor of shape
     *         {@code [N, 2, 3]} (N = 1 for all images, or the batch size), on the host or a device (a device tensor is
     *         read back with a synchronous copy)
     * @param inverseMap whether the matrices map dst to src ({@code WARP_INVERSE_MAP}); false: they map src to dst and
     *         are inverted
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the source image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}: one value or one per
     *         channel, saturated to the type; null: 0
     * @return the new batch beside src (the host or src's device), image i of its size in {@code sizes}, src's channels
     *         and type; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, matrices of neither 1 entry nor one per image (or singular where they must be inverted), sizes of
     *         neither 1 entry nor one per image; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream} and
     *         {@code borderValue})
     * @throws IllegalStateException if {@code matrices} is a closed tensor
     */
    public static ImageBatchVarShape warpAffine(ImageBatchVarShape src, ImageSize[] sizes, Tensor matrices,
                                  boolean inverseMap, Interpolation interpolation, BorderType border,
                                  double[] borderValue) {
        return warpAffine(src, sizes, matrices, inverseMap, interpolation, border, borderValue, null);
    }

    /**
     * Writes image i of {@code src} warped by {@code matrices} into image i of {@code dst} (its size is the output
     * size).
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), channels and type, no
     *         empty image, no image overlapping a src image; image i's size is its output size
     * @param src the input batch, as the support table allows (no empty image)
     * @param matrices each image's 2x3 matrix, row-major (6 values): 1 matrix for all images or one per image
     * @param inverseMap whether the matrices map dst to src ({@code WARP_INVERSE_MAP}); false: they map src to dst and
     *         are inverted
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the source image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}: one value or one per
     *         channel, saturated to the type; null: 0
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, matrices of neither 1 entry nor one per image (or singular where they must be inverted), a dst
     *         batch that does not fit src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream} and
     *         {@code borderValue})
     */
    public static void warpAffineInto(ImageBatchVarShape dst, ImageBatchVarShape src, double[][] matrices, boolean inverseMap,
                                  Interpolation interpolation, BorderType border, double[] borderValue, Stream stream) {
        VS.warpInto(dst, src, matrices, false, inverseMap, interpolation, border, borderValue, stream);
    }

    /**
     * As {@link #warpAffineInto(ImageBatchVarShape, ImageBatchVarShape, double[][], boolean, Interpolation, BorderType,
     * double[], Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), channels and type, no
     *         empty image, no image overlapping a src image; image i's size is its output size
     * @param src the input batch, as the support table allows (no empty image)
     * @param matrices each image's 2x3 matrix, row-major (6 values): 1 matrix for all images or one per image
     * @param inverseMap whether the matrices map dst to src ({@code WARP_INVERSE_MAP}); false: they map src to dst and
     *         are inverted
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the source image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}: one value or one per
     *         channel, saturated to the type; null: 0
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, matrices of neither 1 entry nor one per image (or singular where they must be inverted), a dst
     *         batch that does not fit src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream} and
     *         {@code borderValue})
     */
    public static void warpAffineInto(ImageBatchVarShape dst, ImageBatchVarShape src, double[][] matrices, boolean inverseMap,
                                  Interpolation interpolation, BorderType border, double[] borderValue) {
        warpAffineInto(dst, src, matrices, inverseMap, interpolation, border, borderValue, null);
    }

    /**
     * As {@link #warpAffineInto(ImageBatchVarShape, ImageBatchVarShape, double[][], boolean, Interpolation, BorderType,
     * double[], Stream)}, the matrices as a tensor.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), channels and type, no
     *         empty image, no image overlapping a src image; image i's size is its output size
     * @param src the input batch, as the support table allows (no empty image)
     * @param matrices each image's 2x3 matrix, row-major, as CV-CUDA takes them: an F32 or F64 tensor of shape
     *         {@code [N, 2, 3]} (N = 1 for all images, or the batch size), on the host or a device (a device tensor is
     *         read back with a synchronous copy)
     * @param inverseMap whether the matrices map dst to src ({@code WARP_INVERSE_MAP}); false: they map src to dst and
     *         are inverted
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the source image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}: one value or one per
     *         channel, saturated to the type; null: 0
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, matrices of neither 1 entry nor one per image (or singular where they must be inverted), a dst
     *         batch that does not fit src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream} and
     *         {@code borderValue})
     * @throws IllegalStateException if {@code matrices} is a closed tensor
     */
    public static void warpAffineInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor matrices, boolean inverseMap,
                                  Interpolation interpolation, BorderType border, double[] borderValue, Stream stream) {
        warpAffineInto(dst, src, VS.matrices(matrices, src, false), inverseMap, interpolation, border, borderValue, stream);
    }

    /**
     * As {@link #warpAffineInto(ImageBatchVarShape, ImageBatchVarShape, Tensor, boolean, Interpolation, BorderType,
     * double[], Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), channels and type, no
     *         empty image, no image overlapping a src image; image i's size is its output size
     * @param src the input batch, as the support table allows (no empty image)
     * @param matrices each image's 2x3 matrix, row-major, as CV-CUDA takes them: an F32 or F64 tensor of shape
     *         {@code [N, 2, 3]} (N = 1 for all images, or the batch size), on the host or a device (a device tensor is
     *         read back with a synchronous copy)
     * @param inverseMap whether the matrices map dst to src ({@code WARP_INVERSE_MAP}); false: they map src to dst and
     *         are inverted
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the source image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}: one value or one per
     *         channel, saturated to the type; null: 0
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, matrices of neither 1 entry nor one per image (or singular where they must be inverted), a dst
     *         batch that does not fit src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream} and
     *         {@code borderValue})
     * @throws IllegalStateException if {@code matrices} is a closed tensor
     */
    public static void warpAffineInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor matrices, boolean inverseMap,
                                  Interpolation interpolation, BorderType border, double[] borderValue) {
        warpAffineInto(dst, src, matrices, inverseMap, interpolation, border, borderValue, null);
    }
}

package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.FilterKernels;
import dev.cvj.ops.internal.FilterPixels;
import dev.cvj.ops.internal.FilterVarShape;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;

/**
 * The mean of a {@code kw x kh} window around every pixel, OpenCV's {@code cv::blur} (CV-CUDA's AverageBlur): the
 * normalized {@link BoxFilter}, with its arithmetic, rounding and support (U8, U16, S16, F32; 1 to 4 channels;
 * NHWC, HWC, NCHW, CHW; every border rule but WRAP, CONSTANT reading 0). The window's pixel
 * {@code (anchorX, anchorY)} is the output pixel, -1 the centre. GPU equals CPU bit for bit.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Borders</td><td>CONSTANT (0), REPLICATE, REFLECT, REFLECT_101 (OpenCV refuses WRAP)</td><td></td></tr>
 *   <tr><td>Kernel</td><td>{@code kw, kh >= 1}, {@code kw + kh <= 4096}</td><td></td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the host;
 *       the types and channels above), a window size and anchor per image</td><td>a varshape batch of the same sizes, channels and
 *       type (new, or the caller's; no dst image may overlap a src image)</td></tr>
 * </table>
 * dst must not overlap src in memory.
 *
 * <pre>{@code
 * Tensor soft = AverageBlur.averageBlur(img, 5, 5, -1, -1, BorderType.REFLECT_101);
 * }</pre>
 */
public final class AverageBlur {
    private static final OpCheck OP = OpCheck.of("AverageBlur");
    private static final FilterVarShape VARSHAPE = new FilterVarShape(OP);

    private AverageBlur() {}

    /**
     * A new tensor: {@code src} averaged (see the class comment). A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param kw the kernel's width
     * @param kh the kernel's height
     * @param anchorX the kernel's anchor column; -1: the centre
     * @param anchorY the kernel's anchor row; -1: the centre
     * @param border how pixels outside the image are read
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor averageBlur(Tensor src, int kw, int kh, int anchorX, int anchorY, BorderType border,
                                     Stream stream) {
        PixelGrid s = FilterPixels.source(OP, src, border, false);
        FilterPixels.Taps t = FilterKernels.box(OP, s.dtype(), kw, kh, anchorX, anchorY, true);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream,
                dst -> FilterPixels.into(OP, dst, s, t, border, stream));
    }

    /**
     * As {@link #averageBlur(Tensor, int, int, int, int, BorderType, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param kw the kernel's width
     * @param kh the kernel's height
     * @param anchorX the kernel's anchor column; -1: the centre
     * @param anchorY the kernel's anchor row; -1: the centre
     * @param border how pixels outside the image are read
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor averageBlur(Tensor src, int kw, int kh, int anchorX, int anchorY, BorderType border) {
        return averageBlur(src, kw, kh, anchorX, anchorY, border, null);
    }

    /**
     * Writes {@code src} averaged into {@code dst} (same shape, layout and data type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param kw the kernel's width
     * @param kh the kernel's height
     * @param anchorX the kernel's anchor column; -1: the centre
     * @param anchorY the kernel's anchor row; -1: the centre
     * @param border how pixels outside the image are read
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void averageBlurInto(Tensor dst, Tensor src, int kw, int kh, int anchorX, int anchorY,
                                       BorderType border, Stream stream) {
        PixelGrid s = FilterPixels.source(OP, src, border, false);
        FilterPixels.into(OP, dst, s, FilterKernels.box(OP, s.dtype(), kw, kh, anchorX, anchorY, true), border, stream);
    }

    /**
     * As {@link #averageBlurInto(Tensor, Tensor, int, int, int, int, BorderType, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param kw the kernel's width
     * @param kh the kernel's height
     * @param anchorX the kernel's anchor column; -1: the centre
     * @param anchorY the kernel's anchor row; -1: the centre
     * @param border how pixels outside the image are read
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void averageBlurInto(Tensor dst, Tensor src, int kw, int kh, int anchorX, int anchorY,
                                       BorderType border) {
        averageBlurInto(dst, src, kw, kh, anchorX, anchorY, border, null);
    }

    /**
     * A new varshape batch: image i of {@code src} averaged over a {@code kw[i] x kh[i]} window anchored at
     * {@code (anchorX[i], anchorY[i])} (-1: the centre; each array 1 entry for every image, or one per image), the
     * border rule for all (CV-CUDA's AverageBlur of a varshape batch; its {@code maxKernelSize} sizes a workspace cvj
     * does not need). The batch owns its images. A null stream is the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param kw the window's width per image; 1 entry for every image, or one per image
     * @param kh the window's height per image; 1 entry for every image, or one per image
     * @param anchorX the window's anchor column per image, -1: the centre; 1 entry for every image, or one per image
     * @param anchorY the window's anchor row per image, -1: the centre; 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter array has
     *         neither 1 entry nor one per image, or an image's window breaks the checks of the single-image call (the
     *         message names the operator, the argument and, for one image's parameters, the image); nothing has run
     *         then
     * @throws NullPointerException if src, border or a parameter array is null
     */
    public static ImageBatchVarShape averageBlur(ImageBatchVarShape src, int[] kw, int[] kh, int[] anchorX, int[] anchorY,
                                                 BorderType border, Stream stream) {
        PixelType p = VARSHAPE.source(src, border, false);
        FilterPixels.Taps[] t = VARSHAPE.box(src, p, kw, kh, anchorX, anchorY, true);
        return VARSHAPE.allocate(src, p, p.dataType(), stream, dst -> VARSHAPE.separable(dst, src, p, t, border, stream));
    }

    /**
     * As {@link #averageBlur(ImageBatchVarShape, int[], int[], int[], int[], BorderType, Stream)}, on the current
     * stream.
     *
     * @param src the input batch, as the support table allows
     * @param kw the window's width per image; 1 entry for every image, or one per image
     * @param kh the window's height per image; 1 entry for every image, or one per image
     * @param anchorX the window's anchor column per image, -1: the centre; 1 entry for every image, or one per image
     * @param anchorY the window's anchor row per image, -1: the centre; 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter array has
     *         neither 1 entry nor one per image, or an image's window breaks the checks of the single-image call (the
     *         message names the operator, the argument and, for one image's parameters, the image); nothing has run
     *         then
     * @throws NullPointerException if src, border or a parameter array is null
     */
    public static ImageBatchVarShape averageBlur(ImageBatchVarShape src, int[] kw, int[] kh, int[] anchorX, int[] anchorY,
                                                 BorderType border) {
        return averageBlur(src, kw, kh, anchorX, anchorY, border, null);
    }

    /**
     * As {@link #averageBlur(ImageBatchVarShape, int[], int[], int[], int[], BorderType, Stream)}, the parameters as
     * CV-CUDA's S32 tensors of shape {@code [n, 2]}: {@code kernelSize} (kw, kh) and {@code kernelAnchor} (x, y),
     * {@code n} 1 or the batch size, on the host or a device
     * (a device tensor is read with a synchronous copy of a few bytes per image, which waits for the work queued before
     * it on the legacy default stream).
     *
     * @param src the input batch, as the support table allows
     * @param kernelSize the S32 {@code [n, 2]} tensor of the windows' sizes: row i holds image i's (kw, kh), or row 0
     *         every image's
     * @param kernelAnchor the S32 {@code [n, 2]} tensor of the windows' anchors: row i holds image i's (x, y), -1 the
     *         centre, or row 0 every image's
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter tensor is not
     *         of the type and shape above or its n is neither 1 nor the batch size, or an image's window breaks the
     *         checks of the single-image call (the message names the operator, the argument and, for one image's
     *         parameters, the image); nothing has run then
     * @throws NullPointerException if src, border or a parameter tensor is null
     * @throws IllegalStateException if a parameter tensor is closed
     */
    public static ImageBatchVarShape averageBlur(ImageBatchVarShape src, Tensor kernelSize, Tensor kernelAnchor,
                                                 BorderType border, Stream stream) {
        VARSHAPE.source(src, border, false);
        int[][] k = ParameterTensors.rows(OP, "kernelSize", kernelSize, src.size(), 2);
        int[][] a = ParameterTensors.rows(OP, "kernelAnchor", kernelAnchor, src.size(), 2);
        return averageBlur(src, ParameterTensors.column(k, 0), ParameterTensors.column(k, 1), ParameterTensors.column(a, 0),
                ParameterTensors.column(a, 1), border, stream);
    }

    /**
     * Writes image i of {@code src} averaged into image i of {@code dst} (a batch of the same count, sizes, channels and
     * type); the parameters as {@link #averageBlur(ImageBatchVarShape, int[], int[], int[], int[], BorderType, Stream)}.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param kw the window's width per image; 1 entry for every image, or one per image
     * @param kh the window's height per image; 1 entry for every image, or one per image
     * @param anchorX the window's anchor column per image, -1: the centre; 1 entry for every image, or one per image
     * @param anchorY the window's anchor row per image, -1: the centre; 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src, a parameter
     *         array has neither 1 entry nor one per image, or an image's window breaks the checks of the single-image
     *         call (the message names the operator, the argument and, for one image's parameters, the image); nothing
     *         has run then
     * @throws NullPointerException if dst, src, border or a parameter array is null
     */
    public static void averageBlurInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[] kw, int[] kh, int[] anchorX,
                                       int[] anchorY, BorderType border, Stream stream) {
        PixelType p = VARSHAPE.source(src, border, false);
        VARSHAPE.separable(dst, src, p, VARSHAPE.box(src, p, kw, kh, anchorX, anchorY, true), border, stream);
    }

    /**
     * As {@link #averageBlurInto(ImageBatchVarShape, ImageBatchVarShape, int[], int[], int[], int[], BorderType,
     * Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param kw the window's width per image; 1 entry for every image, or one per image
     * @param kh the window's height per image; 1 entry for every image, or one per image
     * @param anchorX the window's anchor column per image, -1: the centre; 1 entry for every image, or one per image
     * @param anchorY the window's anchor row per image, -1: the centre; 1 entry for every image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src, a parameter
     *         array has neither 1 entry nor one per image, or an image's window breaks the checks of the single-image
     *         call (the message names the operator, the argument and, for one image's parameters, the image); nothing
     *         has run then
     * @throws NullPointerException if dst, src, border or a parameter array is null
     */
    public static void averageBlurInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[] kw, int[] kh, int[] anchorX,
                                       int[] anchorY, BorderType border) {
        averageBlurInto(dst, src, kw, kh, anchorX, anchorY, border, null);
    }
}

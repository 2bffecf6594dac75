package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.FilterKernels;
import dev.cvj.ops.internal.FilterPixels;
import dev.cvj.ops.internal.FilterVarShape;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.util.Set;

/**
 * Correlation with a user kernel, OpenCV's {@code cv::filter2D} with {@code ddepth = -1} (dst has src's type; CV-CUDA's
 * Conv2D with one kernel for the batch): {@code dst(x, y) = delta + sum kernel[j][i] * src(x + i - anchorX,
 * y + j - anchorY)}, pixels outside the image from the border rule ({@link BorderType#CONSTANT} reads 0); anchor -1
 * is the centre ({@code k / 2}). As OpenCV's direct path, the sum is float, starting at {@code (float) delta} and
 * adding {@code fma(k, pixel, sum)} over the nonzero taps in row-major order, then rounded half to even and
 * saturated to the type: bit-exact with OpenCV 4.6 on x86 with FMA (its AVX2 code) on the goldens; an OpenCV built
 * without FMA rounds each product apart. OpenCV filters kernels of 50 taps or more (130 for U8 and F32 with SSE3)
 * through the DFT instead, whose float rounding differs: cvj always sums directly (the golden test bounds the
 * difference on 13x13 kernels: 1 for U8, 1e-3 relative for F32). Like OpenCV, it correlates (the kernel is not
 * flipped). GPU equals CPU bit for bit.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Borders</td><td>CONSTANT (0), REPLICATE, REFLECT, REFLECT_101 (OpenCV refuses WRAP)</td><td></td></tr>
 *   <tr><td>Kernel</td><td>{@code kh} rows of {@code kw} floats, {@code kw * kh <= 4096}</td><td></td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the host;
 *       the types and channels above), a kernel and anchor per image (arrays, or CV-CUDA's batch of F32 kernel images
 *       and S32 anchor tensor)</td><td>a varshape batch of the same sizes, channels and type (new, or the caller's;
 *       no dst image may overlap a src image)</td></tr>
 * </table>
 * dst must not overlap src in memory. Each output pixel reads {@code kw * kh} source pixels on the GPU; a
 * benchmark should time 3x3 to 15x15 kernels.
 *
 * <pre>{@code
 * Tensor sharp = Conv2D.conv2D(img, new float[][] {{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}}, -1, -1, 0, BorderType.REFLECT_101);
 * }</pre>
 */
public final class Conv2D {
    private static final OpCheck OP = OpCheck.of("Conv2D");
    private static final FilterVarShape VARSHAPE = new FilterVarShape(OP);

    private Conv2D() {}

    /**
     * A new tensor: {@code src} filtered with {@code kernel} (rows; see the class comment). Null stream: the current
     * one.
     *
     * @param src the input image(s), as the support table allows
     * @param kernel the kernel's taps, {@code kernel[row][column]}
     * @param anchorX the kernel's anchor column; -1: the centre
     * @param anchorY the kernel's anchor row; -1: the centre
     * @param delta the value added to each result
     * @param border how pixels outside the image are read
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor conv2D(Tensor src, float[][] kernel, int anchorX, int anchorY, double delta, BorderType border,
                                Stream stream) {
        PixelGrid s = FilterPixels.source(OP, src, border, false);
        FilterPixels.Taps2D t = taps(kernel, anchorX, anchorY, delta);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream,
                dst -> FilterPixels.into2D(OP, dst, s, s.dtype(), t, border, stream));
    }

    /**
     * As {@link #conv2D(Tensor, float[][], int, int, double, BorderType, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param kernel the kernel's taps, {@code kernel[row][column]}
     * @param anchorX the kernel's anchor column; -1: the centre
     * @param anchorY the kernel's anchor row; -1: the centre
     * @param delta the value added to each result
     * @param border how pixels outside the image are read
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor conv2D(Tensor src, float[][] kernel, int anchorX, int anchorY, double delta, BorderType border) {
        return conv2D(src, kernel, anchorX, anchorY, delta, border, null);
    }

    /**
     * Writes {@code src} filtered with {@code kernel} into {@code dst} (same shape, layout and data type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param kernel the kernel's taps, {@code kernel[row][column]}
     * @param anchorX the kernel's anchor column; -1: the centre
     * @param anchorY the kernel's anchor row; -1: the centre
     * @param delta the value added to each result
     * @param border how pixels outside the image are read
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void conv2DInto(Tensor dst, Tensor src, float[][] kernel, int anchorX, int anchorY, double delta,
                                  BorderType border, Stream stream) {
        PixelGrid s = FilterPixels.source(OP, src, border, false);
        FilterPixels.into2D(OP, dst, s, s.dtype(), taps(kernel, anchorX, anchorY, delta), border, stream);
    }

    /**
     * As {@link #conv2DInto(Tensor, Tensor, float[][], int, int, double, BorderType, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param kernel the kernel's taps, {@code kernel[row][column]}
     * @param anchorX the kernel's anchor column; -1: the centre
     * @param anchorY the kernel's anchor row; -1: the centre
     * @param delta the value added to each result
     * @param border how pixels outside the image are read
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void conv2DInto(Tensor dst, Tensor src, float[][] kernel, int anchorX, int anchorY, double delta,
                                  BorderType border) {
        conv2DInto(dst, src, kernel, anchorX, anchorY, delta, border, null);
    }

    /**
     * A new varshape batch: image i of {@code src} filtered with its own kernel (OpenCV's filter2D per image, CV-CUDA's
     * Conv2DVarShape): {@code kernels[i]}, row-major, of {@code kernelSizes[i]} (width x height), anchored at
     * {@code (anchorX[i], anchorY[i])} (-1: the centre); each array 1 entry for every image, or one per image;
     * {@code delta} and the border rule for all. The batch owns its images. A null stream is the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param kernels the kernels' taps per image, each row-major ({@code kernels[i][y * width + x]}) with as many
     *         values as its size makes; 1 entry for every image, or one per image
     * @param kernelSizes the kernels' sizes (width x height) per image, at most 4096 taps each; 1 entry for every
     *         image, or one per image
     * @param anchorX the kernel's anchor column per image, -1: the centre; 1 entry for every image, or one per image
     * @param anchorY the kernel's anchor row per image, -1: the centre; 1 entry for every image, or one per image
     * @param delta the value added to each result (for every image)
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter array has
     *         neither 1 entry nor one per image, or an image's kernel or anchor breaks the checks of the single-image
     *         call (the message names the operator, the argument and, for one image's parameters, the image); nothing
     *         has run then
     * @throws NullPointerException if src, border, a parameter array or an entry of kernels or kernelSizes is null
     */
    public static ImageBatchVarShape conv2D(ImageBatchVarShape src, float[][] kernels, ImageSize[] kernelSizes,
                                            int[] anchorX, int[] anchorY, double delta, BorderType border, Stream stream) {
        PixelType p = VARSHAPE.source(src, border, false);
        FilterPixels.Taps2D[] t = taps(src, kernels, kernelSizes, anchorX, anchorY, delta);
        return VARSHAPE.allocate(src, p, p.dataType(), stream,
                dst -> VARSHAPE.general(dst, src, p, p.dataType(), t, border, stream));
    }

    /**
     * As {@link #conv2D(ImageBatchVarShape, float[][], ImageSize[], int[], int[], double, BorderType, Stream)}, on the
     * current stream.
     *
     * @param src the input batch, as the support table allows
     * @param kernels the kernels' taps per image, each row-major ({@code kernels[i][y * width + x]}) with as many
     *         values as its size makes; 1 entry for every image, or one per image
     * @param kernelSizes the kernels' sizes (width x height) per image, at most 4096 taps each; 1 entry for every
     *         image, or one per image
     * @param anchorX the kernel's anchor column per image, -1: the centre; 1 entry for every image, or one per image
     * @param anchorY the kernel's anchor row per image, -1: the centre; 1 entry for every image, or one per image
     * @param delta the value added to each result (for every image)
     * @param border how pixels outside each image are read (for every image)
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter array has
     *         neither 1 entry nor one per image, or an image's kernel or anchor breaks the checks of the single-image
     *         call (the message names the operator, the argument and, for one image's parameters, the image); nothing
     *         has run then
     * @throws NullPointerException if src, border, a parameter array or an entry of kernels or kernelSizes is null
     */
    public static ImageBatchVarShape conv2D(ImageBatchVarShape src, float[][] kernels, ImageSize[] kernelSizes,
                                            int[] anchorX, int[] anchorY, double delta, BorderType border) {
        return conv2D(src, kernels, kernelSizes, anchorX, anchorY, delta, border, null);
    }

    /**
     * As {@link #conv2D(ImageBatchVarShape, float[][], ImageSize[], int[], int[], double, BorderType, Stream)}, the
     * kernels as CV-CUDA takes them: a varshape batch of F32 1-channel images (kernel i is image i, or image 0 for every
     * image when it holds one; host or device) and {@code anchors} an S32 tensor of shape {@code [n, 2]} (x, y; -1 the
     * centre; {@code n} 1 or the batch size, on the host or a device). Kernels and anchors on a device are copied to
     * the host synchronously before any filtering.
     *
     * @param src the input batch, as the support table allows
     * @param kernels a batch of F32 1-channel images, each a kernel of at most 4096 taps (its width x height the
     *         kernel's): image i is image i's kernel, or image 0 every image's when it holds one
     * @param anchors the S32 {@code [n, 2]} tensor of the anchors: row i holds image i's (x, y), -1 the centre, or row
     *         0 every image's
     * @param delta the value added to each result (for every image)
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, kernels is closed or
     *         empty, not F32 with 1 channel or holds neither 1 kernel nor one per image, anchors is not of the type and
     *         shape above or its n is neither 1 nor the batch size, or an image's kernel or anchor breaks the checks of
     *         the single-image call (the message names the operator, the argument and, for one image's parameters, the
     *         image); nothing has run then
     * @throws NullPointerException if src, border, kernels or anchors is null
     * @throws IllegalStateException if anchors is closed
     */
    public static ImageBatchVarShape conv2D(ImageBatchVarShape src, ImageBatchVarShape kernels, Tensor anchors,
                                            double delta, BorderType border, Stream stream) {
        VARSHAPE.source(src, border, false);
        OP.batch("kernels", kernels, Set.of(DataType.F32), 1, 1);
        OP.perImage("kernels", kernels.size(), src.size());
        int[][] a = ParameterTensors.rows(OP, "anchors", anchors, src.size(), 2);
        float[][] k = new float[kernels.size()][];
        ImageSize[] sizes = new ImageSize[kernels.size()];
        for (int i = 0; i < k.length; i++) {
            sizes[i] = kernels.imageSize(i);
            size(sizes[i].width(), sizes[i].height());
            k[i] = new float[sizes[i].width() * sizes[i].height()];
            try (Tensor h = kernels.image(i).toHost()) {
                h.copyTo(k[i]);
            }
        }
        return conv2D(src, k, sizes, ParameterTensors.column(a, 0), ParameterTensors.column(a, 1), delta, border, stream);
    }

    /**
     * Writes image i of {@code src} filtered with its kernel into image i of {@code dst} (a batch of the same count,
     * sizes, channels and type); the arguments as for
     * {@link #conv2D(ImageBatchVarShape, float[][], ImageSize[], int[], int[], double, BorderType, Stream)}.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param kernels the kernels' taps per image, each row-major ({@code kernels[i][y * width + x]}) with as many
     *         values as its size makes; 1 entry for every image, or one per image
     * @param kernelSizes the kernels' sizes (width x height) per image, at most 4096 taps each; 1 entry for every
     *         image, or one per image
     * @param anchorX the kernel's anchor column per image, -1: the centre; 1 entry for every image, or one per image
     * @param anchorY the kernel's anchor row per image, -1: the centre; 1 entry for every image, or one per image
     * @param delta the value added to each result (for every image)
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src, a parameter
     *         array has neither 1 entry nor one per image, or an image's kernel or anchor breaks the checks of the
     *         single-image call (the message names the operator, the argument and, for one image's parameters, the
     *         image); nothing has run then
     * @throws NullPointerException if dst, src, border, a parameter array or an entry of kernels or kernelSizes is
     *         null
     */
    public static void conv2DInto(ImageBatchVarShape dst, ImageBatchVarShape src, float[][] kernels,
                                  ImageSize[] kernelSizes, int[] anchorX, int[] anchorY, double delta, BorderType border,
                                  Stream stream) {
        PixelType p = VARSHAPE.source(src, border, false);
        VARSHAPE.general(dst, src, p, p.dataType(), taps(src, kernels, kernelSizes, anchorX, anchorY, delta), border,
                stream);
    }

    /**
     * As {@link #conv2DInto(ImageBatchVarShape, ImageBatchVarShape, float[][], ImageSize[], int[], int[], double,
     * BorderType, Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param kernels the kernels' taps per image, each row-major ({@code kernels[i][y * width + x]}) with as many
     *         values as its size makes; 1 entry for every image, or one per image
     * @param kernelSizes the kernels' sizes (width x height) per image, at most 4096 taps each; 1 entry for every
     *         image, or one per image
     * @param anchorX the kernel's anchor column per image, -1: the centre; 1 entry for every image, or one per image
     * @param anchorY the kernel's anchor row per image, -1: the centre; 1 entry for every image, or one per image
     * @param delta the value added to each result (for every image)
     * @param border how pixels outside each image are read (for every image)
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src, a parameter
     *         array has neither 1 entry nor one per image, or an image's kernel or anchor breaks the checks of the
     *         single-image call (the message names the operator, the argument and, for one image's parameters, the
     *         image); nothing has run then
     * @throws NullPointerException if dst, src, border, a parameter array or an entry of kernels or kernelSizes is
     *         null
     */
    public static void conv2DInto(ImageBatchVarShape dst, ImageBatchVarShape src, float[][] kernels,
                                  ImageSize[] kernelSizes, int[] anchorX, int[] anchorY, double delta, BorderType border) {
        conv2DInto(dst, src, kernels, kernelSizes, anchorX, anchorY, delta, border, null);
    }

    private static FilterPixels.Taps2D[] taps(ImageBatchVarShape src, float[][] kernels, ImageSize[] kernelSizes,
                                              int[] anchorX, int[] anchorY, double delta) {
        OP.notNull(kernels, "kernels");
        OP.notNull(kernelSizes, "kernelSizes");
        OP.perImage("kernels", kernels.length, src.size());
        OP.perImage("kernelSizes", kernelSizes.length, src.size());
        VARSHAPE.perImage("anchorX", anchorX, src);
        VARSHAPE.perImage("anchorY", anchorY, src);
        boolean one = kernels.length == 1 && kernelSizes.length == 1 && anchorX.length == 1 && anchorY.length == 1;
        return VARSHAPE.each(new FilterPixels.Taps2D[src.size()], one, i -> {
            ImageSize size = OP.notNull(kernelSizes[kernelSizes.length == 1 ? 0 : i], "kernel size");
            float[] k = OP.notNull(kernels[kernels.length == 1 ? 0 : i], "kernel");
            if ((long) size.width() * size.height() != k.length) {
                throw OP.fail("kernel has " + k.length + " values but its size " + size + " makes "
                        + (long) size.width() * size.height());
            }
            return taps(k, size.width(), size.height(), FilterVarShape.at(anchorX, i), FilterVarShape.at(anchorY, i), delta);
        });
    }

    private static FilterPixels.Taps2D taps(float[][] kernel, int anchorX, int anchorY, double delta) {
        OP.notNull(kernel, "kernel");
        if (kernel.length == 0 || kernel[0] == null || kernel[0].length == 0) {
            throw OP.fail("kernel must have at least one row of at least one value");
        }
        int kh = kernel.length, kw = kernel[0].length;
        size(kw, kh);
        float[] k = new float[kw * kh];
        for (int j = 0; j < kh; j++) {
            if (kernel[j] == null || kernel[j].length != kw) {
                throw OP.fail("kernel row " + j + " has " + (kernel[j] == null ? "no values" : kernel[j].length + " values")
                        + " but row 0 has " + kw);
            }
            System.arraycopy(kernel[j], 0, k, j * kw, kw);
        }
        return taps(k, kw, kh, anchorX, anchorY, delta);
    }

    /** The taps of a row-major {@code kw x kh} kernel {@code k}. */
    private static FilterPixels.Taps2D taps(float[] k, int kw, int kh, int anchorX, int anchorY, double delta) {
        size(kw, kh);
        return new FilterPixels.Taps2D(k, kw, kh, FilterKernels.anchor(OP, "anchorX", anchorX, kw),
                FilterKernels.anchor(OP, "anchorY", anchorY, kh), (float) delta);
    }

    private static void size(int kw, int kh) {
        if (kw < 1 || kh < 1) {
            throw OP.fail("kernel size " + kw + " x " + kh + " must be at least 1 x 1");
        }
        if ((long) kw * kh > FilterPixels.MAX_TAPS) {
            throw OP.fail("kernel of " + kh + " x " + kw + " has more than " + FilterPixels.MAX_TAPS + " values");
        }
    }
}

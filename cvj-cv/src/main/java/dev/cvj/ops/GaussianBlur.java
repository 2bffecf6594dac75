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
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;

/**
 * Gaussian smoothing, OpenCV's {@code cv::GaussianBlur} (CV-CUDA's Gaussian): a separable filter of
 * {@code cv::getGaussianKernel(kw, sigmaX)} along rows and {@code getGaussianKernel(kh, sigmaY)} down columns,
 * centred, pixels outside the image from the border rule ({@link BorderType#CONSTANT} reads 0). As in OpenCV:
 * {@code sigmaY <= 0} means {@code sigmaY = sigmaX}; a size {@code <= 0} with a positive sigma becomes
 * {@code round(sigma * 6 + 1) | 1} for U8 ({@code * 8} for the other types); sizes must then be odd; a sigma
 * {@code <= 0} with a size of 1 to 9 takes OpenCV's fixed table, otherwise {@code 0.3 * ((k - 1) / 2 - 1) + 0.8}.
 *
 * <p>U8 and U16 run OpenCV's fixed-point path: kernels of 8 (U8) or 16 (U16) fraction bits summing to exactly
 * one, exact integer sums, one rounding at the end; bit-exact with OpenCV 4.6 on the goldens (the kernel's
 * exponentials come from {@code Math.exp}, OpenCV's from softfloat: a tap on a rounding boundary of the fixed-point
 * kernel could differ, none does on the goldens). S16 and F32 filter with the float kernel in float, rows first,
 * each product and sum rounded in tap order; OpenCV's vector code adds symmetric taps first and may fuse
 * multiply-adds, so S16 may differ by 1 and F32 by a few float ulps (bounded in the golden test). GPU equals CPU
 * bit for bit.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Borders</td><td>CONSTANT (0), REPLICATE, REFLECT, REFLECT_101; WRAP for U8 and U16 (as OpenCV)</td><td></td></tr>
 *   <tr><td>Kernel</td><td>odd {@code kw, kh >= 1} (or 0 with sigma &gt; 0), {@code kw + kh <= 4096}</td><td></td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the host;
 *       the types and channels above), a kernel size and sigmas per image (arrays, or CV-CUDA's tensors)</td><td>a
 *       varshape batch of the same sizes, channels and type (new, or the caller's; no dst image may overlap a src
 *       image)</td></tr>
 * </table>
 * dst must not overlap src in memory. Each output pixel reads {@code kw * kh} source pixels on the GPU; a
 * benchmark should time large kernels.
 *
 * <pre>{@code
 * Tensor smooth = GaussianBlur.gaussianBlur(img, 5, 5, 1.2, 0, BorderType.REFLECT_101);
 * }</pre>
 */
public final class GaussianBlur {
    private static final OpCheck OP = OpCheck.of("GaussianBlur");
    private static final FilterVarShape VARSHAPE = new FilterVarShape(OP);

    private GaussianBlur() {}

    /**
     * A new tensor: {@code src} smoothed (see the class comment). A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param kw the kernel's width, odd (0: from {@code sigmaX})
     * @param kh the kernel's height, odd (0: from {@code sigmaY})
     * @param sigmaX the standard deviation in x
     * @param sigmaY the standard deviation in y (0: {@code sigmaX})
     * @param border how pixels outside the image are read
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor gaussianBlur(Tensor src, int kw, int kh, double sigmaX, double sigmaY, BorderType border,
                                      Stream stream) {
        PixelGrid s = source(src, border);
        FilterPixels.Taps t = taps(s.dtype(), kw, kh, sigmaX, sigmaY);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream,
                dst -> FilterPixels.into(OP, dst, s, t, border, stream));
    }

    /**
     * As {@link #gaussianBlur(Tensor, int, int, double, double, BorderType, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param kw the kernel's width, odd (0: from {@code sigmaX})
     * @param kh the kernel's height, odd (0: from {@code sigmaY})
     * @param sigmaX the standard deviation in x
     * @param sigmaY the standard deviation in y (0: {@code sigmaX})
     * @param border how pixels outside the image are read
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor gaussianBlur(Tensor src, int kw, int kh, double sigmaX, double sigmaY, BorderType border) {
        return gaussianBlur(src, kw, kh, sigmaX, sigmaY, border, null);
    }

    /**
     * Writes {@code src} smoothed into {@code dst} (same shape, layout and data type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param kw the kernel's width, odd (0: from {@code sigmaX})
     * @param kh the kernel's height, odd (0: from {@code sigmaY})
     * @param sigmaX the standard deviation in x
     * @param sigmaY the standard deviation in y (0: {@code sigmaX})
     * @param border how pixels outside the image are read
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void gaussianBlurInto(Tensor dst, Tensor src, int kw, int kh, double sigmaX, double sigmaY,
                                        BorderType border, Stream stream) {
        PixelGrid s = source(src, border);
        FilterPixels.into(OP, dst, s, taps(s.dtype(), kw, kh, sigmaX, sigmaY), border, stream);
    }

    /**
     * As {@link #gaussianBlurInto(Tensor, Tensor, int, int, double, double, BorderType, Stream)}, on the current
     * stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param kw the kernel's width, odd (0: from {@code sigmaX})
     * @param kh the kernel's height, odd (0: from {@code sigmaY})
     * @param sigmaX the standard deviation in x
     * @param sigmaY the standard deviation in y (0: {@code sigmaX})
     * @param border how pixels outside the image are read
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void gaussianBlurInto(Tensor dst, Tensor src, int kw, int kh, double sigmaX, double sigmaY,
                                        BorderType border) {
        gaussianBlurInto(dst, src, kw, kh, sigmaX, sigmaY, border, null);
    }

    /**
     * A new varshape batch: image i of {@code src} smoothed with kernel size {@code kw[i] x kh[i]} and sigmas
     * {@code sigmaX[i]}, {@code sigmaY[i]} (each array: 1 entry for every image, or one per image; sizes and sigmas
     * resolved per image as in the single-image call), the border rule for all (CV-CUDA's GaussianVarShape; its
     * {@code maxKernelSize} sizes a workspace cvj does not need). The batch owns its images: closing it frees them. A
     * null stream is the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param kw the kernel's width per image, odd (0: from that image's sigmaX); 1 entry for every image, or one per
     *         image
     * @param kh the kernel's height per image, odd (0: from that image's sigmaY); 1 entry for every image, or one per
     *         image
     * @param sigmaX the standard deviation in x per image, finite; 1 entry for every image, or one per image
     * @param sigmaY the standard deviation in y per image, finite (0 or less: that image's sigmaX); 1 entry for every
     *         image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter array has
     *         neither 1 entry nor one per image, or an image's kernel size or sigmas break the checks of the
     *         single-image call (the message names the operator, the argument and, for one image's parameters, the
     *         image); nothing has run then
     * @throws NullPointerException if src, border or a parameter array is null
     */
    public static ImageBatchVarShape gaussianBlur(ImageBatchVarShape src, int[] kw, int[] kh, double[] sigmaX,
                                                  double[] sigmaY, BorderType border, Stream stream) {
        PixelType p = VARSHAPE.source(src, border, wrapAllowed(src));
        FilterPixels.Taps[] t = taps(src, p, kw, kh, sigmaX, sigmaY);
        return VARSHAPE.allocate(src, p, p.dataType(), stream, dst -> VARSHAPE.separable(dst, src, p, t, border, stream));
    }

    /**
     * As {@link #gaussianBlur(ImageBatchVarShape, int[], int[], double[], double[], BorderType, Stream)}, on the
     * current stream.
     *
     * @param src the input batch, as the support table allows
     * @param kw the kernel's width per image, odd (0: from that image's sigmaX); 1 entry for every image, or one per
     *         image
     * @param kh the kernel's height per image, odd (0: from that image's sigmaY); 1 entry for every image, or one per
     *         image
     * @param sigmaX the standard deviation in x per image, finite; 1 entry for every image, or one per image
     * @param sigmaY the standard deviation in y per image, finite (0 or less: that image's sigmaX); 1 entry for every
     *         image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter array has
     *         neither 1 entry nor one per image, or an image's kernel size or sigmas break the checks of the
     *         single-image call (the message names the operator, the argument and, for one image's parameters, the
     *         image); nothing has run then
     * @throws NullPointerException if src, border or a parameter array is null
     */
    public static ImageBatchVarShape gaussianBlur(ImageBatchVarShape src, int[] kw, int[] kh, double[] sigmaX,
                                                  double[] sigmaY, BorderType border) {
        return gaussianBlur(src, kw, kh, sigmaX, sigmaY, border, null);
    }

    /**
     * As {@link #gaussianBlur(ImageBatchVarShape, int[], int[], double[], double[], BorderType, Stream)}, the
     * parameters as CV-CUDA's tensors: {@code kernelSize} S32 of shape {@code [n, 2]} (kw, kh) and {@code sigma} F64 or
     * F32 of shape {@code [n, 2]} (sigmaX, sigmaY), {@code n} 1 or the batch size, on the host or a device
     * (a device tensor is read with a synchronous copy of a few bytes per image, which waits for the work queued before
     * it on the legacy default stream).
     *
     * @param src the input batch, as the support table allows
     * @param kernelSize the S32 {@code [n, 2]} tensor of the kernel sizes: row i holds image i's (kw, kh), or row 0
     *         every image's
     * @param sigma the F64 or F32 {@code [n, 2]} tensor of the sigmas: row i holds image i's (sigmaX, sigmaY), or row 0
     *         every image's
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, a parameter tensor is not
     *         of the type and shape above or its n is neither 1 nor the batch size, or an image's kernel size or sigmas
     *         break the checks of the single-image call (the message names the operator, the argument and, for one
     *         image's parameters, the image); nothing has run then
     * @throws NullPointerException if src, border or a parameter tensor is null
     * @throws IllegalStateException if a parameter tensor is closed
     */
    public static ImageBatchVarShape gaussianBlur(ImageBatchVarShape src, Tensor kernelSize, Tensor sigma,
                                                  BorderType border, Stream stream) {
        VARSHAPE.source(src, border, wrapAllowed(src));
        int[][] k = ParameterTensors.rows(OP, "kernelSize", kernelSize, src.size(), 2);
        double[][] s = ParameterTensors.doubles(OP, "sigma", sigma, src.size(), 2);
        return gaussianBlur(src, ParameterTensors.column(k, 0), ParameterTensors.column(k, 1),
                ParameterTensors.column(s, 0), ParameterTensors.column(s, 1), border, stream);
    }

    /**
     * Writes image i of {@code src} smoothed into image i of {@code dst} (a batch of the same count, sizes, channels
     * and type); the parameters as {@link #gaussianBlur(ImageBatchVarShape, int[], int[], double[], double[],
     * BorderType, Stream)}.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param kw the kernel's width per image, odd (0: from that image's sigmaX); 1 entry for every image, or one per
     *         image
     * @param kh the kernel's height per image, odd (0: from that image's sigmaY); 1 entry for every image, or one per
     *         image
     * @param sigmaX the standard deviation in x per image, finite; 1 entry for every image, or one per image
     * @param sigmaY the standard deviation in y per image, finite (0 or less: that image's sigmaX); 1 entry for every
     *         image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src, a parameter
     *         array has neither 1 entry nor one per image, or an image's kernel size or sigmas break the checks of the
     *         single-image call (the message names the operator, the argument and, for one image's parameters, the
     *         image); nothing has run then
     * @throws NullPointerException if dst, src, border or a parameter array is null
     */
    public static void gaussianBlurInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[] kw, int[] kh,
                                        double[] sigmaX, double[] sigmaY, BorderType border, Stream stream) {
        PixelType p = VARSHAPE.source(src, border, wrapAllowed(src));
        VARSHAPE.separable(dst, src, p, taps(src, p, kw, kh, sigmaX, sigmaY), border, stream);
    }

    /**
     * As {@link #gaussianBlurInto(ImageBatchVarShape, ImageBatchVarShape, int[], int[], double[], double[],
     * BorderType, Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param kw the kernel's width per image, odd (0: from that image's sigmaX); 1 entry for every image, or one per
     *         image
     * @param kh the kernel's height per image, odd (0: from that image's sigmaY); 1 entry for every image, or one per
     *         image
     * @param sigmaX the standard deviation in x per image, finite; 1 entry for every image, or one per image
     * @param sigmaY the standard deviation in y per image, finite (0 or less: that image's sigmaX); 1 entry for every
     *         image, or one per image
     * @param border how pixels outside each image are read (for every image)
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src, a parameter
     *         array has neither 1 entry nor one per image, or an image's kernel size or sigmas break the checks of the
     *         single-image call (the message names the operator, the argument and, for one image's parameters, the
     *         image); nothing has run then
     * @throws NullPointerException if dst, src, border or a parameter array is null
     */
    public static void gaussianBlurInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[] kw, int[] kh,
                                        double[] sigmaX, double[] sigmaY, BorderType border) {
        gaussianBlurInto(dst, src, kw, kh, sigmaX, sigmaY, border, null);
    }

    private static boolean wrapAllowed(ImageBatchVarShape src) {
        PixelType p = src == null || src.isClosed() || src.size() == 0 ? null : src.uniqueFormat();
        return p != null && (p.dataType() == DataType.U8 || p.dataType() == DataType.U16);
    }

    private static FilterPixels.Taps[] taps(ImageBatchVarShape src, PixelType p, int[] kw, int[] kh, double[] sigmaX,
                                            double[] sigmaY) {
        VARSHAPE.perImage("kw", kw, src);
        VARSHAPE.perImage("kh", kh, src);
        VARSHAPE.perImage("sigmaX", sigmaX, src);
        VARSHAPE.perImage("sigmaY", sigmaY, src);
        boolean one = kw.length == 1 && kh.length == 1 && sigmaX.length == 1 && sigmaY.length == 1;
        return VARSHAPE.each(new FilterPixels.Taps[src.size()], one, i -> taps(p.dataType(), FilterVarShape.at(kw, i),
                FilterVarShape.at(kh, i), FilterVarShape.at(sigmaX, i), FilterVarShape.at(sigmaY, i)));
    }

    private static PixelGrid source(Tensor src, BorderType border) {
        OP.notNull(src, "src");
        return FilterPixels.source(OP, src, border, src.dtype() == DataType.U8 || src.dtype() == DataType.U16);
    }

    private static FilterPixels.Taps taps(DataType t, int kw, int kh, double sigmaX, double sigmaY) {
        if (Double.isNaN(sigmaX) || Double.isNaN(sigmaY) || Double.isInfinite(sigmaX) || Double.isInfinite(sigmaY)) {
            throw OP.fail("sigmaX " + sigmaX + " and sigmaY " + sigmaY + " must be finite numbers");
        }
        double sy = sigmaY <= 0 ? sigmaX : sigmaY;
        int w = size("kw", kw, sigmaX, t), h = size("kh", kh, sy, t);
        FilterKernels.size(OP, w, h);
        return FilterKernels.gaussian(t, w, h, Math.max(sigmaX, 0), Math.max(sy, 0));
    }

    /** OpenCV's kernel size: a size {@code <= 0} from a positive sigma, then odd and positive. */
    private static int size(String role, int k, double sigma, DataType t) {
        if (k <= 0 && sigma > 0) {
            double r = Math.rint(sigma * (t == DataType.U8 ? 3 : 4) * 2 + 1);
            if (r > FilterPixels.MAX_TAPS) {
                throw OP.fail(role + " from sigma " + sigma + " would be " + r + ", more than " + FilterPixels.MAX_TAPS);
            }
            k = (int) r | 1;
        }
        if (k <= 0 || k % 2 == 0) {
            throw OP.fail(role + " " + k + " must be odd and positive (or 0 with a positive sigma)");
        }
        return k;
    }
}

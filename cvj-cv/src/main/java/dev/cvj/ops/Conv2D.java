package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.FilterKernels;
import dev.cvj.ops.internal.FilterPixels;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.Tensor;

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

    private static FilterPixels.Taps2D taps(float[][] kernel, int anchorX, int anchorY, double delta) {
        OP.notNull(kernel, "kernel");
        if (kernel.length == 0 || kernel[0] == null || kernel[0].length == 0) {
            throw OP.fail("kernel must have at least one row of at least one value");
        }
        int kh = kernel.length, kw = kernel[0].length;
        if ((long) kw * kh > FilterPixels.MAX_TAPS) {
            throw OP.fail("kernel of " + kh + " x " + kw + " has more than " + FilterPixels.MAX_TAPS + " values");
        }
        float[] k = new float[kw * kh];
        for (int j = 0; j < kh; j++) {
            if (kernel[j] == null || kernel[j].length != kw) {
                throw OP.fail("kernel row " + j + " has " + (kernel[j] == null ? "no values" : kernel[j].length + " values")
                        + " but row 0 has " + kw);
            }
            System.arraycopy(kernel[j], 0, k, j * kw, kw);
        }
        return new FilterPixels.Taps2D(k, kw, kh, FilterKernels.anchor(OP, "anchorX", anchorX, kw),
                FilterKernels.anchor(OP, "anchorY", anchorY, kh), (float) delta);
    }
}

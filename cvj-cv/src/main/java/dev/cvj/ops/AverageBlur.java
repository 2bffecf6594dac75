package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.FilterKernels;
import dev.cvj.ops.internal.FilterPixels;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
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
 * </table>
 * dst must not overlap src in memory.
 *
 * <pre>{@code
 * Tensor soft = AverageBlur.averageBlur(img, 5, 5, -1, -1, BorderType.REFLECT_101);
 * }</pre>
 */
public final class AverageBlur {
    private static final OpCheck OP = OpCheck.of("AverageBlur");

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
}

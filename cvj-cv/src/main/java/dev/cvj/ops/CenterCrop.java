package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelCopies;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.Tensor;

/**
 * Copies the centred {@code w x h} rectangle of every image, CV-CUDA's CenterCrop: its top-left corner is
 * {@code ((W - w) / 2, (H - h) / 2)} with integer division (an odd margin leaves the extra pixel at the
 * right / bottom). Bit-exact.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>all</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>W &gt;= w, H &gt;= h</td><td>N and C of src; W = w, H = h</td></tr>
 * </table>
 * dst must not overlap src in memory (refused).
 *
 * <pre>{@code
 * Tensor c = CenterCrop.centerCrop(resized, 224, 224, stream);
 * }</pre>
 */
public final class CenterCrop {
    private static final OpCheck OP = OpCheck.of("CenterCrop");

    private CenterCrop() {}

    /**
     * A new tensor holding the centred {@code w x h} rectangle of each image.
     *
     * @param src the input image(s), as the support table allows
     * @param w the crop's width
     * @param h the crop's height
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor centerCrop(Tensor src, int w, int h, Stream stream) {
        PixelGrid s = OP.image("src", src);
        checkSize(s, w, h);
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(src.layout(), s.n(), h, w, s.c()), src.dtype(), src.layout(),
                stream, dst -> PixelCopies.crop(OP, s, OP.image("dst", dst), (s.w() - w) / 2, (s.h() - h) / 2, stream));
    }

    /**
     * As {@link #centerCrop(Tensor, int, int, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param w the crop's width
     * @param h the crop's height
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor centerCrop(Tensor src, int w, int h) {
        return centerCrop(src, w, h, null);
    }

    /**
     * Copies the centred rectangle of dst's width and height into {@code dst}.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void centerCropInto(Tensor dst, Tensor src, Stream stream) {
        PixelGrid s = OP.image("src", src);
        PixelGrid d = OP.image("dst", dst);
        checkSize(s, d.w(), d.h());
        PixelCopies.crop(OP, s, d, (s.w() - d.w()) / 2, (s.h() - d.h()) / 2, stream);
    }

    /**
     * As {@link #centerCropInto(Tensor, Tensor, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void centerCropInto(Tensor dst, Tensor src) {
        centerCropInto(dst, src, null);
    }

    private static void checkSize(PixelGrid s, int w, int h) {
        if (w < 1 || h < 1 || w > s.w() || h > s.h()) {
            throw OP.fail("center crop of " + w + "x" + h + " does not fit the " + s.w() + "x" + s.h() + " image (w x h)");
        }
    }
}

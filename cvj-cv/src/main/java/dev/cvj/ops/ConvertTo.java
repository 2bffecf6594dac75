package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.AffinePixels;
import dev.cvj.ops.internal.AffineVarShape;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;

/**
 * Converts the element type with a linear map, OpenCV's {@code convertTo}:
 * <pre>  dst = saturate_cast&lt;dstType&gt;(src * scale + offset)</pre>
 * computed in float as {@code fma(src, (float) scale, (float) offset)} (OpenCV's vectorized path), then
 * rounded half to even ({@code cvRound}) and clamped for integer outputs; NaN gives 0. Values beyond the
 * int range clamp to the type's limit (OpenCV's {@code cvRound} wraps them to INT_MIN instead).
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32, F16</td><td>U8, U16, S16, F32, F16</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>any</td><td>same as src</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the
 *       host; each its own size and row pitch; the types and channels above)</td><td>a varshape batch of the same
 *       count, sizes and channels, of dstType (new, or the caller's); host batch with host dst, device batch with
 *       dst on its device</td></tr>
 * </table>
 * In place: dst may be the very same view as src when both types have one size (U8 is not U16); any other
 * overlap of dst and src in memory is refused (for batches: dst image i may be the very same view as src image i,
 * and no dst image may overlap any other src image).
 *
 * <p>Varshape batches: one scale and offset for every image; each image is converted exactly as the single-image
 * call would convert it (the CPU path runs the single-image CPU path image by image, the GPU one launch for the whole
 * batch, reading the batch's descriptor tables, with the single-image kernels' arithmetic).
 *
 * <pre>{@code
 * Tensor f = ConvertTo.convertTo(u8Batch, DataType.F32, 1 / 255.0, 0, stream);   // [0, 255] -> [0, 1]
 * }</pre>
 */
public final class ConvertTo {
    private static final OpCheck OP = OpCheck.of("ConvertTo");
    private static final AffineVarShape VARSHAPE = new AffineVarShape(OP);

    private ConvertTo() {}

    /**
     * A new tensor of {@code dstType}: {@code src * scale + offset}, saturated. A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param dstType the output's element type
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor convertTo(Tensor src, DataType dstType, double scale, double offset, Stream stream) {
        PixelGrid s = check(src);
        checkDstType(dstType);
        return Outputs.allocate(OP, src, src.shape(), dstType, src.layout(), stream,
                dst -> run(dst, s, scale, offset, stream));
    }

    /**
     * As {@link #convertTo(Tensor, DataType, double, double, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param dstType the output's element type
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor convertTo(Tensor src, DataType dstType, double scale, double offset) {
        return convertTo(src, dstType, scale, offset, null);
    }

    /**
     * Writes {@code src * scale + offset}, saturated to dst's type, into {@code dst} (same shape and layout).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void convertToInto(Tensor dst, Tensor src, double scale, double offset, Stream stream) {
        run(dst, check(src), scale, offset, stream);
    }

    /**
     * As {@link #convertToInto(Tensor, Tensor, double, double, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void convertToInto(Tensor dst, Tensor src, double scale, double offset) {
        convertToInto(dst, src, scale, offset, null);
    }

    /**
     * A new varshape batch of {@code dstType}: image i is {@code src} image i {@code * scale + offset}, saturated
     * (same
     * size and channels). The batch owns its images: closing it frees them. A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param dstType the output's element type
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape convertTo(ImageBatchVarShape src, DataType dstType, double scale, double offset,
                                               Stream stream) {
        PixelType p = VARSHAPE.checkSource(src);
        checkDstType(dstType);
        return VARSHAPE.allocate(src, p, dstType, stream, dst -> convertToInto(dst, src, scale, offset, stream));
    }

    /**
     * As {@link #convertTo(ImageBatchVarShape, DataType, double, double, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param dstType the output's element type
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape convertTo(ImageBatchVarShape src, DataType dstType, double scale, double offset) {
        return convertTo(src, dstType, scale, offset, null);
    }

    /**
     * Writes {@code src} image i {@code * scale + offset}, saturated to the dst batch's type, into {@code dst} image
     * i
     * (a batch of the same count, sizes and channels).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void convertToInto(ImageBatchVarShape dst, ImageBatchVarShape src, double scale, double offset,
                                     Stream stream) {
        VARSHAPE.run(dst, src, AffinePixels.TYPES, new float[] {0f}, new float[] {1f}, (float) scale, (float) offset,
                stream);
    }

    /**
     * As {@link #convertToInto(ImageBatchVarShape, ImageBatchVarShape, double, double, Stream)}, on the current
     * stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void convertToInto(ImageBatchVarShape dst, ImageBatchVarShape src, double scale, double offset) {
        convertToInto(dst, src, scale, offset, null);
    }

    private static void checkDstType(DataType dstType) {
        OP.notNull(dstType, "dstType");
        if (!AffinePixels.TYPES.contains(dstType)) {
            throw OP.fail("dstType " + dstType + " is not supported; supported: F16, F32, S16, U16, U8");
        }
    }

    private static PixelGrid check(Tensor src) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, AffinePixels.TYPES);
        return s;
    }

    private static void run(Tensor dst, PixelGrid s, double scale, double offset, Stream stream) {
        PixelGrid d = OP.image("dst", dst, PixelGrid.ANY_IMAGE);
        OP.dtype("dst", d, AffinePixels.TYPES);
        OP.sameShape("dst", d, "src", s);
        OP.output("dst", d, "src", s, true);
        Stream st = s.tensor().isHost() ? null : OP.stream(dst, stream);
        AffinePixels.run(s, d, new float[] {0f}, new float[] {1f}, (float) scale, (float) offset, st);
    }
}

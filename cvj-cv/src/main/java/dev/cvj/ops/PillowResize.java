package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.ops.internal.SeparableResize.Arithmetic;
import dev.cvj.ops.internal.SeparableResizeOp;
import dev.cvj.ops.internal.SeparableTaps;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import java.util.EnumSet;

/**
 * Resizes images as Pillow's {@code Image.resize(size, filter)} does (CV-CUDA's {@code cvcuda.pillowresize}), pixel
 * for pixel: the filters of {@link PillowFilter}, Pillow's coefficients ({@code precompute_coeffs}: centre
 * {@code (o + 0.5) * in / out}, support {@code filterSupport * max(1, in / out)}, window {@code [(int) (centre -
 * support + 0.5), (int) (centre + support + 0.5))} clipped to the image, weights normalised to sum 1), the horizontal
 * pass first, then the vertical; an axis whose size does not change is not filtered (as Pillow skips that pass).
 * <ul>
 *   <li>U8: Pillow's 8-bit path. Weights in fixed point with 22 fraction bits (rounded half away from zero), an
 *       int sum started at {@code 2^21}, each pass's result {@code clamp(sum >> 22, 0, 255)}: the intermediate image
 *       between the passes is U8, as Pillow's.</li>
 *   <li>F32: Pillow's float ('F' mode) path: double weights and sums, each pass rounded to float.</li>
 *   <li>{@link PillowFilter#NEAREST}: Pillow's separate path ({@code ImagingScaleAffine}): source column
 *       {@code (int) x}, {@code x} starting at {@code in / (2 out)} and stepping by {@code in / out} in double.</li>
 * </ul>
 * Each channel is resized on its own, as Pillow resizes an 'L' (or 'F') image: Pillow's {@code Image.resize} of an
 * RGBA or LA image premultiplies by alpha first, this operator (as CV-CUDA's) does not. The filters are evaluated in
 * double with Java's {@code Math.sin}/{@code Math.cos} (HAMMING, LANCZOS) where Pillow calls the C library's; a
 * weight on the edge of a fixed-point rounding could differ by one unit, so U8 results are Pillow's exactly on the
 * goldens and within 1 by construction. The GPU computes the same tables on the host (in Java) and the same integer
 * (U8) and explicitly rounded double (F32) arithmetic: GPU == CPU bit for bit.
 *
 * <table class="striped">
 * <caption>Support</caption>
 * <tr><th>Layouts</th><td>NHWC (a batch), HWC (one image); dst the same layout, N and C</td></tr>
 * <tr><th>Data types</th><td>U8, F32 (dst the same as src)</td></tr>
 * <tr><th>Channels</th><td>1, 2, 3, 4, packed; rows and images at any byte stride</td></tr>
 * <tr><th>Varshape</th><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device) into a varshape batch of
 *     one size per image (or one size for all); one launch per pass</td></tr>
 * </table>
 * dst must not overlap src (refused). The device path writes its tables and allocates its intermediate image in
 * stream order (no host wait; a {@link Pipeline} can record the call).
 *
 * <pre>{@code
 * Tensor small = PillowResize.pillowResize(rgb, ImageSize.of(224, 224), PillowFilter.BICUBIC);
 * }</pre>
 */
public final class PillowResize {
    private static final OpCheck OP = OpCheck.of("PillowResize");
    private static final SeparableResizeOp RESIZE = new SeparableResizeOp(OP, EnumSet.of(DataType.U8, DataType.F32),
            t -> t == DataType.U8 ? Arithmetic.FIXED8 : Arithmetic.DOUBLE);

    private PillowResize() {}

    private static SeparableResizeOp.Axis axis(PillowFilter filter) {
        OP.notNull(filter, "filter");
        return (in, out) -> SeparableTaps.pillow(in, out, filter);
    }

    /**
     * A new tensor of {@code size} pixels (src's layout, type, N and C): {@code src} resized as Pillow does.
     *
     * @param src the input image(s), as the support table allows
     * @param size the output's size
     * @param filter Pillow's resampling filter
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor pillowResize(Tensor src, ImageSize size, PillowFilter filter, Stream stream) {
        PixelGrid s = RESIZE.source(src);
        return RESIZE.resize(src, s, size, null, axis(filter), stream);
    }

    /**
     * As {@link #pillowResize(Tensor, ImageSize, PillowFilter, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param size the output's size
     * @param filter Pillow's resampling filter
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor pillowResize(Tensor src, ImageSize size, PillowFilter filter) {
        return pillowResize(src, size, filter, null);
    }

    /**
     * Resizes {@code src} into {@code dst} as Pillow does; dst's size is the output size.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param filter Pillow's resampling filter
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void pillowResizeInto(Tensor dst, Tensor src, PillowFilter filter, Stream stream) {
        PixelGrid s = RESIZE.source(src);
        RESIZE.resizeInto(dst, s, null, axis(filter), stream);
    }

    /**
     * As {@link #pillowResizeInto(Tensor, Tensor, PillowFilter, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param filter Pillow's resampling filter
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void pillowResizeInto(Tensor dst, Tensor src, PillowFilter filter) {
        pillowResizeInto(dst, src, filter, null);
    }

    /**
     * A new batch: image i of {@code src} resized as Pillow does to {@code sizes[i]} (or {@code sizes[0]} for all).
     *
     * @param src the input batch, as the support table allows
     * @param sizes 1 output size for every image, or one per image
     * @param filter Pillow's resampling filter
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     */
    public static ImageBatchVarShape pillowResize(ImageBatchVarShape src, ImageSize[] sizes, PillowFilter filter,
                                                  Stream stream) {
        return RESIZE.resize(src, sizes, null, axis(filter), stream);
    }

    /**
     * As {@link #pillowResize(ImageBatchVarShape, ImageSize[], PillowFilter, Stream)}, on the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param sizes 1 output size for every image, or one per image
     * @param filter Pillow's resampling filter
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     */
    public static ImageBatchVarShape pillowResize(ImageBatchVarShape src, ImageSize[] sizes, PillowFilter filter) {
        return pillowResize(src, sizes, filter, null);
    }

    /**
     * Resizes image i of {@code src} into image i of {@code dst} (at that image's size) as Pillow does.
     *
     * @param dst the caller's output batch: src's image count, place and pixel type; no overlap with a src image
     * @param src the input batch, as the support table allows
     * @param filter Pillow's resampling filter
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     */
    public static void pillowResizeInto(ImageBatchVarShape dst, ImageBatchVarShape src, PillowFilter filter,
                                        Stream stream) {
        RESIZE.resizeInto(dst, src, null, axis(filter), stream);
    }

    /**
     * As {@link #pillowResizeInto(ImageBatchVarShape, ImageBatchVarShape, PillowFilter, Stream)}, on the current
     * stream.
     *
     * @param dst the caller's output batch: src's image count, place and pixel type; no overlap with a src image
     * @param src the input batch, as the support table allows
     * @param filter Pillow's resampling filter
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     */
    public static void pillowResizeInto(ImageBatchVarShape dst, ImageBatchVarShape src, PillowFilter filter) {
        pillowResizeInto(dst, src, filter, null);
    }
}

package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.ops.internal.SeparableResize.Arithmetic;
import dev.cvj.ops.internal.SeparableResizeOp;
import dev.cvj.ops.internal.SeparableTaps;
import dev.cvj.ops.internal.VolumeResize;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import java.util.EnumSet;

/**
 * Antialiased resize (CV-CUDA's {@code cvcuda.hq_resize}) with the semantics of torchvision's
 * {@code resize(img, size, antialias=True)}, i.e. PyTorch's {@code _upsample_bilinear2d_aa} /
 * {@code _upsample_bicubic2d_aa} with align_corners=False, for {@link HQFilter#LINEAR} and {@link HQFilter#CUBIC}
 * (a = -0.5). Per axis, with {@code s = in / out} (float): output {@code o} has centre {@code c = s (o + 0.5)},
 * support {@code r = filterSupport * max(1, s)}, window {@code [(long) (c - r + 0.5), (long) (c + r + 0.5))} clipped
 * to the image, weights {@code filter((j - c + 0.5) / max(1, s))} divided by their sum, all in float as PyTorch
 * computes them for an F32 tensor; the horizontal pass first into a float intermediate, then the vertical; an axis
 * whose size does not change is not filtered (as PyTorch skips it). Enlarging uses the same formula with the filter
 * unstretched, which is the plain interpolation (edge windows clipped and renormalised, as PyTorch's).
 * <ul>
 *   <li>F32: the float sums.</li>
 *   <li>U8: read as float, the same float path, the result rounded half to even and clamped to [0, 255]: what
 *       torchvision gives by converting to float, interpolating, rounding and clamping. PyTorch's own CPU U8 kernel
 *       (used by torchvision on AVX2 machines) computes in fixed point and may differ from that by 1; it also rounds
 *       and clamps its horizontal pass to U8, so a CUBIC enlargement whose first-pass ringing leaves 0..255 differs
 *       more there (up to 13 levels on the goldens of torch 2.11; TrainingResizesGoldenTest).</li>
 *   <li>{@link HQFilter#GAUSSIAN} and {@link HQFilter#LANCZOS}: CV-CUDA's filter shapes and supports (Gaussian
 *       {@code exp(-4 x^2)} on |x| &lt; 1, Lanczos-3), in the same window and normalisation scheme, evaluated exactly;
 *       CV-CUDA samples them from tables with linear interpolation, so results differ from CV-CUDA's slightly (U8 by
 *       about 1).</li>
 * </ul>
 * <p>Volumes (DHWC, NDHWC; CV-CUDA's 3-D form): three separable passes, W, then H, then D, each axis with the taps
 * above, float intermediates, a U8 output rounded half to even and clamped at the end as for images. PyTorch has no
 * antialiased 3-D mode ({@code interpolate(mode='trilinear', antialias=True)} does not exist): cvj applies the 2-D
 * weights per axis, as CV-CUDA does, which is what such a trilinear/tricubic antialiased mode would compute.
 *
 * The device path runs the image kernels: W and H over every depth slice into a float volume (src's depth, the output's
 * height and width), then D as the vertical pass over each output row's stack of slices.
 *
 * <p>Not supported from CV-CUDA's operator: separate filters for shrinking and enlarging, antialias off, regions of
 * interest, U16/S16, and varshape batches of volumes. The GPU computes the same tables on the host (in Java) and the
 * same explicitly rounded float operations in the same order: GPU == CPU bit for bit.
 *
 * <table class="striped">
 * <caption>Support</caption>
 * <tr><th>Layouts</th><td>NHWC (a batch), HWC (one image), NDHWC (a batch of volumes), DHWC (one volume); dst the
 *     same layout, N and C</td></tr>
 * <tr><th>Data types</th><td>U8, F32 (dst the same as src)</td></tr>
 * <tr><th>Channels</th><td>1, 2, 3, 4, packed; rows, slices and images at any byte stride</td></tr>
 * <tr><th>Varshape</th><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device) into a varshape batch of
 *     one size per image (or one size for all); one launch per pass</td></tr>
 * </table>
 * dst must not overlap src (refused). The device path writes its tables and allocates its intermediate image in
 * stream order (no host wait; a {@link Pipeline} can record the call).
 *
 * <pre>{@code
 * Tensor small = HQResize.hqResize(rgb, ImageSize.of(224, 224), HQFilter.CUBIC);
 * }</pre>
 */
public final class HQResize {
    private static final OpCheck OP = OpCheck.of("HQResize");
    private static final SeparableResizeOp RESIZE = new SeparableResizeOp(OP, EnumSet.of(DataType.U8, DataType.F32),
            t -> Arithmetic.FLOAT);
    private static final VolumeResize VOLUME = new VolumeResize(OP, EnumSet.of(DataType.U8, DataType.F32));

    private HQResize() {}

    private static SeparableResizeOp.Axis axis(HQFilter filter) {
        OP.notNull(filter, "filter");
        return (in, out) -> SeparableTaps.antialiased(in, out, filter);
    }

    /**
     * A new tensor of {@code size} pixels (src's layout, type, N and C): {@code src} resized with the filter.
     *
     * @param src the input image(s), as the support table allows
     * @param size the output's size
     * @param filter the antialiasing filter
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor hqResize(Tensor src, ImageSize size, HQFilter filter, Stream stream) {
        PixelGrid s = RESIZE.source(src);
        return RESIZE.resize(src, s, size, null, axis(filter), stream);
    }

    /**
     * As {@link #hqResize(Tensor, ImageSize, HQFilter, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param size the output's size
     * @param filter the antialiasing filter
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor hqResize(Tensor src, ImageSize size, HQFilter filter) {
        return hqResize(src, size, filter, null);
    }

    /**
     * A new volume tensor of {@code depth x height x width} pixels (src's layout, type, N and C): {@code src} (DHWC or
     * NDHWC) resized with the filter along W, then H, then D.
     *
     * @param src the input volume(s), DHWC or NDHWC, as the support table allows
     * @param depth the output's depth, at least 1
     * @param height the output's height, at least 1
     * @param width the output's width, at least 1
     * @param filter the antialiasing filter
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor hqResize(Tensor src, int depth, int height, int width, HQFilter filter, Stream stream) {
        SeparableResizeOp.Axis axis = axis(filter);
        return VOLUME.resize(src, depth, height, width, axis, stream);
    }

    /**
     * As {@link #hqResize(Tensor, int, int, int, HQFilter, Stream)}, on the current stream.
     *
     * @param src the input volume(s), DHWC or NDHWC, as the support table allows
     * @param depth the output's depth, at least 1
     * @param height the output's height, at least 1
     * @param width the output's width, at least 1
     * @param filter the antialiasing filter
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor hqResize(Tensor src, int depth, int height, int width, HQFilter filter) {
        return hqResize(src, depth, height, width, filter, null);
    }

    /**
     * Resizes {@code src} into {@code dst}; dst's size is the output size. Images (HWC, NHWC) and volumes (DHWC,
     * NDHWC: W, then H, then D) alike.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param filter the antialiasing filter
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void hqResizeInto(Tensor dst, Tensor src, HQFilter filter, Stream stream) {
        if (VolumeResize.isVolume(src)) {
            VOLUME.resizeInto(dst, src, axis(filter), stream);
            return;
        }
        PixelGrid s = RESIZE.source(src);
        RESIZE.resizeInto(dst, s, null, axis(filter), stream);
    }

    /**
     * As {@link #hqResizeInto(Tensor, Tensor, HQFilter, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param filter the antialiasing filter
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void hqResizeInto(Tensor dst, Tensor src, HQFilter filter) {
        hqResizeInto(dst, src, filter, null);
    }

    /**
     * A new batch: image i of {@code src} resized with the antialiased filter to {@code sizes[i]} (or {@code sizes[0]} for all).
     *
     * @param src the input batch, as the support table allows
     * @param sizes 1 output size for every image, or one per image
     * @param filter the antialiasing filter
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     */
    public static ImageBatchVarShape hqResize(ImageBatchVarShape src, ImageSize[] sizes, HQFilter filter,
                                                  Stream stream) {
        return RESIZE.resize(src, sizes, null, axis(filter), stream);
    }

    /**
     * As {@link #hqResize(ImageBatchVarShape, ImageSize[], HQFilter, Stream)}, on the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param sizes 1 output size for every image, or one per image
     * @param filter the antialiasing filter
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     */
    public static ImageBatchVarShape hqResize(ImageBatchVarShape src, ImageSize[] sizes, HQFilter filter) {
        return hqResize(src, sizes, filter, null);
    }

    /**
     * Resizes image i of {@code src} into image i of {@code dst} (at that image's size).
     *
     * @param dst the caller's output batch: src's image count, place and pixel type; no overlap with a src image
     * @param src the input batch, as the support table allows
     * @param filter the antialiasing filter
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     */
    public static void hqResizeInto(ImageBatchVarShape dst, ImageBatchVarShape src, HQFilter filter,
                                        Stream stream) {
        RESIZE.resizeInto(dst, src, null, axis(filter), stream);
    }

    /**
     * As {@link #hqResizeInto(ImageBatchVarShape, ImageBatchVarShape, HQFilter, Stream)}, on the current
     * stream.
     *
     * @param dst the caller's output batch: src's image count, place and pixel type; no overlap with a src image
     * @param src the input batch, as the support table allows
     * @param filter the antialiasing filter
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     */
    public static void hqResizeInto(ImageBatchVarShape dst, ImageBatchVarShape src, HQFilter filter) {
        hqResizeInto(dst, src, filter, null);
    }
}

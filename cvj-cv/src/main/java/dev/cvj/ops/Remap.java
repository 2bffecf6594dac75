package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.ops.internal.WarpPixels;
import dev.cvj.ops.internal.WarpVarShape;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;

/**
 * Samples every image at positions given per dst pixel by a map, OpenCV's {@code cv::remap} with one
 * {@code CV_32FC2} map (and CV-CUDA's Remap): the map is an F32 tensor, NHWC or HWC, of 2 channels (x, y), one map
 * for the batch (HWC, or N = 1) or one per image; dst has the map's W x H and src's layout, type, N and C.
 * <pre>  dst(x, y) = src(map(x, y).x, map(x, y).y)                  absolute map (OpenCV)
 *  dst(x, y) = src(x + map(x, y).x, y + map(x, y).y)          relative map (CV-CUDA's REMAP_RELATIVE)</pre>
 * Interpolation NEAREST, LINEAR or CUBIC (AREA is taken as LINEAR, as OpenCV does); source pixels outside the
 * image come from {@code border} ({@link BorderType}; CONSTANT takes {@code borderValue}, one value or one per
 * channel, saturated to the type; null is 0).
 *
 * <p>Arithmetic: OpenCV's. The map is converted to fixed point as OpenCV converts a float map: LINEAR and CUBIC
 * round {@code v * 32} to an integer ({@code INTER_BITS = 5}, half to even), NEAREST rounds {@code v}; positions
 * saturate to 16 bits (a NaN or a position beyond 2^31 becomes -32768, outside the image). The source is then
 * sampled with warpAffine's remap tables (U8 with 2^15-scaled integer weights, U16, S16 and F32 with float
 * weights in OpenCV's order). A relative map's offsets are added to the dst coordinates in float (as CV-CUDA adds
 * them) before that conversion: the result is OpenCV's remap of the absolute map {@code x + dx, y + dy} (OpenCV
 * 4.10's {@code WARP_RELATIVE_MAP} adds after its rounding, which differs at NEAREST's ties of odd coordinates and
 * where the float sum is inexact). Bit-exact with OpenCV 4.6 on the goldens (every type, interpolation and border,
 * absolute and relative maps, rounding ties); the GPU equals the CPU bit for bit.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>map</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>NHWC, HWC</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>F32</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>2 (x, y)</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>W, H &gt;= 1</td><td>W, H &gt;= 1; N 1 or src's</td><td>map's W x H, src's N and C</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (the types and channels above, no empty image; 1 to 65535
 *       images on a device)</td><td>one map for all images (HWC, or NHWC with N = 1)</td>
 *       <td>a varshape batch, every image of the map's W x H</td></tr>
 * </table>
 * A batch gives image i exactly what the single-image call gives it (host batches: that call image by image; device
 * batches: one launch). dst must not overlap src or the map in memory (for batches: no dst image overlaps a src image or the map); map and src are in one place (host, or one device). A benchmark
 * should time U8 RGB 1080p LINEAR and CUBIC with a smooth map (one thread per dst pixel; the map read is coalesced,
 * the source reads gathered).
 *
 * <pre>{@code
 * Tensor out = Remap.remap(img, map, false, Interpolation.LINEAR, BorderType.REFLECT_101, null);
 * }</pre>
 */
public final class Remap {
    private static final OpCheck OP = OpCheck.of("Remap");
    private static final WarpVarShape VS = new WarpVarShape(OP);

    private Remap() {}

    /**
     * A new tensor of the map's W x H and src's layout, type, N and C: src sampled at the map's positions (offsets
     * from each dst pixel when {@code relative}). A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param map the F32 map of 2 channels (x, y) per output pixel
     * @param relative whether the map holds offsets from the output pixel instead of positions
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
    public static Tensor remap(Tensor src, Tensor map, boolean relative, Interpolation interpolation, BorderType border,
                               double[] borderValue, Stream stream) {
        PixelGrid s = WarpPixels.source(OP, src, interpolation, border, borderValue);
        PixelGrid m = WarpPixels.map(OP, map, s);
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(src.layout(), s.n(), m.h(), m.w(), s.c()), src.dtype(),
                src.layout(), stream,
                dst -> WarpPixels.remapInto(OP, dst, s, m, relative, interpolation, border, borderValue, stream));
    }

    /**
     * As {@link #remap(Tensor, Tensor, boolean, Interpolation, BorderType, double[], Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param map the F32 map of 2 channels (x, y) per output pixel
     * @param relative whether the map holds offsets from the output pixel instead of positions
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor remap(Tensor src, Tensor map, boolean relative, Interpolation interpolation, BorderType border,
                               double[] borderValue) {
        return remap(src, map, relative, interpolation, border, borderValue, null);
    }

    /**
     * Writes src sampled at the map's positions into {@code dst} (of the map's W x H).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param map the F32 map of 2 channels (x, y) per output pixel
     * @param relative whether the map holds offsets from the output pixel instead of positions
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void remapInto(Tensor dst, Tensor src, Tensor map, boolean relative, Interpolation interpolation,
                                 BorderType border, double[] borderValue, Stream stream) {
        PixelGrid s = WarpPixels.source(OP, src, interpolation, border, borderValue);
        PixelGrid m = WarpPixels.map(OP, map, s);
        WarpPixels.remapInto(OP, dst, s, m, relative, interpolation, border, borderValue, stream);
    }

    /**
     * As {@link #remapInto(Tensor, Tensor, Tensor, boolean, Interpolation, BorderType, double[], Stream)}, on the
     * current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param map the F32 map of 2 channels (x, y) per output pixel
     * @param relative whether the map holds offsets from the output pixel instead of positions
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void remapInto(Tensor dst, Tensor src, Tensor map, boolean relative, Interpolation interpolation,
                                 BorderType border, double[] borderValue) {
        remapInto(dst, src, map, relative, interpolation, border, borderValue, null);
    }

    // ---- varshape batches ----

    /**
     * A new batch, every image of the map's W x H: image i of {@code src} sampled at the positions of {@code map} (one
     * map for all images: HWC, or NHWC with N = 1; offsets from each dst pixel when {@code relative}).
     *
     * @param src the input batch, as the support table allows (no empty image)
     * @param map the F32 map of 2 channels (x, y) per output pixel, one for all images: HWC, or NHWC with N = 1, not
     *         empty, in src's place (the host or src's device)
     * @param relative whether the map holds offsets from the output pixel instead of positions
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the source image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}: one value or one per
     *         channel, saturated to the type; null: 0
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device), every image of the map's W x H, src's channels and
     *         type; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, a map that is not one 2-channel F32 map in src's place; the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream} and
     *         {@code borderValue})
     * @throws IllegalStateException if {@code map} is a closed tensor
     */
    public static ImageBatchVarShape remap(ImageBatchVarShape src, Tensor map, boolean relative,
                                           Interpolation interpolation, BorderType border, double[] borderValue,
                                           Stream stream) {
        PixelType p = VS.source(src, interpolation, border, borderValue);
        PixelGrid m = VS.map(map, src);
        return VS.allocate(src, p, i -> ImageSize.of(m.w(), m.h()), stream,
                dst -> VS.remapInto(dst, src, m, relative, interpolation, border, borderValue, stream));
    }

    /**
     * As {@link #remap(ImageBatchVarShape, Tensor, boolean, Interpolation, BorderType, double[], Stream)}, on the
     * current stream.
     *
     * @param src the input batch, as the support table allows (no empty image)
     * @param map the F32 map of 2 channels (x, y) per output pixel, one for all images: HWC, or NHWC with N = 1, not
     *         empty, in src's place (the host or src's device)
     * @param relative whether the map holds offsets from the output pixel instead of positions
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the source image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}: one value or one per
     *         channel, saturated to the type; null: 0
     * @return the new batch beside src (the host or src's device), every image of the map's W x H, src's channels and
     *         type; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, a map that is not one 2-channel F32 map in src's place; the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream} and
     *         {@code borderValue})
     * @throws IllegalStateException if {@code map} is a closed tensor
     */
    public static ImageBatchVarShape remap(ImageBatchVarShape src, Tensor map, boolean relative,
                                           Interpolation interpolation, BorderType border, double[] borderValue) {
        return remap(src, map, relative, interpolation, border, borderValue, null);
    }

    /**
     * Writes image i of {@code src} sampled at the map's positions into image i of {@code dst} (each of the map's W x
     * H).
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), channels and type,
     *         every image of the map's W x H, no image overlapping a src image or the map
     * @param src the input batch, as the support table allows (no empty image)
     * @param map the F32 map of 2 channels (x, y) per output pixel, one for all images: HWC, or NHWC with N = 1, not
     *         empty, in src's place (the host or src's device)
     * @param relative whether the map holds offsets from the output pixel instead of positions
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the source image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}: one value or one per
     *         channel, saturated to the type; null: 0
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, a map that is not one 2-channel F32 map in src's place, a dst batch that does not fit src; the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream} and
     *         {@code borderValue})
     * @throws IllegalStateException if {@code map} is a closed tensor
     */
    public static void remapInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor map, boolean relative,
                                 Interpolation interpolation, BorderType border, double[] borderValue, Stream stream) {
        VS.source(src, interpolation, border, borderValue);
        VS.remapInto(dst, src, VS.map(map, src), relative, interpolation, border, borderValue, stream);
    }

    /**
     * As {@link #remapInto(ImageBatchVarShape, ImageBatchVarShape, Tensor, boolean, Interpolation, BorderType,
     * double[], Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), channels and type,
     *         every image of the map's W x H, no image overlapping a src image or the map
     * @param src the input batch, as the support table allows (no empty image)
     * @param map the F32 map of 2 channels (x, y) per output pixel, one for all images: HWC, or NHWC with N = 1, not
     *         empty, in src's place (the host or src's device)
     * @param relative whether the map holds offsets from the output pixel instead of positions
     * @param interpolation how output pixels are sampled from the input
     * @param border how pixels outside the source image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}: one value or one per
     *         channel, saturated to the type; null: 0
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, a map that is not one 2-channel F32 map in src's place, a dst batch that does not fit src; the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream} and
     *         {@code borderValue})
     * @throws IllegalStateException if {@code map} is a closed tensor
     */
    public static void remapInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor map, boolean relative,
                                 Interpolation interpolation, BorderType border, double[] borderValue) {
        remapInto(dst, src, map, relative, interpolation, border, borderValue, null);
    }
}

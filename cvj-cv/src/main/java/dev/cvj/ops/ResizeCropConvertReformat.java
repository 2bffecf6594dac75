package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Resize, crop, convert, reorder channels and reformat in one pass, CV-CUDA's ResizeCropConvertReformat.
 * Each image is (virtually) resized to {@code resizeW x resizeH}; the output is the rectangle at
 * {@code (cropX, cropY)} of the output's size, of that resized image, as
 * {@code saturate(fma(v, scale, offset))} with output channel c taken from input channel
 * {@code channelOrder[c]}. Every output pixel is computed straight from the source: no resized image exists.
 *
 * <p>Sampling is OpenCV's {@code cv2.resize}: NEAREST takes {@code min(floor(d * (1 / (dstLen / srcLen))),
 * srcLen - 1)} (in double, as OpenCV); LINEAR uses half-pixel centres, {@code f = (float)((d + 0.5) * srcLen
 * / dstLen - 0.5)}, edge pixels replicated. Unlike OpenCV's U8 resize (11-bit fixed-point weights, then
 * rounded to U8) the weights and the result stay in float (CV-CUDA's {@code srcCast = false}): compared with
 * the chain resize (U8) + crop + convert, the result differs by at most about {@code 0.5 * |scale|} (the
 * rounding of the U8 intermediate) plus the fixed-point error (under {@code 0.02 * |scale|}); tests allow
 * {@code 1 * |scale|}. NEAREST is exact.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC (NCHW, CHW accepted)</td><td>NHWC, NCHW (HWC, CHW for an unbatched src)</td></tr>
 *   <tr><td>Data types</td><td>U8</td><td>F32, F16, U8</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Crop</td><td colspan="2">inside the resized image: 0 &lt;= cropX, cropX + W &lt;= resizeW (same in y)</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} of U8 images (1 to 65535 on a device, any number on the
 *       host; each its own size and row pitch), every image resized to one {@link ImageSize}</td><td>one NHWC or NCHW
 *       tensor of N images of the crop's size, on the batch's device (host batch: host dst)</td></tr>
 * </table>
 * dst must not overlap src in memory (refused; for a batch, no src image).
 *
 * <p>Varshape batches (CV-CUDA's ResizeCropConvertReformat on varshape input): image i gives output image i exactly
 * as the single-image call on it gives its output, its scale factors computed from its own size. The CPU path runs
 * the single-image CPU path image by image; the GPU runs one launch for the whole batch (grid z = image), reading each
 * image's place and size from the batch's descriptors.
 *
 * <pre>{@code
 * // 1080p RGB frames -> 256x256 -> centre 224x224 -> BGR, [0, 1], NCHW F32
 * Tensor x = ResizeCropConvertReformat.resizeCropConvertReformat(frames, 256, 256,
 *         Interpolation.LINEAR, 16, 16, 224, 224, 1 / 255f, 0f, new int[] {2, 1, 0},
 *         DataType.F32, TensorLayout.NCHW, stream);
 * }</pre>
 */
public final class ResizeCropConvertReformat {
    private static final OpCheck OP = OpCheck.of("ResizeCropConvertReformat");
    private static final Set<DataType> DST_TYPES = EnumSet.of(DataType.U8, DataType.F32, DataType.F16);

    private ResizeCropConvertReformat() {}

    /**
     * A new {@code cropW x cropH} tensor of {@code dstType} in {@code dstLayout}. See the class comment.
     *
     * @param src the input image(s), as the support table allows
     * @param resizeW the width every image is resized to
     * @param resizeH the height every image is resized to
     * @param interp how output pixels are sampled from the input
     * @param cropX the crop's left column in the resized image
     * @param cropY the crop's top row in the resized image
     * @param cropW the crop's width
     * @param cropH the crop's height
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @param channelOrder the input channel of each output channel (null: as they are)
     * @param dstType the output's element type
     * @param dstLayout the output's layout, NHWC or NCHW
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor resizeCropConvertReformat(Tensor src, int resizeW, int resizeH, Interpolation interp, int cropX, int cropY,
                                                   int cropW, int cropH, float scale, float offset, int[] channelOrder,
                                                   DataType dstType, TensorLayout dstLayout, Stream stream) {
        PixelGrid s = checkSrc(src, resizeW, resizeH, interp, channelOrder);
        OP.notNull(dstType, "dstType");
        OP.notNull(dstLayout, "dstLayout");
        checkCrop(resizeW, resizeH, cropX, cropY, cropW, cropH);
        OP.layoutOfSameBatching("dst", dstLayout.labels(), s);
        if (!DST_TYPES.contains(dstType)) {
            throw OP.fail("dstType " + dstType + " is not supported; supported: F16, F32, U8");
        }
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(dstLayout, s.n(), cropH, cropW, s.c()), dstType, dstLayout, stream,
                dst -> run(dst, s, resizeW, resizeH, interp, cropX, cropY, scale, offset, channelOrder, stream));
    }

    /**
     * As {@link #resizeCropConvertReformat(Tensor, int, int, Interpolation, int, int, int, int, float, float, int[],
     * DataType, TensorLayout, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param resizeW the width every image is resized to
     * @param resizeH the height every image is resized to
     * @param interp how output pixels are sampled from the input
     * @param cropX the crop's left column in the resized image
     * @param cropY the crop's top row in the resized image
     * @param cropW the crop's width
     * @param cropH the crop's height
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @param channelOrder the input channel of each output channel (null: as they are)
     * @param dstType the output's element type
     * @param dstLayout the output's layout, NHWC or NCHW
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor resizeCropConvertReformat(Tensor src, int resizeW, int resizeH, Interpolation interp, int cropX, int cropY,
                                                   int cropW, int cropH, float scale, float offset, int[] channelOrder,
                                                   DataType dstType, TensorLayout dstLayout) {
        return resizeCropConvertReformat(src, resizeW, resizeH, interp, cropX, cropY, cropW, cropH, scale, offset, channelOrder,
                dstType, dstLayout, null);
    }

    /**
     * As {@link #resizeCropConvertReformat}, into {@code dst} (its width and height are the crop's).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param resizeW the width every image is resized to
     * @param resizeH the height every image is resized to
     * @param interp how output pixels are sampled from the input
     * @param cropX the crop's left column in the resized image
     * @param cropY the crop's top row in the resized image
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @param channelOrder the input channel of each output channel (null: as they are)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void resizeCropConvertReformatInto(Tensor dst, Tensor src, int resizeW, int resizeH, Interpolation interp,
                                                     int cropX, int cropY, float scale, float offset, int[] channelOrder,
                                                     Stream stream) {
        PixelGrid s = checkSrc(src, resizeW, resizeH, interp, channelOrder);
        run(dst, s, resizeW, resizeH, interp, cropX, cropY, scale, offset, channelOrder, stream);
    }

    /**
     * As {@link #resizeCropConvertReformatInto(Tensor, Tensor, int, int, Interpolation, int, int, float, float,
     * int[],
     * Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param resizeW the width every image is resized to
     * @param resizeH the height every image is resized to
     * @param interp how output pixels are sampled from the input
     * @param cropX the crop's left column in the resized image
     * @param cropY the crop's top row in the resized image
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @param channelOrder the input channel of each output channel (null: as they are)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void resizeCropConvertReformatInto(Tensor dst, Tensor src, int resizeW, int resizeH, Interpolation interp,
                                                     int cropX, int cropY, float scale, float offset, int[] channelOrder) {
        resizeCropConvertReformatInto(dst, src, resizeW, resizeH, interp, cropX, cropY, scale, offset, channelOrder, null);
    }

    /**
     * A new {@code cropW x cropH} tensor of {@code src.size()} images, {@code dstType} in {@code dstLayout} (NHWC or
     * NCHW): every image of the varshape batch resized to {@code resize}, then cropped, converted and reformatted as
     * in the single-image form. See the class comment.
     *
     * @param src the input image(s), as the support table allows
     * @param resize the size every image is resized to
     * @param interp how output pixels are sampled from the input
     * @param cropX the crop's left column in the resized image
     * @param cropY the crop's top row in the resized image
     * @param cropW the crop's width
     * @param cropH the crop's height
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @param channelOrder the input channel of each output channel (null: as they are)
     * @param dstType the output's element type
     * @param dstLayout the output's layout, NHWC or NCHW
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor resizeCropConvertReformat(ImageBatchVarShape src, ImageSize resize, Interpolation interp, int cropX,
                                                   int cropY, int cropW, int cropH, float scale, float offset,
                                                   int[] channelOrder, DataType dstType, TensorLayout dstLayout,
                                                   Stream stream) {
        PixelType p = checkBatch(src, resize, interp, channelOrder);
        OP.notNull(dstType, "dstType");
        OP.notNull(dstLayout, "dstLayout");
        checkCrop(resize.width(), resize.height(), cropX, cropY, cropW, cropH);
        OP.batchLayout("dst", dstLayout.labels());
        if (!DST_TYPES.contains(dstType)) {
            throw OP.fail("dstType " + dstType + " is not supported; supported: F16, F32, U8");
        }
        return Outputs.allocate(OP, src.image(0), PixelGrid.shapeOf(dstLayout, src.size(), cropH, cropW, p.channels()),
                dstType, dstLayout, stream, dst -> runBatch(dst, src, p, resize, interp, cropX, cropY, scale, offset,
                        channelOrder, stream));
    }

    /**
     * As {@link #resizeCropConvertReformat(ImageBatchVarShape, ImageSize, Interpolation, int, int, int, int, float,
     * float,
     * int[], DataType, TensorLayout, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param resize the size every image is resized to
     * @param interp how output pixels are sampled from the input
     * @param cropX the crop's left column in the resized image
     * @param cropY the crop's top row in the resized image
     * @param cropW the crop's width
     * @param cropH the crop's height
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @param channelOrder the input channel of each output channel (null: as they are)
     * @param dstType the output's element type
     * @param dstLayout the output's layout, NHWC or NCHW
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor resizeCropConvertReformat(ImageBatchVarShape src, ImageSize resize, Interpolation interp, int cropX,
                                                   int cropY, int cropW, int cropH, float scale, float offset,
                                                   int[] channelOrder, DataType dstType, TensorLayout dstLayout) {
        return resizeCropConvertReformat(src, resize, interp, cropX, cropY, cropW, cropH, scale, offset, channelOrder,
                dstType, dstLayout, null);
    }

    /**
     * As {@link #resizeCropConvertReformat(ImageBatchVarShape, ImageSize, Interpolation, int, int, int, int, float,
     * float,
     * int[], DataType, TensorLayout, Stream)}, into {@code dst}: an NHWC or NCHW tensor of {@code src.size()} images
     * of
     * the crop's size (its width and height), the batch's channels, in the batch's place.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param resize the size every image is resized to
     * @param interp how output pixels are sampled from the input
     * @param cropX the crop's left column in the resized image
     * @param cropY the crop's top row in the resized image
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @param channelOrder the input channel of each output channel (null: as they are)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void resizeCropConvertReformatInto(Tensor dst, ImageBatchVarShape src, ImageSize resize,
                                                     Interpolation interp, int cropX, int cropY, float scale, float offset,
                                                     int[] channelOrder, Stream stream) {
        PixelType p = checkBatch(src, resize, interp, channelOrder);
        runBatch(dst, src, p, resize, interp, cropX, cropY, scale, offset, channelOrder, stream);
    }

    /**
     * As {@link #resizeCropConvertReformatInto(Tensor, ImageBatchVarShape, ImageSize, Interpolation, int, int, float,
     * float, int[], Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param resize the size every image is resized to
     * @param interp how output pixels are sampled from the input
     * @param cropX the crop's left column in the resized image
     * @param cropY the crop's top row in the resized image
     * @param scale the factor each value is multiplied by
     * @param offset the value added after scaling
     * @param channelOrder the input channel of each output channel (null: as they are)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void resizeCropConvertReformatInto(Tensor dst, ImageBatchVarShape src, ImageSize resize,
                                                     Interpolation interp, int cropX, int cropY, float scale, float offset,
                                                     int[] channelOrder) {
        resizeCropConvertReformatInto(dst, src, resize, interp, cropX, cropY, scale, offset, channelOrder, null);
    }

    private static PixelGrid checkSrc(Tensor src, int resizeW, int resizeH, Interpolation interp, int[] order) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, EnumSet.of(DataType.U8));
        if (s.w() == 0 || s.h() == 0) {
            throw OP.fail("src is empty (" + s.w() + "x" + s.h() + ")");
        }
        checkParams(s.c(), resizeW, resizeH, interp, order);
        return s;
    }

    private static PixelType checkBatch(ImageBatchVarShape src, ImageSize resize, Interpolation interp, int[] order) {
        PixelType p = OP.batch("src batch", src, EnumSet.of(DataType.U8), 1, 4);
        OP.notNull(resize, "resize size");
        checkParams(p.channels(), resize.width(), resize.height(), interp, order);
        return p;
    }

    /** The parameters both forms share: the interpolation, the resize size, the channel order for {@code c} channels. */
    private static void checkParams(int c, int resizeW, int resizeH, Interpolation interp, int[] order) {
        OP.notNull(interp, "interp");
        if (interp != Interpolation.NEAREST && interp != Interpolation.LINEAR) {
            throw OP.fail("interp must be NEAREST or LINEAR, got " + interp);
        }
        if (resizeW < 1 || resizeH < 1) {
            throw OP.fail("resize size " + resizeW + "x" + resizeH + " must be at least 1x1");
        }
        if (order != null) {
            if (order.length != c) {
                throw OP.fail("channelOrder " + Arrays.toString(order) + " must have " + c + " entries");
            }
            for (int o : order) {
                if (o < 0 || o >= c) {
                    throw OP.fail("channelOrder " + Arrays.toString(order) + ": entries must be in [0, " + c + ")");
                }
            }
        }
    }

    private static void checkCrop(int rw, int rh, int x, int y, int w, int h) {
        if (w < 1 || h < 1 || x < 0 || y < 0 || (long) x + w > rw || (long) y + h > rh) {
            throw OP.fail("crop rect (x=" + x + ", y=" + y + ", w=" + w + ", h=" + h
                    + ") is not inside the " + rw + "x" + rh + " resized image (w x h)");
        }
    }

    private static void run(Tensor dst, PixelGrid s, int rw, int rh, Interpolation interp, int cropX, int cropY, float scale,
                            float offset, int[] order, Stream stream) {
        PixelGrid d = OP.image("dst", dst, PixelGrid.ANY_IMAGE);
        OP.layoutOfSameBatching("dst", d.layout(), s);
        checkDst(d, s.n(), s.c(), "src", rw, rh, cropX, cropY);
        OP.output(d, s);
        int[] oc = sourceChannels(s.c(), order);
        boolean linear = interp == Interpolation.LINEAR;
        double sx = linear ? scale(s.w(), rw) : nearestScale(s.w(), rw);
        double sy = linear ? scale(s.h(), rh) : nearestScale(s.h(), rh);
        if (dst.isHost()) {
            cpu(s, d, linear, sx, sy, cropX, cropY, scale, offset, oc);
            return;
        }
        Stream st = OP.stream(dst, stream);
        Kernel k = KernelLibrary.kernel(dst.device(), "cvj_resize_crop_convert_reformat_u8_" + KernelLibrary.typeName(d.dtype()));
        KernelArgs a = new KernelArgs().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC()).i32(s.w()).i32(s.h())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.c())
                .f64(sx).f64(sy).i32(linear ? 1 : 0).i32(cropX).i32(cropY).f32(scale).f32(offset).i32(packed(oc));
        Launch.pixels(k, d.w(), d.h(), d.n(), st, a);
    }

    private static void runBatch(Tensor dst, ImageBatchVarShape src, PixelType p, ImageSize resize, Interpolation interp,
                                 int cropX, int cropY, float scale, float offset, int[] order, Stream stream) {
        PixelGrid d = OP.image("dst", dst, PixelGrid.ANY_IMAGE);
        OP.batchLayout("dst", d.layout());
        int n = src.size(), rw = resize.width(), rh = resize.height();
        checkDst(d, n, p.channels(), "the src batch", rw, rh, cropX, cropY);
        OP.batchTensorOutput("dst", dst, "src batch", src);
        int[] oc = sourceChannels(p.channels(), order);
        boolean linear = interp == Interpolation.LINEAR;
        if (dst.isHost()) { // the single-image path, image by image, each with the scale factors of its own size
            for (int i = 0; i < n; i++) {
                PixelGrid s = OP.image("src image " + i, src.image(i), PixelGrid.INTERLEAVED);
                double sx = linear ? scale(s.w(), rw) : nearestScale(s.w(), rw);
                double sy = linear ? scale(s.h(), rh) : nearestScale(s.h(), rh);
                cpu(s, OP.image("dst", dst.slice(0, i, 1), PixelGrid.ANY_IMAGE), linear, sx, sy, cropX, cropY, scale, offset, oc);
            }
            return;
        }
        Stream st = OP.stream(dst, stream);
        Kernel k = KernelLibrary.kernel(dst.device(), "cvj_resize_crop_convert_reformat_vs_u8_"
                + KernelLibrary.typeName(d.dtype()));
        KernelArgs a = new KernelArgs().pointer(src.descriptors(st)).pointer(d.address()).i64(d.sN()).i64(d.sH())
                .i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.c()).i32(rw).i32(rh).i32(linear ? 1 : 0).i32(cropX).i32(cropY)
                .f32(scale).f32(offset).i32(packed(oc));
        Launch.pixels(k, d.w(), d.h(), n, st, a);
    }

    /** dst against its source ({@code n} images of {@code c} channels, named {@code srcRole}) and the crop. */
    private static void checkDst(PixelGrid d, int n, int c, String srcRole, int rw, int rh, int cropX, int cropY) {
        OP.dtype("dst", d, DST_TYPES);
        if (d.n() != n || d.c() != c) {
            throw OP.fail("dst has " + d.n() + " images of " + d.c() + " channels but " + srcRole + " has " + n + " of " + c);
        }
        checkCrop(rw, rh, cropX, cropY, d.w(), d.h());
    }

    /** The input channel of each output channel: {@code order}, or the identity when it is null. */
    private static int[] sourceChannels(int c, int[] order) {
        int[] oc = new int[c];
        for (int i = 0; i < c; i++) {
            oc[i] = order == null ? i : order[i];
        }
        return oc;
    }

    /** The kernels' channel order: input channel of output channel c in byte c. */
    private static int packed(int[] oc) {
        int packed = 0;
        for (int c = 0; c < oc.length; c++) {
            packed |= oc[c] << (8 * c);
        }
        return packed;
    }

    /** OpenCV's LINEAR scale: srcLen / dstLen, in double. */
    static double scale(int srcLen, int dstLen) {
        return 1.0 / ((double) dstLen / srcLen);
    }

    /** OpenCV's NEAREST step: 1 / (dstLen / srcLen), in double. */
    static double nearestScale(int srcLen, int dstLen) {
        return 1.0 / ((double) dstLen / srcLen);
    }

    /** OpenCV INTER_LINEAR taps of destination index d: {i0, i1} and the weight of i1 in {@code f[0]}. */
    static int linearCoord(int d, double scale, int len, float[] f) {
        float fx = (float) (((double) d + 0.5) * scale - 0.5);
        int i = (int) Math.floor(fx);
        fx -= (float) i;
        if (i < 0) {
            i = 0;
            fx = 0f;
        }
        if (i >= len - 1) {
            i = len - 1;
            fx = 0f;
        }
        f[0] = fx;
        return i;
    }

    /** OpenCV INTER_NEAREST index of destination index d. */
    static int nearestCoord(int d, double inv, int len) {
        return Math.min((int) Math.floor((double) d * inv), len - 1);
    }

    private static void cpu(PixelGrid s, PixelGrid d, boolean linear, double sx, double sy, int cropX, int cropY,
                            float scale, float offset, int[] oc) {
        MemorySegment ss = s.host(), ds = d.host();
        int c = s.c();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            float[] f = new float[1];
            if (linear) {
                int y0 = linearCoord(cropY + y, sy, s.h(), f);
                float fy = f[0];
                int y1 = Math.min(y0 + 1, s.h() - 1);
                float wy0 = 1f - fy;
                for (int x = 0; x < d.w(); x++) {
                    int x0 = linearCoord(cropX + x, sx, s.w(), f);
                    float fx = f[0];
                    int x1 = Math.min(x0 + 1, s.w() - 1);
                    float wx0 = 1f - fx;
                    for (int ch = 0; ch < c; ch++) {
                        int ic = oc[ch];
                        float p00 = CpuPixels.load(ss, s.offset(img, y0, x0, ic), DataType.U8);
                        float p01 = CpuPixels.load(ss, s.offset(img, y0, x1, ic), DataType.U8);
                        float p10 = CpuPixels.load(ss, s.offset(img, y1, x0, ic), DataType.U8);
                        float p11 = CpuPixels.load(ss, s.offset(img, y1, x1, ic), DataType.U8);
                        float h0 = wx0 * p00 + fx * p01;
                        float h1 = wx0 * p10 + fx * p11;
                        float v = wy0 * h0 + fy * h1;
                        CpuPixels.store(ds, d.offset(img, y, x, ch), d.dtype(), Math.fma(v, scale, offset));
                    }
                }
            } else {
                int ys = nearestCoord(cropY + y, sy, s.h());
                for (int x = 0; x < d.w(); x++) {
                    int xs = nearestCoord(cropX + x, sx, s.w());
                    for (int ch = 0; ch < c; ch++) {
                        float v = CpuPixels.load(ss, s.offset(img, ys, xs, oc[ch]), DataType.U8);
                        CpuPixels.store(ds, d.offset(img, y, x, ch), d.dtype(), Math.fma(v, scale, offset));
                    }
                }
            }
        });
    }
}

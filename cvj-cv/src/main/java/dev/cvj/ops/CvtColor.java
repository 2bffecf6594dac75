package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.ChannelPicks;
import dev.cvj.ops.internal.ColorCpu;
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
import java.util.Set;

/**
 * Converts images between color spaces as OpenCV's {@code cv2.cvtColor} does (see {@link ColorConversion}).
 *
 * <table class="striped">
 * <caption>Support</caption>
 * <tr><th>Layouts</th><td>NHWC (a batch), HWC (one image); dst the same layout and N as src</td></tr>
 * <tr><th>Channels</th><td>as the conversion names them: {@link ColorConversion#srcChannels()} in,
 *     {@link ColorConversion#dstChannels()} out; YUV 4:2:0 images are 1 channel of H * 3 / 2 rows (H, W even),
 *     YUV 4:2:2 packed images 2 channels of H x W (W even); pixels packed, rows and images at any byte stride</td></tr>
 * <tr><th>Data types (dst = src)</th><td>channel reorders, alpha, GRAY2*: U8, U16, S16, F32, F16 (added alpha: the type's
 *     maximum, 1.0 for floats); *2GRAY, RGB/BGR &lt;-&gt; YUV, XYZ, YCrCb: U8, U16, F32; HSV, HLS, Lab: U8, F32; YUV 4:2:0, YUV 4:2:2, YUV2GRAY_*: U8</td></tr>
 * <tr><th>Placement</th><td>device tensors: GPU kernel on the stream; host tensors: CPU path (parallel rows)</td></tr>
 * <tr><th>Varshape</th><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device; the conversion's channels
 *     and types above; 4:2:0 images as above, each its own size) and one conversion for the batch, into a varshape
 *     batch: image i is src image i converted (its size, or for 4:2:0 its height times 2/3 or 3/2)</td></tr>
 * </table>
 * dst must not overlap src in memory (refused, also for conversions that keep the size: they are not in-place safe;
 * for batches, no dst image may overlap any src image).
 *
 * <p>Varshape batches: image i is converted exactly as the single-image call converts it. Host batches run the
 * single-image CPU path image by image; device batches one launch, each image's place read from the batches'
 * descriptor tables, running the single-image kernels' per-pixel code (the U8 channel selections too, which the
 * single-image path hands to ChannelReorder's row kernel: the same bytes).
 *
 * <p>Accuracy against {@code cv2.cvtColor} (OpenCV 4.6, golden tests) on the CPU path: exact for reorders, gray
 * (OpenCV's 15-bit weights), YUV (14-bit), YUV 4:2:0 both ways and 4:2:2 to RGB (20-bit BT.601 limited range; RGB to
 * 4:2:0 takes each block's top-left chroma, as OpenCV), YUV to GRAY (the luma samples), RGB to HSV and RGB to HLS,
 * XYZ (12-bit) and YCrCb (14-bit) both ways, RGB to Lab for U8 (OpenCV's integer tables: 11-bit sRGB gamma, 15-bit
 * cube root); HSV, HLS and Lab to RGB within 1 for U8; F32 within 1e-5 relative except Lab: cvj computes the CIE
 * formulas in double where OpenCV interpolates tables, RGB to Lab within 0.5 in L, a, b and Lab to RGB within 1e-4.
 * OpenCV 4.6 has no RGB to 4:2:2 conversion, nor has cvj. {@code fullRange = true} switches YUV 4:2:0 and 4:2:2 to full-range BT.601 (JPEG) coefficients (cvj's own
 * 20-bit fixed point; OpenCV has no such code). The GPU follows the CPU path step by step.
 *
 * <pre>{@code
 * Tensor gray = CvtColor.cvtColor(rgbBatch, ColorConversion.RGB2GRAY, null);          // N x H x W x 1
 * Tensor rgb = CvtColor.cvtColor(nv12, ColorConversion.YUV2RGB_NV12, null);           // (H*3/2) x W x 1 -> H x W x 3
 * }</pre>
 */
public final class CvtColor {
    private static final OpCheck OP = OpCheck.of("CvtColor");

    private CvtColor() {}

    /**
     * A new tensor with {@code src} converted by {@code code}.
     *
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor cvtColor(Tensor src, ColorConversion code, Stream stream) {
        return cvtColor(src, code, false, stream);
    }

    /**
     * As {@link #cvtColor(Tensor, ColorConversion, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor cvtColor(Tensor src, ColorConversion code) {
        return cvtColor(src, code, false, null);
    }

    /**
     * As {@link #cvtColor(Tensor, ColorConversion, Stream)}; {@code fullRange} selects full-range YUV 4:2:0.
     *
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @param fullRange for the YUV 4:2:0 and 4:2:2 conversions: full-range values (0 to 255) instead of video range
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor cvtColor(Tensor src, ColorConversion code, boolean fullRange, Stream stream) {
        OpCheck op = op(code);
        PixelGrid g = checkSource(op, src, code);
        int[] hw = dstSize(code, g);
        long[] shape = g.batched() ? new long[] {g.n(), hw[0], hw[1], code.dstChannels()}
                : new long[] {hw[0], hw[1], code.dstChannels()};
        return Outputs.allocate(op, src, shape, src.dtype(), src.layout(), stream,
                dst -> cvtColorInto(dst, src, code, fullRange, stream));
    }

    /**
     * As {@link #cvtColor(Tensor, ColorConversion, boolean, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @param fullRange for the YUV 4:2:0 and 4:2:2 conversions: full-range values (0 to 255) instead of video range
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor cvtColor(Tensor src, ColorConversion code, boolean fullRange) {
        return cvtColor(src, code, fullRange, null);
    }

    /**
     * Converts {@code src} into {@code dst}.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cvtColorInto(Tensor dst, Tensor src, ColorConversion code, Stream stream) {
        cvtColorInto(dst, src, code, false, stream);
    }

    /**
     * As {@link #cvtColorInto(Tensor, Tensor, ColorConversion, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cvtColorInto(Tensor dst, Tensor src, ColorConversion code) {
        cvtColorInto(dst, src, code, false, null);
    }

    /**
     * As {@link #cvtColorInto(Tensor, Tensor, ColorConversion, boolean, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @param fullRange for the YUV 4:2:0 and 4:2:2 conversions: full-range values (0 to 255) instead of video range
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cvtColorInto(Tensor dst, Tensor src, ColorConversion code, boolean fullRange) {
        cvtColorInto(dst, src, code, fullRange, null);
    }

    /**
     * Converts {@code src} into {@code dst}; {@code fullRange} selects full-range YUV 4:2:0.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @param fullRange for the YUV 4:2:0 and 4:2:2 conversions: full-range values (0 to 255) instead of video range
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cvtColorInto(Tensor dst, Tensor src, ColorConversion code, boolean fullRange, Stream stream) {
        OpCheck op = op(code);
        PixelGrid gs = checkSource(op, src, code);
        PixelGrid gd = op.image("dst", dst, PixelGrid.INTERLEAVED);
        op.nonEmpty("dst", gd);
        op.packedPixels("dst", gd);
        op.sameDtype("dst", gd, "src", gs);
        if (gd.c() != code.dstChannels()) {
            throw op.fail("dst must have " + code.dstChannels() + " channels, got " + gd.c());
        }
        int[] hw = dstSize(code, gs);
        if (gd.n() != gs.n() || gd.h() != hw[0] || gd.w() != hw[1] || gd.batched() != gs.batched()) {
            throw op.fail("dst must be " + (gs.batched() ? gs.n() + " x " : "") + hw[0] + " x " + hw[1] + " x "
                    + code.dstChannels() + " (" + src.layout().labels() + "), got " + java.util.Arrays.toString(dst.shape())
                    + " (" + dst.layout().labels() + ")");
        }
        op.output(gd, gs);
        if (src.isHost()) {
            ColorCpu.convert(gs.cpu(), gd.cpu(), code, fullRange);
            return;
        }
        launch(gs, gd, code, fullRange, op.stream(src, stream));
    }

    /**
     * A new varshape batch: image i is image i of {@code src} converted by {@code code}. The batch owns its images:
     * closing it frees them. A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape cvtColor(ImageBatchVarShape src, ColorConversion code, Stream stream) {
        return cvtColor(src, code, false, stream);
    }

    /**
     * As {@link #cvtColor(ImageBatchVarShape, ColorConversion, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape cvtColor(ImageBatchVarShape src, ColorConversion code) {
        return cvtColor(src, code, false, null);
    }

    /**
     * As {@link #cvtColor(ImageBatchVarShape, ColorConversion, Stream)}; {@code fullRange} selects full-range YUV
     * 4:2:0.
     *
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @param fullRange for the YUV 4:2:0 and 4:2:2 conversions: full-range values (0 to 255) instead of video range
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape cvtColor(ImageBatchVarShape src, ColorConversion code, boolean fullRange,
                                              Stream stream) {
        OpCheck op = op(code);
        PixelType p = checkSource(op, src, code);
        return Outputs.allocateBatch(op, src, i -> dstSize(code, src.imageSize(i)), code.dstChannels(), p.dataType(),
                stream, dst -> cvtColorInto(dst, src, code, fullRange, stream));
    }

    /**
     * As {@link #cvtColor(ImageBatchVarShape, ColorConversion, boolean, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @param fullRange for the YUV 4:2:0 and 4:2:2 conversions: full-range values (0 to 255) instead of video range
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape cvtColor(ImageBatchVarShape src, ColorConversion code, boolean fullRange) {
        return cvtColor(src, code, fullRange, null);
    }

    /**
     * Converts image i of {@code src} into image i of {@code dst} (the converted size, channels and type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cvtColorInto(ImageBatchVarShape dst, ImageBatchVarShape src, ColorConversion code, Stream stream) {
        cvtColorInto(dst, src, code, false, stream);
    }

    /**
     * As {@link #cvtColorInto(ImageBatchVarShape, ImageBatchVarShape, ColorConversion, Stream)}, on the current
     * stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cvtColorInto(ImageBatchVarShape dst, ImageBatchVarShape src, ColorConversion code) {
        cvtColorInto(dst, src, code, false, null);
    }

    /**
     * As {@link #cvtColorInto(ImageBatchVarShape, ImageBatchVarShape, ColorConversion, Stream)}; {@code fullRange}
     * selects full-range YUV 4:2:0.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @param fullRange for the YUV 4:2:0 and 4:2:2 conversions: full-range values (0 to 255) instead of video range
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cvtColorInto(ImageBatchVarShape dst, ImageBatchVarShape src, ColorConversion code,
                                    boolean fullRange, Stream stream) {
        OpCheck op = op(code);
        PixelType p = checkSource(op, src, code);
        op.batchOutput("dst batch", dst, "src batch", src, false);
        op.batchPixels("dst batch", dst, new PixelType(code.dstChannels(), p.dataType()));
        for (int i = 0; i < src.size(); i++) {
            ImageSize want = dstSize(code, src.imageSize(i));
            if (!dst.imageSize(i).equals(want)) {
                throw op.fail("dst image " + i + " is " + dst.imageSize(i) + " but must be " + want + " (src image " + i
                        + " is " + src.imageSize(i) + ")");
            }
        }
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                ColorCpu.convert(op.image("src image " + i, src.image(i), PixelGrid.INTERLEAVED).cpu(),
                        op.image("dst image " + i, dst.image(i), PixelGrid.INTERLEAVED).cpu(), code, fullRange);
            }
            return;
        }
        launch(src, dst, code, fullRange, op.stream(src.image(0), stream));
    }

    /**
     * As {@link #cvtColorInto(ImageBatchVarShape, ImageBatchVarShape, ColorConversion, boolean, Stream)}, on the
     * current
     * stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param code the conversion
     * @param fullRange for the YUV 4:2:0 and 4:2:2 conversions: full-range values (0 to 255) instead of video range
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cvtColorInto(ImageBatchVarShape dst, ImageBatchVarShape src, ColorConversion code,
                                    boolean fullRange) {
        cvtColorInto(dst, src, code, fullRange, null);
    }

    /** The checks of one conversion: messages start with "CvtColor RGB2GRAY: ...". */
    private static OpCheck op(ColorConversion code) {
        return OpCheck.of("CvtColor " + OP.notNull(code, "conversion"));
    }

    private static PixelGrid checkSource(OpCheck op, Tensor src, ColorConversion code) {
        PixelGrid g = op.image("src", src, PixelGrid.INTERLEAVED);
        op.nonEmpty("src", g);
        op.packedPixels("src", g);
        if (g.c() != code.srcChannels()) {
            throw op.fail("src must have " + code.srcChannels() + " channels, got " + g.c());
        }
        op.dtype("src", g, types(code));
        checkSize(op, "src", code, g.w(), g.h());
        return g;
    }

    /** The source batch: the conversion's channels and types, each image's size as {@link #checkSize} wants it. */
    private static PixelType checkSource(OpCheck op, ImageBatchVarShape src, ColorConversion code) {
        PixelType p = op.batch("src batch", src, types(code), code.srcChannels(), code.srcChannels());
        for (int i = 0; i < src.size(); i++) {
            ImageSize s = src.imageSize(i);
            checkSize(op, "src image " + i, code, s.width(), s.height());
        }
        return p;
    }

    private static Set<DataType> types(ColorConversion code) {
        return code.dataTypes();
    }

    /** The size rules of the 4:2:0 and 4:2:2 conversions for a source image of {@code w x h} pixels. */
    private static void checkSize(OpCheck op, String role, ColorConversion code, int w, int h) {
        if (from420(code) && (h % 3 != 0 || w % 2 != 0)) {
            throw op.fail("a YUV 4:2:0 " + role + " has H * 3 / 2 rows with H and W even; got " + h + " rows of " + w);
        }
        if (code.yuv422() != null && w % 2 != 0) {
            throw op.fail("a YUV 4:2:2 " + role + " has an even width (pairs of pixels share chroma); got " + w);
        }
        if (code.family() == ColorConversion.Family.TO_YUV420 && (h % 2 != 0 || w % 2 != 0)) {
            throw op.fail("YUV 4:2:0 needs an even width and height, got " + w + " x " + h + " (W x H)"
                    + (role.equals("src") ? "" : " for " + role));
        }
        if (code.family() == ColorConversion.Family.TO_YUV420 && yuv420Rows(h) > Integer.MAX_VALUE) {
            throw op.fail("the 4:2:0 image of a " + role + " of " + h + " rows would have " + yuv420Rows(h)
                    + " rows (H * 3 / 2), more than 2^31-1");
        }
    }

    /** Whether the source is a 4:2:0 image (H * 3 / 2 rows): to RGB or to its Y plane. */
    private static boolean from420(ColorConversion code) {
        return code.family() == ColorConversion.Family.FROM_YUV420
                || code.family() == ColorConversion.Family.YUV_TO_GRAY && code.yuv420() != null;
    }

    /** {H, W} of the output; checked by {@link #checkSource} (a 4:2:0 output of more than 2^31-1 rows refused). */
    private static int[] dstSize(ColorConversion code, PixelGrid g) {
        ImageSize s = dstSize(code, ImageSize.of(g.w(), g.h()));
        return new int[] {s.height(), s.width()};
    }

    /** The output size of a source image of {@code src}'s size. */
    private static ImageSize dstSize(ColorConversion code, ImageSize src) {
        return switch (code.family()) {
            case TO_YUV420 -> ImageSize.of(src.width(), (int) yuv420Rows(src.height()));
            default -> from420(code) ? ImageSize.of(src.width(), src.height() / 3 * 2) : src;
        };
    }

    /** Rows of the 4:2:0 image of an image of {@code h} rows: {@code h * 3 / 2}. */
    private static long yuv420Rows(int h) {
        return (long) h / 2 * 3;
    }

    private static void launch(PixelGrid gs, PixelGrid gd, ColorConversion code, boolean fullRange, Stream s) {
        Tensor src = gs.tensor(), dst = gd.tensor();
        if (isU8Selection(code, src, dst)) {
            // A pure channel selection of bytes (RGB2BGR, RGBA2BGR, ...): ChannelReorder's row kernel moves 16
            // bytes per thread, twice the speed of the per-pixel colour kernel on 3-channel U8 (same bytes out).
            ChannelPicks.run(gs, gd, new int[][] {code.channelMap()}, s);
            return;
        }
        KernelArgs a = Launch.args().pointer(src.address()).i64(gs.sN()).i64(gs.sH())
                .pointer(dst.address()).i64(gd.sN()).i64(gd.sH());
        Kernel k = KernelLibrary.kernel(src.device(), "cvj_cvtcolor_" + kernelName(code, src.dtype()));
        if (isYuv420(code)) {
            int w = gd.w(), h = code.family() == ColorConversion.Family.FROM_YUV420 ? gd.h() : gs.h();
            yuv420Args(a.i32(w).i32(h), code, fullRange);
            Launch.image(k, w / 2, h / 2, gs.n(), s, a);
            return;
        }
        if (code.family() == ColorConversion.Family.FROM_YUV422) {
            yuv422Args(a.i32(gd.w()).i32(gd.h()), code, fullRange);
            Launch.image(k, gd.w() / 2, gd.h(), gd.n(), s, a);
            return;
        }
        if (code.family() == ColorConversion.Family.YUV_TO_GRAY) {
            lumaArgs(a.i32(gd.w()).i32(gd.h()), code);
            Launch.image(k, gd.w(), gd.h(), gd.n(), s, a);
            return;
        }
        pixelArgs(a.i32(gd.w()).i32(gd.h()), code);
        int px = pixelsPerThread(code, src.dtype());
        Launch.image(k, (gd.w() + px - 1) / px, gd.h(), gd.n(), s, a);
    }

    /**
     * The device batches' launch: the varshape twin of the single-image kernel ({@code cvj_cvtcolor_vs_...}) over the
     * largest image, reading each image's place and size from the descriptor tables.
     */
    private static void launch(ImageBatchVarShape src, ImageBatchVarShape dst, ColorConversion code, boolean fullRange,
                               Stream s) {
        DataType t = src.uniqueFormat().dataType();
        long srcTable = src.descriptors(s), dstTable = dst.descriptors(s);
        KernelArgs a = Launch.args().pointer(srcTable).pointer(dstTable);
        Kernel k = KernelLibrary.kernel(src.device(), "cvj_cvtcolor_vs_" + kernelName(code, t));
        if (isYuv420(code)) {
            ImageSize rgb = (code.family() == ColorConversion.Family.FROM_YUV420 ? dst : src).maxSize();
            yuv420Args(a, code, fullRange);
            Launch.image(k, rgb.width() / 2, rgb.height() / 2, src.size(), s, a);
            return;
        }
        ImageSize max = dst.maxSize();
        if (code.family() == ColorConversion.Family.FROM_YUV422) {
            yuv422Args(a, code, fullRange);
            Launch.image(k, max.width() / 2, max.height(), src.size(), s, a);
            return;
        }
        if (code.family() == ColorConversion.Family.YUV_TO_GRAY) {
            lumaArgs(a, code);
            Launch.image(k, max.width(), max.height(), src.size(), s, a);
            return;
        }
        pixelArgs(a, code);
        int px = pixelsPerThread(code, t);
        Launch.image(k, (max.width() + px - 1) / px, max.height(), src.size(), s, a);
    }

    private static boolean isYuv420(ColorConversion code) {
        return code.family() == ColorConversion.Family.FROM_YUV420 || code.family() == ColorConversion.Family.TO_YUV420;
    }

    /** The kernel's name after {@code cvj_cvtcolor_} (or {@code cvj_cvtcolor_vs_}): family, type, channels. */
    private static String kernelName(ColorConversion code, DataType t) {
        String fam = switch (code.family()) {
            case REORDER -> "reorder";
            case TO_GRAY -> "gray";
            case TO_YUV -> "toyuv";
            case FROM_YUV -> "fromyuv";
            case TO_HSV -> "tohsv";
            case FROM_HSV -> "fromhsv";
            case TO_HLS -> "tohls";
            case FROM_HLS -> "fromhls";
            case TO_XYZ -> "toxyz";
            case FROM_XYZ -> "fromxyz";
            case TO_YCRCB -> "toycrcb";
            case FROM_YCRCB -> "fromycrcb";
            case TO_LAB -> "tolab";
            case FROM_LAB -> "fromlab";
            case FROM_YUV420 -> "fromyuv420";
            case TO_YUV420 -> "toyuv420";
            case FROM_YUV422 -> "fromyuv422";
            case YUV_TO_GRAY -> "luma";
        };
        return fam + "_" + KernelLibrary.typeName(t) + "_" + code.srcChannels() + "to" + code.dstChannels();
    }

    /** The 4:2:0 kernels' arguments after the images: kind, blue index, full range. */
    private static void yuv420Args(KernelArgs a, ColorConversion code, boolean fullRange) {
        a.i32(code.yuv420().ordinal()).i32(code.blueIndex()).i32(fullRange ? 1 : 0);
    }

    /** The 4:2:2 kernels' arguments after the images: luma, U and V bytes, blue index, full range. */
    private static void yuv422Args(KernelArgs a, ColorConversion code, boolean fullRange) {
        ColorConversion.Yuv422 k = code.yuv422();
        a.i32(k.lumaByte()).i32(k.uByte()).i32(k.vByte()).i32(code.blueIndex()).i32(fullRange ? 1 : 0);
    }

    /** The luma kernels' arguments after the images: bytes per source pixel, the luma's byte in a pixel. */
    private static void lumaArgs(KernelArgs a, ColorConversion code) {
        a.i32(code.srcChannels()).i32(code.yuv422() == null ? 0 : code.yuv422().lumaByte());
    }

    /** The per-pixel kernels' arguments after the images: blue index, channel map, hue range. */
    private static void pixelArgs(KernelArgs a, ColorConversion code) {
        int[] map = code.channelMap();
        int[] m = {-1, -1, -1, -1};
        if (map != null) {
            System.arraycopy(map, 0, m, 0, map.length);
        }
        a.i32(Math.max(code.blueIndex(), 0)).i32(m[0]).i32(m[1]).i32(m[2]).i32(m[3]).i32(code.hueRange());
    }

    /** Pixels per thread of the per-pixel kernels: cvtcolor.cu's CVJ_COLOR_PX. */
    private static int pixelsPerThread(ColorConversion code, DataType t) {
        return !code.family().perPixelHeavy() ? 16 / t.byteSize() : switch (t.byteSize()) {
            case 1 -> 4;
            case 2 -> 2;
            default -> 1;
        };
    }

    private static boolean isU8Selection(ColorConversion code, Tensor src, Tensor dst) {
        if (code.family() != ColorConversion.Family.REORDER || src.dtype() != DataType.U8) {
            return false;
        }
        for (int c : code.channelMap()) {
            if (c < 0) {
                return false; // adds an alpha channel of 255: not a selection
            }
        }
        TensorLayout l = src.layout();
        return l != null && l.equals(dst.layout()) && (l.equals(TensorLayout.HWC) || l.equals(TensorLayout.NHWC));
    }
}

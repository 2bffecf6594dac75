package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.ops.internal.YcbcrCpu;
import dev.cvj.ops.internal.YcbcrMatrix;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * YCbCr conversions of a chosen colour specification, as CV-CUDA's {@code cvcuda.advcvtcolor(src, code, spec)}: RGB
 * or BGR to and from YUV 4:4:4 (3 channels, Y, U = Cb, V = Cr) and YUV 4:2:0 semi-planar (NV12: a Y plane then
 * interleaved U, V; NV21: V, U), with the matrices and ranges of {@link ColorSpec} (BT.601, BT.709, BT.2020, limited
 * or full range; the formulas are there).
 *
 * <table class="striped">
 * <caption>Support</caption>
 * <tr><th>Conversions</th><td>{@link ColorConversion} RGB2YUV, BGR2YUV, YUV2RGB, YUV2BGR; YUV2RGB_NV12,
 *     YUV2BGR_NV12, YUV2RGB_NV21, YUV2BGR_NV21 (and their RGBA/BGRA forms: alpha 255); RGB2YUV_NV12, BGR2YUV_NV12,
 *     RGB2YUV_NV21, BGR2YUV_NV21 (and RGBA2YUV_NV12, BGRA2YUV_NV12: alpha ignored)</td></tr>
 * <tr><th>Layouts</th><td>NHWC (a batch), HWC (one image); dst the same layout and N as src; pixels packed, rows and
 *     images at any byte stride</td></tr>
 * <tr><th>Data types</th><td>U8 (as CV-CUDA)</td></tr>
 * <tr><th>Sizes</th><td>a 4:2:0 image is 1 channel of W x (H * 3 / 2) for a W x H RGB image, W and H even (odd
 *     sizes refused)</td></tr>
 * <tr><th>Placement</th><td>device tensors: GPU kernel on the stream (at most 65535 images a call, CUDA's grid
 *     limit); host tensors: CPU path (parallel rows)</td></tr>
 * <tr><th>Varshape</th><td>none (CV-CUDA has no varshape form)</td></tr>
 * </table>
 * dst must not overlap src in memory.
 *
 * <p>Arithmetic: each output is the real affine formula of {@link ColorSpec} applied to the input bytes, in 18-bit
 * fixed point (every matrix entry and offset rounded to a multiple of 2^-18), rounded half up and saturated to
 * [0, 255]; the result is the real formula rounded to nearest (half away from zero), except where the real value lies
 * within 0.0015 of a half, where it may be the other neighbour. Encoding to 4:2:0, every pixel gets its own Y, and a
 * 2x2 block's Cb and Cr are those of the mean of its four pixels (the same as the mean of the four pixels' real Cb and
 * Cr, rounded once); decoding, the four pixels of a block share its Cb, Cr. The GPU computes the same integers as the
 * CPU path: equal bytes.
 *
 * <p>Deliberate differences from CV-CUDA (0.15): CV-CUDA applies the full-range arithmetic for every specification
 * (no 16..235 scaling, whatever the spec's range), its BT.601 green weight is 9671/16384 (0.5903, a transposition of
 * 0.587's 9617) and its BT.709 blue weight 0.0772 (for 0.0722); cvj follows the ITU matrices and the spec's range.
 * CV-CUDA averages the four truncated per-pixel chroma values of a block with a truncating division; cvj rounds the
 * block's exact mean. CV-CUDA's 14-bit weights give results up to about 1 apart from the real formula; cvj is
 * within the 0.0015 above. Against OpenCV 4.6: {@code BT601_ER} 4:4:4 is OpenCV's {@code COLOR_RGB2YCrCb} with Cr,
 * Cb swapped (within 1: OpenCV's 14-bit weights), not OpenCV's {@code COLOR_RGB2YUV} (whose U, V are the analogue
 * scales 0.492, 0.877); {@code BT601} NV12/NV21 to RGB is OpenCV's {@code COLOR_YUV2RGB_NV12} (within 1: OpenCV's
 * 20-bit weights) where Y is 16 or more (OpenCV raises Y below 16 to 16 before its matrix, cvj applies the matrix as
 * is); OpenCV's RGB to NV12 takes each block's top-left chroma where cvj takes the mean.
 *
 * <pre>{@code
 * Tensor nv12 = AdvCvtColor.advCvtColor(rgb, ColorConversion.RGB2YUV_NV12, ColorSpec.BT709);  // H*3/2 x W x 1
 * Tensor back = AdvCvtColor.advCvtColor(nv12, ColorConversion.YUV2RGB_NV12, ColorSpec.BT709); // H x W x 3
 * }</pre>
 */
public final class AdvCvtColor {
    private static final OpCheck OP = OpCheck.of("AdvCvtColor");

    /** The conversions accepted. */
    private static final Set<ColorConversion> CODES = EnumSet.of(
            ColorConversion.RGB2YUV, ColorConversion.BGR2YUV, ColorConversion.YUV2RGB, ColorConversion.YUV2BGR,
            ColorConversion.YUV2RGB_NV12, ColorConversion.YUV2BGR_NV12, ColorConversion.YUV2RGBA_NV12,
            ColorConversion.YUV2BGRA_NV12, ColorConversion.YUV2RGB_NV21, ColorConversion.YUV2BGR_NV21,
            ColorConversion.YUV2RGBA_NV21, ColorConversion.YUV2BGRA_NV21,
            ColorConversion.RGB2YUV_NV12, ColorConversion.BGR2YUV_NV12, ColorConversion.RGBA2YUV_NV12,
            ColorConversion.BGRA2YUV_NV12, ColorConversion.RGB2YUV_NV21, ColorConversion.BGR2YUV_NV21);

    private AdvCvtColor() {}

    /**
     * {@return whether {@code code} is one of the conversions of the support table}
     *
     * @param code a conversion
     */
    public static boolean supports(ColorConversion code) {
        return CODES.contains(code);
    }

    /**
     * A new tensor with {@code src} converted by {@code code} with the matrices of {@code spec}.
     *
     * @param src the input image(s), as the support table allows
     * @param code the conversion, one of the support table's
     * @param spec the colour specification
     * @param stream the stream for device work; null: the current stream
     * @return the new output: for 4:2:0 to RGB H * 2 / 3 rows, for RGB to 4:2:0 H * 3 / 2 rows of 1 channel
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor argument is closed
     */
    public static Tensor advCvtColor(Tensor src, ColorConversion code, ColorSpec spec, Stream stream) {
        OpCheck op = op(code, spec);
        PixelGrid g = checkSource(op, src, code);
        int[] hw = dstSize(code, g);
        long[] shape = g.batched() ? new long[] {g.n(), hw[0], hw[1], code.dstChannels()}
                : new long[] {hw[0], hw[1], code.dstChannels()};
        return Outputs.allocate(op, src, shape, src.dtype(), src.layout(), stream,
                dst -> advCvtColorInto(dst, src, code, spec, stream));
    }

    /**
     * As {@link #advCvtColor(Tensor, ColorConversion, ColorSpec, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param code the conversion, one of the support table's
     * @param spec the colour specification
     * @return the new output: for 4:2:0 to RGB H * 2 / 3 rows, for RGB to 4:2:0 H * 3 / 2 rows of 1 channel
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor argument is closed
     */
    public static Tensor advCvtColor(Tensor src, ColorConversion code, ColorSpec spec) {
        return advCvtColor(src, code, spec, null);
    }

    /**
     * As {@link #advCvtColorInto(Tensor, Tensor, ColorConversion, ColorSpec, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param code the conversion, one of the support table's
     * @param spec the colour specification
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor argument is closed
     */
    public static void advCvtColorInto(Tensor dst, Tensor src, ColorConversion code, ColorSpec spec) {
        advCvtColorInto(dst, src, code, spec, null);
    }

    /**
     * Converts {@code src} into {@code dst} by {@code code} with the matrices of {@code spec}.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param code the conversion, one of the support table's
     * @param spec the colour specification
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor argument is closed
     */
    public static void advCvtColorInto(Tensor dst, Tensor src, ColorConversion code, ColorSpec spec, Stream stream) {
        OpCheck op = op(code, spec);
        PixelGrid gs = checkSource(op, src, code);
        PixelGrid gd = op.image("dst", dst, PixelGrid.INTERLEAVED);
        op.packedPixels("dst", gd);
        op.sameDtype("dst", gd, "src", gs);
        int[] hw = dstSize(code, gs);
        if (gd.n() != gs.n() || gd.h() != hw[0] || gd.w() != hw[1] || gd.c() != code.dstChannels()
                || gd.batched() != gs.batched()) {
            throw op.fail("dst must be " + (gs.batched() ? gs.n() + " x " : "") + hw[0] + " x " + hw[1] + " x "
                    + code.dstChannels() + " (" + src.layout().labels() + "), got " + Arrays.toString(dst.shape())
                    + " (" + dst.layout().labels() + ")");
        }
        op.output(gd, gs);
        YcbcrMatrix m = matrix(code, spec);
        if (src.isHost()) {
            YcbcrCpu.convert(gs.cpu(), gd.cpu(), kind(code), nv21(code), m);
            return;
        }
        launch(op, gs, gd, code, m, op.stream(src, stream));
    }

    /** The checks of one conversion: messages start with "AdvCvtColor RGB2YUV_NV12 BT709: ...". */
    private static OpCheck op(ColorConversion code, ColorSpec spec) {
        OP.notNull(code, "conversion");
        OP.notNull(spec, "spec");
        if (!CODES.contains(code)) {
            throw OP.fail("conversion " + code + " is not supported; supported: " + CODES);
        }
        return OpCheck.of("AdvCvtColor " + code + " " + spec);
    }

    private static PixelGrid checkSource(OpCheck op, Tensor src, ColorConversion code) {
        PixelGrid g = op.image("src", src, PixelGrid.INTERLEAVED);
        op.nonEmpty("src", g);
        op.packedPixels("src", g);
        op.dtype("src", g, Set.of(DataType.U8));
        if (g.c() != code.srcChannels()) {
            throw op.fail("src must have " + code.srcChannels() + " channels, got " + g.c());
        }
        YcbcrCpu.Kind k = kind(code);
        if (k == YcbcrCpu.Kind.FROM_420 && (g.h() % 3 != 0 || g.w() % 2 != 0)) {
            throw op.fail("a YUV 4:2:0 src has H * 3 / 2 rows with H and W even; got " + g.h() + " rows of " + g.w());
        }
        if (k == YcbcrCpu.Kind.TO_420 && (g.h() % 2 != 0 || g.w() % 2 != 0)) {
            throw op.fail("YUV 4:2:0 needs an even width and height, got " + g.w() + " x " + g.h() + " (W x H)");
        }
        if (k == YcbcrCpu.Kind.TO_420 && (long) g.h() / 2 * 3 > Integer.MAX_VALUE) {
            throw op.fail("the 4:2:0 image of a src of " + g.h() + " rows would have more than 2^31-1 rows");
        }
        return g;
    }

    /** {H, W} of the output. */
    private static int[] dstSize(ColorConversion code, PixelGrid g) {
        return switch (kind(code)) {
            case TO_420 -> new int[] {g.h() / 2 * 3, g.w()};
            case FROM_420 -> new int[] {g.h() / 3 * 2, g.w()};
            case PIXELS -> new int[] {g.h(), g.w()};
        };
    }

    private static YcbcrCpu.Kind kind(ColorConversion code) {
        return switch (code.family()) {
            case TO_YUV420 -> YcbcrCpu.Kind.TO_420;
            case FROM_YUV420 -> YcbcrCpu.Kind.FROM_420;
            default -> YcbcrCpu.Kind.PIXELS;
        };
    }

    private static boolean nv21(ColorConversion code) {
        return code.yuv420() == ColorConversion.Yuv420.NV21;
    }

    private static YcbcrMatrix matrix(ColorConversion code, ColorSpec spec) {
        boolean toYcbcr = code.family() == ColorConversion.Family.TO_YUV
                || code.family() == ColorConversion.Family.TO_YUV420;
        return toYcbcr ? YcbcrMatrix.encode(spec, code.blueIndex()) : YcbcrMatrix.decode(spec, code.blueIndex());
    }

    /**
     * The kernels of adv_cvtcolor.cu: 4:4:4 one thread per pixel over the image; 4:2:0 one thread per 2x2 block of
     * the RGB image (W / 2 x H / 2). A grid past CUDA's limits (more than 65535 images, or rows) is refused naming the
     * operator, before the launch.
     */
    private static void launch(OpCheck op, PixelGrid gs, PixelGrid gd, ColorConversion code, YcbcrMatrix m,
                               Stream s) {
        Tensor src = gs.tensor(), dst = gd.tensor();
        YcbcrCpu.Kind k = kind(code);
        int w = k == YcbcrCpu.Kind.FROM_420 ? gd.w() : gs.w();
        int h = k == YcbcrCpu.Kind.FROM_420 ? gd.h() : gs.h();
        int gw = k == YcbcrCpu.Kind.PIXELS ? w : w / 2, gh = k == YcbcrCpu.Kind.PIXELS ? h : h / 2;
        try {
            Launch.imageGrid(gw, gh, gs.n());
        } catch (IllegalArgumentException e) {
            throw op.fail("src: " + e.getMessage());
        }
        String name = switch (k) {
            case PIXELS -> "cvj_advcvtcolor_444_u8";
            case TO_420 -> "cvj_advcvtcolor_to420_u8_" + code.srcChannels() + "to1";
            case FROM_420 -> "cvj_advcvtcolor_from420_u8_1to" + code.dstChannels();
        };
        Kernel kernel = KernelLibrary.kernel(src.device(), name);
        KernelArgs a = Launch.args().pointer(src.address()).i64(gs.sN()).i64(gs.sH())
                .pointer(dst.address()).i64(gd.sN()).i64(gd.sH()).i32(w).i32(h).i32(nv21(code) ? 1 : 0);
        m.addTo(a);
        Launch.image(kernel, gw, gh, gs.n(), s, a);
    }
}

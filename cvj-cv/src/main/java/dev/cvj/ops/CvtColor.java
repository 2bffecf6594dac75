package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.ColorCpu;
import dev.cvj.ops.internal.HwcImages;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Converts images between color spaces as OpenCV's {@code cv2.cvtColor} does (see {@link ColorConversion}).
 *
 * <table class="striped">
 * <caption>Support</caption>
 * <tr><th>Layouts</th><td>NHWC (a batch), HWC (one image); dst the same layout and N as src</td></tr>
 * <tr><th>Channels</th><td>as the conversion names them: {@link ColorConversion#srcChannels()} in,
 *     {@link ColorConversion#dstChannels()} out; YUV 4:2:0 images are 1 channel of H * 3 / 2 rows (H, W even);
 *     pixels packed, rows and images at any byte stride</td></tr>
 * <tr><th>Data types (dst = src)</th><td>channel reorders, alpha, GRAY2*: U8, U16, S16, F32, F16 (added alpha: the type's
 *     maximum, 1.0 for floats); *2GRAY, RGB/BGR &lt;-&gt; YUV: U8, U16, F32; HSV: U8, F32; YUV 4:2:0: U8</td></tr>
 * <tr><th>Placement</th><td>device tensors: GPU kernel on the stream; host tensors: CPU path (parallel rows)</td></tr>
 * </table>
 *
 * <p>Accuracy against {@code cv2.cvtColor} (OpenCV 4.6, golden tests) on the CPU path: exact for reorders, gray
 * (OpenCV's 15-bit weights), YUV (14-bit), YUV 4:2:0 both ways (20-bit BT.601 limited range; RGB to 4:2:0 takes
 * each block's top-left chroma, as OpenCV) and RGB to HSV; HSV to RGB within 1 for U8; F32 within 1e-5 relative.
 * {@code fullRange = true} switches YUV 4:2:0 to full-range BT.601 (JPEG) coefficients (cvj's own 20-bit fixed
 * point; OpenCV has no such code). The GPU follows the CPU path step by step.
 *
 * <pre>{@code
 * Tensor gray = CvtColor.cvtColor(rgbBatch, ColorConversion.RGB2GRAY, null);          // N x H x W x 1
 * Tensor rgb = CvtColor.cvtColor(nv12, ColorConversion.YUV2RGB_NV12, null);           // (H*3/2) x W x 1 -> H x W x 3
 * }</pre>
 */
public final class CvtColor {
    private static final String OP = "CvtColor";
    private static final Set<DataType> ALL = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32, DataType.F16);
    private static final Set<DataType> MATH = EnumSet.of(DataType.U8, DataType.U16, DataType.F32);
    private static final Set<DataType> HSV = EnumSet.of(DataType.U8, DataType.F32);
    private static final Set<DataType> U8 = EnumSet.of(DataType.U8);

    private CvtColor() {}

    /** A new tensor with {@code src} converted by {@code code}. */
    public static Tensor cvtColor(Tensor src, ColorConversion code, Stream stream) {
        return cvtColor(src, code, false, stream);
    }

    /** As {@link #cvtColor(Tensor, ColorConversion, Stream)}; {@code fullRange} selects full-range YUV 4:2:0. */
    public static Tensor cvtColor(Tensor src, ColorConversion code, boolean fullRange, Stream stream) {
        HwcImages.Geometry g = checkSource(src, code);
        int[] hw = dstSize(code, g);
        long[] shape = g.batched() ? new long[] {g.n(), hw[0], hw[1], code.dstChannels()}
                : new long[] {hw[0], hw[1], code.dstChannels()};
        Tensor dst = src.isHost() ? Tensor.allocateHost(shape, src.dtype(), src.layout())
                : Tensor.allocate(shape, src.dtype(), src.layout(), HwcImages.stream(OP, src, stream));
        try {
            cvtColorInto(dst, src, code, fullRange, stream);
        } catch (RuntimeException e) {
            dst.close();
            throw e;
        }
        return dst;
    }

    /** Converts {@code src} into {@code dst}. */
    public static void cvtColorInto(Tensor dst, Tensor src, ColorConversion code, Stream stream) {
        cvtColorInto(dst, src, code, false, stream);
    }

    /** Converts {@code src} into {@code dst}; {@code fullRange} selects full-range YUV 4:2:0. */
    public static void cvtColorInto(Tensor dst, Tensor src, ColorConversion code, boolean fullRange, Stream stream) {
        HwcImages.Geometry gs = checkSource(src, code);
        HwcImages.Geometry gd = HwcImages.geometry(OP, "dst", dst);
        if (dst.dtype() != src.dtype()) {
            throw new IllegalArgumentException(OP + " " + code + ": dst data type " + dst.dtype() + " differs from src "
                    + src.dtype());
        }
        if (gd.c() != code.dstChannels()) {
            throw new IllegalArgumentException(OP + " " + code + ": dst must have " + code.dstChannels()
                    + " channels, got " + gd.c());
        }
        int[] hw = dstSize(code, gs);
        if (gd.n() != gs.n() || gd.h() != hw[0] || gd.w() != hw[1] || gd.batched() != gs.batched()) {
            throw new IllegalArgumentException(OP + " " + code + ": dst must be " + (gs.batched() ? gs.n() + " x " : "")
                    + hw[0] + " x " + hw[1] + " x " + code.dstChannels() + " (" + src.layout().labels() + "), got "
                    + java.util.Arrays.toString(dst.shape()) + " (" + dst.layout().labels() + ")");
        }
        HwcImages.checkPlacement(OP, src, dst);
        if (src.isHost()) {
            ColorCpu.convert(HwcImages.cpu(src, gs), HwcImages.cpu(dst, gd), code, fullRange);
            return;
        }
        launch(src, gs, dst, gd, code, fullRange, HwcImages.stream(OP, src, stream));
    }

    private static HwcImages.Geometry checkSource(Tensor src, ColorConversion code) {
        Objects.requireNonNull(code, "conversion");
        HwcImages.Geometry g = HwcImages.geometry(OP, "src", src);
        if (g.c() != code.srcChannels()) {
            throw new IllegalArgumentException(OP + " " + code + ": src must have " + code.srcChannels()
                    + " channels, got " + g.c());
        }
        Set<DataType> types = switch (code.family()) {
            case REORDER -> ALL;
            case TO_GRAY, TO_YUV, FROM_YUV -> MATH;
            case TO_HSV, FROM_HSV -> HSV;
            case FROM_YUV420, TO_YUV420 -> U8;
        };
        HwcImages.checkType(OP + " " + code, "src", src, types);
        if (code.family() == ColorConversion.Family.FROM_YUV420
                && (g.h() % 3 != 0 || g.w() % 2 != 0)) {
            throw new IllegalArgumentException(OP + " " + code + ": a YUV 4:2:0 src has H * 3 / 2 rows with H and W even; got "
                    + g.h() + " rows of " + g.w());
        }
        if (code.family() == ColorConversion.Family.TO_YUV420 && (g.h() % 2 != 0 || g.w() % 2 != 0)) {
            throw new IllegalArgumentException(OP + " " + code + ": YUV 4:2:0 needs an even width and height, got "
                    + g.w() + " x " + g.h());
        }
        return g;
    }

    private static int[] dstSize(ColorConversion code, HwcImages.Geometry g) {
        return switch (code.family()) {
            case FROM_YUV420 -> new int[] {g.h() / 3 * 2, g.w()};
            case TO_YUV420 -> new int[] {g.h() / 2 * 3, g.w()};
            default -> new int[] {g.h(), g.w()};
        };
    }

    private static void launch(Tensor src, HwcImages.Geometry gs, Tensor dst, HwcImages.Geometry gd,
                               ColorConversion code, boolean fullRange, Stream s) {
        if (isU8Selection(code, src, dst)) {
            // A pure channel selection of bytes (RGB2BGR, RGBA2BGR, ...): ChannelReorder's row kernel moves 16
            // bytes per thread, twice the speed of the per-pixel colour kernel on 3-channel U8 (same bytes out).
            ChannelReorder.channelReorderInto(dst, src, new int[][] {code.channelMap()}, s);
            return;
        }
        KernelArgs a = Launch.args().pointer(src.address()).i64(gs.strideN()).i64(gs.strideH())
                .pointer(dst.address()).i64(gd.strideN()).i64(gd.strideH());
        String type = HwcImages.typeName(src.dtype());
        int scn = code.srcChannels(), dcn = code.dstChannels();
        if (code.family() == ColorConversion.Family.FROM_YUV420 || code.family() == ColorConversion.Family.TO_YUV420) {
            boolean from = code.family() == ColorConversion.Family.FROM_YUV420;
            int w = gd.w(), h = from ? gd.h() : gs.h();
            a.i32(w).i32(h).i32(code.yuv420().ordinal()).i32(code.blueIndex()).i32(fullRange ? 1 : 0);
            String name = "cvj_cvtcolor_" + (from ? "fromyuv420" : "toyuv420") + "_u8_" + scn + "to" + dcn;
            Launch.image(KernelLibrary.kernel(src.device(), name), w / 2, h / 2, gs.n(), s, a);
            return;
        }
        String fam = switch (code.family()) {
            case REORDER -> "reorder";
            case TO_GRAY -> "gray";
            case TO_YUV -> "toyuv";
            case FROM_YUV -> "fromyuv";
            case TO_HSV -> "tohsv";
            default -> "fromhsv";
        };
        int[] map = code.channelMap();
        int[] m = {-1, -1, -1, -1};
        if (map != null) {
            System.arraycopy(map, 0, m, 0, map.length);
        }
        a.i32(gd.w()).i32(gd.h()).i32(Math.max(code.blueIndex(), 0)).i32(m[0]).i32(m[1]).i32(m[2]).i32(m[3])
                .i32(code.hueRange());
        boolean hsv = code.family() == ColorConversion.Family.TO_HSV || code.family() == ColorConversion.Family.FROM_HSV;
        int px = !hsv ? 16 / src.dtype().byteSize() : switch (src.dtype().byteSize()) { // cvtcolor.cu's CVJ_COLOR_PX
            case 1 -> 4;
            case 2 -> 2;
            default -> 1;
        };
        Kernel k = KernelLibrary.kernel(src.device(), "cvj_cvtcolor_" + fam + "_" + type + "_" + scn + "to" + dcn);
        Launch.image(k, (gd.w() + px - 1) / px, gd.h(), gd.n(), s, a);
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

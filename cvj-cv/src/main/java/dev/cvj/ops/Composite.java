package dev.cvj.ops;

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
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Set;

/**
 * Blends a foreground over a background through a mask, CV-CUDA's Composite ({@code cvcudaCompositeSubmit},
 * {@code cvcuda.composite(foreground, background, fgmask, outchannels)}): for every pixel and channel, with the mask
 * value {@code m} in 0..255 as the foreground's weight,
 * <pre>  dst = (int) (fma((float) ((fg - bg) * m), 0.00392156862f, (float) bg) + 0.5f)</pre>
 * that is {@code fg * m/255 + bg * (1 - m/255)} rounded half up, with CV-CUDA's exact arithmetic: the integer product
 * {@code (fg - bg) * m} (exact in float), times CV-CUDA's constant {@code Inv_255} = 0.00392156862f, plus bg, in one
 * fused multiply-add (the contraction nvcc makes of CV-CUDA's {@code AlphaLerp} expression), plus 0.5f, truncated
 * toward zero. The result is always in 0..255 (no saturation is needed) and differs from the exact
 * {@code round((fg * m + bg * (255 - m)) / 255)} by at most 1. A 4-channel dst gets alpha 255.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>foreground, background</th><th>fgMask</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC (one layout for all four tensors)</td><td>the same, 1 channel</td>
 *       <td>the same</td></tr>
 *   <tr><td>Data types</td><td>U8</td><td>U8</td><td>U8</td></tr>
 *   <tr><td>Channels</td><td>3</td><td>1</td><td>3 or 4 ({@code outChannels})</td></tr>
 *   <tr><td>Shape</td><td>background: foreground's</td><td>foreground's N, H, W</td><td>foreground's N, H, W</td></tr>
 *   <tr><td>Varshape</td><td colspan="2">{@link ImageBatchVarShape}s of one count and sizes (1 to 65535 images on a
 *       device)</td><td>a batch of the same count and sizes</td></tr>
 * </table>
 * Every tensor is in one place (the host or one device); dst may not overlap any input.
 *
 * <pre>{@code
 * Tensor blended = Composite.composite(person, beach, personMask, 3);
 * }</pre>
 */
public final class Composite {
    private static final OpCheck OP = OpCheck.of("Composite");
    private static final Set<DataType> U8 = Set.of(DataType.U8);
    /** CV-CUDA's {@code Inv_255} as it writes it (the float nearest 0.00392156862). */
    static final float INV_255 = 0.00392156862f;

    private Composite() {}

    /**
     * A new tensor of foreground's layout, N, H and W with {@code outChannels} channels: the blend (see the class
     * comment).
     *
     * @param foreground the foreground image(s), U8, 3 channels, NHWC or HWC
     * @param background the background, of foreground's shape and layout
     * @param fgMask the foreground's weight per pixel, U8, 1 channel, foreground's layout, N, H and W
     * @param outChannels 3, or 4 for an alpha channel of 255
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside foreground
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if a tensor is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static Tensor composite(Tensor foreground, Tensor background, Tensor fgMask, int outChannels, Stream stream) {
        Inputs in = inputs(foreground, background, fgMask);
        outChannels(outChannels);
        long[] shape = foreground.shape();
        shape[shape.length - 1] = outChannels;
        return Outputs.allocate(OP, foreground, shape, DataType.U8, foreground.layout(), stream,
                dst -> run(dst, in, stream));
    }

    /**
     * As {@link #composite(Tensor, Tensor, Tensor, int, Stream)}, on the current stream.
     *
     * @param foreground the foreground image(s), U8, 3 channels, NHWC or HWC
     * @param background the background, of foreground's shape and layout
     * @param fgMask the foreground's weight per pixel, U8, 1 channel, foreground's layout, N, H and W
     * @param outChannels 3, or 4 for an alpha channel of 255
     * @return the new output, beside foreground
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if a tensor is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static Tensor composite(Tensor foreground, Tensor background, Tensor fgMask, int outChannels) {
        return composite(foreground, background, fgMask, outChannels, null);
    }

    /**
     * Writes the blend into {@code dst}, whose channels (3 or 4) say whether an alpha channel of 255 is added.
     *
     * @param dst the caller's output: U8, foreground's layout, N, H and W, 3 or 4 channels, overlapping no input
     * @param foreground the foreground image(s), U8, 3 channels, NHWC or HWC
     * @param background the background, of foreground's shape and layout
     * @param fgMask the foreground's weight per pixel, U8, 1 channel, foreground's layout, N, H and W
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if a tensor is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static void compositeInto(Tensor dst, Tensor foreground, Tensor background, Tensor fgMask, Stream stream) {
        run(dst, inputs(foreground, background, fgMask), stream);
    }

    /**
     * As {@link #compositeInto(Tensor, Tensor, Tensor, Tensor, Stream)}, on the current stream.
     *
     * @param dst the caller's output: U8, foreground's layout, N, H and W, 3 or 4 channels, overlapping no input
     * @param foreground the foreground image(s), U8, 3 channels, NHWC or HWC
     * @param background the background, of foreground's shape and layout
     * @param fgMask the foreground's weight per pixel, U8, 1 channel, foreground's layout, N, H and W
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if a tensor is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static void compositeInto(Tensor dst, Tensor foreground, Tensor background, Tensor fgMask) {
        compositeInto(dst, foreground, background, fgMask, null);
    }

    // ---- varshape batches ----

    /**
     * A new batch of foreground's sizes with {@code outChannels} channels: image i blends foreground image i over
     * background image i through mask image i.
     *
     * @param foreground the foreground batch: U8, 3 channels
     * @param background the background batch: foreground's count, sizes and pixels
     * @param fgMask the mask batch: foreground's count and sizes, U8, 1 channel
     * @param outChannels 3, or 4 for an alpha channel of 255
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside foreground; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if a batch is null
     */
    public static ImageBatchVarShape composite(ImageBatchVarShape foreground, ImageBatchVarShape background,
                                               ImageBatchVarShape fgMask, int outChannels, Stream stream) {
        batchInputs(foreground, background, fgMask);
        outChannels(outChannels);
        return Outputs.allocateBatch(OP, foreground, foreground::imageSize, outChannels, DataType.U8, stream,
                dst -> runBatch(dst, foreground, background, fgMask, stream));
    }

    /**
     * As {@link #composite(ImageBatchVarShape, ImageBatchVarShape, ImageBatchVarShape, int, Stream)}, on the current
     * stream.
     *
     * @param foreground the foreground batch: U8, 3 channels
     * @param background the background batch: foreground's count, sizes and pixels
     * @param fgMask the mask batch: foreground's count and sizes, U8, 1 channel
     * @param outChannels 3, or 4 for an alpha channel of 255
     * @return the new batch beside foreground; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if a batch is null
     */
    public static ImageBatchVarShape composite(ImageBatchVarShape foreground, ImageBatchVarShape background,
                                               ImageBatchVarShape fgMask, int outChannels) {
        return composite(foreground, background, fgMask, outChannels, null);
    }

    /**
     * Writes image i's blend into image i of {@code dst}, whose channels (3 or 4) say whether alpha is added.
     *
     * @param dst the caller's output batch: foreground's count, place and sizes, U8 of 3 or 4 channels, overlapping
     *        no input image
     * @param foreground the foreground batch: U8, 3 channels
     * @param background the background batch: foreground's count, sizes and pixels
     * @param fgMask the mask batch: foreground's count and sizes, U8, 1 channel
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if a batch is null
     */
    public static void compositeInto(ImageBatchVarShape dst, ImageBatchVarShape foreground,
                                     ImageBatchVarShape background, ImageBatchVarShape fgMask, Stream stream) {
        batchInputs(foreground, background, fgMask);
        runBatch(dst, foreground, background, fgMask, stream);
    }

    /**
     * As {@link #compositeInto(ImageBatchVarShape, ImageBatchVarShape, ImageBatchVarShape, ImageBatchVarShape,
     * Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: foreground's count, place and sizes, U8 of 3 or 4 channels
     * @param foreground the foreground batch: U8, 3 channels
     * @param background the background batch: foreground's count, sizes and pixels
     * @param fgMask the mask batch: foreground's count and sizes, U8, 1 channel
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if a batch is null
     */
    public static void compositeInto(ImageBatchVarShape dst, ImageBatchVarShape foreground,
                                     ImageBatchVarShape background, ImageBatchVarShape fgMask) {
        compositeInto(dst, foreground, background, fgMask, null);
    }

    /** The checked inputs of a single-tensor call. */
    private record Inputs(PixelGrid fg, PixelGrid bg, PixelGrid mask) {}

    private static Inputs inputs(Tensor foreground, Tensor background, Tensor fgMask) {
        PixelGrid f = OP.image("foreground", foreground, PixelGrid.INTERLEAVED);
        OP.dtype("foreground", f, U8);
        OP.channels("foreground", f, 3, 3);
        PixelGrid b = OP.image("background", background, PixelGrid.INTERLEAVED);
        OP.sameDtype("background", b, "foreground", f);
        OP.sameShape("background", b, "foreground", f);
        OP.samePlace("foreground", foreground, "background", background);
        PixelGrid m = OP.image("fgMask", fgMask, PixelGrid.INTERLEAVED);
        OP.dtype("fgMask", m, U8);
        OP.channels("fgMask", m, 1, 1);
        OP.sameLayout("fgMask", m, "foreground", f);
        samePixels("fgMask", m, f);
        OP.samePlace("foreground", foreground, "fgMask", fgMask);
        return new Inputs(f, b, m);
    }

    private static void samePixels(String role, PixelGrid g, PixelGrid f) {
        if (g.n() != f.n() || g.h() != f.h() || g.w() != f.w()) {
            throw OP.fail(role + " has " + g.n() + " images of " + g.w() + " x " + g.h() + " but foreground has " + f.n()
                    + " of " + f.w() + " x " + f.h() + " (W x H)");
        }
    }

    private static void outChannels(int c) {
        if (c != 3 && c != 4) {
            throw OP.fail("outChannels is " + c + "; supported: 3, 4");
        }
    }

    private static void run(Tensor dst, Inputs in, Stream stream) {
        PixelGrid d = OP.image("dst", dst, PixelGrid.INTERLEAVED);
        OP.dtype("dst", d, U8);
        OP.channels("dst", d, 3, 4);
        OP.sameLayout("dst", d, "foreground", in.fg());
        samePixels("dst", d, in.fg());
        OP.output("dst", d, "foreground", in.fg(), false);
        OP.output("dst", d, "background", in.bg(), false);
        OP.output("dst", d, "fgMask", in.mask(), false);
        if (dst.isHost()) {
            cpu(in, d);
            return;
        }
        Stream st = OP.stream(dst, stream);
        if (d.n() == 0 || d.h() == 0 || d.w() == 0) {
            return;
        }
        var k = KernelLibrary.kernel(dst.device(), "cvj_composite");
        PixelGrid f = in.fg(), b = in.bg(), m = in.mask();
        KernelArgs a = Launch.args().pointer(f.address()).i64(f.sN()).i64(f.sH()).i64(f.sW()).i64(f.sC())
                .pointer(b.address()).i64(b.sN()).i64(b.sH()).i64(b.sW()).i64(b.sC())
                .pointer(m.address()).i64(m.sN()).i64(m.sH()).i64(m.sW())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.c());
        Launch.pixels(k, d.w(), d.h(), d.n(), st, a);
    }

    /** One channel's blend, CV-CUDA's AlphaLerp as nvcc compiles it (see the class comment). */
    static int blend(int fg, int bg, int mask) {
        return (int) (Math.fma((float) ((fg - bg) * mask), INV_255, (float) bg) + 0.5f);
    }

    /** The CPU path, from the formula of the class comment. */
    private static void cpu(Inputs in, PixelGrid d) {
        PixelGrid f = in.fg(), b = in.bg(), m = in.mask();
        MemorySegment fs = f.host(), bs = b.host(), ms = m.host(), out = d.host();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            for (int x = 0; x < d.w(); x++) {
                int mask = CpuPixels.loadInt(ms, m.offset(img, y, x, 0), DataType.U8);
                for (int c = 0; c < 3; c++) {
                    int fg = CpuPixels.loadInt(fs, f.offset(img, y, x, c), DataType.U8);
                    int bg = CpuPixels.loadInt(bs, b.offset(img, y, x, c), DataType.U8);
                    CpuPixels.storeInt(out, d.offset(img, y, x, c), DataType.U8, blend(fg, bg, mask));
                }
                if (d.c() == 4) {
                    CpuPixels.storeInt(out, d.offset(img, y, x, 3), DataType.U8, 255);
                }
            }
        });
    }

    private static void batchInputs(ImageBatchVarShape fg, ImageBatchVarShape bg, ImageBatchVarShape mask) {
        PixelType p = OP.batch("foreground batch", fg, U8, 3, 3);
        OP.batch("background batch", bg, U8, 3, 3);
        OP.batch("fgMask batch", mask, U8, 1, 1);
        for (ImageBatchVarShape other : new ImageBatchVarShape[] {bg, mask}) {
            String role = other == bg ? "background batch" : "fgMask batch";
            if (other.size() != fg.size()) {
                throw OP.fail(role + " has " + other.size() + " images but foreground batch has " + fg.size());
            }
            OP.samePlace("foreground batch image 0", fg.image(0), role + " image 0", other.image(0));
            OP.sameSizes(role, other, "foreground batch", fg);
        }
        OP.batchPixels("background batch", bg, p);
    }

    private static void runBatch(ImageBatchVarShape dst, ImageBatchVarShape fg, ImageBatchVarShape bg,
                                 ImageBatchVarShape mask, Stream stream) {
        OP.batchOutput("dst batch", dst, "foreground batch", fg, false);
        OP.batchOutput("dst batch", dst, "background batch", bg, false);
        OP.batchOutput("dst batch", dst, "fgMask batch", mask, false);
        PixelType p = dst.uniqueFormat();
        if (p.dataType() != DataType.U8 || (p.channels() != 3 && p.channels() != 4)) {
            throw OP.fail("dst batch has pixels of " + p + "; supported: U8 of 3 or 4 channels");
        }
        OP.batchPixels("dst batch", dst, p);
        OP.sameSizes("dst batch", dst, "foreground batch", fg);
        if (dst.isHost()) {
            for (int i = 0; i < fg.size(); i++) {
                run(dst.image(i), inputs(fg.image(i), bg.image(i), mask.image(i)), null);
            }
            return;
        }
        Stream s = OP.stream(fg.image(0), stream);
        var k = KernelLibrary.kernel(fg.device(), "cvj_composite_vs");
        KernelArgs a = Launch.args().pointer(fg.descriptors(s)).pointer(bg.descriptors(s)).pointer(mask.descriptors(s))
                .pointer(dst.descriptors(s)).i32(p.channels());
        Launch.batchPixels(k, dst.maxSize(), fg.size(), s, a);
    }
}

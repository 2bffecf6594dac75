package dev.cvj.ops;

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
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;

/**
 * Histogram equalization of each image and channel, CV-CUDA's HistogramEq ({@code cvcuda.histogrameq}) with
 * OpenCV's {@code cv::equalizeHist} arithmetic, channel by channel: with {@code h} the channel's 256-bin histogram,
 * {@code i} its first non-zero bin and {@code total} its pixel count,
 * <pre>
 *   scale  = 255f / (float) (total - h[i])
 *   lut[i] = 0,  lut[b] = saturate(rint((float) (h[i+1] + ... + h[b]) * scale))   for b &gt; i
 *   dst    = lut[src]
 * </pre>
 * each float operation rounded on its own, rounding half to even; an image (channel) of one value keeps that value
 * everywhere ({@code h[i] == total}, OpenCV's {@code dst.setTo(i)}). Bit-exact with OpenCV 4.6 on the goldens, and
 * GPU equals CPU bit for bit.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC (CV-CUDA), NCHW, CHW</td><td>same shape and layout as src</td></tr>
 *   <tr><td>Data types</td><td>U8</td><td>U8</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4 (each equalized on its own)</td><td>same as src</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} of U8 images, 1 to 4 channels (1 to 65535 images on a
 *       device)</td><td>a varshape batch of the same sizes and pixels</td></tr>
 * </table>
 * Each image has at most 2^31 - 1 pixels (the counts are ints). In place: dst may be the very same view as src; any
 * other overlap is refused (for batches: dst image i may be src image i, no other dst image may overlap a src image).
 *
 * <p>On the GPU three launches, no host round trip: the histograms (per-block shared-memory counts merged with one
 * atomic add per bin and block), one thread per image and channel for its table, then the tables applied to every
 * pixel (each block loads its image's tables into shared memory). A varshape batch takes the same three launches for
 * all its images; image i gets exactly what the single-image call gives it. A benchmark should compare torchvision's
 * {@code F.equalize} on CUDA tensors (uint8, [N, C, H, W]).
 *
 * <pre>{@code
 * Tensor flat = HistogramEq.histogramEq(gray);
 * }</pre>
 */
public final class HistogramEq {
    private static final OpCheck OP = OpCheck.of("HistogramEq");
    private static final int BINS = Histogram.BINS;
    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8);

    private HistogramEq() {}

    /**
     * A new tensor of src's shape and layout: each image and channel equalized (see the class comment).
     *
     * @param src the input image(s), as the support table allows
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src
     * @throws IllegalArgumentException if src breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor histogramEq(Tensor src, Stream stream) {
        PixelGrid s = check(src);
        return Outputs.allocate(OP, src, src.shape(), DataType.U8, src.layout(), stream, dst -> run(dst, s, stream));
    }

    /**
     * As {@link #histogramEq(Tensor, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @return the new output, beside src
     * @throws IllegalArgumentException if src breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor histogramEq(Tensor src) {
        return histogramEq(src, null);
    }

    /**
     * Writes each image and channel of {@code src} equalized into {@code dst} (src's shape, layout and type; the very
     * same view as src for an in-place update).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst or src is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void histogramEqInto(Tensor dst, Tensor src, Stream stream) {
        run(dst, check(src), stream);
    }

    /**
     * As {@link #histogramEqInto(Tensor, Tensor, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst or src is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void histogramEqInto(Tensor dst, Tensor src) {
        histogramEqInto(dst, src, null);
    }

    /**
     * A new batch of src's sizes and pixels: image i equalized per channel, as the single-image call.
     *
     * @param src the input batch: U8, 1 to 4 channels
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device); it owns its images: the caller closes it
     * @throws IllegalArgumentException if src breaks the support table (closed or empty, another type; the message
     *         names the operator and the argument); nothing has run then
     * @throws NullPointerException if src is null
     */
    public static ImageBatchVarShape histogramEq(ImageBatchVarShape src, Stream stream) {
        PixelType p = check(src);
        return Outputs.allocateBatch(OP, src, src::imageSize, p.channels(), DataType.U8, stream,
                dst -> runBatch(dst, src, p, stream));
    }

    /**
     * As {@link #histogramEq(ImageBatchVarShape, Stream)}, on the current stream.
     *
     * @param src the input batch: U8, 1 to 4 channels
     * @return the new batch beside src (the host or src's device); it owns its images: the caller closes it
     * @throws IllegalArgumentException if src breaks the support table (closed or empty, another type; the message
     *         names the operator and the argument); nothing has run then
     * @throws NullPointerException if src is null
     */
    public static ImageBatchVarShape histogramEq(ImageBatchVarShape src) {
        return histogramEq(src, null);
    }

    /**
     * Writes image i of {@code src} equalized into image i of {@code dst}.
     *
     * @param dst the caller's output batch: src's image count, place, sizes and pixels; image i may be the very same
     *         view as src image i (in place), no other overlap with a src image
     * @param src the input batch: U8, 1 to 4 channels
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (a closed or empty batch, a dst batch
     *         that does not fit src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if dst or src is null
     */
    public static void histogramEqInto(ImageBatchVarShape dst, ImageBatchVarShape src, Stream stream) {
        runBatch(dst, src, check(src), stream);
    }

    /**
     * As {@link #histogramEqInto(ImageBatchVarShape, ImageBatchVarShape, Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's image count, place, sizes and pixels; image i may be the very same
     *         view as src image i (in place), no other overlap with a src image
     * @param src the input batch: U8, 1 to 4 channels
     * @throws IllegalArgumentException if an argument breaks the support table (a closed or empty batch, a dst batch
     *         that does not fit src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if dst or src is null
     */
    public static void histogramEqInto(ImageBatchVarShape dst, ImageBatchVarShape src) {
        histogramEqInto(dst, src, null);
    }

    private static PixelGrid check(Tensor src) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, TYPES);
        Histogram.pixelCount(OP, "src", s.h(), s.w());
        if (!src.isHost() && s.n() > Launch.MAX_GRID_YZ) {
            throw OP.fail("src has " + s.n() + " images: at most " + Launch.MAX_GRID_YZ + " on a device (one launch's grid z)");
        }
        return s;
    }

    private static PixelType check(ImageBatchVarShape src) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        for (int i = 0; i < src.size(); i++) {
            ImageSize z = src.imageSize(i);
            Histogram.pixelCount(OP, "src batch image " + i + ":", z.height(), z.width());
        }
        return p;
    }

    private static void run(Tensor dst, PixelGrid s, Stream stream) {
        PixelGrid d = OP.image("dst", dst);
        OP.sameShape("dst", d, "src", s);
        OP.sameDtype("dst", d, "src", s);
        OP.output("dst", d, "src", s, true);
        if (dst.isHost()) {
            byte[][] luts = new byte[s.n()][];
            for (int img = 0; img < s.n(); img++) {
                luts[img] = luts(Histogram.counts(s, null, img), s.c());
            }
            MemorySegment in = s.host(), out = d.host();
            CpuPixels.forRows(s.n(), s.h(), (img, y) -> {
                byte[] lut = luts[img];
                for (int x = 0; x < s.w(); x++) {
                    for (int c = 0; c < s.c(); c++) {
                        int v = CpuPixels.loadInt(in, s.offset(img, y, x, c), DataType.U8);
                        CpuPixels.storeInt(out, d.offset(img, y, x, c), DataType.U8, lut[c * BINS + v] & 0xff);
                    }
                }
            });
            return;
        }
        Stream st = OP.stream(dst, stream);
        if (s.n() == 0 || s.h() == 0 || s.w() == 0) {
            return;
        }
        int n = s.n(), c = s.c();
        try (Tensor scratch = Tensor.allocate(new long[] {(long) n * c * BINS * 5 / 4}, DataType.S32, null, st)) {
            long hist = scratch.address(), lut = hist + 4L * n * c * BINS;
            long count = (long) n * BINS * c;
            Launch.linear(KernelLibrary.kernel(dst.device(), "cvj_histogram_zero"), count, st, Launch.args().pointer(hist)
                    .i64(4L * BINS * c).i64(4L * c).i64(4).i32(c).i64(count));
            Launch.blocks(KernelLibrary.kernel(dst.device(), "cvj_histogram_u8"), Histogram.blocksPerImage(n, s.h()), 1, n,
                    BINS, st, Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC()).i32(s.w())
                            .i32(s.h()).i32(c).pointer(0).i64(0).i64(0).i64(0).pointer(hist).i64(4L * BINS * c)
                            .i64(4L * c).i64(4));
            Launch.blocks(KernelLibrary.kernel(dst.device(), "cvj_histogram_eq_lut"), 1, 1, n, 32, st,
                    Launch.args().pointer(hist).i32(c).pointer(lut));
            Launch.pixels(KernelLibrary.kernel(dst.device(), "cvj_histogram_eq_apply_u8"), s.w(), s.h(), n, st,
                    Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC()).pointer(d.address())
                            .i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(s.w()).i32(c).pointer(lut));
            scratch.close(st);
        }
    }

    /**
     * The look-up tables of one image from its counts (bin b of channel c at {@code b * C + c}): channel c's table at
     * {@code c * 256}, OpenCV's equalizeHist step for step (histogram.cu's equalize_lut).
     */
    static byte[] luts(int[] h, int channels) {
        byte[] lut = new byte[channels * BINS];
        for (int c = 0; c < channels; c++) {
            int total = 0;
            for (int b = 0; b < BINS; b++) {
                total += h[b * channels + c];
            }
            int i = 0;
            while (i < BINS - 1 && h[i * channels + c] == 0) {
                i++;
            }
            if (h[i * channels + c] == total) {
                java.util.Arrays.fill(lut, c * BINS, (c + 1) * BINS, (byte) i);
                continue;
            }
            float scale = 255f / (float) (total - h[i * channels + c]);
            int sum = 0;
            for (int b = i + 1; b < BINS; b++) {
                sum += h[b * channels + c];
                lut[c * BINS + b] = (byte) CpuPixels.saturate((float) sum * scale, DataType.U8);
            }
        }
        return lut;
    }

    private static void runBatch(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, Stream stream) {
        OP.batchOutput("dst batch", dst, "src batch", src, true);
        OP.batchPixels("dst batch", dst, p);
        OP.sameSizes("dst batch", dst, "src batch", src);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                run(dst.image(i), OP.image("src image " + i, src.image(i)), null);
            }
            return;
        }
        Stream st = OP.stream(src.image(0), stream);
        int n = src.size(), c = p.channels();
        ImageSize max = src.maxSize();
        if (max.width() == 0 || max.height() == 0) {
            return;
        }
        try (Tensor scratch = Tensor.allocate(new long[] {(long) n * c * BINS * 5 / 4}, DataType.S32, null, st)) {
            long hist = scratch.address(), lut = hist + 4L * n * c * BINS;
            long count = (long) n * BINS * c, srcs = src.descriptors(st);
            Launch.linear(KernelLibrary.kernel(src.device(), "cvj_histogram_zero"), count, st, Launch.args().pointer(hist)
                    .i64(4L * BINS * c).i64(4L * c).i64(4).i32(c).i64(count));
            Launch.blocks(KernelLibrary.kernel(src.device(), "cvj_histogram_vs_u8"), Histogram.blocksPerImage(n, max.height()),
                    1, n, BINS, st, Launch.args().pointer(srcs).i32(c).pointer(hist));
            Launch.blocks(KernelLibrary.kernel(src.device(), "cvj_histogram_eq_lut"), 1, 1, n, 32, st,
                    Launch.args().pointer(hist).i32(c).pointer(lut));
            Launch.batchPixels(KernelLibrary.kernel(src.device(), "cvj_histogram_eq_apply_vs_u8"), max, n, st,
                    Launch.args().pointer(srcs).pointer(dst.descriptors(st)).i32(c).pointer(lut));
            scratch.close(st);
        }
    }
}

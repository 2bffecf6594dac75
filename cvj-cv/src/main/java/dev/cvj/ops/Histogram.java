package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The histogram of each U8 image, CV-CUDA's Histogram ({@code cvcuda.histogram(src, mask)}): 256 bins, bin
 * {@code v} counting the pixels of value {@code v}, optionally only where a U8 mask is not 0. The output is CV-CUDA's
 * S32 tensor of layout HWC and shape {@code [N, 256, C]}: "height" the image (N = 1 for HWC and CHW inputs), "width"
 * the bin. CV-CUDA takes one channel; cvj also counts 2 to 4 channels, each on its own (OpenCV's {@code calcHist} of
 * channel c with 256 bins over [0, 256) is column c of the output). The counts are exact: an image has at most
 * 2^31 - 1 pixels.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>mask (optional)</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>an image layout, src's N, H, W</td><td>HWC,
 *       {@code [N, 256, C]}</td></tr>
 *   <tr><td>Data types</td><td>U8</td><td>U8 (count where not 0)</td><td>S32 (into: S32 or U32)</td></tr>
 *   <tr><td>Channels</td><td>1 (CV-CUDA), 2, 3, 4</td><td>1</td><td>src's, as the last extent</td></tr>
 * </table>
 * dst may not overlap src or the mask. On the GPU two launches: the table zeroed, then the counts (blocks of one
 * image stride over its rows with a shared-memory histogram each, merged with one atomic add per non-zero bin). A
 * benchmark should compare NPP's {@code nppiHistogramEven_8u_C1R} (257 levels over [0, 256)) on large single images and
 * on batches of small ones.
 *
 * <pre>{@code
 * Tensor h = Histogram.histogram(gray, null);   // S32 [N, 256, 1]
 * }</pre>
 */
public final class Histogram {
    /** The number of bins: one per U8 value. */
    public static final int BINS = 256;
    private static final OpCheck OP = OpCheck.of("Histogram");
    private static final Set<DataType> OUT_TYPES = EnumSet.of(DataType.S32, DataType.U32);
    /** Blocks of the histogram pass for the whole batch (fewer per image when the rows run out). */
    private static final int TOTAL_BLOCKS = 1024;

    private Histogram() {}

    /**
     * A new S32 tensor {@code [N, 256, C]} (layout HWC): each image's histogram, per channel.
     *
     * @param src the input image(s), as the support table allows
     * @param mask null, or a U8 single-channel image of src's N, H and W: only pixels where it is not 0 count
     * @param stream the stream for device work; null: the current stream
     * @return the new histograms, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src or mask is closed
     */
    public static Tensor histogram(Tensor src, Tensor mask, Stream stream) {
        PixelGrid s = check(src, mask);
        return Outputs.allocate(OP, src, new long[] {s.n(), BINS, s.c()}, DataType.S32, TensorLayout.HWC, stream,
                dst -> run(dst, s, mask, stream));
    }

    /**
     * As {@link #histogram(Tensor, Tensor, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param mask null, or a U8 single-channel image of src's N, H and W: only pixels where it is not 0 count
     * @return the new histograms, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src or mask is closed
     */
    public static Tensor histogram(Tensor src, Tensor mask) {
        return histogram(src, mask, null);
    }

    /**
     * Writes each image's histogram into {@code dst}: S32 or U32, layout HWC, shape {@code [N, 256, C]}, any strides.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param mask null, or a U8 single-channel image of src's N, H and W: only pixels where it is not 0 count
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if dst or src is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static void histogramInto(Tensor dst, Tensor src, Tensor mask, Stream stream) {
        run(dst, check(src, mask), mask, stream);
    }

    /**
     * As {@link #histogramInto(Tensor, Tensor, Tensor, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param mask null, or a U8 single-channel image of src's N, H and W: only pixels where it is not 0 count
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if dst or src is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static void histogramInto(Tensor dst, Tensor src, Tensor mask) {
        histogramInto(dst, src, mask, null);
    }

    private static PixelGrid check(Tensor src, Tensor mask) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, EnumSet.of(DataType.U8));
        pixelCount(OP, "src", s.h(), s.w());
        if (!src.isHost() && s.n() > Launch.MAX_GRID_YZ) {
            throw OP.fail("src has " + s.n() + " images: at most " + Launch.MAX_GRID_YZ + " on a device (one launch's grid z)");
        }
        if (mask != null) {
            PixelGrid m = OP.image("mask", mask);
            OP.dtype("mask", m, EnumSet.of(DataType.U8));
            OP.channels("mask", m, 1, 1);
            if (m.n() != s.n() || m.h() != s.h() || m.w() != s.w()) {
                throw OP.fail("mask has " + m.n() + " images of " + m.w() + " x " + m.h() + " (W x H) but src has " + s.n()
                        + " of " + s.w() + " x " + s.h());
            }
            OP.samePlace("src", src, "mask", mask);
        }
        return s;
    }

    /** Refuses images of more than 2^31 - 1 pixels: the counts are ints, as OpenCV's and CV-CUDA's. */
    static void pixelCount(OpCheck op, String role, int h, int w) {
        if ((long) h * w > Integer.MAX_VALUE) {
            throw op.fail(role + " images of " + w + " x " + h + " (W x H) pixels are too large: at most " + Integer.MAX_VALUE
                    + " pixels per image (the counts are ints)");
        }
    }

    private static void run(Tensor dst, PixelGrid s, Tensor mask, Stream stream) {
        OP.notNull(dst, "dst");
        PixelGrid d = OP.image("dst", dst, Set.of("HWC"));
        if (!OUT_TYPES.contains(dst.dtype()) || d.h() != s.n() || d.w() != BINS || d.c() != s.c()) {
            throw OP.fail("dst must be an S32 or U32 HWC tensor of shape [" + s.n() + ", " + BINS + ", " + s.c()
                    + "] (image, bin, channel), not " + dst.dtype() + " " + Arrays.toString(dst.shape()));
        }
        OP.output("dst", d, "src", s, false);
        PixelGrid m = mask == null ? null : OP.image("mask", mask);
        if (mask != null) {
            OP.apart("dst", dst, "mask", mask, false);
        }
        if (dst.isHost()) {
            cpu(s, m, d);
            return;
        }
        Stream st = OP.stream(dst, stream);
        long count = (long) s.n() * BINS * s.c();
        Launch.linear(KernelLibrary.kernel(dst.device(), "cvj_histogram_zero"), count, st, Launch.args().pointer(d.address())
                .i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(s.c()).i64(count));
        if (s.n() == 0 || s.h() == 0 || s.w() == 0) {
            return;
        }
        Launch.blocks(KernelLibrary.kernel(dst.device(), "cvj_histogram_u8"), blocksPerImage(s.n(), s.h()), 1, s.n(), BINS, st,
                Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC()).i32(s.w()).i32(s.h())
                        .i32(s.c()).pointer(m == null ? 0 : m.address()).i64(m == null ? 0 : m.sN())
                        .i64(m == null ? 0 : m.sH()).i64(m == null ? 0 : m.sW()).pointer(d.address()).i64(d.sH())
                        .i64(d.sW()).i64(d.sC()));
    }

    /** Blocks of the histogram pass per image: about {@link #TOTAL_BLOCKS} in all, at most one per row. */
    static int blocksPerImage(int n, int h) {
        return Math.clamp(Math.min(h, TOTAL_BLOCKS / Math.max(n, 1)), 1, Math.max(h, 1));
    }

    /** The CPU path: image by image, every pixel (where the mask is not 0) counted in its channel's bin. */
    private static void cpu(PixelGrid s, PixelGrid m, PixelGrid d) {
        MemorySegment out = d.host();
        for (int img = 0; img < s.n(); img++) {
            int[] h = counts(s, m, img);
            for (int b = 0; b < BINS; b++) {
                for (int c = 0; c < s.c(); c++) {
                    out.set(ValueLayout.JAVA_INT_UNALIGNED, d.offset(0, img, b, c), h[b * s.c() + c]);
                }
            }
        }
    }

    /** Image {@code img}'s counts, bin b of channel c at {@code b * C + c}; m null: every pixel. */
    static int[] counts(PixelGrid s, PixelGrid m, int img) {
        int[] h = new int[BINS * s.c()];
        MemorySegment in = s.host();
        for (int y = 0; y < s.h(); y++) {
            for (int x = 0; x < s.w(); x++) {
                if (m != null && CpuPixels.loadInt(m.host(), m.offset(img, y, x, 0), DataType.U8) == 0) {
                    continue;
                }
                for (int c = 0; c < s.c(); c++) {
                    h[CpuPixels.loadInt(in, s.offset(img, y, x, c), DataType.U8) * s.c() + c]++;
                }
            }
        }
        return h;
    }
}

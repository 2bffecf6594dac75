package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.FilterVarShape;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Median filter, OpenCV's {@code cv::medianBlur} (CV-CUDA's MedianBlur with a square kernel): each output element is
 * the median of the {@code ksize x ksize} window centred on it, channels independently, the image extended by
 * {@link BorderType#REPLICATE} (OpenCV's only border here). Bit-exact with OpenCV 4.6 on the goldens (a median is
 * exact), and GPU equals CPU bit for bit.
 *
 * <p>As OpenCV: U8 takes every odd {@code ksize >= 3} (up to {@link #MAX_KSIZE}); U16, S16 and F32 take 3 and 5.
 * Unlike OpenCV, a 2-channel U8 image is accepted for {@code ksize >= 7} too (OpenCV refuses it), and
 * {@code ksize = 1} (OpenCV's copy) is refused: copy with {@link Tensor#copyFrom(Tensor, dev.cvj.cuda.Stream)}.
 *
 * <p>Design: for ksize 3 and 5 a thread gathers its 9 or 25 window elements into registers and bubbles the smallest
 * half to the front (13 passes for 25), one pixel per thread; the CPU path runs the same compare-swaps, so NaNs
 * (which OpenCV's sorting network places its own way) and signed zeros come out alike on CPU and GPU. U8 windows of
 * 7 and more bisect the value range: the median is the smallest {@code v} with {@code count(window <= v) >= (k*k+1)/2},
 * eight counting passes over the window (OpenCV keeps running histograms instead; that is the thing to try if a
 * benchmark shows large windows slow). A benchmark should time ksize 3, 5 and 7 and a large one (e.g. 21) on a 1080p
 * U8 RGB image, and ksize 5 on F32.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8 (ksize odd, 3..{@value #MAX_KSIZE}); U16, S16, F32 (ksize 3, 5)</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>any (the window may be larger than the image)</td><td>same as src</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the host;
 *       the types and channels above), a ksize per image (an array or an S32 tensor)</td><td>a varshape batch of the
 *       same sizes, channels and type (new, or the caller's; no dst image may overlap a src image)</td></tr>
 * </table>
 * dst must not overlap src in memory.
 *
 * <pre>{@code
 * Tensor clean = MedianBlur.medianBlur(noisy, 5);   // current stream
 * }</pre>
 */
public final class MedianBlur {
    /** The largest ksize (U8): ksize * ksize fits an int. */
    public static final int MAX_KSIZE = 4095;

    private static final OpCheck OP = OpCheck.of("MedianBlur");
    private static final FilterVarShape VARSHAPE = new FilterVarShape(OP);

    /** The tiled kernels of integer images (median.cu's cvj_median_tile*): outputs per block side, threads per block. */
    private static final int TILE = 32, TILE_THREADS = 256;
    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);

    private MedianBlur() {}

    /**
     * A new tensor: {@code src} median-filtered over {@code ksize x ksize} windows. A null stream is the current
     * stream.
     *
     * @param src the input image(s), as the support table allows
     * @param ksize the window's side, odd
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor medianBlur(Tensor src, int ksize, Stream stream) {
        PixelGrid s = check(src, ksize);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream, dst -> run(dst, s, ksize, stream));
    }

    /**
     * As {@link #medianBlur(Tensor, int, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param ksize the window's side, odd
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor medianBlur(Tensor src, int ksize) {
        return medianBlur(src, ksize, null);
    }

    /**
     * Writes {@code src} median-filtered into {@code dst} (same shape, layout and data type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param ksize the window's side, odd
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void medianBlurInto(Tensor dst, Tensor src, int ksize, Stream stream) {
        run(dst, check(src, ksize), ksize, stream);
    }

    /**
     * As {@link #medianBlurInto(Tensor, Tensor, int, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param ksize the window's side, odd
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void medianBlurInto(Tensor dst, Tensor src, int ksize) {
        medianBlurInto(dst, src, ksize, null);
    }

    /**
     * A new varshape batch: image i of {@code src} median-filtered over {@code ksize[i] x ksize[i]} windows
     * ({@code ksize}: 1 entry for every image, or one per image; each checked as the single-image call's). The batch
     * owns its images. A null stream is the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param ksize the window's side per image, odd, as the support table allows for src's type; 1 entry for every
     *         image, or one per image
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, ksize has neither 1
     *         entry nor one per image, or an image's ksize breaks the checks of the single-image call (the
     *         message names the operator, the argument and, for one image's parameters, the image); nothing has run
     *         then
     * @throws NullPointerException if src or ksize is null
     */
    public static ImageBatchVarShape medianBlur(ImageBatchVarShape src, int[] ksize, Stream stream) {
        PixelType p = VARSHAPE.source(src);
        int[] k = ksizes(src, p, ksize);
        return VARSHAPE.allocate(src, p, p.dataType(), stream, dst -> run(dst, src, p, k, stream));
    }

    /**
     * As {@link #medianBlur(ImageBatchVarShape, int[], Stream)}, on the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param ksize the window's side per image, odd, as the support table allows for src's type; 1 entry for every
     *         image, or one per image
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, ksize has neither 1
     *         entry nor one per image, or an image's ksize breaks the checks of the single-image call (the
     *         message names the operator, the argument and, for one image's parameters, the image); nothing has run
     *         then
     * @throws NullPointerException if src or ksize is null
     */
    public static ImageBatchVarShape medianBlur(ImageBatchVarShape src, int[] ksize) {
        return medianBlur(src, ksize, null);
    }

    /**
     * As {@link #medianBlur(ImageBatchVarShape, int[], Stream)}, {@code ksize} as an S32 tensor of shape {@code [n]}
     * ({@code n} 1 or the batch size, on the host or a device; a device tensor is read with a synchronous copy of a few
     * bytes per image, which waits for the work queued before it on the legacy default stream).
     *
     * @param src the input batch, as the support table allows
     * @param ksize the S32 {@code [n]} tensor of the windows' sides: entry i is image i's, or entry 0 every image's
     * @param stream the stream for device work; null: the current stream
     * @return a new batch of src's count, sizes, channels and type, beside src (the host or its device); it owns its
     *         images (closing it frees them) and the caller closes it
     * @throws IllegalArgumentException if src is closed or empty or breaks the support table, ksize is not of the type
     *         and shape above or its n is neither 1 nor the batch size, or an image's ksize breaks the checks of the
     *         single-image call (the message names the operator, the argument and, for one image's parameters, the
     *         image); nothing has run then
     * @throws NullPointerException if src or ksize is null
     * @throws IllegalStateException if ksize is closed
     */
    public static ImageBatchVarShape medianBlur(ImageBatchVarShape src, Tensor ksize, Stream stream) {
        VARSHAPE.source(src);
        return medianBlur(src, ParameterTensors.ints(OP, "ksize", ksize, src.size()), stream);
    }

    /**
     * Writes image i of {@code src} median-filtered over {@code ksize[i] x ksize[i]} windows into image i of {@code dst}
     * (a batch of the same count, sizes, channels and type).
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param ksize the window's side per image, odd, as the support table allows for src's type; 1 entry for every
     *         image, or one per image
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src, ksize has
     *         neither 1 entry nor one per image, or an image's ksize breaks the checks of the single-image
     *         call (the message names the operator, the argument and, for one image's parameters, the image); nothing
     *         has run then
     * @throws NullPointerException if dst, src or ksize is null
     */
    public static void medianBlurInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[] ksize, Stream stream) {
        PixelType p = VARSHAPE.source(src);
        run(dst, src, p, ksizes(src, p, ksize), stream);
    }

    /**
     * As {@link #medianBlurInto(ImageBatchVarShape, ImageBatchVarShape, int[], Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's count, sizes, channels and type, on src's host or device, no image
     *         overlapping an image of src
     * @param src the input batch, as the support table allows
     * @param ksize the window's side per image, odd, as the support table allows for src's type; 1 entry for every
     *         image, or one per image
     * @throws IllegalArgumentException if src or dst is closed or empty or breaks the support table, dst is not of
     *         src's count, sizes, channels, type and place or an image of dst overlaps an image of src, ksize has
     *         neither 1 entry nor one per image, or an image's ksize breaks the checks of the single-image
     *         call (the message names the operator, the argument and, for one image's parameters, the image); nothing
     *         has run then
     * @throws NullPointerException if dst, src or ksize is null
     */
    public static void medianBlurInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[] ksize) {
        medianBlurInto(dst, src, ksize, null);
    }

    /** Each image's ksize, checked. */
    private static int[] ksizes(ImageBatchVarShape src, PixelType p, int[] ksize) {
        VARSHAPE.perImage("ksize", ksize, src);
        Integer[] k = VARSHAPE.each(new Integer[src.size()], ksize.length == 1,
                i -> checkKsize(p.dataType(), FilterVarShape.at(ksize, i)));
        return Arrays.stream(k).mapToInt(Integer::intValue).toArray();
    }

    private static void run(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, int[] ksize, Stream stream) {
        VARSHAPE.checkOutput(dst, src, p, p.dataType());
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                run(dst.image(i), VARSHAPE.grid("src image " + i, src.image(i)), ksize[i], null);
            }
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(4 * ksize.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int k : ksize) {
            b.putInt(k);
        }
        VARSHAPE.launch(dst, src, "cvj_median_vs_" + KernelLibrary.typeName(p.dataType()), b.array(),
                (a, table) -> a.i32(p.channels()), stream);
    }

    private static PixelGrid check(Tensor src, int ksize) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, TYPES);
        checkKsize(s.dtype(), ksize);
        return s;
    }

    private static int checkKsize(DataType t, int ksize) {
        if (ksize < 3 || ksize % 2 == 0 || ksize > MAX_KSIZE) {
            throw OP.fail("ksize " + ksize + " must be odd, 3.." + MAX_KSIZE);
        }
        if (t != DataType.U8 && ksize > 5) {
            throw OP.fail("ksize " + ksize + " on " + t + ": only U8 takes ksize above 5 (as in OpenCV)");
        }
        return ksize;
    }

    private static void run(Tensor dst, PixelGrid s, int ksize, Stream stream) {
        PixelGrid d = OP.image("dst", dst);
        OP.sameShape("dst", d, "src", s);
        OP.sameDtype("dst", d, "src", s);
        OP.output(d, s);
        if (dst.isHost()) {
            cpu(s, d, ksize);
            return;
        }
        Stream st = OP.stream(dst, stream);
        String type = s.dtype().name().toLowerCase(Locale.ROOT);
        boolean tiled = ksize <= 5 && s.dtype() != DataType.F32; // the selection networks (median.cu)
        Kernel k = KernelLibrary.kernel(dst.device(), tiled ? "cvj_median_tile" + ksize + "_" + type
                : ksize <= 5 ? "cvj_median" + ksize + "_" + type : "cvj_median_u8");
        var a = Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.h()).i32(d.c());
        if (tiled) {
            int side = TILE + ksize - 1;
            Launch.tiles(k, d.w(), d.h(), d.n(), TILE, TILE_THREADS, side * side * d.c() * s.dtype().byteSize(), st, a);
            return;
        }
        if (ksize > 5) {
            a.i32(ksize);
        }
        Launch.image(k, d.w(), d.h(), d.n(), st, a);
    }

    /** The CPU path, pixel by pixel as the kernels (median.cu). */
    private static void cpu(PixelGrid s, PixelGrid d, int ksize) {
        DataType t = s.dtype();
        MemorySegment in = s.host(), out = d.host();
        int r = ksize / 2, n = ksize * ksize;
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            float[] v = new float[ksize <= 5 ? n : 0];
            int[] hist = new int[256];
            for (int x = 0; x < d.w(); x++) {
                for (int c = 0; c < d.c(); c++) {
                    int k = 0;
                    if (ksize > 5) {
                        Arrays.fill(hist, 0);
                    }
                    for (int i = -r; i <= r; i++) {
                        int sy = Math.clamp(y + i, 0, s.h() - 1);
                        for (int j = -r; j <= r; j++) {
                            long o = s.offset(img, sy, Math.clamp(x + j, 0, s.w() - 1), c);
                            if (ksize <= 5) {
                                v[k++] = CpuPixels.load(in, o, t);
                            } else {
                                hist[CpuPixels.loadInt(in, o, t)]++;
                            }
                        }
                    }
                    CpuPixels.store(out, d.offset(img, y, x, c), t, ksize <= 5 ? bubbleMedian(v) : histogramMedian(hist, n));
                }
            }
        });
    }

    /** median.cu's median_small: pass i moves the smallest of v[i..] to v[i] by compare-swaps from the end. */
    private static float bubbleMedian(float[] v) {
        int n = v.length;
        for (int i = 0; i <= n / 2; i++) {
            for (int j = n - 1; j > i; j--) {
                float a = v[j - 1], b = v[j];
                boolean swap = b < a;
                v[j - 1] = swap ? b : a;
                v[j] = swap ? a : b;
            }
        }
        return v[n / 2];
    }

    /** The smallest U8 value with at least (n + 1) / 2 of the n window elements at or below it (the kernel's bisection's answer). */
    private static int histogramMedian(int[] hist, int n) {
        int rank = (n + 1) / 2, count = 0, b = 0;
        while (count + hist[b] < rank) { // b < 255 here: the 256 counts add up to n >= rank
            count += hist[b++];
        }
        return b;
    }
}

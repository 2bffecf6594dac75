package dev.cvj.ops;

import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.PixelCopies;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.ops.internal.StagedRows;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.util.EnumSet;
import java.util.Set;

/**
 * Mirrors every image, CV-CUDA's (and OpenCV's) Flip. {@link FlipMode#VERTICAL} is flipCode 0 (around
 * the x-axis), {@link FlipMode#HORIZONTAL} flipCode 1 (around the y-axis), {@link FlipMode#BOTH} -1.
 * Bit-exact.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>all</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>any</td><td>same as src</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (the types and channels above; 1 to 65535 images on a
 *       device), a mode per image ({@code FlipMode[]}, or CV-CUDA's S32 tensor of flip codes)</td>
 *       <td>a varshape batch of the same sizes and pixels</td></tr>
 * </table>
 * dst must not overlap src in memory (refused; for batches, no dst image may overlap any src image).
 *
 * <p>Varshape batches: image i is flipped exactly as the single-image call flips it. Host batches run the
 * single-image CPU path image by image; device batches one strided copy per 256 images (the modes travel in the
 * launch's parameters), each image's place read from the batch's descriptor table.
 *
 * <pre>{@code
 * Tensor mirrored = Flip.flip(batch, FlipMode.HORIZONTAL, stream);
 * ImageBatchVarShape out = Flip.flip(photos, new FlipMode[] {FlipMode.HORIZONTAL}, stream); // every image
 * }</pre>
 */
public final class Flip {
    private static final OpCheck OP = OpCheck.of("Flip");
    private static final Set<DataType> TYPES = EnumSet.allOf(DataType.class);

    private Flip() {}

    /**
     * A new tensor: {@code src} flipped. A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param mode the flip
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor flip(Tensor src, FlipMode mode, Stream stream) {
        PixelGrid s = OP.image("src", src);
        OP.notNull(mode, "mode");
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream, dst -> run(dst, s, mode, stream));
    }

    /**
     * As {@link #flip(Tensor, FlipMode, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param mode the flip
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor flip(Tensor src, FlipMode mode) {
        return flip(src, mode, null);
    }

    /**
     * Writes {@code src} flipped into {@code dst} (same shape, layout and type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param mode the flip
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void flipInto(Tensor dst, Tensor src, FlipMode mode, Stream stream) {
        PixelGrid s = OP.image("src", src);
        OP.notNull(mode, "mode");
        run(dst, s, mode, stream);
    }

    /**
     * As {@link #flipInto(Tensor, Tensor, FlipMode, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param mode the flip
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void flipInto(Tensor dst, Tensor src, FlipMode mode) {
        flipInto(dst, src, mode, null);
    }

    /**
     * A new varshape batch: image i of {@code src} flipped by {@code modes[i]} ({@code modes} of one entry flips
     * every
     * image alike). The batch owns its images: closing it frees them. A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param modes the flip of each image (one for all, or one per image)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape flip(ImageBatchVarShape src, FlipMode[] modes, Stream stream) {
        PixelType p = checkBatch(src, modes);
        return Outputs.allocateBatch(OP, src, src::imageSize, p.channels(), p.dataType(), stream,
                dst -> flipInto(dst, src, modes, stream));
    }

    /**
     * As {@link #flip(ImageBatchVarShape, FlipMode[], Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param modes the flip of each image (one for all, or one per image)
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape flip(ImageBatchVarShape src, FlipMode[] modes) {
        return flip(src, modes, null);
    }

    /**
     * As {@link #flip(ImageBatchVarShape, FlipMode[], Stream)} with the modes as CV-CUDA's flip_varshape takes them:
     * an
     * S32 tensor of shape {@code [N]} (or {@code [1]}, for all) of OpenCV flip codes 0, 1, -1 ({@link
     * FlipMode#code()}),
     * on the host or the device (read with a synchronous copy).
     *
     * @param src the input image(s), as the support table allows
     * @param flipCodes the OpenCV flip code of each image, as an S32 tensor (one for all, or one per image)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape flip(ImageBatchVarShape src, Tensor flipCodes, Stream stream) {
        OP.batch("src batch", src, TYPES, 1, 4);
        return flip(src, modes(ParameterTensors.ints(OP, "flipCode", flipCodes, src.size())), stream);
    }

    /**
     * As {@link #flip(ImageBatchVarShape, Tensor, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param flipCodes the OpenCV flip code of each image, as an S32 tensor (one for all, or one per image)
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape flip(ImageBatchVarShape src, Tensor flipCodes) {
        return flip(src, flipCodes, null);
    }

    /**
     * Writes image i of {@code src} flipped by {@code modes[i]} into image i of {@code dst} (same sizes and pixels).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param modes the flip of each image (one for all, or one per image)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void flipInto(ImageBatchVarShape dst, ImageBatchVarShape src, FlipMode[] modes, Stream stream) {
        PixelType p = checkBatch(src, modes);
        OP.batchOutput("dst batch", dst, "src batch", src, false);
        OP.batchPixels("dst batch", dst, p);
        OP.sameSizes("dst batch", dst, "src batch", src);
        int n = src.size();
        if (dst.isHost()) {
            for (int i = 0; i < n; i++) {
                run(dst.image(i), OP.image("src image " + i, src.image(i)),
                        modes[modes.length == 1 ? 0 : i], null);
            }
            return;
        }
        int[] flips = new int[n];
        for (int i = 0; i < n; i++) {
            FlipMode m = modes[modes.length == 1 ? 0 : i];
            flips[i] = (m.flipsRows() ? 1 : 0) | (m.flipsColumns() ? 2 : 0);
        }
        PixelCopies.batch(src, dst, new int[n], new int[n], flips, OP.stream(src.image(0), stream));
    }

    /**
     * As {@link #flipInto(ImageBatchVarShape, ImageBatchVarShape, FlipMode[], Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param modes the flip of each image (one for all, or one per image)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void flipInto(ImageBatchVarShape dst, ImageBatchVarShape src, FlipMode[] modes) {
        flipInto(dst, src, modes, null);
    }

    /**
     * As {@link #flipInto(ImageBatchVarShape, ImageBatchVarShape, FlipMode[], Stream)}, the modes as flip codes.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param flipCodes the OpenCV flip code of each image, as an S32 tensor (one for all, or one per image)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void flipInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor flipCodes, Stream stream) {
        OP.batch("src batch", src, TYPES, 1, 4);
        flipInto(dst, src, modes(ParameterTensors.ints(OP, "flipCode", flipCodes, src.size())), stream);
    }

    /**
     * As {@link #flipInto(ImageBatchVarShape, ImageBatchVarShape, Tensor, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param flipCodes the OpenCV flip code of each image, as an S32 tensor (one for all, or one per image)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void flipInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor flipCodes) {
        flipInto(dst, src, flipCodes, null);
    }

    private static PixelType checkBatch(ImageBatchVarShape src, FlipMode[] modes) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        OP.notNull(modes, "modes");
        OP.perImage("modes", modes.length, src.size());
        for (int i = 0; i < modes.length; i++) {
            OP.notNull(modes[i], "modes[" + i + "]");
        }
        return p;
    }

    private static FlipMode[] modes(int[] codes) {
        FlipMode[] modes = new FlipMode[codes.length];
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < -1 || codes[i] > 1) {
                throw OP.fail("flipCode[" + i + "] is " + codes[i]
                        + "; supported: 0 (vertical), 1 (horizontal), -1 (both)");
            }
            modes[i] = FlipMode.fromCode(codes[i]);
        }
        return modes;
    }

    /** Pixels per thread of {@code cvj_flip_h_p<P>} by pixel size P (layout.cu's CVJ_FLIP_H). */
    private static int flipPixels(int p) {
        return switch (p) {
            case 1, 3 -> 16;
            case 2, 6 -> 8;
            case 4, 12 -> 4;
            case 8 -> 2;
            case 16 -> 1;
            default -> 0;
        };
    }

    /**
     * Horizontal (or both) flip of rows of dense pixels into a dst whose rows are 16-byte aligned: one
     * thread reverses 16 or 48 bytes with wide loads and stores. Returns false (nothing done) otherwise.
     */
    private static boolean gpuRows(PixelGrid d, PixelGrid s, FlipMode mode, Stream st) {
        int e = d.elemSize(), c = d.c();
        boolean planar = d.planar();
        int p = planar ? e : c * e;
        int npx = flipPixels(p);
        if (npx == 0 || s.sW() != p || d.sW() != p || (!planar && (s.sC() != e || d.sC() != e))) {
            return false;
        }
        long images = planar ? (long) d.n() * c : d.n();
        long sImg = planar ? s.sC() : s.sN(), dImg = planar ? d.sC() : d.sN();
        if (planar && d.n() > 1 && (s.sN() != c * s.sC() || d.sN() != c * d.sC())) {
            return false;
        }
        if (!PixelCopies.aligned(16, d.address(), d.sH(), dImg) || d.h() > 65535 || images > 65535) {
            return false;
        }
        if ((long) d.w() * d.h() * images == 0) {
            return true;
        }
        long src = s.address();
        long sRow = s.sH();
        if (mode.flipsRows()) {
            src += (s.h() - 1) * sRow;
            sRow = -sRow;
        }
        long rowBytes = (long) d.w() * p;
        if (npx * p == 48 && StagedRows.fits(rowBytes, d.h(), images, src, sRow, sImg, d.address(), d.sH(), dImg)) {
            // 48-byte groups: the warp loads and stores contiguous spans through shared memory
            Kernel k = KernelLibrary.kernel(d.tensor().device(), "cvj_flip_h_staged_p" + p);
            KernelArgs a = new KernelArgs().pointer(src).i64(sImg).i64(sRow).pointer(d.address()).i64(dImg).i64(d.sH())
                    .i32((int) rowBytes).i32(d.h()).i32((int) images);
            StagedRows.launch(k, rowBytes, d.h(), images, st, a);
            return true;
        }
        long windows = (d.w() + npx - 1) / npx;
        Kernel k = KernelLibrary.kernel(d.tensor().device(), "cvj_flip_h_p" + p);
        KernelArgs a = new KernelArgs().pointer(src).i64(sImg).i64(sRow).pointer(d.address()).i64(dImg).i64(d.sH())
                .i32(d.w());
        Launch.blocks(k, Dim3.blocksFor(windows, 128), d.h(), (int) images, 128, st, a);
        return true;
    }

    private static void run(Tensor dst, PixelGrid s, FlipMode mode, Stream stream) {
        PixelGrid d = OP.image("dst", dst);
        OP.sameShape("dst", d, "src", s);
        OP.sameDtype("dst", d, "src", s);
        OP.output(d, s);
        Stream st = dst.isHost() ? null : OP.stream(dst, stream);
        if (!dst.isHost() && mode.flipsColumns() && gpuRows(d, s, mode, st)) {
            return;
        }
        long[] ss = s.strides();
        long off = 0;
        if (mode.flipsRows()) {
            off += (s.h() - 1) * ss[1];
            ss[1] = -ss[1];
        }
        if (mode.flipsColumns()) {
            off += (s.w() - 1) * ss[2];
            ss[2] = -ss[2];
        }
        PixelCopies.region(s.tensor(), off, ss, dst, 0, d.strides(), d.n(), d.h(), d.w(), d.c(), d.elemSize(), st);
    }
}

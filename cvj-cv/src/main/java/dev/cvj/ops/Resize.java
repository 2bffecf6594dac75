package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelCopies;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.ops.internal.ResizeCpu;
import dev.cvj.ops.internal.ResizeVarShape;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import java.util.EnumSet;
import java.util.Set;

/**
 * Resizes images with OpenCV's {@code cv2.resize} semantics: {@link Interpolation#NEAREST} (INTER_NEAREST,
 * {@code src = floor(dst * scale)}), {@link Interpolation#LINEAR}, {@link Interpolation#CUBIC} (a = -0.75) and
 * {@link Interpolation#AREA}, enlarging or shrinking each axis independently. U8 uses OpenCV's 11-bit
 * fixed point; as in OpenCV, an exact 2x LINEAR shrink is an AREA average.
 *
 * <table class="striped">
 * <caption>Support</caption>
 * <tr><th>Layouts</th><td>NHWC (a batch), HWC (one image); src and dst the same layout, N and C</td></tr>
 * <tr><th>Data types</th><td>U8, U16, S16, F32, F16 (dst the same as src)</td></tr>
 * <tr><th>Channels</th><td>1, 3, 4, packed (channel stride = element size, pixel stride = C elements);
 *     rows and images at any byte stride</td></tr>
 * <tr><th>Placement</th><td>device tensors: GPU kernel on the stream; host tensors: CPU path (parallel rows)</td></tr>
 * <tr><th>Varshape src</th><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the
 *     host; each its own size and row pitch; the types and channels above) into one NHWC tensor (one output size)
 *     or into a varshape batch (each dst image's size is its output size; same count and pixel type); host
 *     batch with host dst, device batch with dst on its device</td></tr>
 * </table>
 * dst must not overlap src in memory (refused; for batches, no dst image may overlap any src image).
 *
 * <p>Varshape batches: each image is resized exactly as the single-image call would resize it (the algorithm
 * cv::resize picks for its own size pair, the same arithmetic): the CPU path runs the single-image CPU path image by
 * image, the GPU one launch for the whole batch that reads the batch's descriptor table and equals the single-image
 * GPU results bit for bit. The U8 LINEAR and AREA shrinks run the plain per-pixel kernels there, not the
 * single-image path's warp-staged ones (the same bits; on large shrinks they reach less of the memory bandwidth).
 *
 * <p>Accuracy: the CPU path equals {@code cv2.resize} (OpenCV 4.6) bit for bit on the U8 goldens and within 1 on
 * U16/S16; F32 within 1e-5 relative. The GPU equals the CPU path for NEAREST and (by the same integer and
 * explicitly rounded float steps) for the interpolations; the tests allow 1 for interpolated integers and 1e-5
 * relative for F32.
 *
 * <pre>{@code
 * try (Tensor batch = Tensor.allocate(new long[] {32, 1080, 1920, 3}, DataType.U8, TensorLayout.NHWC);
 *      Tensor small = Resize.resize(batch, ImageSize.of(224, 224), Interpolation.LINEAR)) {   // 32 x 224 x 224 x 3
 *     ...
 * }
 * }</pre>
 */
public final class Resize {
    private static final OpCheck OP = OpCheck.of("Resize");
    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32, DataType.F16);

    private static final ResizeVarShape VARSHAPE = new ResizeVarShape(OP, TYPES);

    private Resize() {}

    /**
     * A new tensor (same layout, type, batch and channels as {@code src}) of {@code size} pixels.
     *
     * @param src the input image(s), as the support table allows
     * @param size the output's size
     * @param interp how output pixels are sampled from the input
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor resize(Tensor src, ImageSize size, Interpolation interp, Stream stream) {
        PixelGrid g = checkSource(src);
        OP.notNull(size, "size");
        OP.notNull(interp, "interpolation");
        if (size.width() < 1 || size.height() < 1) {
            throw OP.fail("output size " + size + " must be at least 1 x 1");
        }
        long[] shape = g.batched() ? new long[] {g.n(), size.height(), size.width(), g.c()}
                : new long[] {size.height(), size.width(), g.c()};
        if (src.isHost()) {
            ResizeCpu.checkTables(OP, g.w(), g.h(), size.width(), size.height(), g.c(), interp);
        }
        return Outputs.allocate(OP, src, shape, src.dtype(), src.layout(), stream, dst -> resizeInto(dst, src, interp, stream));
    }

    /**
     * As {@link #resize(Tensor, ImageSize, Interpolation, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param size the output's size
     * @param interp how output pixels are sampled from the input
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor resize(Tensor src, ImageSize size, Interpolation interp) {
        return resize(src, size, interp, null);
    }

    /**
     * A new tensor of {@code width} columns and {@code height} rows: note the order, width first, while shapes
     * list H first.
     *
     * @param src the input image(s), as the support table allows
     * @param width the output's width
     * @param height the output's height
     * @param interp how output pixels are sampled from the input
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @deprecated the two ints are easy to swap; use {@link #resize(Tensor, ImageSize, Interpolation, Stream)}.
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    @Deprecated
    public static Tensor resize(Tensor src, int width, int height, Interpolation interp, Stream stream) {
        if (width < 1 || height < 1) {
            throw OP.fail("output size " + width + " x " + height + " (W x H) must be at least 1 x 1");
        }
        return resize(src, ImageSize.of(width, height), interp, stream);
    }

    /**
     * Resizes {@code src} into {@code dst}: its size is the output size.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param interp how output pixels are sampled from the input
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void resizeInto(Tensor dst, Tensor src, Interpolation interp, Stream stream) {
        OP.notNull(interp, "interpolation");
        PixelGrid gs = checkSource(src);
        PixelGrid gd = OP.image("dst", dst, PixelGrid.INTERLEAVED);
        OP.nonEmpty("dst", gd);
        OP.packedPixels("dst", gd);
        OP.sameDtype("dst", gd, "src", gs);
        OP.sameLayout("dst", gd, "src", gs);
        if (gd.n() != gs.n() || gd.c() != gs.c()) {
            throw OP.fail("dst has " + gd.n() + " images of " + gd.c() + " channels, src " + gs.n() + " of " + gs.c());
        }
        OP.output(gd, gs);
        if (src.isHost()) {
            ResizeCpu.checkTables(OP, gs.w(), gs.h(), gd.w(), gd.h(), gs.c(), interp);
            ResizeCpu.resize(gs.cpu(), gd.cpu(), interp);
            return;
        }
        launch(gs, gd, interp, OP.stream(src, stream));
    }

    /**
     * As {@link #resizeInto(Tensor, Tensor, Interpolation, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param interp how output pixels are sampled from the input
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void resizeInto(Tensor dst, Tensor src, Interpolation interp) {
        resizeInto(dst, src, interp, null);
    }

    /**
     * A new NHWC tensor of {@code src.size()} images of {@code size} pixels (same type and channels as the batch):
     * every image of the varshape batch resized to one size, in one launch on the GPU.
     *
     * @param src the input image(s), as the support table allows
     * @param size the output's size
     * @param interp how output pixels are sampled from the input
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor resize(ImageBatchVarShape src, ImageSize size, Interpolation interp, Stream stream) {
        return VARSHAPE.resize(src, size, interp, stream);
    }

    /**
     * As {@link #resize(ImageBatchVarShape, ImageSize, Interpolation, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param size the output's size
     * @param interp how output pixels are sampled from the input
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor resize(ImageBatchVarShape src, ImageSize size, Interpolation interp) {
        return resize(src, size, interp, null);
    }

    /**
     * Resizes image i of {@code src} into image i of the NHWC tensor {@code dst} (N = the batch size).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param interp how output pixels are sampled from the input
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void resizeInto(Tensor dst, ImageBatchVarShape src, Interpolation interp, Stream stream) {
        VARSHAPE.resizeInto(dst, src, interp, stream);
    }

    /**
     * As {@link #resizeInto(Tensor, ImageBatchVarShape, Interpolation, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param interp how output pixels are sampled from the input
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void resizeInto(Tensor dst, ImageBatchVarShape src, Interpolation interp) {
        resizeInto(dst, src, interp, null);
    }

    /**
     * A new varshape batch holding image i of {@code src} resized to {@code sizes[i]} (one size per image), in one
     * launch on the GPU. The batch owns its images: closing it frees them.
     *
     * @param src the input image(s), as the support table allows
     * @param sizes the size of each output image (one for all, or one per image)
     * @param interp how output pixels are sampled from the input
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape resize(ImageBatchVarShape src, ImageSize[] sizes, Interpolation interp, Stream stream) {
        return VARSHAPE.resize(src, sizes, interp, stream);
    }

    /**
     * As {@link #resize(ImageBatchVarShape, ImageSize[], Interpolation, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param sizes the size of each output image (one for all, or one per image)
     * @param interp how output pixels are sampled from the input
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape resize(ImageBatchVarShape src, ImageSize[] sizes, Interpolation interp) {
        return resize(src, sizes, interp, null);
    }

    /**
     * Resizes image i of {@code src} into image i of {@code dst}, whose size is that image's output size (same
     * count, channels and type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param interp how output pixels are sampled from the input
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void resizeInto(ImageBatchVarShape dst, ImageBatchVarShape src, Interpolation interp, Stream stream) {
        VARSHAPE.resizeInto(dst, src, interp, stream);
    }

    /**
     * As {@link #resizeInto(ImageBatchVarShape, ImageBatchVarShape, Interpolation, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param interp how output pixels are sampled from the input
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void resizeInto(ImageBatchVarShape dst, ImageBatchVarShape src, Interpolation interp) {
        resizeInto(dst, src, interp, null);
    }

    private static PixelGrid checkSource(Tensor src) {
        PixelGrid g = OP.image("src", src, PixelGrid.INTERLEAVED);
        OP.nonEmpty("src", g);
        OP.packedPixels("src", g);
        OP.dtype("src", g, TYPES);
        if (g.c() != 1 && g.c() != 3 && g.c() != 4) {
            throw OP.fail("src has " + g.c() + " channels; supported: 1, 3, 4");
        }
        return g;
    }

    private static void launch(PixelGrid gs, PixelGrid gd, Interpolation interp, Stream s) {
        Tensor src = gs.tensor();
        ResizeCpu.Mode mode = ResizeCpu.mode(gs.w(), gs.h(), gd.w(), gd.h(), interp);
        if (mode == ResizeCpu.Mode.COPY) { // same size: a row copy at copy speed (the gather kernel ran at ~35%)
            PixelCopies.copyRows(src.device(), src.address(), gs.sN(), gs.sH(), gd.address(), gd.sN(), gd.sH(),
                    (long) gs.w() * gs.c() * gs.elemSize(), gs.h(), gs.n(), s);
            return;
        }
        String suffix = "_" + KernelLibrary.typeName(src.dtype()) + "_c" + gs.c();
        double invX = (double) gd.w() / gs.w(), invY = (double) gd.h() / gs.h();
        double scaleX = 1.0 / invX, scaleY = 1.0 / invY;
        KernelArgs a = Launch.args().pointer(src.address()).i64(gs.sN()).i64(gs.sH());
        String name;
        boolean warp = false; // U8 LINEAR and AREA: the warp-staged kernels, launched per 32 outputs of a row
        switch (mode) {
            case NEAREST -> {
                name = "cvj_resize_nearest";
                a.i32(gs.w()).i32(gs.h()).pointer(gd.address()).i64(gd.sN()).i64(gd.sH())
                        .i32(gd.w()).i32(gd.h()).f64(scaleX).f64(scaleY);
            }
            case LINEAR, AREA_UP -> {
                warp = src.dtype() == DataType.U8;
                name = warp ? "cvj_resize_linear_warp" : "cvj_resize_linear";
                a.i32(gs.w()).i32(gs.h()).pointer(gd.address()).i64(gd.sN()).i64(gd.sH())
                        .i32(gd.w()).i32(gd.h()).f64(invX).f64(scaleX).f64(invY).f64(scaleY)
                        .i32(mode == ResizeCpu.Mode.AREA_UP ? 2 : 0);
            }
            case CUBIC -> {
                name = "cvj_resize_cubic";
                a.i32(gs.w()).i32(gs.h()).pointer(gd.address()).i64(gd.sN()).i64(gd.sH())
                        .i32(gd.w()).i32(gd.h()).f64(invX).f64(scaleX).f64(invY).f64(scaleY);
            }
            case AREA_FAST -> {
                name = "cvj_resize_areafast";
                a.i32((int) Math.rint(scaleX)).i32((int) Math.rint(scaleY)).pointer(gd.address())
                        .i64(gd.sN()).i64(gd.sH()).i32(gd.w()).i32(gd.h());
            }
            default -> {
                warp = src.dtype() == DataType.U8;
                name = warp ? "cvj_resize_area_warp" : "cvj_resize_area";
                a.i32(gs.w()).i32(gs.h()).pointer(gd.address()).i64(gd.sN()).i64(gd.sH())
                        .i32(gd.w()).i32(gd.h()).f64(scaleX).f64(scaleY);
            }
        }
        Kernel k = KernelLibrary.kernel(src.device(), name + suffix);
        if (warp) {
            Launch.warpSegments(k, gd.w(), gd.h(), gd.n(), 8, s, a); // 8: resize.cu's STAGE_WARPS
            return;
        }
        Launch.image(k, gd.w(), gd.h(), gd.n(), s, a); // one output pixel per thread (resize.cu's CVJ_RESIZE_PX)
    }
}

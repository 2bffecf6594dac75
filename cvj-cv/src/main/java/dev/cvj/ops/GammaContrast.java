package dev.cvj.ops;

import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.DenseImages;
import dev.cvj.ops.internal.DeviceParameters;
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
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Gamma correction with a gamma per image (or per image and channel), CV-CUDA's GammaContrast
 * ({@code cvcudaGammaContrastVarShapeSubmit}, {@code cvcuda.gamma_contrast}):
 * <pre>
 *   integer types   dst = saturate(pow(src / 255, gamma) * 255)
 *   F32             dst = clamp(pow(src, gamma), 0, 1)
 * </pre>
 * As CV-CUDA, the integer formula divides by 255 for every integer type (U16 and S16 too), in float ({@code src / 255}
 * and the product by 255 each rounded to float), then rounds half to even and saturates to the type; F32 clamps the
 * power to [0, 1] (a NaN power, from a negative element and a non-integer gamma, stays NaN). The gammas are 1 value
 * (for every image and channel), one per image, or one per image and channel (image-major: entry {@code i * C + c}),
 * as CV-CUDA's gamma tensor of N or N * C elements; N is the number of images (1 for HWC/CHW, the batch size of a
 * varshape batch).
 *
 * <p>Accuracy: the GPU uses CUDA's {@code powf} (as CV-CUDA; at most 2 ulp from the exact power), the CPU path Java's
 * {@code Math.pow} rounded to float, so integer results may differ by 1 between them and F32 results by a few ulp
 * (relative 1e-6).
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same shape as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>gamma</td><td colspan="2">1 value, N, or N * C values; or an F32 tensor of shape {@code [N]},
 *       {@code [N, C]} or {@code [N * C]}</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (the types and channels above; 1 to 65535 images on a
 *       device)</td><td>a varshape batch of the same count, sizes and pixels</td></tr>
 * </table>
 * In place: dst may be the very same view as src; any other overlap of dst and src is refused (for batches: dst image
 * i may be src image i, and no other dst image may overlap a src image). Not supported from CV-CUDA's table: S32.
 *
 * <p>Varshape batches: image i gets exactly what the single-image call with its gammas gives it (the CPU path runs
 * the single-image CPU path image by image, the GPU one launch for the batch). On a device, one gamma for everything
 * goes into the kernel's arguments; more go into a device table written in stream order (no host wait; a
 * {@link Pipeline} records either form).
 *
 * <pre>{@code
 * Tensor darker = GammaContrast.gammaContrast(u8Rgb, new float[] {2.2f});
 * }</pre>
 */
public final class GammaContrast {
    private static final OpCheck OP = OpCheck.of("GammaContrast");
    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);

    private GammaContrast() {}

    /**
     * A new tensor of src's shape, layout and type: {@code src} gamma-corrected (see the class comment).
     *
     * @param src the input image(s), as the support table allows
     * @param gamma 1 gamma, one per image, or one per image and channel (image-major)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (gamma of another length; the message
     *         names the operator and the argument); nothing has run then
     * @throws NullPointerException if src or gamma is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor gammaContrast(Tensor src, float[] gamma, Stream stream) {
        PixelGrid s = checkSrc(src);
        float[] g = expand(gamma, s.n(), s.c());
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream, dst -> run(dst, s, g, stream));
    }

    /**
     * As {@link #gammaContrast(Tensor, float[], Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param gamma 1 gamma, one per image, or one per image and channel (image-major)
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src or gamma is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor gammaContrast(Tensor src, float[] gamma) {
        return gammaContrast(src, gamma, null);
    }

    /**
     * As {@link #gammaContrast(Tensor, float[], Stream)}, the gammas as CV-CUDA takes them: an F32 tensor of shape
     * {@code [N]}, {@code [N, C]} or {@code [N * C]} (or of 1 element), on the host or a device (a device tensor is
     * read back with a synchronous copy).
     *
     * @param src the input image(s), as the support table allows
     * @param gamma the gammas, an F32 tensor as above
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src or gamma is null
     * @throws IllegalStateException if src or gamma is closed
     */
    public static Tensor gammaContrast(Tensor src, Tensor gamma, Stream stream) {
        checkSrc(src);
        return gammaContrast(src, read(gamma), stream);
    }

    /**
     * Writes {@code src} gamma-corrected into {@code dst} (src's shape and type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param gamma 1 gamma, one per image, or one per image and channel (image-major)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst, src or gamma is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void gammaContrastInto(Tensor dst, Tensor src, float[] gamma, Stream stream) {
        PixelGrid s = checkSrc(src);
        run(dst, s, expand(gamma, s.n(), s.c()), stream);
    }

    /**
     * As {@link #gammaContrastInto(Tensor, Tensor, float[], Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param gamma 1 gamma, one per image, or one per image and channel (image-major)
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst, src or gamma is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void gammaContrastInto(Tensor dst, Tensor src, float[] gamma) {
        gammaContrastInto(dst, src, gamma, null);
    }

    /**
     * As {@link #gammaContrastInto(Tensor, Tensor, float[], Stream)}, the gammas as an F32 tensor (CV-CUDA's form).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param gamma the gammas, an F32 tensor of shape {@code [N]}, {@code [N, C]} or {@code [N * C]}
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst, src or gamma is null
     * @throws IllegalStateException if dst, src or gamma is closed
     */
    public static void gammaContrastInto(Tensor dst, Tensor src, Tensor gamma, Stream stream) {
        checkSrc(src);
        gammaContrastInto(dst, src, read(gamma), stream);
    }

    // ---- varshape batches ----

    /**
     * A new batch of src's sizes and pixels: image i gamma-corrected with its gammas.
     *
     * @param src the input batch, as the support table allows
     * @param gamma 1 gamma, one per image, or one per image and channel (image-major)
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (a closed or empty batch, gamma of
     *         another length; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if src or gamma is null
     */
    public static ImageBatchVarShape gammaContrast(ImageBatchVarShape src, float[] gamma, Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        float[] g = expand(gamma, src.size(), p.channels());
        return Outputs.allocateBatch(OP, src, src::imageSize, p.channels(), p.dataType(), stream,
                dst -> runBatch(dst, src, p, g, stream));
    }

    /**
     * As {@link #gammaContrast(ImageBatchVarShape, float[], Stream)}, on the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param gamma 1 gamma, one per image, or one per image and channel (image-major)
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src or gamma is null
     */
    public static ImageBatchVarShape gammaContrast(ImageBatchVarShape src, float[] gamma) {
        return gammaContrast(src, gamma, null);
    }

    /**
     * As {@link #gammaContrast(ImageBatchVarShape, float[], Stream)}, the gammas as CV-CUDA's GammaContrast varshape
     * form takes them: an F32 tensor of shape {@code [N]}, {@code [N, C]} or {@code [N * C]}.
     *
     * @param src the input batch, as the support table allows
     * @param gamma the gammas, an F32 tensor as above
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src or gamma is null
     * @throws IllegalStateException if gamma is closed
     */
    public static ImageBatchVarShape gammaContrast(ImageBatchVarShape src, Tensor gamma, Stream stream) {
        OP.batch("src batch", src, TYPES, 1, 4);
        return gammaContrast(src, read(gamma), stream);
    }

    /**
     * Writes image i of {@code src} gamma-corrected into image i of {@code dst}.
     *
     * @param dst the caller's output batch: src's image count, place, sizes and pixels; image i may be the very same
     *        view as src image i (in place), no other overlap with a src image
     * @param src the input batch, as the support table allows
     * @param gamma 1 gamma, one per image, or one per image and channel (image-major)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (a dst batch that does not fit src; the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if dst, src or gamma is null
     */
    public static void gammaContrastInto(ImageBatchVarShape dst, ImageBatchVarShape src, float[] gamma, Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        runBatch(dst, src, p, expand(gamma, src.size(), p.channels()), stream);
    }

    /**
     * As {@link #gammaContrastInto(ImageBatchVarShape, ImageBatchVarShape, float[], Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's image count, place, sizes and pixels
     * @param src the input batch, as the support table allows
     * @param gamma 1 gamma, one per image, or one per image and channel (image-major)
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst, src or gamma is null
     */
    public static void gammaContrastInto(ImageBatchVarShape dst, ImageBatchVarShape src, float[] gamma) {
        gammaContrastInto(dst, src, gamma, null);
    }

    private static PixelGrid checkSrc(Tensor src) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, TYPES);
        return s;
    }

    /** An F32 gamma tensor of rank 1 or 2 as its elements in C order. */
    private static float[] read(Tensor t) {
        OP.notNull(t, "gamma");
        long count = Arrays.stream(t.shape()).reduce(1, Math::multiplyExact);
        if (t.dtype() != DataType.F32 || t.rank() < 1 || t.rank() > 2 || count > Integer.MAX_VALUE) {
            throw OP.fail("gamma is a " + t.dtype() + " tensor of shape " + Arrays.toString(t.shape())
                    + "; an F32 tensor of shape [N], [N, C] or [N * C] expected");
        }
        float[] g = new float[(int) count];
        t.copyTo(g);
        return g;
    }

    /**
     * The gammas as 1 value (for everything) or {@code images * channels} values (image-major); {@code gamma} holds 1,
     * {@code images} or {@code images * channels} values.
     */
    private static float[] expand(float[] gamma, int images, int channels) {
        OP.notNull(gamma, "gamma");
        long perChannel = (long) images * channels;
        if (gamma.length == 1 || gamma.length == perChannel) {
            return gamma.clone();
        }
        if (gamma.length != images) {
            throw OP.fail("gamma has " + gamma.length + " entries for " + images + " images of " + channels
                    + " channels; give 1 (for all), " + images + " (one per image) or " + perChannel
                    + " (one per image and channel)");
        }
        float[] g = new float[(int) perChannel];
        for (int i = 0; i < g.length; i++) {
            g[i] = gamma[i / channels];
        }
        return g;
    }

    private static void run(Tensor dst, PixelGrid s, float[] g, Stream stream) {
        PixelGrid d = OP.image("dst", dst);
        OP.sameShape("dst", d, "src", s);
        OP.sameDtype("dst", d, "src", s);
        OP.output("dst", d, "src", s, true);
        if (dst.isHost()) {
            cpu(s, d, g);
            return;
        }
        Stream st = OP.stream(dst, stream);
        if (d.n() == 0 || d.h() == 0 || d.w() == 0) {
            return;
        }
        if (DenseImages.fit(s, d)) { // U8 images without row padding: a table per block, 16 bytes per thread
            var k = KernelLibrary.kernel(dst.device(), "cvj_gamma_contrast_dense_u8");
            withTable(g, st, table -> DenseImages.launch(k, d, st, DenseImages.args(s, d).pointer(table).f32(g[0])));
            return;
        }
        var k = KernelLibrary.kernel(dst.device(), "cvj_gamma_contrast_" + KernelLibrary.typeName(s.dtype()));
        KernelArgs a = Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.c());
        withTable(g, st, table -> Launch.pixels(k, d.w(), d.h(), d.n(), st, a.pointer(table).f32(g[0])));
    }

    /** Runs {@code launch} with the device table of {@code g} (0 when one gamma goes by value), freed after it. */
    private static void withTable(float[] g, Stream st, java.util.function.LongConsumer launch) {
        if (g.length == 1) {
            launch.accept(0);
            return;
        }
        Tensor table = DeviceParameters.upload(g, st);
        try {
            launch.accept(table.address());
        } finally {
            table.close(st);
        }
    }

    /** The CPU path, element by element as gamma_contrast.cu (Math.pow where the kernel has powf). */
    private static void cpu(PixelGrid s, PixelGrid d, float[] g) {
        DataType t = s.dtype();
        MemorySegment in = s.host(), out = d.host();
        int channels = d.c();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            for (int x = 0; x < d.w(); x++) {
                for (int c = 0; c < channels; c++) {
                    float gamma = g.length == 1 ? g[0] : g[img * channels + c];
                    float v = CpuPixels.load(in, s.offset(img, y, x, c), t);
                    float r;
                    if (t == DataType.F32) {
                        float p = (float) Math.pow(v, gamma);
                        r = p < 0f ? 0f : (p > 1f ? 1f : p);
                    } else {
                        r = (float) Math.pow(v / 255f, gamma) * 255f;
                    }
                    CpuPixels.store(out, d.offset(img, y, x, c), t, r);
                }
            }
        });
    }

    private static void runBatch(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, float[] g, Stream stream) {
        OP.batchOutput("dst batch", dst, "src batch", src, true);
        OP.batchPixels("dst batch", dst, p);
        OP.sameSizes("dst batch", dst, "src batch", src);
        int channels = p.channels();
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                float[] gi = g.length == 1 ? g : Arrays.copyOfRange(g, i * channels, (i + 1) * channels);
                run(dst.image(i), OP.image("src image " + i, src.image(i)), gi, null);
            }
            return;
        }
        Stream s = OP.stream(src.image(0), stream);
        var k = KernelLibrary.kernel(src.device(), "cvj_gamma_contrast_vs_" + KernelLibrary.typeName(p.dataType()));
        KernelArgs a = Launch.args().pointer(src.descriptors(s)).pointer(dst.descriptors(s)).i32(channels);
        withTable(g, s, table -> Launch.batchPixels(k, dst.maxSize(), src.size(), s, a.pointer(table).f32(g[0])));
    }
}

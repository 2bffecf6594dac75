package dev.cvj.ops;

import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CounterRandom;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.DeviceParameters;
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
import java.util.EnumSet;
import java.util.Set;

/**
 * Adds Gaussian noise with a mean and a standard deviation per image, CV-CUDA's GaussianNoise
 * ({@code cvcudaGaussianNoiseSubmit}, {@code cvcuda.gaussiannoise(src, mu, sigma, per_channel, seed)}):
 * <pre>  dst = saturate(src + fma(z, sigma, mu))          (F32: clamp(src + fma(z, sigma, mu), 0, 1))</pre>
 * in float (the multiply-add fused, as nvcc compiles CV-CUDA's {@code mu + rand * sigma}), then converted as CV-CUDA's
 * {@code SaturateCast} (integer types: round half to even, clamp; F32 is clamped to [0, 1] as CV-CUDA's float kernel
 * does). {@code z} is a standard normal: one per pixel, shared by its channels ({@code perChannel == false}), or one per
 * element. cvj draws it reproducibly instead of from cuRAND's per-thread states (whose numbers depend on the launch):
 * Philox4x32-10 ({@code CounterRandom}) with the counter {@code (x, y, c, 0x4E4F4953)} ({@code c = 0} per pixel) and
 * the 64-bit key {@code seed + n} for image n (of a batched tensor or a varshape batch), its first two words turned into
 * a normal by Box-Muller in double, rounded to float. So a host tensor's CPU path and a device's kernel draw the same
 * numbers; the one difference is the double {@code log} and {@code cos} of CUDA and of Java, which may round a normal
 * differently by one float ulp (rarely): outputs then differ by at most 1 for integer types and 1e-6 for F32. Image n of a
 * batch gets what the single-image call with seed {@code seed + n} gives it.
 *
 * <p>torchvision's {@code gaussian_noise(img, mean, sigma, clip=True)} works on float images in [0, 1]
 * ({@code clamp(img + randn * sigma + mean, 0, 1)}, one draw per element): an F32 image in [0, 1] with
 * {@code perChannel = true}, {@code mu = mean}, {@code sigma = sigma} computes the same (other random numbers);
 * {@code clip=False} has no counterpart (CV-CUDA clamps F32 always). For integer images mu and sigma are in the type's
 * units: torchvision's sigma 0.1 on a U8 image scaled to [0, 1] is sigma 25.5 here.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>src's shape</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>src's</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>src's</td></tr>
 *   <tr><td>Parameters</td><td colspan="2">mu and sigma: 1 value or one per image (N of an NHWC/NCHW tensor, 1 for
 *       HWC/CHW, the batch size of a varshape batch), as Java arrays or CV-CUDA's F32 tensors of shape
 *       {@code [N]}</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device)</td><td>a varshape batch
 *       of the same count, sizes and pixels</td></tr>
 * </table>
 * In place: dst may be the very same view as src; any other overlap is refused. Not supported from CV-CUDA's table:
 * S32. On a device, values per image go into a device table written in stream order (one value each goes
 * by value); either way there is no host wait and a {@link Pipeline} can record the call.
 *
 * <pre>{@code
 * Tensor noisy = GaussianNoise.gaussianNoise(u8Rgb, new float[] {0f}, new float[] {10f}, true, 42L);
 * }</pre>
 */
public final class GaussianNoise {
    private static final OpCheck OP = OpCheck.of("GaussianNoise");
    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);
    /** The counter's last word: GaussianNoise's draws apart from other operators' for the same key. */
    static final int STREAM = 0x4E4F4953;

    private GaussianNoise() {}

    /**
     * A new tensor of src's shape, layout and type: src plus Gaussian noise (see the class comment).
     *
     * @param src the input image(s), as the support table allows
     * @param mu the noise's mean per image (1 value or one per image)
     * @param sigma the noise's standard deviation per image (1 value or one per image)
     * @param perChannel true: a draw per element; false: one per pixel for all its channels
     * @param seed the random seed
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src, mu or sigma is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor gaussianNoise(Tensor src, float[] mu, float[] sigma, boolean perChannel, long seed,
                                       Stream stream) {
        PixelGrid s = checkSrc(src);
        float[] table = table(mu, sigma, s.n());
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream,
                dst -> run(dst, s, table, perChannel, seed, stream));
    }

    /**
     * As {@link #gaussianNoise(Tensor, float[], float[], boolean, long, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param mu the noise's mean per image (1 value or one per image)
     * @param sigma the noise's standard deviation per image (1 value or one per image)
     * @param perChannel true: a draw per element; false: one per pixel for all its channels
     * @param seed the random seed
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src, mu or sigma is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor gaussianNoise(Tensor src, float[] mu, float[] sigma, boolean perChannel, long seed) {
        return gaussianNoise(src, mu, sigma, perChannel, seed, null);
    }

    /**
     * As {@link #gaussianNoise(Tensor, float[], float[], boolean, long, Stream)}, mu and sigma as CV-CUDA takes them:
     * F32 (or F64) tensors of shape {@code [N]} (a device tensor is read back with a synchronous copy).
     *
     * @param src the input image(s), as the support table allows
     * @param mu the noise's mean per image, shape {@code [1]} or {@code [N]}
     * @param sigma the noise's standard deviation per image, shape {@code [1]} or {@code [N]}
     * @param perChannel true: a draw per element; false: one per pixel for all its channels
     * @param seed the random seed
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static Tensor gaussianNoise(Tensor src, Tensor mu, Tensor sigma, boolean perChannel, long seed, Stream stream) {
        int n = checkSrc(src).n();
        return gaussianNoise(src, read("mu", mu, n), read("sigma", sigma, n), perChannel, seed, stream);
    }

    /**
     * Writes src plus Gaussian noise into dst (src's shape and type; the very same view as src: in place).
     *
     * @param dst the caller's output: src's shape and type; the very same view as src, or no overlap
     * @param src the input image(s), as the support table allows
     * @param mu the noise's mean per image (1 value or one per image)
     * @param sigma the noise's standard deviation per image (1 value or one per image)
     * @param perChannel true: a draw per element; false: one per pixel for all its channels
     * @param seed the random seed
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst, src, mu or sigma is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void gaussianNoiseInto(Tensor dst, Tensor src, float[] mu, float[] sigma, boolean perChannel, long seed,
                                         Stream stream) {
        PixelGrid s = checkSrc(src);
        run(dst, s, table(mu, sigma, s.n()), perChannel, seed, stream);
    }

    /**
     * As {@link #gaussianNoiseInto(Tensor, Tensor, float[], float[], boolean, long, Stream)}, on the current stream.
     *
     * @param dst the caller's output: src's shape and type; the very same view as src, or no overlap
     * @param src the input image(s), as the support table allows
     * @param mu the noise's mean per image (1 value or one per image)
     * @param sigma the noise's standard deviation per image (1 value or one per image)
     * @param perChannel true: a draw per element; false: one per pixel for all its channels
     * @param seed the random seed
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst, src, mu or sigma is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void gaussianNoiseInto(Tensor dst, Tensor src, float[] mu, float[] sigma, boolean perChannel,
                                         long seed) {
        gaussianNoiseInto(dst, src, mu, sigma, perChannel, seed, null);
    }

    /**
     * As {@link #gaussianNoiseInto(Tensor, Tensor, float[], float[], boolean, long, Stream)}, mu and sigma as F32 (or
     * F64) tensors of shape {@code [N]} (CV-CUDA's form).
     *
     * @param dst the caller's output: src's shape and type; the very same view as src, or no overlap
     * @param src the input image(s), as the support table allows
     * @param mu the noise's mean per image, shape {@code [1]} or {@code [N]}
     * @param sigma the noise's standard deviation per image, shape {@code [1]} or {@code [N]}
     * @param perChannel true: a draw per element; false: one per pixel for all its channels
     * @param seed the random seed
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static void gaussianNoiseInto(Tensor dst, Tensor src, Tensor mu, Tensor sigma, boolean perChannel, long seed,
                                         Stream stream) {
        int n = checkSrc(src).n();
        gaussianNoiseInto(dst, src, read("mu", mu, n), read("sigma", sigma, n), perChannel, seed, stream);
    }

    // ---- varshape batches ----

    /**
     * A new batch of src's sizes and pixels: image i plus noise of its mean and sigma, drawn with the key seed + i.
     *
     * @param src the input batch, as the support table allows
     * @param mu the noise's mean per image (1 value or one per image)
     * @param sigma the noise's standard deviation per image (1 value or one per image)
     * @param perChannel true: a draw per element; false: one per pixel for all its channels
     * @param seed the random seed
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src, mu or sigma is null
     */
    public static ImageBatchVarShape gaussianNoise(ImageBatchVarShape src, float[] mu, float[] sigma, boolean perChannel,
                                                   long seed, Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        float[] table = table(mu, sigma, src.size());
        return Outputs.allocateBatch(OP, src, src::imageSize, p.channels(), p.dataType(), stream,
                dst -> runBatch(dst, src, p, table, perChannel, seed, stream));
    }

    /**
     * As {@link #gaussianNoise(ImageBatchVarShape, float[], float[], boolean, long, Stream)}, on the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param mu the noise's mean per image (1 value or one per image)
     * @param sigma the noise's standard deviation per image (1 value or one per image)
     * @param perChannel true: a draw per element; false: one per pixel for all its channels
     * @param seed the random seed
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src, mu or sigma is null
     */
    public static ImageBatchVarShape gaussianNoise(ImageBatchVarShape src, float[] mu, float[] sigma, boolean perChannel,
                                                   long seed) {
        return gaussianNoise(src, mu, sigma, perChannel, seed, null);
    }

    /**
     * As {@link #gaussianNoise(ImageBatchVarShape, float[], float[], boolean, long, Stream)}, mu and sigma as CV-CUDA's
     * GaussianNoise varshape form takes them: F32 (or F64) tensors of shape {@code [N]}.
     *
     * @param src the input batch, as the support table allows
     * @param mu the noise's mean per image, shape {@code [1]} or {@code [N]}
     * @param sigma the noise's standard deviation per image, shape {@code [1]} or {@code [N]}
     * @param perChannel true: a draw per element; false: one per pixel for all its channels
     * @param seed the random seed
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static ImageBatchVarShape gaussianNoise(ImageBatchVarShape src, Tensor mu, Tensor sigma, boolean perChannel,
                                                   long seed, Stream stream) {
        OP.batch("src batch", src, TYPES, 1, 4);
        int n = src.size();
        return gaussianNoise(src, read("mu", mu, n), read("sigma", sigma, n), perChannel, seed, stream);
    }

    /**
     * Writes image i of src plus its noise into image i of dst (image i may be the very same view as src image i).
     *
     * @param dst the caller's output batch: src's count, place, sizes and pixels
     * @param src the input batch, as the support table allows
     * @param mu the noise's mean per image (1 value or one per image)
     * @param sigma the noise's standard deviation per image (1 value or one per image)
     * @param perChannel true: a draw per element; false: one per pixel for all its channels
     * @param seed the random seed
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst, src, mu or sigma is null
     */
    public static void gaussianNoiseInto(ImageBatchVarShape dst, ImageBatchVarShape src, float[] mu, float[] sigma,
                                         boolean perChannel, long seed, Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        runBatch(dst, src, p, table(mu, sigma, src.size()), perChannel, seed, stream);
    }

    /**
     * As {@link #gaussianNoiseInto(ImageBatchVarShape, ImageBatchVarShape, float[], float[], boolean, long, Stream)},
     * on the current stream.
     *
     * @param dst the caller's output batch: src's count, place, sizes and pixels
     * @param src the input batch, as the support table allows
     * @param mu the noise's mean per image (1 value or one per image)
     * @param sigma the noise's standard deviation per image (1 value or one per image)
     * @param perChannel true: a draw per element; false: one per pixel for all its channels
     * @param seed the random seed
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst, src, mu or sigma is null
     */
    public static void gaussianNoiseInto(ImageBatchVarShape dst, ImageBatchVarShape src, float[] mu, float[] sigma,
                                         boolean perChannel, long seed) {
        gaussianNoiseInto(dst, src, mu, sigma, perChannel, seed, null);
    }

    private static PixelGrid checkSrc(Tensor src) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, TYPES);
        return s;
    }

    private static float[] read(String role, Tensor t, int images) {
        return ParameterTensors.floats(OP, role, OP.notNull(t, role), images);
    }

    /** {mu, sigma} per entry: one entry for every image, or one per image. */
    private static float[] table(float[] mu, float[] sigma, int images) {
        OP.notNull(mu, "mu");
        OP.notNull(sigma, "sigma");
        int entries = OP.perImage("mu", mu.length, images) == 1 && OP.perImage("sigma", sigma.length, images) == 1
                ? 1 : images;
        float[] t = new float[2 * entries];
        for (int i = 0; i < entries; i++) {
            t[2 * i] = mu[mu.length == 1 ? 0 : i];
            t[2 * i + 1] = sigma[sigma.length == 1 ? 0 : i];
        }
        return t;
    }

    /** The standard normal of element (x, y, c) of image n (c = 0 for a draw per pixel). */
    static float normal(long seed, int n, int x, int y, int c) {
        long key = seed + n;
        int[] w = CounterRandom.philox(x, y, c, STREAM, (int) key, (int) (key >>> 32));
        return CounterRandom.normal(w[0], w[1]);
    }

    /** One output element: src + fma(z, sigma, mu), saturated (F32: clamped to [0, 1]). */
    static void store(MemorySegment out, long off, DataType t, float src, float z, float mu, float sigma) {
        float r = src + Math.fma(z, sigma, mu);
        if (t == DataType.F32) {
            CpuPixels.store(out, off, t, r < 0f ? 0f : r > 1f ? 1f : r);
        } else {
            CpuPixels.store(out, off, t, r);
        }
    }

    private static void run(Tensor dst, PixelGrid s, float[] table, boolean perChannel, long seed, Stream stream) {
        PixelGrid d = OP.image("dst", dst);
        OP.sameDtype("dst", d, "src", s);
        OP.sameShape("dst", d, "src", s);
        OP.output("dst", d, "src", s, true);
        if (dst.isHost()) {
            cpu(s, d, table, perChannel, seed);
            return;
        }
        Stream st = OP.stream(dst, stream);
        if (d.n() == 0 || d.h() == 0 || d.w() == 0) {
            return;
        }
        var k = KernelLibrary.kernel(dst.device(), "cvj_gaussian_noise_" + KernelLibrary.typeName(d.dtype()));
        KernelArgs a = Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(d.c());
        launchWithTable(table, st, a, args -> Launch.pixels(k, d.w(), d.h(), d.n(), st, args), perChannel, seed);
    }

    /** Appends the table pointer (a device copy when there is a value per image; 0: the by-value pair), the pair, the mode and the seed, and launches. */
    private static void launchWithTable(float[] table, Stream st, KernelArgs a, java.util.function.Consumer<KernelArgs> launch,
                                        boolean perChannel, long seed) {
        if (table.length == 2) {
            launch.accept(a.pointer(0).f32(table[0]).f32(table[1]).i32(perChannel ? 1 : 0).i64(seed));
            return;
        }
        Tensor t = DeviceParameters.upload(table, st);
        try {
            launch.accept(a.pointer(t.address()).f32(0f).f32(0f).i32(perChannel ? 1 : 0).i64(seed));
        } finally {
            t.close(st);
        }
    }

    /** The CPU path: each element from the class comment's formula. */
    private static void cpu(PixelGrid s, PixelGrid d, float[] table, boolean perChannel, long seed) {
        DataType t = s.dtype();
        MemorySegment in = s.host(), out = d.host();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            int o = table.length == 2 ? 0 : 2 * img;
            float mu = table[o], sigma = table[o + 1];
            for (int x = 0; x < d.w(); x++) {
                float z = normal(seed, img, x, y, 0);
                for (int c = 0; c < d.c(); c++) {
                    if (perChannel && c > 0) {
                        z = normal(seed, img, x, y, c);
                    }
                    store(out, d.offset(img, y, x, c), t, CpuPixels.load(in, s.offset(img, y, x, c), t), z, mu, sigma);
                }
            }
        });
    }

    private static void runBatch(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, float[] table,
                                 boolean perChannel, long seed, Stream stream) {
        OP.batchOutput("dst batch", dst, "src batch", src, true);
        OP.batchPixels("dst batch", dst, p);
        OP.sameSizes("dst batch", dst, "src batch", src);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                int o = table.length == 2 ? 0 : 2 * i;
                run(dst.image(i), OP.image("src image " + i, src.image(i)), new float[] {table[o], table[o + 1]},
                        perChannel, seed + i, null);
            }
            return;
        }
        Stream s = OP.stream(src.image(0), stream);
        var k = KernelLibrary.kernel(src.device(), "cvj_gaussian_noise_vs_" + KernelLibrary.typeName(p.dataType()));
        KernelArgs a = Launch.args().pointer(src.descriptors(s)).pointer(dst.descriptors(s)).i32(p.channels());
        launchWithTable(table, s, a, args -> Launch.batchPixels(k, dst.maxSize(), src.size(), s, args), perChannel, seed);
    }
}

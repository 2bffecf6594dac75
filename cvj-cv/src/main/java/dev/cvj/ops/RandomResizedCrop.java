package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.ops.internal.SeparableResize.Arithmetic;
import dev.cvj.ops.internal.SeparableResizeOp;
import dev.cvj.ops.internal.SeparableResizeOp.Window;
import dev.cvj.ops.internal.SeparableTaps;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import java.util.EnumSet;
import java.util.List;

/**
 * A random crop of each image resized to a fixed size, as torchvision's {@code RandomResizedCrop} (CV-CUDA's
 * {@code cvcuda.random_resized_crop}): the crop of an image of {@code W x H} pixels is torchvision's
 * {@code RandomResizedCrop.get_params}: up to 10 attempts of an area {@code W H U(minScale, maxScale)} and an aspect
 * ratio {@code exp(U(ln minRatio, ln maxRatio))}, width {@code round(sqrt(area ratio))} and height
 * {@code round(sqrt(area / ratio))} (round half to even, as Python's round), accepted when it fits, then placed at a
 * uniform row in {@code [0, H - h]} and column in {@code [0, W - w]}; after 10 misses the central crop of the image
 * clamped to the ratio range. The crop is then resized with {@link HQResize}'s antialiased filters (torchvision's
 * {@code resized_crop(..., antialias=True)}; CV-CUDA's operator uses its non-antialiased interpolations instead).
 *
 * <p>Random numbers: each call takes a seed; image {@code i} draws from its own SplitMix64 generator, started at
 * {@code mix64(seed ^ mix64(i))} ({@code mix64}: SplitMix64's finaliser {@code z ^= z >>> 30; z *= 0xBF58476D1CE4E5B9;
 * z ^= z >>> 27; z *= 0x94D049BB133111EB; z ^= z >>> 31}; a draw adds {@code 0x9E3779B97F4A7C15} to the state and
 * returns {@code mix64(state)}); a uniform double is {@code (draw >>> 11) * 2^-53}, {@code U(a, b) = a + (b - a) u},
 * an integer in {@code [0, n)} is {@code (int) (u n)}. The draws are made in Java on the host, so the host and the
 * device give the same crops for the same seed, and image {@code i} of a call gets the crop of image 0 of a call with
 * the seed {@link #imageSeed(long, int) imageSeed(seed, i)}. This is not torch's random number stream: the same seed
 * does not give torchvision's crops. Every call returns the crop each image got (a {@link Crop} per image).
 *
 * <table class="striped">
 * <caption>Support</caption>
 * <tr><th>Layouts</th><td>NHWC (a batch: a crop per image), HWC (one image); dst the same layout, N and C</td></tr>
 * <tr><th>Data types</th><td>U8, F32 (dst the same as src)</td></tr>
 * <tr><th>Channels</th><td>1, 2, 3, 4, packed; rows and images at any byte stride</td></tr>
 * <tr><th>Varshape</th><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device) into a varshape batch of
 *     one size per image (or one size for all); one launch per resize pass</td></tr>
 * </table>
 * dst must not overlap src (refused).
 *
 * <pre>{@code
 * RandomResizedCrop.Cropped r = RandomResizedCrop.randomResizedCrop(batch, ImageSize.of(224, 224), HQFilter.LINEAR,
 *         RandomResizedCrop.Params.DEFAULT, seed);
 * }</pre>
 */
public final class RandomResizedCrop {
    private static final OpCheck OP = OpCheck.of("RandomResizedCrop");
    private static final SeparableResizeOp RESIZE = new SeparableResizeOp(OP, EnumSet.of(DataType.U8, DataType.F32),
            t -> Arithmetic.FLOAT);
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private RandomResizedCrop() {}

    /**
     * The crop of one image: {@code width x height} pixels from column {@code x}, row {@code y}.
     *
     * @param x the first column
     * @param y the first row
     * @param width the crop's width
     * @param height the crop's height
     */
    public record Crop(int x, int y, int width, int height) {}

    /**
     * The ranges of the crop's area (as a fraction of the image's) and aspect ratio (width / height).
     *
     * @param minScale the smallest area fraction, in (0, maxScale]
     * @param maxScale the largest area fraction
     * @param minRatio the smallest aspect ratio, in (0, maxRatio]
     * @param maxRatio the largest aspect ratio, finite
     */
    public record Params(double minScale, double maxScale, double minRatio, double maxRatio) {
        /** torchvision's defaults: scale (0.08, 1), ratio (3/4, 4/3). */
        public static final Params DEFAULT = new Params(0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);

        /**
         * Checks the ranges.
         *
         * @throws IllegalArgumentException unless {@code 0 < minScale <= maxScale} and
         *         {@code 0 < minRatio <= maxRatio}, all finite
         */
        public Params {
            if (!(minScale > 0 && minScale <= maxScale && Double.isFinite(maxScale) && minRatio > 0
                    && minRatio <= maxRatio && Double.isFinite(maxRatio))) {
                throw new IllegalArgumentException("RandomResizedCrop: params scale (" + minScale + ", " + maxScale
                        + ") ratio (" + minRatio + ", " + maxRatio + "): need 0 < min <= max, finite");
            }
        }
    }

    /**
     * A resized tensor and the crop of each of its images.
     *
     * @param output the resized crops (the caller closes it)
     * @param crops the crop of image i at index i
     */
    public record Cropped(Tensor output, List<Crop> crops) {}

    /**
     * A resized batch and the crop of each of its images.
     *
     * @param output the resized crops (the batch owns its images: the caller closes it)
     * @param crops the crop of image i at index i
     */
    public record CroppedBatch(ImageBatchVarShape output, List<Crop> crops) {}

    /**
     * The seed whose image 0 gets the crop that image {@code image} of a call with {@code seed} gets.
     *
     * @param seed a call's seed
     * @param image an image index, from 0
     * @return {@code seed ^ mix64(image)}
     */
    public static long imageSeed(long seed, int image) {
        return seed ^ mix64(image);
    }

    /**
     * torchvision's {@code get_params} for an image of {@code width x height} pixels, drawing from the generator of
     * image 0 of {@code seed} (see the class comment).
     *
     * @param width the image's width, at least 1
     * @param height the image's height, at least 1
     * @param params the area and ratio ranges
     * @param seed the seed
     * @return the crop
     * @throws IllegalArgumentException if a size is below 1
     * @throws NullPointerException if params is null
     */
    public static Crop crop(int width, int height, Params params, long seed) {
        OP.notNull(params, "params");
        if (width < 1 || height < 1) {
            throw OP.fail("image size " + width + " x " + height + " (W x H) must be at least 1 x 1");
        }
        long[] state = {mix64(seed)};
        double area = (double) height * width;
        double logLo = Math.log(params.minRatio()), logHi = Math.log(params.maxRatio());
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * uniform(state, params.minScale(), params.maxScale());
            double ratio = Math.exp(uniform(state, logLo, logHi));
            double w = Math.rint(Math.sqrt(target * ratio)), h = Math.rint(Math.sqrt(target / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int y = (int) (uniform(state, 0, 1) * (height - h + 1));
                int x = (int) (uniform(state, 0, 1) * (width - w + 1));
                return new Crop(x, y, (int) w, (int) h);
            }
        }
        double inRatio = (double) width / height;
        int w = width, h = height;
        if (inRatio < params.minRatio()) {
            h = (int) Math.clamp(Math.rint(w / params.minRatio()), 1, height);
        } else if (inRatio > params.maxRatio()) {
            w = (int) Math.clamp(Math.rint(h * params.maxRatio()), 1, width);
        }
        return new Crop((width - w) / 2, (height - h) / 2, w, h);
    }

    /** SplitMix64's finaliser. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code U(lo, hi)} from the next draw of the SplitMix64 state {@code s[0]}. */
    private static double uniform(long[] s, double lo, double hi) {
        s[0] += GOLDEN_GAMMA;
        double u = (mix64(s[0]) >>> 11) * 0x1.0p-53;
        return lo + (hi - lo) * u;
    }

    private static Window[] windows(Crop[] crops) {
        Window[] w = new Window[crops.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = new Window(crops[i].x(), crops[i].y(), crops[i].width(), crops[i].height());
        }
        return w;
    }

    private static SeparableResizeOp.Axis axis(HQFilter filter) {
        OP.notNull(filter, "filter");
        return (in, out) -> SeparableTaps.antialiased(in, out, filter);
    }

    /** The crops of {@code n} images of the given sizes. */
    private static Crop[] crops(int n, java.util.function.IntFunction<ImageSize> sizes, Params params, long seed) {
        OP.notNull(params, "params");
        Crop[] c = new Crop[n];
        for (int i = 0; i < n; i++) {
            ImageSize s = sizes.apply(i);
            c[i] = crop(s.width(), s.height(), params, imageSeed(seed, i));
        }
        return c;
    }

    /**
     * A new tensor of {@code size} pixels (src's layout, type, N and C): a random crop of each image, resized.
     *
     * @param src the input image(s), as the support table allows
     * @param size the output's size
     * @param filter the antialiasing filter of the resize
     * @param params the crops' area and ratio ranges
     * @param seed the seed of the random crops
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src, and the crops
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if src is closed
     */
    public static Cropped randomResizedCrop(Tensor src, ImageSize size, HQFilter filter, Params params, long seed,
                                            Stream stream) {
        PixelGrid s = RESIZE.source(src);
        SeparableResizeOp.Axis axis = axis(filter);
        Crop[] crops = crops(s.n(), i -> ImageSize.of(s.w(), s.h()), params, seed);
        return new Cropped(RESIZE.resize(src, s, size, windows(crops), axis, stream), List.of(crops));
    }

    /**
     * As {@link #randomResizedCrop(Tensor, ImageSize, HQFilter, Params, long, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param size the output's size
     * @param filter the antialiasing filter of the resize
     * @param params the crops' area and ratio ranges
     * @param seed the seed of the random crops
     * @return the new output, beside src, and the crops
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if src is closed
     */
    public static Cropped randomResizedCrop(Tensor src, ImageSize size, HQFilter filter, Params params, long seed) {
        return randomResizedCrop(src, size, filter, params, seed, null);
    }

    /**
     * Writes a random crop of each image of {@code src}, resized to dst's size, into {@code dst}.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param filter the antialiasing filter of the resize
     * @param params the crops' area and ratio ranges
     * @param seed the seed of the random crops
     * @param stream the stream for device work; null: the current stream
     * @return the crop of image i at index i
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static List<Crop> randomResizedCropInto(Tensor dst, Tensor src, HQFilter filter, Params params, long seed,
                                                   Stream stream) {
        PixelGrid s = RESIZE.source(src);
        SeparableResizeOp.Axis axis = axis(filter);
        Crop[] crops = crops(s.n(), i -> ImageSize.of(s.w(), s.h()), params, seed);
        RESIZE.resizeInto(dst, s, windows(crops), axis, stream);
        return List.of(crops);
    }

    /**
     * As {@link #randomResizedCropInto(Tensor, Tensor, HQFilter, Params, long, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param filter the antialiasing filter of the resize
     * @param params the crops' area and ratio ranges
     * @param seed the seed of the random crops
     * @return the crop of image i at index i
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static List<Crop> randomResizedCropInto(Tensor dst, Tensor src, HQFilter filter, Params params, long seed) {
        return randomResizedCropInto(dst, src, filter, params, seed, null);
    }

    /**
     * A new batch: a random crop of image i of {@code src} resized to {@code sizes[i]} (or {@code sizes[0]} for all).
     *
     * @param src the input batch, as the support table allows
     * @param sizes 1 output size for every image, or one per image
     * @param filter the antialiasing filter of the resize
     * @param params the crops' area and ratio ranges
     * @param seed the seed of the random crops
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (it owns its images: the caller closes it), and the crops
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     */
    public static CroppedBatch randomResizedCrop(ImageBatchVarShape src, ImageSize[] sizes, HQFilter filter,
                                                 Params params, long seed, Stream stream) {
        RESIZE.source(src);
        SeparableResizeOp.Axis axis = axis(filter);
        Crop[] crops = crops(src.size(), src::imageSize, params, seed);
        return new CroppedBatch(RESIZE.resize(src, sizes, windows(crops), axis, stream), List.of(crops));
    }

    /**
     * As {@link #randomResizedCrop(ImageBatchVarShape, ImageSize[], HQFilter, Params, long, Stream)}, on the current
     * stream.
     *
     * @param src the input batch, as the support table allows
     * @param sizes 1 output size for every image, or one per image
     * @param filter the antialiasing filter of the resize
     * @param params the crops' area and ratio ranges
     * @param seed the seed of the random crops
     * @return the new batch beside src (it owns its images: the caller closes it), and the crops
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     */
    public static CroppedBatch randomResizedCrop(ImageBatchVarShape src, ImageSize[] sizes, HQFilter filter,
                                                 Params params, long seed) {
        return randomResizedCrop(src, sizes, filter, params, seed, null);
    }

    /**
     * Writes a random crop of image i of {@code src}, resized to the size of dst image i, into dst image i.
     *
     * @param dst the caller's output batch: src's image count, place and pixel type; no overlap with a src image
     * @param src the input batch, as the support table allows
     * @param filter the antialiasing filter of the resize
     * @param params the crops' area and ratio ranges
     * @param seed the seed of the random crops
     * @param stream the stream for device work; null: the current stream
     * @return the crop of image i at index i
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     */
    public static List<Crop> randomResizedCropInto(ImageBatchVarShape dst, ImageBatchVarShape src, HQFilter filter,
                                                   Params params, long seed, Stream stream) {
        RESIZE.source(src);
        SeparableResizeOp.Axis axis = axis(filter);
        Crop[] crops = crops(src.size(), src::imageSize, params, seed);
        RESIZE.resizeInto(dst, src, windows(crops), axis, stream);
        return List.of(crops);
    }

    /**
     * As {@link #randomResizedCropInto(ImageBatchVarShape, ImageBatchVarShape, HQFilter, Params, long, Stream)}, on
     * the current stream.
     *
     * @param dst the caller's output batch: src's image count, place and pixel type; no overlap with a src image
     * @param src the input batch, as the support table allows
     * @param filter the antialiasing filter of the resize
     * @param params the crops' area and ratio ranges
     * @param seed the seed of the random crops
     * @return the crop of image i at index i
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     */
    public static List<Crop> randomResizedCropInto(ImageBatchVarShape dst, ImageBatchVarShape src, HQFilter filter,
                                                   Params params, long seed) {
        return randomResizedCropInto(dst, src, filter, params, seed, null);
    }
}

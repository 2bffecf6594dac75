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
import dev.cvj.ops.internal.PixelCopies;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Fills rectangles of images with constant values or random ones, CV-CUDA's Erase ({@code cvcudaEraseSubmit},
 * {@code cvcuda.erase(src, anchor, erasing, values, imgIdx, random, seed)}): dst is a copy of src in which each
 * {@link Area} (a rectangle of one image with a mask of channels) holds, in each of its masked channels,
 * <ul>
 *   <li>{@code random == false}: the area's value for that channel, converted to the type as CV-CUDA's
 *       {@code SaturateCast} (integer types: round half to even, then clamp; F32: the value);</li>
 *   <li>{@code random == true}: a random integer 0..255 per element (CV-CUDA's {@code hash % 256}), drawn from the
 *       counter-based Philox4x32-10 ({@code CounterRandom}) with the counter {@code (x, y, c, 0x45524153)} and the key
 *       {@code (seed + n, 0)} for image n (of a batched tensor or a varshape batch): the same numbers on the CPU and
 *       the GPU, for any launch, and image n of a batch gets what the single-image call with seed {@code seed + n}
 *       gives it.</li>
 * </ul>
 * Rectangles are clipped to the image: an area covers the pixels {@code x <= px < x + width}, {@code y <= py < y +
 * height} that lie in the image, so a rectangle partly or wholly outside writes only its part inside (CV-CUDA clips at
 * the right and bottom edges and does not define negative anchors; cvj clips at every edge). Where areas of one image
 * overlap, the later area in the list wins (CV-CUDA leaves the order to its threads). Channel mask bit c (1 &lt;&lt; c)
 * selects channel c; bits past the image's channels are ignored.
 *
 * <p>torchvision's {@code erase(img, i, j, h, w, v)} ({@code img[..., i:i+h, j:j+w] = v}) gives the same result as
 * the area {@code new Area(j, i, w, h, all channels, v per channel, image)} for a rectangle inside the image and a
 * value per channel already in the image's type (torchvision's v may also vary per pixel; its negative i, j index
 * from the end, Python style, where cvj's are clipped).
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>src's shape</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>src's</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>src's</td></tr>
 *   <tr><td>Areas</td><td colspan="2">any number (0: a copy); width and height at least 0, {@code x + width} and
 *       {@code y + height} at most 2^31-1; the image index in 0..N-1; C values each (ignored when random); as
 *       {@link Area}s or CV-CUDA's tensors: anchor S32 {@code [K, 2]} (x, y), erasing S32 {@code [K, 3]} (width,
 *       height, channel mask), values F32 {@code [K * C]} or {@code [K, C]}, imgIdx S32 {@code [K]}</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device)</td><td>a varshape batch
 *       of the same count, sizes and pixels</td></tr>
 *   <tr><td>In place</td><td colspan="2">dst the same view as src (same memory, shape and strides): only the areas
 *       are written; a varshape dst whose images are src's</td></tr>
 * </table>
 * In place (CV-CUDA's {@code inplace}): dst may be the very same view as src, the same tensor or another view of the
 * same memory with the same shape and strides; then only the areas are written (no copy of the image). Any other
 * overlap is refused. Not supported from CV-CUDA's table: S8 and S32. On a device a tensor call of up to 96 areas
 * passes them to its one launch by value; more areas, and varshape batches, go into a device table written in
 * stream order (no host wait; a {@link Pipeline} can record either).
 *
 * <pre>{@code
 * Tensor cut = Erase.erase(u8Rgb, List.of(new Erase.Area(10, 20, 32, 16, 0b111, new float[] {0, 0, 0}, 0)), false, 0);
 * }</pre>
 */
public final class Erase {
    private static final OpCheck OP = OpCheck.of("Erase");
    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);
    /** The counter's last word: Erase's draws apart from other operators' for the same key. */
    static final int STREAM = 0x45524153;
    /** Ints per area in the kernel's table: x0, y0, x1, y1 (clipped), mask, image, four values' bits. */
    private static final int ROW = 10;
    /** Areas a tensor call passes by value, as a kernel parameter (erase.cu's ERASE_BY_VALUE); more go through memory. */
    static final int BY_VALUE = 96;

    private Erase() {}

    /**
     * One rectangle to erase (CV-CUDA's anchor, erasing and imgIdx entries and its values).
     *
     * @param x the left column (may lie outside the image: clipped)
     * @param y the top row (may lie outside the image: clipped)
     * @param width the columns, at least 0
     * @param height the rows, at least 0
     * @param channelMask the channels to fill, bit c for channel c
     * @param values one value per channel of the image (null or ignored in random mode)
     * @param image the index of the image (0 for an HWC or CHW tensor)
     */
    public record Area(int x, int y, int width, int height, int channelMask, float[] values, int image) {
        /**
         * An area of every channel.
         *
         * @param x the left column
         * @param y the top row
         * @param width the columns, at least 0
         * @param height the rows, at least 0
         * @param values one value per channel of the image
         * @param image the index of the image
         * @return the area with channel mask 0b1111
         */
        public static Area of(int x, int y, int width, int height, float[] values, int image) {
            return new Area(x, y, width, height, 0xF, values, image);
        }
    }

    /**
     * A new tensor of src's shape, layout and type: src with the areas erased (see the class comment).
     *
     * @param src the input image(s), as the support table allows
     * @param areas the rectangles, in order (later ones win where they overlap)
     * @param random true: random values 0..255 instead of the areas' values
     * @param seed the random seed (unsigned 32 bits, as CV-CUDA's)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (a negative or overflowing size, an
     *         image index out of range, values not one per channel; the message names the operator, the area and the
     *         argument); nothing has run then
     * @throws NullPointerException if src or areas is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor erase(Tensor src, List<Area> areas, boolean random, int seed, Stream stream) {
        PixelGrid s = checkSrc(src);
        int[] table = table(areas, random, s.n(), s.c(), i -> ImageSize.of(s.w(), s.h()));
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream,
                dst -> run(dst, s, table, random, seed, stream));
    }

    /**
     * As {@link #erase(Tensor, List, boolean, int, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param areas the rectangles, in order (later ones win where they overlap)
     * @param random true: random values 0..255 instead of the areas' values
     * @param seed the random seed (unsigned 32 bits)
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src or areas is null
     * @throws IllegalStateException if src is closed
     */
    public static Tensor erase(Tensor src, List<Area> areas, boolean random, int seed) {
        return erase(src, areas, random, seed, null);
    }

    /**
     * As {@link #erase(Tensor, List, boolean, int, Stream)}, the areas as CV-CUDA takes them (see the support table);
     * device tensors are read back with a synchronous copy.
     *
     * @param src the input image(s), as the support table allows
     * @param anchor S32 {@code [K, 2]}: each area's x and y
     * @param erasing S32 {@code [K, 3]}: each area's width, height and channel mask
     * @param values F32 {@code [K * C]} or {@code [K, C]}: each area's values per channel
     * @param imgIdx S32 {@code [K]}: each area's image
     * @param random true: random values 0..255 instead of the areas' values
     * @param seed the random seed (unsigned 32 bits)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static Tensor erase(Tensor src, Tensor anchor, Tensor erasing, Tensor values, Tensor imgIdx, boolean random,
                               int seed, Stream stream) {
        return erase(src, areas(anchor, erasing, values, imgIdx, checkSrc(src).c()), random, seed, stream);
    }

    /**
     * Writes src with the areas erased into dst (a copy of src first, unless dst is the very same view: in place).
     *
     * @param dst the caller's output: src's shape and type; the very same view as src, or no overlap
     * @param src the input image(s), as the support table allows
     * @param areas the rectangles, in order (later ones win where they overlap)
     * @param random true: random values 0..255 instead of the areas' values
     * @param seed the random seed (unsigned 32 bits)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst, src or areas is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void eraseInto(Tensor dst, Tensor src, List<Area> areas, boolean random, int seed, Stream stream) {
        PixelGrid s = checkSrc(src);
        run(dst, s, table(areas, random, s.n(), s.c(), i -> ImageSize.of(s.w(), s.h())), random, seed, stream);
    }

    /**
     * As {@link #eraseInto(Tensor, Tensor, List, boolean, int, Stream)}, on the current stream.
     *
     * @param dst the caller's output: src's shape and type; the very same view as src, or no overlap
     * @param src the input image(s), as the support table allows
     * @param areas the rectangles, in order (later ones win where they overlap)
     * @param random true: random values 0..255 instead of the areas' values
     * @param seed the random seed (unsigned 32 bits)
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst, src or areas is null
     * @throws IllegalStateException if dst or src is closed
     */
    public static void eraseInto(Tensor dst, Tensor src, List<Area> areas, boolean random, int seed) {
        eraseInto(dst, src, areas, random, seed, null);
    }

    /**
     * As {@link #eraseInto(Tensor, Tensor, List, boolean, int, Stream)}, the areas as CV-CUDA's tensors (see the
     * support table).
     *
     * @param dst the caller's output: src's shape and type; the very same view as src, or no overlap
     * @param src the input image(s), as the support table allows
     * @param anchor S32 {@code [K, 2]}: each area's x and y
     * @param erasing S32 {@code [K, 3]}: each area's width, height and channel mask
     * @param values F32 {@code [K * C]} or {@code [K, C]}: each area's values per channel
     * @param imgIdx S32 {@code [K]}: each area's image
     * @param random true: random values 0..255 instead of the areas' values
     * @param seed the random seed (unsigned 32 bits)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static void eraseInto(Tensor dst, Tensor src, Tensor anchor, Tensor erasing, Tensor values, Tensor imgIdx,
                                 boolean random, int seed, Stream stream) {
        eraseInto(dst, src, areas(anchor, erasing, values, imgIdx, checkSrc(src).c()), random, seed, stream);
    }

    // ---- varshape batches ----

    /**
     * A new batch of src's sizes and pixels: each image with its areas (those whose image index is its index) erased.
     *
     * @param src the input batch, as the support table allows
     * @param areas the rectangles, in order; an area's image is an index into the batch
     * @param random true: random values 0..255 instead of the areas' values
     * @param seed the random seed (unsigned 32 bits)
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src or areas is null
     */
    public static ImageBatchVarShape erase(ImageBatchVarShape src, List<Area> areas, boolean random, int seed,
                                           Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        int[] table = table(areas, random, src.size(), p.channels(), src::imageSize);
        return Outputs.allocateBatch(OP, src, src::imageSize, p.channels(), p.dataType(), stream,
                dst -> runBatch(dst, src, p, areas, table, random, seed, stream));
    }

    /**
     * As {@link #erase(ImageBatchVarShape, List, boolean, int, Stream)}, on the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param areas the rectangles, in order; an area's image is an index into the batch
     * @param random true: random values 0..255 instead of the areas' values
     * @param seed the random seed (unsigned 32 bits)
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if src or areas is null
     */
    public static ImageBatchVarShape erase(ImageBatchVarShape src, List<Area> areas, boolean random, int seed) {
        return erase(src, areas, random, seed, null);
    }

    /**
     * As {@link #erase(ImageBatchVarShape, List, boolean, int, Stream)}, the areas as CV-CUDA's tensors (see the
     * support table).
     *
     * @param src the input batch, as the support table allows
     * @param anchor S32 {@code [K, 2]}: each area's x and y
     * @param erasing S32 {@code [K, 3]}: each area's width, height and channel mask
     * @param values F32 {@code [K * C]} or {@code [K, C]}: each area's values per channel
     * @param imgIdx S32 {@code [K]}: each area's image in the batch
     * @param random true: random values 0..255 instead of the areas' values
     * @param seed the random seed (unsigned 32 bits)
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static ImageBatchVarShape erase(ImageBatchVarShape src, Tensor anchor, Tensor erasing, Tensor values,
                                           Tensor imgIdx, boolean random, int seed, Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        return erase(src, areas(anchor, erasing, values, imgIdx, p.channels()), random, seed, stream);
    }

    /**
     * Writes each image of src with its areas erased into image i of dst (image i may be the very same view as src
     * image i: in place).
     *
     * @param dst the caller's output batch: src's count, place, sizes and pixels
     * @param src the input batch, as the support table allows
     * @param areas the rectangles, in order; an area's image is an index into the batch
     * @param random true: random values 0..255 instead of the areas' values
     * @param seed the random seed (unsigned 32 bits)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst, src or areas is null
     */
    public static void eraseInto(ImageBatchVarShape dst, ImageBatchVarShape src, List<Area> areas, boolean random,
                                 int seed, Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        runBatch(dst, src, p, areas, table(areas, random, src.size(), p.channels(), src::imageSize), random, seed, stream);
    }

    /**
     * As {@link #eraseInto(ImageBatchVarShape, ImageBatchVarShape, List, boolean, int, Stream)}, on the current
     * stream.
     *
     * @param dst the caller's output batch: src's count, place, sizes and pixels
     * @param src the input batch, as the support table allows
     * @param areas the rectangles, in order; an area's image is an index into the batch
     * @param random true: random values 0..255 instead of the areas' values
     * @param seed the random seed (unsigned 32 bits)
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and
     *         the argument); nothing has run then
     * @throws NullPointerException if dst, src or areas is null
     */
    public static void eraseInto(ImageBatchVarShape dst, ImageBatchVarShape src, List<Area> areas, boolean random,
                                 int seed) {
        eraseInto(dst, src, areas, random, seed, null);
    }

    private static PixelGrid checkSrc(Tensor src) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, TYPES);
        return s;
    }

    /** CV-CUDA's tensors as areas, checked as the support table says. */
    private static List<Area> areas(Tensor anchor, Tensor erasing, Tensor values, Tensor imgIdx, int channels) {
        OP.notNull(anchor, "anchor");
        int k = (int) Math.min(anchor.rank() == 2 ? anchor.shape(0) : 0, Integer.MAX_VALUE);
        int[][] xy = ParameterTensors.rows(OP, "anchor", anchor, k, 2);
        int[][] whm = ParameterTensors.rows(OP, "erasing", erasing, k, 3);
        int[] image = ParameterTensors.ints(OP, "imgIdx", imgIdx, k);
        OP.notNull(values, "values");
        if (values.dtype() != DataType.F32 || values.elementCount() != (long) k * channels
                || (values.rank() != 1 && !(values.rank() == 2 && values.shape(1) == channels))) {
            throw OP.fail("values is a " + values.dtype() + " tensor of shape " + Arrays.toString(values.shape())
                    + "; an F32 tensor of shape [" + (long) k * channels + "] or [" + k + ", " + channels
                    + "] expected (" + k + " areas of " + channels + " channels)");
        }
        float[] v = new float[k * channels];
        values.copyTo(v);
        if (xy.length != k || whm.length != k || image.length != k) {
            throw OP.fail("anchor, erasing and imgIdx must have one entry per area (" + k + "), got " + xy.length + ", "
                    + whm.length + ", " + image.length);
        }
        List<Area> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(new Area(xy[i][0], xy[i][1], whm[i][0], whm[i][1], whm[i][2],
                    Arrays.copyOfRange(v, i * channels, (i + 1) * channels), image[i]));
        }
        return out;
    }

    /**
     * The kernel's table, {@link #ROW} ints per area: the rectangle clipped to its image (x0, y0, x1, y1; empty when
     * x0 >= x1 or y0 >= y1), the mask, the image and four values' float bits. Every area is checked here.
     */
    private static int[] table(List<Area> areas, boolean random, int images, int channels,
                               java.util.function.IntFunction<ImageSize> size) {
        OP.notNull(areas, "areas");
        int[] t = new int[areas.size() * ROW];
        for (int k = 0; k < areas.size(); k++) {
            Area a = OP.notNull(areas.get(k), "area " + k);
            String role = "area " + k;
            if (a.width() < 0 || a.height() < 0) {
                throw OP.fail(role + " is " + a.width() + " x " + a.height() + " (W x H); sizes must be at least 0");
            }
            if ((long) a.x() + a.width() > Integer.MAX_VALUE || (long) a.y() + a.height() > Integer.MAX_VALUE) {
                throw OP.fail(role + " at (" + a.x() + ", " + a.y() + ") of " + a.width() + " x " + a.height()
                        + " ends past 2^31-1");
            }
            if (a.image() < 0 || a.image() >= images) {
                throw OP.fail(role + " has image index " + a.image() + "; the src has " + images + " image(s)");
            }
            if (!random && (a.values() == null || a.values().length != channels)) {
                throw OP.fail(role + " has " + (a.values() == null ? "no" : String.valueOf(a.values().length))
                        + " values; give one per channel (" + channels + ")");
            }
            ImageSize s = size.apply(a.image());
            int o = k * ROW;
            t[o] = Math.max(a.x(), 0);
            t[o + 1] = Math.max(a.y(), 0);
            t[o + 2] = Math.min(a.x() + a.width(), s.width());
            t[o + 3] = Math.min(a.y() + a.height(), s.height());
            t[o + 4] = a.channelMask() & ((1 << channels) - 1);
            t[o + 5] = a.image();
            for (int c = 0; c < channels && !random; c++) {
                t[o + 6 + c] = Float.floatToRawIntBits(a.values()[c]);
            }
        }
        return t;
    }

    private static void run(Tensor dst, PixelGrid s, int[] table, boolean random, int seed, Stream stream) {
        PixelGrid d = OP.image("dst", dst);
        OP.sameDtype("dst", d, "src", s);
        OP.sameShape("dst", d, "src", s);
        OP.output("dst", d, "src", s, true);
        Stream st = dst.isHost() ? null : OP.stream(dst, stream);
        if (!sameView(dst, s.tensor())) {
            PixelCopies.region(s.tensor(), 0, s.strides(), dst, 0, d.strides(), d.n(), d.h(), d.w(), d.c(), d.elemSize(), st);
        }
        int areas = table.length / ROW;
        if (areas == 0 || d.n() == 0 || d.h() == 0 || d.w() == 0) {
            return;
        }
        if (dst.isHost()) {
            cpu(d, table, random, seed);
            return;
        }
        int[] box = largestBox(table);
        if (box[0] == 0 || box[1] == 0) {
            return;
        }
        if (areas <= BY_VALUE) { // the table as a kernel parameter: one launch, nothing uploaded or allocated
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * ROW * BY_VALUE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(table);
            launch(KernelLibrary.kernel(dst.device(), "cvj_erase_table_" + KernelLibrary.typeName(d.dtype())), box, areas,
                    st, Launch.args().pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.c())
                            .struct(b.array(), 4).i32(areas).i32(random ? 1 : 0).i32(seed));
            return;
        }
        var k = KernelLibrary.kernel(dst.device(), "cvj_erase_" + KernelLibrary.typeName(d.dtype()));
        Tensor t = DeviceParameters.upload(table, st);
        try {
            for (int first = 0; first < areas; first += Launch.MAX_GRID_YZ) {
                int count = Math.min(Launch.MAX_GRID_YZ, areas - first);
                KernelArgs a = Launch.args().pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC())
                        .i32(d.c()).pointer(t.address()).i32(areas).i32(first).i32(random ? 1 : 0).i32(seed);
                launch(k, box, count, st, a);
            }
        } finally {
            t.close(st);
        }
    }

    /** Whether {@code a} is the very same view as {@code b} (an in-place call: nothing to copy). */
    private static boolean sameView(Tensor a, Tensor b) {
        long pa = a.isHost() ? a.hostSegment().address() : a.address();
        long pb = b.isHost() ? b.hostSegment().address() : b.address();
        return pa == pb && Arrays.equals(a.strides(), b.strides()) && Arrays.equals(a.shape(), b.shape());
    }

    /** Grid: x over the widest clipped area's columns, y its rows (stepped past 65535), z the areas. */
    private static void launch(dev.cvj.cuda.Kernel k, int[] box, int count, Stream st, KernelArgs a) {
        int gx = (box[0] + Launch.PIXEL_BLOCK - 1) / Launch.PIXEL_BLOCK;
        Launch.blocks(k, gx, Math.min(box[1], Launch.MAX_GRID_YZ), count, Launch.PIXEL_BLOCK, st, a);
    }

    /** The largest clipped width and height of the table's areas (0 when all are empty). */
    private static int[] largestBox(int[] table) {
        int w = 0, h = 0;
        for (int o = 0; o < table.length; o += ROW) {
            if (table[o + 2] > table[o] && table[o + 3] > table[o + 1]) {
                w = Math.max(w, table[o + 2] - table[o]);
                h = Math.max(h, table[o + 3] - table[o + 1]);
            }
        }
        return new int[] {w, h};
    }

    /** One random element: the low byte of Philox's first word (see the class comment). */
    static int randomByte(int seed, int image, int x, int y, int c) {
        return CounterRandom.philox(x, y, c, STREAM, seed + image, 0)[0] & 0xFF;
    }

    /** The CPU path: each area in order over the copy, its clipped rectangle, its masked channels. */
    private static void cpu(PixelGrid d, int[] table, boolean random, int seed) {
        MemorySegment out = d.host();
        for (int o = 0; o < table.length; o += ROW) {
            int x0 = table[o], y0 = table[o + 1], x1 = table[o + 2], y1 = table[o + 3], mask = table[o + 4];
            int img = table[o + 5];
            int off = o;
            if (x0 >= x1 || y0 >= y1) {
                continue;
            }
            CpuPixels.forRows(1, y1 - y0, (unused, dy) -> {
                int y = y0 + dy;
                for (int x = x0; x < x1; x++) {
                    for (int c = 0; c < d.c(); c++) {
                        if ((mask >> c & 1) == 0) {
                            continue;
                        }
                        float v = random ? randomByte(seed, img, x, y, c) : Float.intBitsToFloat(table[off + 6 + c]);
                        CpuPixels.store(out, d.offset(img, y, x, c), d.dtype(), v);
                    }
                }
            });
        }
    }

    private static void runBatch(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, List<Area> areas,
                                 int[] table, boolean random, int seed, Stream stream) {
        OP.batchOutput("dst batch", dst, "src batch", src, true);
        OP.batchPixels("dst batch", dst, p);
        OP.sameSizes("dst batch", dst, "src batch", src);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                int image = i;
                List<Area> own = areas.stream().filter(a -> a.image() == image)
                        .map(a -> new Area(a.x(), a.y(), a.width(), a.height(), a.channelMask(), a.values(), 0)).toList();
                Tensor d = dst.image(i);
                PixelGrid s = OP.image("src image " + i, src.image(i));
                run(d, s, table(own, random, 1, p.channels(), j -> src.imageSize(image)), random, seed + i, null);
            }
            return;
        }
        Stream s = OP.stream(src.image(0), stream);
        boolean inPlace = true;
        for (int i = 0; i < src.size() && inPlace; i++) {
            inPlace = sameView(dst.image(i), src.image(i));
        }
        if (!inPlace) { // one copy launch per 256 images (an image erased in place copies onto itself: no harm)
            int[] zeros = new int[src.size()];
            PixelCopies.batch(src, dst, zeros, zeros, zeros, s);
        }
        int count = table.length / ROW;
        int[] box = largestBox(table);
        if (count == 0 || box[0] == 0 || box[1] == 0) {
            return;
        }
        var k = KernelLibrary.kernel(src.device(), "cvj_erase_vs_" + KernelLibrary.typeName(p.dataType()));
        Tensor t = DeviceParameters.upload(table, s);
        try {
            for (int first = 0; first < count; first += Launch.MAX_GRID_YZ) {
                KernelArgs a = Launch.args().pointer(dst.descriptors(s)).i32(p.channels()).pointer(t.address()).i32(count)
                        .i32(first).i32(random ? 1 : 0).i32(seed);
                launch(k, box, Math.min(Launch.MAX_GRID_YZ, count - first), s, a);
            }
        } finally {
            t.close(s);
        }
    }
}

package dev.cvj.ops;

import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The minimum and maximum of each single-channel image and where they are, CV-CUDA's MinMaxLoc
 * ({@code cvcuda.min_max_loc}, {@code min_loc}, {@code max_loc}), per image:
 * <ul>
 *   <li>{@code minVal}, {@code maxVal}: the extremes, of CV-CUDA's value types: S32 for S8/S16/S32 images, U32 for
 *       U8/U16/U32, F32 for F32, F64 for F64; shape {@code [N]} or {@code [N, 1]};</li>
 *   <li>{@code numMin}, {@code numMax}: S32, how many pixels hold the extreme (all of them, also beyond the
 *       capacity, as CV-CUDA); shape {@code [N]} or {@code [N, 1]};</li>
 *   <li>{@code minLoc}, {@code maxLoc}: S32 {@code [N, M, 2]}, the (x, y) of the first {@code min(count, M)} pixels
 *       holding the extreme in row-major order (y, then x); the entries past them are (-1, -1).</li>
 * </ul>
 * N is the number of images (1 for HWC and CHW, the batch size of a varshape batch); M, the capacity, is the
 * locations tensor's second extent ({@code numMaxLocs} of CV-CUDA).
 *
 * <p>Location order: CV-CUDA documents its locations as "in no particular order, might differ in different runs";
 * cvj gives them in row-major order on the CPU and on the GPU alike, so that the first one is OpenCV's
 * {@code cv::minMaxLoc} location (its first occurrence in row-major order) and GPU and CPU agree bit for bit.
 * Floats: NaN elements are skipped (an image of NaN only gives NaN extremes, counts 0, no locations); -0.0 counts
 * as below +0.0 (a zero extreme is located where its sign matches). Deliberate differences from CV-CUDA: the unused
 * location entries are written (-1, -1) rather than left as they were; each of the six outputs may be null on its
 * own (CV-CUDA takes each extreme's value, locations and count together).
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>outputs</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>see above (any strides)</td></tr>
 *   <tr><td>Data types</td><td>U8, S8, U16, S16, U32, S32, F32, F64</td><td>see above</td></tr>
 *   <tr><td>Channels</td><td>1</td><td></td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} of one of those types, 1 channel (1 to 65535 images on a
 *       device)</td><td>the same tensors, N = the batch size</td></tr>
 * </table>
 * Images have 1 to 2^31 - 1 pixels. The outputs are in src's place, writable, apart from src and from each other.
 *
 * <p>On the GPU five launches, no host round trip, over segments of 4096 consecutive pixels of each image: the
 * extremes (block reductions of order-preserving 64-bit keys, one atomic per block), each segment's count, one block
 * per image for the segments' offsets, the values and counts, then the segments that start below the capacity write
 * their locations in order (warp ballots and a block scan). With at most one location per extreme (capacity 1, or
 * no locations tensors) two launches instead: one pass in which each block of 8192 pixels reduces each extreme, its
 * count and its first index, then one block per image merges them; the results are the same. A benchmark should
 * compare NPP's {@code nppiMinMaxIndx} (one location each) and a large capacity on images of few values.
 *
 * <pre>{@code
 * try (MinMaxLoc.Result r = MinMaxLoc.minMaxLoc(gray, 4)) {   // up to 4 locations each
 *     Tensor where = r.maxLoc();                              // S32 [N, 4, 2]
 * }
 * }</pre>
 */
public final class MinMaxLoc {
    /**
     * The outputs of an allocating call: null where not asked for ({@link #minLoc} has no max half, {@link #maxLoc}
     * no min half). Closing it closes every tensor it holds.
     *
     * @param minVal each image's minimum, {@code [N]}
     * @param minLoc the locations of the minima, S32 {@code [N, M, 2]} (layout HWC: image, entry, x and y)
     * @param numMin how many pixels hold each minimum, S32 {@code [N]}
     * @param maxVal each image's maximum, {@code [N]}
     * @param maxLoc the locations of the maxima, S32 {@code [N, M, 2]} (layout HWC: image, entry, x and y)
     * @param numMax how many pixels hold each maximum, S32 {@code [N]}
     */
    public record Result(Tensor minVal, Tensor minLoc, Tensor numMin, Tensor maxVal, Tensor maxLoc, Tensor numMax)
            implements AutoCloseable {
        @Override
        public void close() {
            for (Tensor t : Arrays.asList(minVal, minLoc, numMin, maxVal, maxLoc, numMax)) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }

    private static final OpCheck OP = OpCheck.of("MinMaxLoc");
    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.S8, DataType.U16, DataType.S16,
            DataType.U32, DataType.S32, DataType.F32, DataType.F64);
    private static final String[] ROLES = {"minVal", "minLoc", "numMin", "maxVal", "maxLoc", "numMax"};
    /** Pixels per segment of the GPU passes (min_max_loc.cu's MML_SEG). */
    private static final int SEGMENT = 4096;
    /** Pixels per block of the one-pass path (min_max_loc.cu's MML_FIRST_SEG). */
    private static final int FIRST_SEGMENT = 8192;

    private MinMaxLoc() {}

    /**
     * The value type of the extremes of {@code src} images: S32 for S8, S16, S32; U32 for U8, U16, U32; F32, F64.
     *
     * @param src the images' data type
     * @return the type of minVal and maxVal
     * @throws IllegalArgumentException if MinMaxLoc does not take {@code src}
     */
    public static DataType valueType(DataType src) {
        return switch (src) {
            case S8, S16, S32 -> DataType.S32;
            case U8, U16, U32 -> DataType.U32;
            case F32, F64 -> src;
            default -> throw OP.fail("src has data type " + src + "; supported: " + TYPES);
        };
    }

    /**
     * New tensors: each image's minimum and maximum, their counts and up to {@code capacity} locations each.
     *
     * @param src the input image(s), as the support table allows
     * @param capacity M, the most locations kept per image and extreme (at least 1)
     * @param stream the stream for device work; null: the current stream
     * @return the six outputs, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src is closed
     */
    public static Result minMaxLoc(Tensor src, int capacity, Stream stream) {
        return allocate(src, capacity, true, true, stream);
    }

    /**
     * As {@link #minMaxLoc(Tensor, int, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param capacity M, the most locations kept per image and extreme (at least 1)
     * @return the six outputs, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src is closed
     */
    public static Result minMaxLoc(Tensor src, int capacity) {
        return minMaxLoc(src, capacity, null);
    }

    /**
     * New tensors: each image's minimum, its count and up to {@code capacity} locations (the max half null).
     *
     * @param src the input image(s), as the support table allows
     * @param capacity M, the most locations kept per image (at least 1)
     * @param stream the stream for device work; null: the current stream
     * @return minVal, minLoc and numMin, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src is closed
     */
    public static Result minLoc(Tensor src, int capacity, Stream stream) {
        return allocate(src, capacity, true, false, stream);
    }

    /**
     * As {@link #minLoc(Tensor, int, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param capacity M, the most locations kept per image (at least 1)
     * @return minVal, minLoc and numMin, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src is closed
     */
    public static Result minLoc(Tensor src, int capacity) {
        return minLoc(src, capacity, null);
    }

    /**
     * New tensors: each image's maximum, its count and up to {@code capacity} locations (the min half null).
     *
     * @param src the input image(s), as the support table allows
     * @param capacity M, the most locations kept per image (at least 1)
     * @param stream the stream for device work; null: the current stream
     * @return maxVal, maxLoc and numMax, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src is closed
     */
    public static Result maxLoc(Tensor src, int capacity, Stream stream) {
        return allocate(src, capacity, false, true, stream);
    }

    /**
     * As {@link #maxLoc(Tensor, int, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param capacity M, the most locations kept per image (at least 1)
     * @return maxVal, maxLoc and numMax, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if src is closed
     */
    public static Result maxLoc(Tensor src, int capacity) {
        return maxLoc(src, capacity, null);
    }

    /**
     * Writes the extremes of each image of {@code src} into the caller's tensors (see the class comment for their
     * types and shapes); any of them may be null, at least one is not.
     *
     * @param src the input image(s), as the support table allows
     * @param minVal each image's minimum, or null
     * @param minLoc the minima's locations, S32 {@code [N, M, 2]}, or null
     * @param numMin the minima's counts, S32, or null
     * @param maxVal each image's maximum, or null
     * @param maxLoc the maxima's locations, S32 {@code [N, M, 2]}, or null
     * @param numMax the maxima's counts, S32, or null
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static void minMaxLocInto(Tensor src, Tensor minVal, Tensor minLoc, Tensor numMin, Tensor maxVal, Tensor maxLoc,
                                     Tensor numMax, Stream stream) {
        PixelGrid s = check(src);
        Tensor[] out = {minVal, minLoc, numMin, maxVal, maxLoc, numMax};
        checkOutputs(out, src, s.n(), s.dtype(), List.of(src));
        run(new Source(s, null), out, stream);
    }

    /**
     * As {@link #minMaxLocInto(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param minVal each image's minimum, or null
     * @param minLoc the minima's locations, S32 {@code [N, M, 2]}, or null
     * @param numMin the minima's counts, S32, or null
     * @param maxVal each image's maximum, or null
     * @param maxLoc the maxima's locations, S32 {@code [N, M, 2]}, or null
     * @param numMax the maxima's counts, S32, or null
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static void minMaxLocInto(Tensor src, Tensor minVal, Tensor minLoc, Tensor numMin, Tensor maxVal, Tensor maxLoc,
                                     Tensor numMax) {
        minMaxLocInto(src, minVal, minLoc, numMin, maxVal, maxLoc, numMax, null);
    }

    /**
     * New tensors: the extremes of each image of a varshape batch, as the single-image call gives them for that image.
     *
     * @param src the input batch: one of the types above, 1 channel
     * @param capacity M, the most locations kept per image and extreme (at least 1)
     * @param stream the stream for device work; null: the current stream
     * @return the six outputs, N = the batch size, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (a closed or empty batch; the message
     *         names the operator and the argument); nothing has run then
     * @throws NullPointerException if src is null
     */
    public static Result minMaxLoc(ImageBatchVarShape src, int capacity, Stream stream) {
        check(src);
        return allocateAndRun(src.image(0), new Source(null, src), capacity, true, true, stream);
    }

    /**
     * As {@link #minMaxLoc(ImageBatchVarShape, int, Stream)}, on the current stream.
     *
     * @param src the input batch: one of the types above, 1 channel
     * @param capacity M, the most locations kept per image and extreme (at least 1)
     * @return the six outputs, N = the batch size, beside src
     * @throws IllegalArgumentException if an argument breaks the support table (a closed or empty batch; the message
     *         names the operator and the argument); nothing has run then
     * @throws NullPointerException if src is null
     */
    public static Result minMaxLoc(ImageBatchVarShape src, int capacity) {
        return minMaxLoc(src, capacity, null);
    }

    /**
     * Writes the extremes of each image of a varshape batch into the caller's tensors (N = the batch size); any of them
     * may be null, at least one is not.
     *
     * @param src the input batch: one of the types above, 1 channel
     * @param minVal each image's minimum, or null
     * @param minLoc the minima's locations, S32 {@code [N, M, 2]}, or null
     * @param numMin the minima's counts, S32, or null
     * @param maxVal each image's maximum, or null
     * @param maxLoc the maxima's locations, S32 {@code [N, M, 2]}, or null
     * @param numMax the maxima's counts, S32, or null
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static void minMaxLocInto(ImageBatchVarShape src, Tensor minVal, Tensor minLoc, Tensor numMin, Tensor maxVal,
                                     Tensor maxLoc, Tensor numMax, Stream stream) {
        DataType t = check(src);
        Tensor[] out = {minVal, minLoc, numMin, maxVal, maxLoc, numMax};
        List<Tensor> images = new ArrayList<>();
        src.forEach(images::add);
        checkOutputs(out, src.image(0), src.size(), t, images);
        run(new Source(null, src), out, stream);
    }

    /**
     * As {@link #minMaxLocInto(ImageBatchVarShape, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Stream)}, on the
     * current stream.
     *
     * @param src the input batch: one of the types above, 1 channel
     * @param minVal each image's minimum, or null
     * @param minLoc the minima's locations, S32 {@code [N, M, 2]}, or null
     * @param numMin the minima's counts, S32, or null
     * @param maxVal each image's maximum, or null
     * @param maxLoc the maxima's locations, S32 {@code [N, M, 2]}, or null
     * @param numMax the maxima's counts, S32, or null
     * @throws IllegalArgumentException if an argument breaks the support table (the message names the operator and the
     *         argument); nothing has run then
     * @throws NullPointerException if src is null
     * @throws IllegalStateException if a tensor is closed
     */
    public static void minMaxLocInto(ImageBatchVarShape src, Tensor minVal, Tensor minLoc, Tensor numMin, Tensor maxVal,
                                     Tensor maxLoc, Tensor numMax) {
        minMaxLocInto(src, minVal, minLoc, numMin, maxVal, maxLoc, numMax, null);
    }

    // ---- checks ----

    private static PixelGrid check(Tensor src) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, TYPES);
        OP.channels("src", s, 1, 1);
        OP.nonEmpty("src", s);
        Histogram.pixelCount(OP, "src", s.h(), s.w());
        if (!src.isHost() && s.n() > Launch.MAX_GRID_YZ) {
            throw OP.fail("src has " + s.n() + " images: at most " + Launch.MAX_GRID_YZ + " on a device (one launch's grid z)");
        }
        return s;
    }

    private static DataType check(ImageBatchVarShape src) {
        DataType t = OP.batch("src batch", src, TYPES, 1, 1).dataType();
        for (int i = 0; i < src.size(); i++) {
            ImageSize z = src.imageSize(i);
            Histogram.pixelCount(OP, "src batch image " + i + ":", z.height(), z.width());
        }
        return t;
    }

    private static void checkCapacity(int capacity) {
        if (capacity < 1) {
            throw OP.fail("capacity " + capacity + " must be at least 1 (locations per image)");
        }
    }

    /** The outputs against the support table: types, shapes of N images, place, writable, apart from src and each other. */
    private static void checkOutputs(Tensor[] out, Tensor like, int n, DataType srcType, List<Tensor> srcs) {
        DataType value = valueType(srcType);
        boolean any = false;
        for (int k = 0; k < out.length; k++) {
            Tensor t = out[k];
            if (t == null) {
                continue;
            }
            any = true;
            String role = ROLES[k];
            OP.samePlace("src", like, role, t);
            long[] shape = t.shape();
            boolean loc = k % 3 == 1;
            DataType want = k % 3 == 0 ? value : DataType.S32;
            boolean shapeOk = loc ? shape.length == 3 && shape[0] == n && shape[1] >= 1 && shape[1] <= Integer.MAX_VALUE
                    && shape[2] == 2 : (shape.length == 1 || (shape.length == 2 && shape[1] == 1)) && shape[0] == n;
            if (t.dtype() != want || !shapeOk) {
                throw OP.fail(role + " must be " + want + " of shape " + (loc ? "[" + n + ", M, 2] (M >= 1)"
                        : "[" + n + "] or [" + n + ", 1]") + (k % 3 == 0 ? " for " + srcType + " images" : "") + ", not "
                        + t.dtype() + " " + Arrays.toString(shape));
            }
            OP.writable(role, t);
            for (int i = 0; i < srcs.size(); i++) {
                OP.apart(role, t, srcs.size() == 1 ? "src" : "src image " + i, srcs.get(i), false);
            }
            for (int j = 0; j < k; j++) {
                if (out[j] != null) {
                    OP.apart(role, t, ROLES[j], out[j], false);
                }
            }
        }
        if (!any) {
            throw OP.fail("every output is null: give at least one of " + String.join(", ", ROLES));
        }
    }

    // ---- allocation ----

    private static Result allocate(Tensor src, int capacity, boolean min, boolean max, Stream stream) {
        return allocateAndRun(src, new Source(check(src), null), capacity, min, max, stream);
    }

    /** New outputs beside {@code like} (the min half, the max half or both), filled by the call; closed if it throws. */
    private static Result allocateAndRun(Tensor like, Source src, int capacity, boolean min, boolean max, Stream stream) {
        checkCapacity(capacity);
        Result r = allocateOutputs(like, stream, src.images(), capacity, src.dtype(), min, max);
        try {
            run(src, outputs(r), stream);
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
        return r;
    }

    private static Result allocateOutputs(Tensor like, Stream stream, int n, int capacity, DataType srcType, boolean min,
                                          boolean max) {
        DataType value = valueType(srcType);
        List<Tensor> made = new ArrayList<>();
        try {
            Tensor[] t = new Tensor[6];
            for (int k = 0; k < 6; k++) {
                if (k < 3 ? !min : !max) {
                    continue;
                }
                boolean loc = k % 3 == 1;
                t[k] = Outputs.allocate(OP, like, loc ? new long[] {n, capacity, 2} : new long[] {n},
                        k % 3 == 0 ? value : DataType.S32, loc ? TensorLayout.HWC : null, stream, x -> { });
                made.add(t[k]);
            }
            return new Result(t[0], t[1], t[2], t[3], t[4], t[5]);
        } catch (RuntimeException | Error e) {
            made.forEach(Tensor::close);
            throw e;
        }
    }

    private static Tensor[] outputs(Result r) {
        return new Tensor[] {r.minVal(), r.minLoc(), r.numMin(), r.maxVal(), r.maxLoc(), r.numMax()};
    }

    // ---- the work ----

    /** The images: a tensor's (grid) or a varshape batch's (batch); exactly one is not null. */
    private record Source(PixelGrid grid, ImageBatchVarShape batch) {
        int images() {
            return grid != null ? grid.n() : batch.size();
        }

        boolean host() {
            return grid != null ? grid.tensor().isHost() : batch.isHost();
        }

        DataType dtype() {
            return grid != null ? grid.dtype() : batch.uniqueFormat().dataType();
        }
    }

    private static void run(Source src, Tensor[] out, Stream stream) {
        if (src.host()) {
            for (int i = 0; i < src.images(); i++) {
                if (src.grid() != null) {
                    cpu(src.grid(), i, out, i);
                } else {
                    cpu(OP.image("src image " + i, src.batch().image(i)), 0, out, i);
                }
            }
            return;
        }
        gpu(src, out, stream);
    }

    /** Reads element {@code off} of {@code s} as a double (exact for every type taken). */
    private static double load(MemorySegment s, long off, DataType t) {
        return switch (t) {
            case U8 -> s.get(ValueLayout.JAVA_BYTE, off) & 0xff;
            case S8 -> s.get(ValueLayout.JAVA_BYTE, off);
            case U16 -> s.get(ValueLayout.JAVA_SHORT_UNALIGNED, off) & 0xffff;
            case S16 -> s.get(ValueLayout.JAVA_SHORT_UNALIGNED, off);
            case U32 -> s.get(ValueLayout.JAVA_INT_UNALIGNED, off) & 0xffffffffL;
            case S32 -> s.get(ValueLayout.JAVA_INT_UNALIGNED, off);
            case F32 -> s.get(ValueLayout.JAVA_FLOAT_UNALIGNED, off);
            default -> s.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, off);
        };
    }

    /**
     * The CPU path for image {@code img} of {@code s} into output row {@code row}: the extremes in Double.compare's
     * order (NaN skipped, -0.0 below +0.0), then a row-major scan for their counts and first locations.
     */
    private static void cpu(PixelGrid s, int img, Tensor[] out, int row) {
        MemorySegment in = s.host();
        DataType t = s.dtype();
        double lo = Double.NaN, hi = Double.NaN;
        for (int y = 0; y < s.h(); y++) {
            for (int x = 0; x < s.w(); x++) {
                double v = load(in, s.offset(img, y, x, 0), t);
                if (Double.isNaN(v)) {
                    continue;
                }
                if (Double.isNaN(lo) || Double.compare(v, lo) < 0) {
                    lo = v;
                }
                if (Double.isNaN(hi) || Double.compare(v, hi) > 0) {
                    hi = v;
                }
            }
        }
        int[] count = new int[2];
        for (int y = 0; y < s.h(); y++) {
            for (int x = 0; x < s.w(); x++) {
                double v = load(in, s.offset(img, y, x, 0), t);
                for (int e = 0; e < 2; e++) {
                    if (Double.compare(v, e == 0 ? lo : hi) == 0 && !Double.isNaN(v)) {
                        Tensor loc = out[3 * e + 1];
                        if (loc != null && count[e] < loc.shape(1)) {
                            writeLocation(loc, row, count[e], x, y);
                        }
                        count[e]++;
                    }
                }
            }
        }
        for (int e = 0; e < 2; e++) {
            Tensor val = out[3 * e], loc = out[3 * e + 1], num = out[3 * e + 2];
            if (val != null) {
                writeValue(val, row, e == 0 ? lo : hi);
            }
            if (num != null) {
                num.hostSegment().set(ValueLayout.JAVA_INT_UNALIGNED, row * num.strides()[0], count[e]);
            }
            for (long i = count[e]; loc != null && i < loc.shape(1); i++) {
                writeLocation(loc, row, i, -1, -1);
            }
        }
    }

    private static void writeLocation(Tensor loc, int row, long i, int x, int y) {
        long[] st = loc.strides();
        long at = row * st[0] + i * st[1];
        loc.hostSegment().set(ValueLayout.JAVA_INT_UNALIGNED, at, x);
        loc.hostSegment().set(ValueLayout.JAVA_INT_UNALIGNED, at + st[2], y);
    }

    /** An extreme in its output type (NaN: an image of NaN only). */
    private static void writeValue(Tensor val, int row, double v) {
        MemorySegment m = val.hostSegment();
        long at = row * val.strides()[0];
        switch (val.dtype()) {
            case F32 -> m.set(ValueLayout.JAVA_FLOAT_UNALIGNED, at, (float) v);
            case F64 -> m.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, at, v);
            default -> m.set(ValueLayout.JAVA_INT_UNALIGNED, at, (int) (long) v); // S32, or U32's bits
        }
    }

    /**
     * Whether the GPU takes the one-pass path: at most one location kept per extreme (a locations tensor of capacity 1,
     * or none), so each block's (extreme, count, first location) is all that is merged.
     */
    static boolean firstLocationsOnly(Tensor minLoc, Tensor maxLoc) {
        return (minLoc == null || minLoc.shape(1) <= 1) && (maxLoc == null || maxLoc.shape(1) <= 1);
    }

    private static void gpu(Source src, Tensor[] out, Stream stream) {
        PixelGrid g = src.grid();
        ImageBatchVarShape b = src.batch();
        Stream st = OP.stream(g != null ? g.tensor() : b.image(0), stream);
        var device = g != null ? g.tensor().device() : b.device();
        int n = src.images();
        long pixels;
        if (g != null) {
            pixels = (long) g.h() * g.w();
        } else {
            pixels = 0;
            for (int i = 0; i < n; i++) {
                pixels = Math.max(pixels, (long) b.imageSize(i).width() * b.imageSize(i).height());
            }
        }
        String type = KernelLibrary.typeName(src.dtype());
        if (firstLocationsOnly(out[1], out[4])) {
            firstLocations(g, b, n, pixels, type, out, st);
            return;
        }
        int segments = (int) Math.max(1, (pixels + SEGMENT - 1) / SEGMENT);
        try (Tensor scratch = Tensor.allocate(new long[] {4L * n + 2L * n * segments}, DataType.S32, null, st)) {
            long keys = scratch.address(), counts = keys + 16L * n;
            long descs = b == null ? 0 : b.descriptors(st);
            Launch.blocks(KernelLibrary.kernel(device, "cvj_min_max_loc_init"), 1, 1, n, 32, st, Launch.args().pointer(keys));
            Launch.blocks(KernelLibrary.kernel(device, "cvj_min_max_loc_extremes_" + type), segments, 1, n, 256, st,
                    image(g, descs).pointer(keys));
            Launch.blocks(KernelLibrary.kernel(device, "cvj_min_max_loc_count_" + type), segments, 1, n, 256, st,
                    image(g, descs).pointer(keys).pointer(counts).i64(segments));
            KernelArgs finish = Launch.args().pointer(keys).pointer(counts).i64(segments);
            for (int e = 0; e < 2; e++) {
                Tensor val = out[3 * e], num = out[3 * e + 2];
                finish.pointer(val == null ? 0 : val.address()).i64(val == null ? 0 : val.strides()[0])
                        .pointer(num == null ? 0 : num.address()).i64(num == null ? 0 : num.strides()[0]);
            }
            Launch.blocks(KernelLibrary.kernel(device, "cvj_min_max_loc_finish_" + type), 1, 1, n, 256, st, locations(finish, out));
            Launch.blocks(KernelLibrary.kernel(device, "cvj_min_max_loc_locate_" + type), segments, 1, n, 256, st,
                    locations(image(g, descs).pointer(keys).pointer(counts).i64(segments), out));
            scratch.close(st);
        }
    }

    /** The one-pass path: block records of (extreme, count, first index), 16 bytes each, then one merge per image. */
    private static void firstLocations(PixelGrid g, ImageBatchVarShape b, int n, long pixels, String type, Tensor[] out,
                                       Stream st) {
        var device = g != null ? g.tensor().device() : b.device();
        int segments = (int) Math.max(1, (pixels + FIRST_SEGMENT - 1) / FIRST_SEGMENT);
        try (Tensor recs = Tensor.allocate(new long[] {8L * n * segments}, DataType.S32, null, st)) {
            long descs = b == null ? 0 : b.descriptors(st);
            Launch.blocks(KernelLibrary.kernel(device, "cvj_min_max_loc_first_" + type), segments, 1, n, 256, st,
                    image(g, descs).pointer(recs.address()).i64(segments));
            KernelArgs finish = image(g, descs).pointer(recs.address()).i64(segments);
            for (int e = 0; e < 2; e++) {
                Tensor val = out[3 * e], num = out[3 * e + 2];
                finish.pointer(val == null ? 0 : val.address()).i64(val == null ? 0 : val.strides()[0])
                        .pointer(num == null ? 0 : num.address()).i64(num == null ? 0 : num.strides()[0]);
            }
            Launch.blocks(KernelLibrary.kernel(device, "cvj_min_max_loc_first_finish_" + type), 1, 1, n, 256, st,
                    locations(finish, out));
            recs.close(st);
        }
    }

    /** The image arguments of the segment kernels: a tensor's pointer and strides, or a batch's descriptors. */
    private static KernelArgs image(PixelGrid g, long descs) {
        KernelArgs a = Launch.args().pointer(descs);
        return g == null ? a.pointer(0).i64(0).i64(0).i64(0).i32(0).i32(0)
                : a.pointer(g.address()).i64(g.sN()).i64(g.sH()).i64(g.sW()).i32(g.w()).i32(g.h());
    }

    /** The locations arguments: pointer, byte strides of image, entry and coordinate, capacity (0: none), min then max. */
    private static KernelArgs locations(KernelArgs a, Tensor[] out) {
        for (Tensor loc : new Tensor[] {out[1], out[4]}) {
            if (loc == null) {
                a.pointer(0).i64(0).i64(0).i64(0).i32(0);
            } else {
                long[] s = loc.strides();
                a.pointer(loc.address()).i64(s[0]).i64(s[1]).i64(s[2]).i32((int) loc.shape(1));
            }
        }
        return a;
    }

}

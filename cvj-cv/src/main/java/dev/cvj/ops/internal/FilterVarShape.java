package dev.cvj.ops.internal;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.BorderType;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The filters on an {@link ImageBatchVarShape} into a batch of the same sizes, each image with its own parameters: the
 * source and output checks and the one launch for the whole batch (a parameter table uploaded per call), used by
 * MedianBlur, Morphology and the bilateral filters; and {@link FilterPixels}' linear filters with their taps per image
 * (GaussianBlur, BoxFilter, AverageBlur, Laplacian and Conv2D of a batch): the CPU path ({@link FilterPixels} image by
 * image) and one GPU launch for the whole batch ({@code cvj_filter_sep_vs_*} and {@code cvj_filter_2d_vs_*} in
 * filter.cu, the single-image kernels' per-pixel device code). The images' taps and parameters travel in one device
 * table uploaded per call ({@link DeviceParameters}): {@value #PARAM_BYTES} bytes per image (filter.cu's
 * FilterImage), then every image's taps.
 */
public final class FilterVarShape {
    /** Bytes per image of the parameter table (filter.cu's FilterImage). */
    static final int PARAM_BYTES = 64;

    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);

    private final OpCheck op;

    /** The checks of {@code op}. */
    public FilterVarShape(OpCheck op) {
        this.op = op;
    }

    /**
     * Checks the source batch (open, not empty, U8, U16, S16 or F32, 1 to 4 channels) and the border rule (given;
     * WRAP only when {@code wrapAllowed}, as {@link FilterPixels#source}). Returns its pixels.
     */
    public PixelType source(ImageBatchVarShape src, BorderType border, boolean wrapAllowed) {
        PixelType p = source(src);
        op.notNull(border, "border");
        if (border == BorderType.WRAP && !wrapAllowed) {
            throw op.fail("border WRAP is not supported for a src batch of data type " + p.dataType() + " (as in OpenCV)");
        }
        return p;
    }

    /** Checks the source batch: open, not empty, U8, U16, S16 or F32, 1 to 4 channels. Returns its pixels. */
    public PixelType source(ImageBatchVarShape src) {
        return op.batch("src batch", src, TYPES, 1, 4);
    }

    /** Entry {@code i} of a per-image array checked by {@link OpCheck#perImage} (its only entry when it has one). */
    public static int at(int[] values, int i) {
        return values[values.length == 1 ? 0 : i];
    }

    /** As {@link #at(int[], int)}. */
    public static double at(double[] values, int i) {
        return values[values.length == 1 ? 0 : i];
    }

    /**
     * {@code out} filled with {@code make.apply(i)} for each image i; when {@code oneForAll} (every per-image array has
     * one entry), with one value made for image 0, which the images then share (and the GPU table holds once). A
     * refusal of image i's parameters names the image ("image i: ...").
     */
    public <T> T[] each(T[] out, boolean oneForAll, IntFunction<T> make) {
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = oneForAll && i > 0 ? out[0] : make.apply(i);
            } catch (IllegalArgumentException e) {
                if (oneForAll) {
                    throw e;
                }
                String prefix = op.name() + ": ", m = e.getMessage();
                IllegalArgumentException named = op.fail("image " + i + ": "
                        + (m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : m));
                named.initCause(e);
                throw named;
            }
        }
        return out;
    }

    /** Checks that the per-image array {@code values} ({@code role}) has 1 entry or one per image of {@code src}. */
    public void perImage(String role, int[] values, ImageBatchVarShape src) {
        op.notNull(values, role);
        op.perImage(role, values.length, src.size());
    }

    /** As {@link #perImage(String, int[], ImageBatchVarShape)}. */
    public void perImage(String role, double[] values, ImageBatchVarShape src) {
        op.notNull(values, role);
        op.perImage(role, values.length, src.size());
    }

    /**
     * Each image's box taps ({@link FilterKernels#box}): a {@code kw x kh} window, anchor {@code (anchorX, anchorY)}
     * (-1: the centre), each array 1 entry for all images or one per image (checked here).
     */
    public FilterPixels.Taps[] box(ImageBatchVarShape src, PixelType p, int[] kw, int[] kh, int[] anchorX,
                                   int[] anchorY, boolean normalize) {
        perImage("kw", kw, src);
        perImage("kh", kh, src);
        perImage("anchorX", anchorX, src);
        perImage("anchorY", anchorY, src);
        boolean one = kw.length == 1 && kh.length == 1 && anchorX.length == 1 && anchorY.length == 1;
        return each(new FilterPixels.Taps[src.size()], one, i -> FilterKernels.box(op, p.dataType(), at(kw, i), at(kh, i),
                at(anchorX, i), at(anchorY, i), normalize));
    }

    /**
     * A new batch beside {@code src} (checked by {@link #source}, giving {@code p}) of its sizes and channels, of
     * {@code dstType}, passed to {@code fill}; closed again when {@code fill} throws.
     */
    public ImageBatchVarShape allocate(ImageBatchVarShape src, PixelType p, DataType dstType, Stream stream,
                                       Consumer<ImageBatchVarShape> fill) {
        return Outputs.allocateBatch(op, src, src::imageSize, p.channels(), dstType, stream, fill);
    }

    /**
     * {@code dst} image i = {@code src} image i filtered with the separable {@code taps[i]} (one per image, all of one
     * {@link FilterPixels.Sum}), as {@link FilterPixels#into} filters one image. Checks the dst batch first (src's
     * count, sizes, channels, type and place, writable, apart from every src image).
     */
    public void separable(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, FilterPixels.Taps[] taps,
                          BorderType border, Stream stream) {
        checkOutput(dst, src, p, p.dataType());
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                FilterPixels.into(op, dst.image(i), grid("src image " + i, src.image(i)), taps[i], border, null);
            }
            return;
        }
        int n = taps.length, count = 0;
        for (int i = 0; i < n; i++) {
            count += taps[i] == (i > 0 ? taps[i - 1] : null) ? 0 : taps[i].kx().length + taps[i].ky().length;
        }
        ByteBuffer b = ByteBuffer.allocate(n * PARAM_BYTES + 4 * count).order(ByteOrder.LITTLE_ENDIAN);
        int start = 0, next = 0;
        for (int i = 0; i < n; i++) {
            FilterPixels.Taps t = taps[i];
            if (i == 0 || t != taps[i - 1]) { // images sharing one Taps share its taps in the table
                start = next;
                next = putTaps(b, n, putTaps(b, n, start, t.kx()), t.ky());
            }
            header(b, i, t.kx().length, t.ky().length, t.ax(), t.ay(), start).putInt(i * PARAM_BYTES + 20, t.shift())
                    .putDouble(i * PARAM_BYTES + 24, t.scale()).putLong(i * PARAM_BYTES + 32, t.mul())
                    .putLong(i * PARAM_BYTES + 40, t.delta());
        }
        launch(dst, src, p, "cvj_filter_sep_vs_" + taps[0].sum().name().toLowerCase(Locale.ROOT) + "_"
                + KernelLibrary.typeName(p.dataType()), b.array(), border, stream);
    }

    /**
     * {@code dst} image i = {@code src} image i filtered with the general kernel {@code taps[i]} (one per image) into
     * {@code dstType}, as {@link FilterPixels#into2D} filters one image. Checks the dst batch first (src's count,
     * sizes, channels and place, of {@code dstType}, writable, apart from every src image).
     */
    public void general(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, DataType dstType,
                        FilterPixels.Taps2D[] taps, BorderType border, Stream stream) {
        checkOutput(dst, src, p, dstType);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                FilterPixels.into2D(op, dst.image(i), grid("src image " + i, src.image(i)), dstType, taps[i], border,
                        null);
            }
            return;
        }
        int n = taps.length, count = 0;
        for (int i = 0; i < n; i++) {
            count += taps[i] == (i > 0 ? taps[i - 1] : null) ? 0 : taps[i].k().length;
        }
        ByteBuffer b = ByteBuffer.allocate(n * PARAM_BYTES + 4 * count).order(ByteOrder.LITTLE_ENDIAN);
        int start = 0, next = 0;
        for (int i = 0; i < n; i++) {
            FilterPixels.Taps2D t = taps[i];
            if (i == 0 || t != taps[i - 1]) {
                start = next;
                next = putTaps(b, n, start, t.k());
            }
            header(b, i, t.kw(), t.kh(), t.ax(), t.ay(), start).putFloat(i * PARAM_BYTES + 48, t.delta());
        }
        launch(dst, src, p, "cvj_filter_2d_vs_" + KernelLibrary.typeName(p.dataType()) + "_"
                + KernelLibrary.typeName(dstType), b.array(), border, stream);
    }

    /** Image i's kernel size, anchor and first tap (in floats from the taps' start) in the parameter table. */
    private static ByteBuffer header(ByteBuffer b, int i, int kw, int kh, int ax, int ay, int start) {
        return b.putInt(i * PARAM_BYTES, kw).putInt(i * PARAM_BYTES + 4, kh).putInt(i * PARAM_BYTES + 8, ax)
                .putInt(i * PARAM_BYTES + 12, ay).putInt(i * PARAM_BYTES + 16, start);
    }

    /** Writes {@code taps} at float {@code start} of the taps after {@code n} images' parameters; returns the next. */
    private static int putTaps(ByteBuffer b, int n, int start, float[] taps) {
        for (int j = 0; j < taps.length; j++) {
            b.putFloat(n * PARAM_BYTES + 4 * (start + j), taps[j]);
        }
        return start + taps.length;
    }

    /**
     * One launch of {@code name} over the largest image, grid z = image, with the arguments (src table, dst table,
     * parameter table, then what {@code rest} adds, given the parameter table's address), {@code table} uploaded first.
     */
    public void launch(ImageBatchVarShape dst, ImageBatchVarShape src, String name, byte[] table,
                       BiConsumer<KernelArgs, Long> rest, Stream stream) {
        Tensor first = src.image(0);
        Stream s = op.stream(first, stream);
        Kernel k = KernelLibrary.kernel(first.device(), name);
        ImageSize max = src.maxSize();
        long srcTable = src.descriptors(s), dstTable = dst.descriptors(s);
        Tensor params = DeviceParameters.upload(table, s);
        try {
            KernelArgs a = Launch.args().pointer(srcTable).pointer(dstTable).pointer(params.address());
            rest.accept(a, params.address());
            Launch.image(k, max.width(), max.height(), src.size(), s, a);
        } finally {
            params.close(s);
        }
    }

    private void launch(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, String name, byte[] table,
                        BorderType border, Stream stream) {
        launch(dst, src, name, table, (a, params) -> a.pointer(params + (long) src.size() * PARAM_BYTES)
                .i32(p.channels()).i32(border.code()), stream);
    }

    /**
     * Checks {@code dst} as the output of {@code src} (checked by {@link #source}, giving {@code p}): open, src's count,
     * sizes, channels and place, of {@code dstType}, writable, no dst image overlapping a src image.
     */
    public void checkOutput(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, DataType dstType) {
        op.batchOutput("dst batch", dst, "src batch", src, false);
        op.batchPixels("dst batch", dst, new PixelType(p.channels(), dstType));
        op.sameSizes("dst batch", dst, "src batch", src);
    }

    /** Image {@code role} of a batch (an interleaved HWC view) as a pixel grid. */
    public PixelGrid grid(String role, Tensor image) {
        return op.image(role, image, PixelGrid.INTERLEAVED);
    }
}

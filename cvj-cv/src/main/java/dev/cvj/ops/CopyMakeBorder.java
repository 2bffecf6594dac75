package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;

/**
 * Pads every image with a border, OpenCV's {@code copyMakeBorder} (and CV-CUDA's): the output is
 * {@code (W + left + right) x (H + top + bottom)}; pixel (x, y) is the source pixel
 * {@code (border(x - left), border(y - top))} by {@link BorderType#interpolate}, or the constant for
 * {@link BorderType#CONSTANT}. Borders wider than the image follow {@code cv::borderInterpolate} (REFLECT and
 * WRAP repeat). The constant is one value per channel (or one for all; up to 4 accepted, like {@code cv::Scalar}), saturated to the element type
 * like OpenCV's {@code scalarToRawData}. Bit-exact.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>all</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Borders</td><td colspan="2">CONSTANT, REPLICATE, REFLECT, WRAP, REFLECT_101; sizes &gt;= 0</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the
 *       host; each its own size and row pitch; the types and channels above)</td><td>one NHWC tensor of the batch's
 *       count, type and channels, of one size ({@link #padAndStack}); host batch with host dst, device batch with
 *       dst on its device</td></tr>
 * </table>
 * dst must not overlap src in memory (refused; for batches, dst must not overlap any src image).
 *
 * <pre>{@code
 * Tensor padded = CopyMakeBorder.copyMakeBorder(img, 8, 8, 16, 16, BorderType.REFLECT_101, null, stream);
 * }</pre>
 *
 * <p>Varshape batches, CV-CUDA's PadAndStack ({@code copymakeborderstack}): image i of the batch is placed at
 * ({@code left[i]}, {@code top[i]}) of image i of an NHWC tensor of one size {@code W x H}, the rest filled by the
 * border rule: exactly what {@link #copyMakeBorder} gives for that image with {@code top[i]}, {@code left[i]},
 * {@code bottom = H - top[i] - h_i} and {@code right = W - left[i] - w_i} (refused when negative). The CPU path runs
 * the single-image CPU path image by image, the GPU one launch per 256 images (their offsets go by value) reading
 * the batch's descriptor table, with the single-image dense-row kernel's code.
 *
 * <pre>{@code
 * Tensor stacked = CopyMakeBorder.padAndStack(batch, new int[] {0}, new int[] {0}, ImageSize.of(640, 640),
 *         BorderType.CONSTANT, new double[] {114}, stream);   // every image at the top left of a 640 x 640 canvas
 * }</pre>
 */
public final class CopyMakeBorder {
    private static final OpCheck OP = OpCheck.of("CopyMakeBorder");
    private static final Set<DataType> ALL_TYPES = EnumSet.allOf(DataType.class);
    /** Images per launch of {@code cvj_pad_and_stack} (layout.cu's {@code PAD_IMAGES}): their offsets go by value. */
    private static final int IMAGES_PER_LAUNCH = 256;

    private CopyMakeBorder() {}

    /**
     * A new tensor: {@code src} with the borders added. {@code value}: the CONSTANT colour (null = 0).
     *
     * @param src the input image(s), as the support table allows
     * @param top the rows added above (for a batch: each image's, as a tensor)
     * @param bottom the rows added below
     * @param left the columns added on the left (for a batch: each image's, as a tensor)
     * @param right the columns added on the right
     * @param border how pixels outside the image are read
     * @param value the value of the added pixels for {@link BorderType#CONSTANT}, one or one per channel (null: 0)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor copyMakeBorder(Tensor src, int top, int bottom, int left, int right, BorderType border,
                                        double[] value, Stream stream) {
        PixelGrid s = checkSrc(src, border, value);
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw OP.fail("border sizes must be >= 0, got top=" + top + ", bottom=" + bottom
                    + ", left=" + left + ", right=" + right);
        }
        long w = (long) s.w() + left + right, h = (long) s.h() + top + bottom;
        if (w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw OP.fail("padded image of " + w + "x" + h + " is too large");
        }
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(src.layout(), s.n(), (int) h, (int) w, s.c()), src.dtype(),
                src.layout(), stream, dst -> run(OP.image("dst", dst, PixelGrid.ANY_IMAGE), s, top, left, border, value,
                        stream));
    }

    /**
     * As {@link #copyMakeBorder(Tensor, int, int, int, int, BorderType, double[], Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param top the rows added above (for a batch: each image's, as a tensor)
     * @param bottom the rows added below
     * @param left the columns added on the left (for a batch: each image's, as a tensor)
     * @param right the columns added on the right
     * @param border how pixels outside the image are read
     * @param value the value of the added pixels for {@link BorderType#CONSTANT}, one or one per channel (null: 0)
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor copyMakeBorder(Tensor src, int top, int bottom, int left, int right, BorderType border,
                                        double[] value) {
        return copyMakeBorder(src, top, bottom, left, right, border, value, null);
    }

    /**
     * Writes {@code src}, placed at ({@code left}, {@code top}) and surrounded by the border, into {@code dst}.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param top the rows added above (for a batch: each image's, as a tensor)
     * @param left the columns added on the left (for a batch: each image's, as a tensor)
     * @param border how pixels outside the image are read
     * @param value the value of the added pixels for {@link BorderType#CONSTANT}, one or one per channel (null: 0)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void copyMakeBorderInto(Tensor dst, Tensor src, int top, int left, BorderType border, double[] value,
                                          Stream stream) {
        PixelGrid s = checkSrc(src, border, value);
        PixelGrid d = OP.image("dst", dst, PixelGrid.ANY_IMAGE);
        if (top < 0 || left < 0 || (long) top + s.h() > d.h() || (long) left + s.w() > d.w()) {
            throw OP.fail("a " + s.w() + "x" + s.h() + " src at (left=" + left + ", top=" + top
                    + ") does not fit the " + d.w() + "x" + d.h() + " dst (w x h)");
        }
        run(d, s, top, left, border, value, stream); // d: checked once per call
    }

    /**
     * As {@link #copyMakeBorderInto(Tensor, Tensor, int, int, BorderType, double[], Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param top the rows added above (for a batch: each image's, as a tensor)
     * @param left the columns added on the left (for a batch: each image's, as a tensor)
     * @param border how pixels outside the image are read
     * @param value the value of the added pixels for {@link BorderType#CONSTANT}, one or one per channel (null: 0)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void copyMakeBorderInto(Tensor dst, Tensor src, int top, int left, BorderType border, double[] value) {
        copyMakeBorderInto(dst, src, top, left, border, value, null);
    }

    /**
     * A new NHWC tensor of {@code src.size()} images of {@code size} pixels (the batch's type and channels): image i
     * of
     * the batch placed at ({@code left[i]}, {@code top[i]}), the rest filled by {@code border} (CV-CUDA's
     * PadAndStack).
     * {@code top} and {@code left} hold one value for every image or one per image; every image must fit
     * ({@code top[i] + h_i <= H}, {@code left[i] + w_i <= W}). {@code value}: the CONSTANT colour (null = 0).
     *
     * @param src the input image(s), as the support table allows
     * @param top the rows added above (for a batch: each image's, as a tensor)
     * @param left the columns added on the left (for a batch: each image's, as a tensor)
     * @param size the size of every output image
     * @param border how pixels outside the image are read
     * @param value the value of the added pixels for {@link BorderType#CONSTANT}, one or one per channel (null: 0)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor padAndStack(ImageBatchVarShape src, int[] top, int[] left, ImageSize size, BorderType border,
                                     double[] value, Stream stream) {
        PixelType p = checkBatch(src, border, value);
        OP.notNull(size, "size");
        if (size.width() < 1 || size.height() < 1) {
            throw OP.fail("output size " + size + " must be at least 1 x 1");
        }
        checkPlacements(src, top, left, size.width(), size.height());
        long[] shape = {src.size(), size.height(), size.width(), p.channels()};
        return Outputs.allocate(OP, src.image(0), shape, p.dataType(), TensorLayout.NHWC, stream,
                dst -> padAndStackInto(dst, src, top, left, border, value, stream));
    }

    /**
     * As {@link #padAndStack(ImageBatchVarShape, int[], int[], ImageSize, BorderType, double[], Stream)}, on the
     * current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param top the rows added above (for a batch: each image's, as a tensor)
     * @param left the columns added on the left (for a batch: each image's, as a tensor)
     * @param size the size of every output image
     * @param border how pixels outside the image are read
     * @param value the value of the added pixels for {@link BorderType#CONSTANT}, one or one per channel (null: 0)
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor padAndStack(ImageBatchVarShape src, int[] top, int[] left, ImageSize size, BorderType border,
                                     double[] value) {
        return padAndStack(src, top, left, size, border, value, null);
    }

    /**
     * As {@link #padAndStack(ImageBatchVarShape, int[], int[], ImageSize, BorderType, double[], Stream)}, the offsets
     * as
     * S32 tensors of shape {@code [1]} or {@code [N]} (host or device; read before any work), as CV-CUDA takes them.
     *
     * @param src the input image(s), as the support table allows
     * @param top the rows added above (for a batch: each image's, as a tensor)
     * @param left the columns added on the left (for a batch: each image's, as a tensor)
     * @param size the size of every output image
     * @param border how pixels outside the image are read
     * @param value the value of the added pixels for {@link BorderType#CONSTANT}, one or one per channel (null: 0)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor padAndStack(ImageBatchVarShape src, Tensor top, Tensor left, ImageSize size, BorderType border,
                                     double[] value, Stream stream) {
        checkBatch(src, border, value); // open and not empty before the tensors are read against its size
        return padAndStack(src, ParameterTensors.ints(OP, "top", top, src.size()),
                ParameterTensors.ints(OP, "left", left, src.size()), size, border, value, stream);
    }

    /**
     * As {@link #padAndStack(ImageBatchVarShape, Tensor, Tensor, ImageSize, BorderType, double[], Stream)}, on the
     * current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param top the rows added above (for a batch: each image's, as a tensor)
     * @param left the columns added on the left (for a batch: each image's, as a tensor)
     * @param size the size of every output image
     * @param border how pixels outside the image are read
     * @param value the value of the added pixels for {@link BorderType#CONSTANT}, one or one per channel (null: 0)
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor padAndStack(ImageBatchVarShape src, Tensor top, Tensor left, ImageSize size, BorderType border,
                                     double[] value) {
        return padAndStack(src, top, left, size, border, value, null);
    }

    /**
     * As {@link #padAndStack(ImageBatchVarShape, int[], int[], ImageSize, BorderType, double[], Stream)}, into the
     * NHWC
     * tensor {@code dst} (N = the batch size, the batch's type and channels, packed pixels): its size is the output
     * size.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param top the rows added above (for a batch: each image's, as a tensor)
     * @param left the columns added on the left (for a batch: each image's, as a tensor)
     * @param border how pixels outside the image are read
     * @param value the value of the added pixels for {@link BorderType#CONSTANT}, one or one per channel (null: 0)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void padAndStackInto(Tensor dst, ImageBatchVarShape src, int[] top, int[] left, BorderType border,
                                       double[] value, Stream stream) {
        PixelType p = checkBatch(src, border, value);
        PixelGrid d = OP.stackOutput(dst, src, p);
        checkPlacements(src, top, left, d.w(), d.h());
        long[] bits = constantBits(value, p.dataType());
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                cpu(OP.image("src image " + i, src.image(i)), OP.image("dst", dst.slice(0, i, 1)), at(top, i), at(left, i),
                        border, bits);
            }
            return;
        }
        stackOnGpu(d, src, p, top, left, border, bits, OP.stream(dst, stream));
    }

    /**
     * As {@link #padAndStackInto(Tensor, ImageBatchVarShape, int[], int[], BorderType, double[], Stream)}, on the
     * current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param top the rows added above (for a batch: each image's, as a tensor)
     * @param left the columns added on the left (for a batch: each image's, as a tensor)
     * @param border how pixels outside the image are read
     * @param value the value of the added pixels for {@link BorderType#CONSTANT}, one or one per channel (null: 0)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void padAndStackInto(Tensor dst, ImageBatchVarShape src, int[] top, int[] left, BorderType border,
                                       double[] value) {
        padAndStackInto(dst, src, top, left, border, value, null);
    }

    /**
     * As {@link #padAndStackInto(Tensor, ImageBatchVarShape, int[], int[], BorderType, double[], Stream)}, the
     * offsets
     * as S32 tensors of shape {@code [1]} or {@code [N]}.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param top the rows added above (for a batch: each image's, as a tensor)
     * @param left the columns added on the left (for a batch: each image's, as a tensor)
     * @param border how pixels outside the image are read
     * @param value the value of the added pixels for {@link BorderType#CONSTANT}, one or one per channel (null: 0)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void padAndStackInto(Tensor dst, ImageBatchVarShape src, Tensor top, Tensor left, BorderType border,
                                       double[] value, Stream stream) {
        checkBatch(src, border, value); // open and not empty before the tensors are read against its size
        padAndStackInto(dst, src, ParameterTensors.ints(OP, "top", top, src.size()),
                ParameterTensors.ints(OP, "left", left, src.size()), border, value, stream);
    }

    /**
     * As {@link #padAndStackInto(Tensor, ImageBatchVarShape, Tensor, Tensor, BorderType, double[], Stream)}, on the
     * current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param top the rows added above (for a batch: each image's, as a tensor)
     * @param left the columns added on the left (for a batch: each image's, as a tensor)
     * @param border how pixels outside the image are read
     * @param value the value of the added pixels for {@link BorderType#CONSTANT}, one or one per channel (null: 0)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void padAndStackInto(Tensor dst, ImageBatchVarShape src, Tensor top, Tensor left, BorderType border,
                                       double[] value) {
        padAndStackInto(dst, src, top, left, border, value, null);
    }

    private static PixelGrid checkSrc(Tensor src, BorderType border, double[] value) {
        PixelGrid s = OP.image("src", src);
        checkBorder(border, value, s.c());
        if (s.w() == 0 || s.h() == 0) {
            throw OP.fail("src is empty (" + s.w() + "x" + s.h() + "): nothing to extend");
        }
        return s;
    }

    private static PixelType checkBatch(ImageBatchVarShape src, BorderType border, double[] value) {
        PixelType p = OP.batch("src batch", src, ALL_TYPES, 1, 4);
        checkBorder(border, value, p.channels());
        return p;
    }

    private static void checkBorder(BorderType border, double[] value, int channels) {
        OP.notNull(border, "border");
        if (value != null && (value.length == 0 || value.length > 4 || (value.length != 1 && value.length < channels))) {
            throw OP.fail("border value has " + value.length + " entries; expected 1, or "
                    + channels + " to 4 (one per channel, extra ignored, like cv::Scalar)");
        }
    }

    /**
     * {@code top} and {@code left}: 1 entry or one per image, each image at ({@code left[i]}, {@code top[i]}) inside
     * the {@code w x h} output (the bottom and right borders it leaves are >= 0).
     */
    private static void checkPlacements(ImageBatchVarShape src, int[] top, int[] left, int w, int h) {
        OP.notNull(top, "top");
        OP.notNull(left, "left");
        OP.perImage("top", top.length, src.size());
        OP.perImage("left", left.length, src.size());
        for (int i = 0; i < src.size(); i++) {
            int t = at(top, i), l = at(left, i);
            ImageSize s = src.imageSize(i);
            long bottom = (long) h - t - s.height(), right = (long) w - l - s.width();
            if (t < 0 || l < 0 || bottom < 0 || right < 0) {
                throw OP.fail("src image " + i + " (" + s.width() + " x " + s.height() + ") at top=" + t + ", left=" + l
                        + " does not fit the " + w + " x " + h + " (W x H) output: it leaves top=" + t + ", bottom=" + bottom
                        + ", left=" + l + ", right=" + right + " (each must be >= 0)");
            }
        }
    }

    /** Entry i of a per-image array of 1 entry (for all) or one per image. */
    private static int at(int[] perImage, int i) {
        return perImage[perImage.length == 1 ? 0 : i];
    }

    /** One launch per {@link #IMAGES_PER_LAUNCH} images, grid x over one image's 16-byte row windows, y the image. */
    private static void stackOnGpu(PixelGrid d, ImageBatchVarShape src, PixelType p, int[] top, int[] left,
                                   BorderType border, long[] bits, Stream st) {
        int e = p.dataType().byteSize();
        long windows = ((long) d.w() * p.byteSize() / 16 + 2) * d.h(); // rows <= MAX_DEVICE_ROW_BYTES: OP.image
        long blocks = (windows + Launch.LINEAR_BLOCK - 1) / Launch.LINEAR_BLOCK;
        if (blocks > Integer.MAX_VALUE) {
            throw OP.fail("dst images of " + d.w() + " x " + d.h() + " pixels need " + blocks + " blocks of "
                    + Launch.LINEAR_BLOCK + " threads, more than one launch takes (2^31 - 1)");
        }
        Kernel k = KernelLibrary.kernel(d.tensor().device(), "cvj_pad_and_stack");
        long table = src.descriptors(st);
        byte[] bv = borderValue(bits);
        for (int n0 = 0; n0 < src.size(); n0 += IMAGES_PER_LAUNCH) {
            int count = Math.min(IMAGES_PER_LAUNCH, src.size() - n0);
            ByteBuffer offsets = ByteBuffer.allocate(IMAGES_PER_LAUNCH * 8).order(ByteOrder.LITTLE_ENDIAN); // PadOffsets
            for (int i = 0; i < count; i++) {
                offsets.putInt(4 * i, at(top, n0 + i)).putInt(4 * (IMAGES_PER_LAUNCH + i), at(left, n0 + i));
            }
            KernelArgs a = Launch.args().pointer(table + (long) n0 * ImageBatchVarShape.DESCRIPTOR_BYTES)
                    .pointer(d.address() + n0 * d.sN()).i64(d.sN()).i64(d.sH()).i32(d.w()).i32(d.h()).i32(p.byteSize())
                    .i32(e).i32(border.code()).struct(bv, 8).struct(offsets.array(), 4);
            Launch.blocks(k, (int) blocks, count, 1, Launch.LINEAR_BLOCK, st, a);
        }
    }

    /** The raw bits of each channel's constant (4 entries). */
    static long[] constantBits(double[] value, DataType t) {
        long[] bits = new long[4];
        for (int c = 0; c < 4; c++) {
            double v = value == null ? 0 : value[Math.min(c, value.length - 1)];
            bits[c] = CpuPixels.rawBits(v, t);
        }
        return bits;
    }

    private static void run(PixelGrid d, PixelGrid s, int top, int left, BorderType border, double[] value, Stream stream) {
        Tensor dst = d.tensor();
        if (!d.layout().equals(s.layout()) || d.dtype() != s.dtype() || d.n() != s.n() || d.c() != s.c()) {
            throw OP.fail("dst is " + d + " but must have src's layout, data type, N and C (" + s + ")");
        }
        OP.output(d, s);
        long[] bits = constantBits(value, s.dtype());
        int e = s.elemSize();
        if (dst.isHost()) {
            cpu(s, d, top, left, border, bits);
            return;
        }
        Stream st = OP.stream(dst, stream);
        byte[] bv = borderValue(bits);
        long dstRowBytes = (long) d.w() * d.c() * e;
        long windows = (dstRowBytes / 16 + 2) * d.h() * d.n();
        if (s.rowsDense() && d.rowsDense() && dstRowBytes <= Integer.MAX_VALUE - 32
                && windows / Launch.LINEAR_BLOCK < Integer.MAX_VALUE) {
            // Dense rows: 16-byte windows of each dst row, the interior as a row copy (cvj_copy_make_border_rows),
            // one thread per window of all N x H rows (the kernel's launch bounds are Launch.LINEAR_BLOCK).
            Kernel k = KernelLibrary.kernel(dst.device(), "cvj_copy_make_border_rows");
            KernelArgs a = Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i32(s.w()).i32(s.h())
                    .pointer(d.address()).i64(d.sN()).i64(d.sH()).i32(d.w()).i32(d.h()).i32(d.n()).i32(top).i32(left)
                    .i32(d.c() * e).i32(e).i32(border.code()).struct(bv, 8);
            if (d.w() > 0) { // windows is 0 when H or N is
                Launch.linear(k, windows, st, a);
            }
            return;
        }
        Kernel k = KernelLibrary.kernel(dst.device(), "cvj_copy_make_border_e" + e);
        KernelArgs a = new KernelArgs().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW()).i64(s.sC()).i32(s.w()).i32(s.h())
                .pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w()).i32(top).i32(left)
                .i32(d.c()).i32(border.code()).struct(bv, 8);
        Launch.pixels(k, d.w(), d.h(), d.n(), st, a);
    }

    /** The CPU path: {@code d} = {@code s} placed at ({@code left}, {@code top}), the rest by the border rule. */
    private static void cpu(PixelGrid s, PixelGrid d, int top, int left, BorderType border, long[] bits) {
        MemorySegment ss = s.host(), ds = d.host();
        int e = s.elemSize();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            int ys = border.interpolate(y - top, s.h());
            for (int x = 0; x < d.w(); x++) {
                int xs = ys < 0 ? -1 : border.interpolate(x - left, s.w());
                for (int c = 0; c < d.c(); c++) {
                    long dof = d.offset(img, y, x, c);
                    if (xs < 0) {
                        CpuPixels.storeRaw(ds, dof, e, bits[c]);
                    } else {
                        CpuPixels.copy(ss, s.offset(img, ys, xs, c), ds, dof, e);
                    }
                }
            }
        });
    }

    /** The kernels' {@code cvj::BorderValue}: each channel's constant bits (4 x u64). */
    private static byte[] borderValue(long[] bits) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : bits) {
            b.putLong(v);
        }
        return b.array();
    }
}

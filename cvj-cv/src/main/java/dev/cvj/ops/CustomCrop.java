package dev.cvj.ops;

import dev.cvj.cuda.Stream;
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
import java.util.EnumSet;
import java.util.Set;

/**
 * Copies a rectangle {@code (x, y, w, h)} of every image into a new tensor, CV-CUDA's CustomCrop. The
 * rectangle must lie inside the image. Bit-exact.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>all</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>any</td><td>N and C of src; W = w, H = h</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (the types and channels above; 1 to 65535 images on a
 *       device), a rectangle {x, y, w, h} per image ({@code int[][]}, or an S32 tensor of shape [N, 4])</td>
 *       <td>a varshape batch: image i of rectangle i's size, the same pixels</td></tr>
 * </table>
 * dst must not overlap src in memory (refused; for batches, no dst image may overlap any src image).
 *
 * <p>A crop that needs no copy is a view: {@code src.slice(src.layout().indexOf('W'), x, w)} then the same along H
 * shares src's memory and costs no GPU work (as torchvision's crop, which returns a view); every cvj operator takes
 * such strided views. CustomCrop is for a crop that must own its memory, or be dense.
 *
 * <p>Varshape batches: image i is cropped exactly as the single-image call crops it. Host batches run the
 * single-image CPU path image by image; device batches one strided copy per 256 images (the rectangles travel in
 * the launch's parameters), each image's place read from the batch's descriptor table.
 *
 * <pre>{@code
 * Tensor face = CustomCrop.customCrop(frames, 100, 40, 224, 224, stream);
 * ImageBatchVarShape faces = CustomCrop.customCrop(photos, new int[][] {{10, 5, 64, 64}, {0, 0, 32, 48}}, stream);
 * }</pre>
 */
public final class CustomCrop {
    private static final OpCheck OP = OpCheck.of("CustomCrop");
    private static final Set<DataType> TYPES = EnumSet.allOf(DataType.class);

    private CustomCrop() {}

    /**
     * A new tensor holding the rectangle {@code (x, y, w, h)} of each image of {@code src}.
     *
     * @param src the input image(s), as the support table allows
     * @param x the rectangle's left column
     * @param y the rectangle's top row
     * @param w the rectangle's width
     * @param h the rectangle's height
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor customCrop(Tensor src, int x, int y, int w, int h, Stream stream) {
        PixelGrid s = OP.image("src", src);
        checkRect(s, x, y, w, h);
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(src.layout(), s.n(), h, w, s.c()), src.dtype(), src.layout(),
                stream, dst -> PixelCopies.crop(OP, s, OP.image("dst", dst), x, y, stream));
    }

    /**
     * As {@link #customCrop(Tensor, int, int, int, int, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param x the rectangle's left column
     * @param y the rectangle's top row
     * @param w the rectangle's width
     * @param h the rectangle's height
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor customCrop(Tensor src, int x, int y, int w, int h) {
        return customCrop(src, x, y, w, h, null);
    }

    /**
     * Copies the rectangle at {@code (x, y)} of dst's width and height into {@code dst}.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param x the rectangle's left column
     * @param y the rectangle's top row
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void customCropInto(Tensor dst, Tensor src, int x, int y, Stream stream) {
        PixelGrid s = OP.image("src", src);
        PixelGrid d = OP.image("dst", dst);
        checkRect(s, x, y, d.w(), d.h());
        PixelCopies.crop(OP, s, d, x, y, stream);
    }

    /**
     * As {@link #customCropInto(Tensor, Tensor, int, int, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param x the rectangle's left column
     * @param y the rectangle's top row
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void customCropInto(Tensor dst, Tensor src, int x, int y) {
        customCropInto(dst, src, x, y, null);
    }

    /**
     * A new varshape batch: image i holds the rectangle {@code rects[i] = {x, y, w, h}} of image i of {@code src}
     * (one
     * rectangle serves every image when {@code rects} has one entry). Every rectangle must lie inside its image. The
     * batch owns its images: closing it frees them. A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param rects the rectangle {x, y, w, h} of each image
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape customCrop(ImageBatchVarShape src, int[][] rects, Stream stream) {
        PixelType p = checkBatch(src, rects);
        return Outputs.allocateBatch(OP, src, i -> {
            int[] r = rects[rects.length == 1 ? 0 : i];
            return ImageSize.of(r[2], r[3]);
        }, p.channels(), p.dataType(), stream, dst -> customCropInto(dst, src, rects, stream));
    }

    /**
     * As {@link #customCrop(ImageBatchVarShape, int[][], Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param rects the rectangle {x, y, w, h} of each image
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape customCrop(ImageBatchVarShape src, int[][] rects) {
        return customCrop(src, rects, null);
    }

    /**
     * As {@link #customCrop(ImageBatchVarShape, int[][], Stream)} with the rectangles as an S32 tensor of shape
     * {@code [N, 4]} (or {@code [1, 4]}, for all), rows {x, y, w, h}, on the host or the device (read with a
     * synchronous copy).
     *
     * @param src the input image(s), as the support table allows
     * @param rects the rectangle {x, y, w, h} of each image
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape customCrop(ImageBatchVarShape src, Tensor rects, Stream stream) {
        OP.batch("src batch", src, TYPES, 1, 4);
        return customCrop(src, ParameterTensors.rows(OP, "rects", rects, src.size(), 4), stream);
    }

    /**
     * As {@link #customCrop(ImageBatchVarShape, Tensor, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param rects the rectangle {x, y, w, h} of each image
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape customCrop(ImageBatchVarShape src, Tensor rects) {
        return customCrop(src, rects, null);
    }

    /**
     * Copies the rectangle {@code rects[i]} of image i of {@code src} into image i of {@code dst}, whose size is that
     * rectangle's (same count and pixels).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param rects the rectangle {x, y, w, h} of each image
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void customCropInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[][] rects, Stream stream) {
        PixelType p = checkBatch(src, rects);
        OP.batchOutput("dst batch", dst, "src batch", src, false);
        OP.batchPixels("dst batch", dst, p);
        int n = src.size();
        int[] xs = new int[n], ys = new int[n];
        for (int i = 0; i < n; i++) {
            int j = rects.length == 1 ? 0 : i;
            ImageSize want = ImageSize.of(rects[j][2], rects[j][3]);
            if (!dst.imageSize(i).equals(want)) {
                throw OP.fail("dst image " + i + " is " + dst.imageSize(i) + " but rects[" + j + "] is " + want);
            }
            xs[i] = rects[j][0];
            ys[i] = rects[j][1];
        }
        if (dst.isHost()) {
            for (int i = 0; i < n; i++) {
                PixelCopies.crop(OP, OP.image("src image " + i, src.image(i)),
                        OP.image("dst image " + i, dst.image(i)), xs[i], ys[i], null);
            }
            return;
        }
        PixelCopies.batch(src, dst, xs, ys, new int[n], OP.stream(src.image(0), stream));
    }

    /**
     * As {@link #customCropInto(ImageBatchVarShape, ImageBatchVarShape, int[][], Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param rects the rectangle {x, y, w, h} of each image
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void customCropInto(ImageBatchVarShape dst, ImageBatchVarShape src, int[][] rects) {
        customCropInto(dst, src, rects, null);
    }

    /**
     * As {@link #customCropInto(ImageBatchVarShape, ImageBatchVarShape, int[][], Stream)}, the rectangles as a
     * tensor.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param rects the rectangle {x, y, w, h} of each image
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void customCropInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor rects, Stream stream) {
        OP.batch("src batch", src, TYPES, 1, 4);
        customCropInto(dst, src, ParameterTensors.rows(OP, "rects", rects, src.size(), 4), stream);
    }

    /**
     * As {@link #customCropInto(ImageBatchVarShape, ImageBatchVarShape, Tensor, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param rects the rectangle {x, y, w, h} of each image
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void customCropInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor rects) {
        customCropInto(dst, src, rects, null);
    }

    /** The source batch and the rectangles: 1 or one per image, each {x, y, w, h} inside its image. */
    private static PixelType checkBatch(ImageBatchVarShape src, int[][] rects) {
        PixelType p = OP.batch("src batch", src, TYPES, 1, 4);
        OP.notNull(rects, "rects");
        OP.perImage("rects", rects.length, src.size());
        for (int j = 0; j < rects.length; j++) {
            int[] r = OP.notNull(rects[j], "rects[" + j + "]");
            if (r.length != 4) {
                throw OP.fail("rects[" + j + "] has " + r.length + " values; {x, y, w, h} expected");
            }
        }
        for (int i = 0; i < src.size(); i++) {
            int j = rects.length == 1 ? 0 : i;
            int[] r = rects[j];
            ImageSize s = src.imageSize(i);
            if (!inside(r[0], r[1], r[2], r[3], s.width(), s.height())) {
                throw OP.fail("rects[" + j + "] " + describe(r[0], r[1], r[2], r[3]) + " is not inside src image " + i
                        + " of " + s);
            }
        }
        return p;
    }

    private static boolean inside(int x, int y, int w, int h, int width, int height) {
        return w >= 1 && h >= 1 && x >= 0 && y >= 0 && (long) x + w <= width && (long) y + h <= height;
    }

    private static String describe(int x, int y, int w, int h) {
        return "(x=" + x + ", y=" + y + ", w=" + w + ", h=" + h + ")";
    }

    private static void checkRect(PixelGrid s, int x, int y, int w, int h) {
        if (!inside(x, y, w, h, s.w(), s.h())) {
            throw OP.fail("crop rect " + describe(x, y, w, h) + " is not inside the " + s.w() + "x" + s.h()
                    + " image (w x h)");
        }
    }
}

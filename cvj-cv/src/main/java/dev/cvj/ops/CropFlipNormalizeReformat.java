package dev.cvj.ops;

import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.AffinePixels;
import dev.cvj.ops.internal.CpuPixels;
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
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Crop, flip, normalize, convert and reformat in one pass, CV-CUDA's CropFlipNormalizeReformat. For image
 * {@code i} with crop rectangle {@code (x_i, y_i, w, h)} and flip code {@code f_i}, output pixel (x, y),
 * channel c is
 * <pre>
 *   xs = x_i + (f_i is 1 or -1 ? w - 1 - x : x),  ys = y_i + (f_i is 0 or -1 ? h - 1 - y : y)
 *   v  = src(border(xs), border(ys), swapRB ? swap(c) : c)      (borderValue outside, for CONSTANT)
 *   dst = saturate(fma((v - base[c]) * scale[c], globalScale, globalShift))
 * </pre>
 * Flip codes as OpenCV: 0 vertical, 1 horizontal, -1 both, anything else none. The rectangle may reach
 * outside the image, anywhere in the int range: {@code border} fills it ({@link BorderType#interpolate}); its
 * last column {@code x + w - 1} and last row {@code y + h - 1} must be at most 2^31-1 (a rectangle that would
 * wrap past it is refused, naming the rectangle). {@code scaleIsStddev} uses
 * {@code 1 / sqrt(scale^2 + epsilon)} as in {@link Normalize}. {@code swapRB} reverses the first three
 * channels (RGB &lt;-&gt; BGR, alpha stays); base and scale are given in output channel order. Every rectangle
 * must have the output's width and height. No intermediate tensor: each output element is read once
 * from src and written once.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>NCHW or NHWC (CHW or HWC for an unbatched src)</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>F32, F16, U8</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4 (3, 4 with swapRB)</td><td>same as src</td></tr>
 *   <tr><td>Per image</td><td colspan="2">crop rect {x, y, w, h} and flip code: 1 for all, or N</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the host;
 *       each its own size and row pitch; the types and channels above), crop rects and flip codes as arrays or S32
 *       tensors ({@code [N, 4]}, {@code [N]}; or 1 for all)</td><td>one NCHW or NHWC tensor of N images of the
 *       rectangles' size, on the batch's device (host batch: host dst)</td></tr>
 * </table>
 * dst must not overlap src in memory (refused; for a batch, no src image).
 *
 * <p>Varshape batches (CV-CUDA's SliceFlipNormalize on varshape input, the classification input of images of
 * different sizes): image i gives output image i exactly as the single-image call on it gives its output, the border
 * rule applying at that image's own edges. The CPU path runs the single-image CPU path image by image; the GPU runs
 * one launch per 200 images (the rectangles and flip codes travel in the launch's arguments), reading each image's
 * place from the batch's descriptors.
 *
 * <pre>{@code
 * float[] mean = {123.675f, 116.28f, 103.53f}, std = {58.395f, 57.12f, 57.375f};
 * Tensor x = CropFlipNormalizeReformat.cropFlipNormalizeReformat(frames, new int[][] {{16, 16, 224, 224}},
 *         new int[] {1}, mean, std, 1f, 0f, 0f, true, false, BorderType.CONSTANT, 0f,
 *         DataType.F32, TensorLayout.NCHW, stream);
 * }</pre>
 */
public final class CropFlipNormalizeReformat {
    private static final OpCheck OP = OpCheck.of("CropFlipNormalizeReformat");
    private static final Set<DataType> SRC_TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);
    private static final Set<DataType> DST_TYPES = EnumSet.of(DataType.U8, DataType.F32, DataType.F16);
    private static final int IMAGES_PER_LAUNCH = 200;

    private CropFlipNormalizeReformat() {}

    /**
     * A new tensor of {@code dstType} in {@code dstLayout}, of the rectangles' size. See the class comment.
     *
     * @param src the input image(s), as the support table allows
     * @param cropRects the crop rectangle {x, y, w, h} of each image (one for all, or one per image)
     * @param flipCodes the flip code of each image (one for all, or one per image)
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param swapRB whether the first three channels are reversed (RGB to BGR)
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param dstType the output's element type
     * @param dstLayout the output's layout, NHWC or NCHW
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor cropFlipNormalizeReformat(Tensor src, int[][] cropRects, int[] flipCodes, float[] base,
                                                   float[] scale, float globalScale, float globalShift, float epsilon,
                                                   boolean scaleIsStddev, boolean swapRB, BorderType border,
                                                   float borderValue, DataType dstType, TensorLayout dstLayout,
                                                   Stream stream) {
        PixelGrid s = checkSrc(src, base, scale, swapRB, border);
        int[] wh = outputSize(cropRects, dstType, dstLayout);
        OP.layoutOfSameBatching("dst", dstLayout.labels(), s);
        checkRects(s.n(), cropRects, flipCodes, wh[0], wh[1]); // all of them before the output exists
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(dstLayout, s.n(), wh[1], wh[0], s.c()), dstType, dstLayout,
                stream, dst -> run(dst, s, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon, scaleIsStddev,
                        swapRB, border, borderValue, stream));
    }

    /**
     * As {@link #cropFlipNormalizeReformat(Tensor, int[][], int[], float[], float[], float, float, float, boolean,
     * boolean,
     * BorderType, float, DataType, TensorLayout, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param cropRects the crop rectangle {x, y, w, h} of each image (one for all, or one per image)
     * @param flipCodes the flip code of each image (one for all, or one per image)
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param swapRB whether the first three channels are reversed (RGB to BGR)
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param dstType the output's element type
     * @param dstLayout the output's layout, NHWC or NCHW
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor cropFlipNormalizeReformat(Tensor src, int[][] cropRects, int[] flipCodes, float[] base,
                                                   float[] scale, float globalScale, float globalShift, float epsilon,
                                                   boolean scaleIsStddev, boolean swapRB, BorderType border,
                                                   float borderValue, DataType dstType, TensorLayout dstLayout) {
        return cropFlipNormalizeReformat(src, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon,
                scaleIsStddev, swapRB, border, borderValue, dstType, dstLayout, null);
    }

    /**
     * As {@link #cropFlipNormalizeReformat}, into {@code dst} (its size is every rectangle's size).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param cropRects the crop rectangle {x, y, w, h} of each image (one for all, or one per image)
     * @param flipCodes the flip code of each image (one for all, or one per image)
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param swapRB whether the first three channels are reversed (RGB to BGR)
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cropFlipNormalizeReformatInto(Tensor dst, Tensor src, int[][] cropRects, int[] flipCodes,
                                                     float[] base, float[] scale, float globalScale, float globalShift,
                                                     float epsilon, boolean scaleIsStddev, boolean swapRB,
                                                     BorderType border, float borderValue, Stream stream) {
        PixelGrid s = checkSrc(src, base, scale, swapRB, border);
        run(dst, s, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon, scaleIsStddev, swapRB, border,
                borderValue, stream);
    }

    /**
     * As {@link #cropFlipNormalizeReformatInto(Tensor, Tensor, int[][], int[], float[], float[], float, float, float,
     * boolean, boolean, BorderType, float, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param cropRects the crop rectangle {x, y, w, h} of each image (one for all, or one per image)
     * @param flipCodes the flip code of each image (one for all, or one per image)
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param swapRB whether the first three channels are reversed (RGB to BGR)
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cropFlipNormalizeReformatInto(Tensor dst, Tensor src, int[][] cropRects, int[] flipCodes,
                                                     float[] base, float[] scale, float globalScale, float globalShift,
                                                     float epsilon, boolean scaleIsStddev, boolean swapRB,
                                                     BorderType border, float borderValue) {
        cropFlipNormalizeReformatInto(dst, src, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon,
                scaleIsStddev, swapRB, border, borderValue, null);
    }

    /**
     * A new tensor of {@code src.size()} images of the rectangles' size, {@code dstType} in {@code dstLayout} (NCHW
     * or
     * NHWC): image i of the varshape batch cropped by its rectangle (which may reach outside the image: {@code
     * border}
     * fills it), flipped by its flip code, normalized and converted as in the single-image form. {@code cropRects}
     * and
     * {@code flipCodes} hold one entry for all images or one per image. See the class comment.
     *
     * @param src the input image(s), as the support table allows
     * @param cropRects the crop rectangle {x, y, w, h} of each image (one for all, or one per image)
     * @param flipCodes the flip code of each image (one for all, or one per image)
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param swapRB whether the first three channels are reversed (RGB to BGR)
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param dstType the output's element type
     * @param dstLayout the output's layout, NHWC or NCHW
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor cropFlipNormalizeReformat(ImageBatchVarShape src, int[][] cropRects, int[] flipCodes, float[] base,
                                                   float[] scale, float globalScale, float globalShift, float epsilon,
                                                   boolean scaleIsStddev, boolean swapRB, BorderType border,
                                                   float borderValue, DataType dstType, TensorLayout dstLayout,
                                                   Stream stream) {
        PixelType p = checkBatch(src, base, scale, swapRB, border);
        int[] wh = outputSize(cropRects, dstType, dstLayout);
        OP.batchLayout("dst", dstLayout.labels());
        checkRects(src.size(), cropRects, flipCodes, wh[0], wh[1]);
        return Outputs.allocate(OP, src.image(0), PixelGrid.shapeOf(dstLayout, src.size(), wh[1], wh[0], p.channels()),
                dstType, dstLayout, stream, dst -> runBatch(dst, src, p, cropRects, flipCodes, base, scale, globalScale,
                        globalShift, epsilon, scaleIsStddev, swapRB, border, borderValue, stream));
    }

    /**
     * As {@link #cropFlipNormalizeReformat(ImageBatchVarShape, int[][], int[], float[], float[], float, float, float,
     * boolean, boolean, BorderType, float, DataType, TensorLayout, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param cropRects the crop rectangle {x, y, w, h} of each image (one for all, or one per image)
     * @param flipCodes the flip code of each image (one for all, or one per image)
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param swapRB whether the first three channels are reversed (RGB to BGR)
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param dstType the output's element type
     * @param dstLayout the output's layout, NHWC or NCHW
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor cropFlipNormalizeReformat(ImageBatchVarShape src, int[][] cropRects, int[] flipCodes, float[] base,
                                                   float[] scale, float globalScale, float globalShift, float epsilon,
                                                   boolean scaleIsStddev, boolean swapRB, BorderType border,
                                                   float borderValue, DataType dstType, TensorLayout dstLayout) {
        return cropFlipNormalizeReformat(src, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon,
                scaleIsStddev, swapRB, border, borderValue, dstType, dstLayout, null);
    }

    /**
     * As {@link #cropFlipNormalizeReformat(ImageBatchVarShape, int[][], int[], float[], float[], float, float, float,
     * boolean, boolean, BorderType, float, DataType, TensorLayout, Stream)} with the rectangles and flip codes as S32
     * tensors, as CV-CUDA takes them: {@code cropRects} of shape {@code [N, 4]} (rows {x, y, w, h}) and
     * {@code flipCodes} of shape {@code [N]}, N = 1 (for all) or the batch size; host or device tensors (read to the
     * host first).
     *
     * @param src the input image(s), as the support table allows
     * @param cropRects the crop rectangle {x, y, w, h} of each image (one for all, or one per image)
     * @param flipCodes the flip code of each image (one for all, or one per image)
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param swapRB whether the first three channels are reversed (RGB to BGR)
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param dstType the output's element type
     * @param dstLayout the output's layout, NHWC or NCHW
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor cropFlipNormalizeReformat(ImageBatchVarShape src, Tensor cropRects, Tensor flipCodes, float[] base,
                                                   float[] scale, float globalScale, float globalShift, float epsilon,
                                                   boolean scaleIsStddev, boolean swapRB, BorderType border,
                                                   float borderValue, DataType dstType, TensorLayout dstLayout,
                                                   Stream stream) {
        checkBatch(src, base, scale, swapRB, border); // before the tensors, whose entries are counted against its size
        int n = src.size();
        return cropFlipNormalizeReformat(src, ParameterTensors.rows(OP, "cropRects", cropRects, n, 4),
                ParameterTensors.ints(OP, "flipCodes", flipCodes, n), base, scale, globalScale, globalShift, epsilon,
                scaleIsStddev, swapRB, border, borderValue, dstType, dstLayout, stream);
    }

    /**
     * As {@link #cropFlipNormalizeReformat(ImageBatchVarShape, Tensor, Tensor, float[], float[], float, float, float,
     * boolean, boolean, BorderType, float, DataType, TensorLayout, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param cropRects the crop rectangle {x, y, w, h} of each image (one for all, or one per image)
     * @param flipCodes the flip code of each image (one for all, or one per image)
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param swapRB whether the first three channels are reversed (RGB to BGR)
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param dstType the output's element type
     * @param dstLayout the output's layout, NHWC or NCHW
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor cropFlipNormalizeReformat(ImageBatchVarShape src, Tensor cropRects, Tensor flipCodes, float[] base,
                                                   float[] scale, float globalScale, float globalShift, float epsilon,
                                                   boolean scaleIsStddev, boolean swapRB, BorderType border,
                                                   float borderValue, DataType dstType, TensorLayout dstLayout) {
        return cropFlipNormalizeReformat(src, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon,
                scaleIsStddev, swapRB, border, borderValue, dstType, dstLayout, null);
    }

    /**
     * As {@link #cropFlipNormalizeReformat(ImageBatchVarShape, int[][], int[], float[], float[], float, float, float,
     * boolean, boolean, BorderType, float, DataType, TensorLayout, Stream)}, into {@code dst}: an NCHW or NHWC tensor
     * of
     * {@code src.size()} images of every rectangle's size, the batch's channels, in the batch's place.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param cropRects the crop rectangle {x, y, w, h} of each image (one for all, or one per image)
     * @param flipCodes the flip code of each image (one for all, or one per image)
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param swapRB whether the first three channels are reversed (RGB to BGR)
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cropFlipNormalizeReformatInto(Tensor dst, ImageBatchVarShape src, int[][] cropRects, int[] flipCodes,
                                                     float[] base, float[] scale, float globalScale, float globalShift,
                                                     float epsilon, boolean scaleIsStddev, boolean swapRB,
                                                     BorderType border, float borderValue, Stream stream) {
        PixelType p = checkBatch(src, base, scale, swapRB, border);
        runBatch(dst, src, p, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon, scaleIsStddev, swapRB,
                border, borderValue, stream);
    }

    /**
     * As {@link #cropFlipNormalizeReformatInto(Tensor, ImageBatchVarShape, int[][], int[], float[], float[], float,
     * float, float, boolean, boolean, BorderType, float, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param cropRects the crop rectangle {x, y, w, h} of each image (one for all, or one per image)
     * @param flipCodes the flip code of each image (one for all, or one per image)
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param swapRB whether the first three channels are reversed (RGB to BGR)
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cropFlipNormalizeReformatInto(Tensor dst, ImageBatchVarShape src, int[][] cropRects, int[] flipCodes,
                                                     float[] base, float[] scale, float globalScale, float globalShift,
                                                     float epsilon, boolean scaleIsStddev, boolean swapRB,
                                                     BorderType border, float borderValue) {
        cropFlipNormalizeReformatInto(dst, src, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon,
                scaleIsStddev, swapRB, border, borderValue, null);
    }

    /**
     * As {@link #cropFlipNormalizeReformatInto(Tensor, ImageBatchVarShape, int[][], int[], float[], float[], float,
     * float, float, boolean, boolean, BorderType, float, Stream)} with the rectangles ({@code [N, 4]}) and flip codes
     * ({@code [N]}) as S32 tensors.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param cropRects the crop rectangle {x, y, w, h} of each image (one for all, or one per image)
     * @param flipCodes the flip code of each image (one for all, or one per image)
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param swapRB whether the first three channels are reversed (RGB to BGR)
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cropFlipNormalizeReformatInto(Tensor dst, ImageBatchVarShape src, Tensor cropRects, Tensor flipCodes,
                                                     float[] base, float[] scale, float globalScale, float globalShift,
                                                     float epsilon, boolean scaleIsStddev, boolean swapRB,
                                                     BorderType border, float borderValue, Stream stream) {
        checkBatch(src, base, scale, swapRB, border); // before the tensors, whose entries are counted against its size
        int n = src.size();
        cropFlipNormalizeReformatInto(dst, src, ParameterTensors.rows(OP, "cropRects", cropRects, n, 4),
                ParameterTensors.ints(OP, "flipCodes", flipCodes, n), base, scale, globalScale, globalShift, epsilon,
                scaleIsStddev, swapRB, border, borderValue, stream);
    }

    /**
     * As {@link #cropFlipNormalizeReformatInto(Tensor, ImageBatchVarShape, Tensor, Tensor, float[], float[], float,
     * float, float, boolean, boolean, BorderType, float, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param cropRects the crop rectangle {x, y, w, h} of each image (one for all, or one per image)
     * @param flipCodes the flip code of each image (one for all, or one per image)
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param swapRB whether the first three channels are reversed (RGB to BGR)
     * @param border how pixels outside the image are read
     * @param borderValue the value of pixels outside the image, for {@link BorderType#CONSTANT}
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void cropFlipNormalizeReformatInto(Tensor dst, ImageBatchVarShape src, Tensor cropRects, Tensor flipCodes,
                                                     float[] base, float[] scale, float globalScale, float globalShift,
                                                     float epsilon, boolean scaleIsStddev, boolean swapRB,
                                                     BorderType border, float borderValue) {
        cropFlipNormalizeReformatInto(dst, src, cropRects, flipCodes, base, scale, globalScale, globalShift, epsilon,
                scaleIsStddev, swapRB, border, borderValue, null);
    }

    private static PixelType checkBatch(ImageBatchVarShape src, float[] base, float[] scale, boolean swapRB,
                                        BorderType border) {
        PixelType p = OP.batch("src batch", src, SRC_TYPES, swapRB ? 3 : 1, 4);
        AffinePixels.checkParams(OP, p.channels(), base, scale);
        OP.notNull(border, "border");
        return p;
    }

    private static void runBatch(Tensor dst, ImageBatchVarShape src, PixelType p, int[][] rects, int[] flips, float[] base,
                                 float[] scale, float gs, float shift, float eps, boolean stddev, boolean swapRB,
                                 BorderType border, float borderValue, Stream stream) {
        PixelGrid d = OP.image("dst", dst, PixelGrid.ANY_IMAGE);
        OP.batchLayout("dst", d.layout());
        OP.dtype("dst", d, DST_TYPES);
        int n = src.size();
        if (d.n() != n || d.c() != p.channels()) {
            throw OP.fail("dst has " + d.n() + " images of " + d.c() + " channels but the src batch has " + n + " of "
                    + p.channels());
        }
        checkRects(n, rects, flips, d.w(), d.h());
        OP.batchTensorOutput("dst", dst, "src batch", src);
        Pass pass = new Pass(base, AffinePixels.effectiveScales(scale, eps, stddev), gs, shift, swapRB, border, borderValue);
        if (dst.isHost()) { // the single-image path, image by image
            for (int i = 0; i < n; i++) {
                PixelGrid si = OP.image("src image " + i, src.image(i), PixelGrid.INTERLEAVED);
                cpu(si, OP.image("dst", dst.slice(0, i, 1), PixelGrid.ANY_IMAGE),
                        new int[][] {rects[rects.length == 1 ? 0 : i]}, new int[] {flips[flips.length == 1 ? 0 : i]}, pass);
            }
            return;
        }
        Stream st = OP.stream(dst, stream);
        long table = src.descriptors(st);
        Kernel k = KernelLibrary.kernel(dst.device(), "cvj_crop_flip_normalize_reformat_vs_"
                + KernelLibrary.typeName(p.dataType()) + "_" + KernelLibrary.typeName(d.dtype()));
        launch(k, n, n0 -> new KernelArgs().pointer(table + (long) n0 * ImageBatchVarShape.DESCRIPTOR_BYTES), d, rects, flips,
                pass, st);
    }

    private static PixelGrid checkSrc(Tensor src, float[] base, float[] scale, boolean swapRB, BorderType border) {
        PixelGrid s = OP.image("src", src, PixelGrid.ANY_IMAGE);
        OP.dtype("src", s, SRC_TYPES);
        OP.channels("src", s, swapRB ? 3 : 1, 4);
        AffinePixels.checkParams(OP, s.c(), base, scale);
        OP.notNull(border, "border");
        if (s.w() == 0 || s.h() == 0) {
            throw OP.fail("src is empty (" + s.w() + "x" + s.h() + ")");
        }
        return s;
    }

    private static void run(Tensor dst, PixelGrid s, int[][] rects, int[] flips, float[] base, float[] scale, float gs,
                            float shift, float eps, boolean stddev, boolean swapRB, BorderType border, float borderValue,
                            Stream stream) {
        PixelGrid d = OP.image("dst", dst, PixelGrid.ANY_IMAGE);
        OP.layoutOfSameBatching("dst", d.layout(), s);
        OP.dtype("dst", d, DST_TYPES);
        if (d.n() != s.n() || d.c() != s.c()) {
            throw OP.fail("dst has " + d.n() + " images of " + d.c() + " channels but src has " + s.n() + " of " + s.c());
        }
        checkRects(s.n(), rects, flips, d.w(), d.h());
        OP.output(d, s);
        Pass p = new Pass(base, AffinePixels.effectiveScales(scale, eps, stddev), gs, shift, swapRB, border, borderValue);
        if (dst.isHost()) {
            cpu(s, d, rects, flips, p);
            return;
        }
        Stream st = OP.stream(dst, stream);
        Kernel k = KernelLibrary.kernel(dst.device(), "cvj_crop_flip_normalize_reformat_" + KernelLibrary.typeName(s.dtype())
                + "_" + KernelLibrary.typeName(d.dtype()));
        launch(k, s.n(), n0 -> new KernelArgs().pointer(s.address() + n0 * s.sN()).i64(s.sN()).i64(s.sH()).i64(s.sW())
                .i64(s.sC()).i32(s.w()).i32(s.h()), d, rects, flips, p, st);
    }

    /**
     * The normalization and border of one call: base and effective scales ({@link AffinePixels#effectiveScales}) in
     * output channel order, the global scale and shift, swapRB, the border rule and value.
     */
    private record Pass(float[] base, float[] q, float gs, float shift, boolean swapRB, BorderType border, float borderValue) {}

    /**
     * Launches {@code k} over the {@code images} output images of {@code d}, {@value #IMAGES_PER_LAUNCH} per launch:
     * {@code srcArgs.apply(n0)} gives the leading (source) arguments of the launch starting at image n0, followed by
     * the output, the pass and that launch's rectangles and flip codes.
     */
    private static void launch(Kernel k, int images, IntFunction<KernelArgs> srcArgs, PixelGrid d, int[][] rects,
                               int[] flips, Pass p, Stream st) {
        byte[] affine = AffinePixels.struct(p.base(), p.q(), p.gs(), p.shift());
        for (int n0 = 0; n0 < images; n0 += IMAGES_PER_LAUNCH) {
            int count = Math.min(IMAGES_PER_LAUNCH, images - n0);
            ByteBuffer b = ByteBuffer.allocate(IMAGES_PER_LAUNCH * 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                int[] r = rects[rects.length == 1 ? 0 : n0 + i];
                b.putInt(r[0]).putInt(r[1]).putInt(flips[flips.length == 1 ? 0 : n0 + i]).putInt(0);
            }
            KernelArgs a = srcArgs.apply(n0).pointer(d.address() + n0 * d.sN()).i64(d.sN()).i64(d.sH()).i64(d.sW())
                    .i64(d.sC()).i32(d.w()).i32(d.h()).i32(d.c()).i32(p.border().code()).f32(p.borderValue())
                    .i32(p.swapRB() ? 1 : 0).struct(affine, 4).struct(b.array(), 16);
            Launch.pixels(k, d.w(), d.h(), count, st, a);
        }
    }

    /**
     * The output size {w, h} given by the first rectangle, after the checks of the allocating forms' output
     * arguments: at least one {x, y, w, h} rectangle of at least 1x1, a supported dstType, a dstLayout.
     */
    private static int[] outputSize(int[][] cropRects, DataType dstType, TensorLayout dstLayout) {
        OP.notNull(cropRects, "cropRects");
        if (cropRects.length == 0 || cropRects[0] == null || cropRects[0].length != 4) {
            throw OP.fail("cropRects must hold {x, y, w, h} rectangles");
        }
        OP.notNull(dstType, "dstType");
        OP.notNull(dstLayout, "dstLayout");
        int w = cropRects[0][2], h = cropRects[0][3];
        if (w < 1 || h < 1) {
            throw OP.fail("crop rect size " + w + "x" + h + " must be at least 1x1");
        }
        if (!DST_TYPES.contains(dstType)) {
            throw OP.fail("dstType " + dstType + " is not supported; supported: F16, F32, U8");
        }
        return new int[] {w, h};
    }

    /**
     * One rectangle or one per image, one flip code or one per image, every rectangle {@code {x, y, w, h}} of the
     * output's size {@code w x h}, with its last column {@code x + w - 1} and last row {@code y + h - 1} in the int
     * range (the CPU and GPU paths address source pixels in 32 bits).
     */
    private static void checkRects(int images, int[][] rects, int[] flips, int w, int h) {
        OP.notNull(rects, "cropRects");
        OP.notNull(flips, "flipCodes");
        if (rects.length != 1 && rects.length != images) {
            throw OP.fail(rects.length + " crop rects for " + images + " images; give 1 or " + images);
        }
        if (flips.length != 1 && flips.length != images) {
            throw OP.fail(flips.length + " flip codes for " + images + " images; give 1 or " + images);
        }
        for (int i = 0; i < rects.length; i++) {
            int[] r = rects[i];
            if (r == null || r.length != 4) {
                throw OP.fail("cropRects[" + i + "] must be {x, y, w, h}");
            }
            if (r[2] != w || r[3] != h) {
                throw OP.fail("cropRects[" + i + "] is " + r[2] + "x" + r[3] + " but dst is " + w + "x" + h + " (w x h)");
            }
            if ((long) r[0] + w - 1 > Integer.MAX_VALUE || (long) r[1] + h - 1 > Integer.MAX_VALUE) {
                throw OP.fail("cropRects[" + i + "] " + Arrays.toString(r) + " ends past 2^31-1 (its last"
                        + " column x + w - 1 and last row y + h - 1 must be at most 2^31-1)");
            }
        }
    }

    /** Channel of src feeding output channel c. */
    static int sourceChannel(int c, int channels, boolean swapRB) {
        return swapRB && channels >= 3 && c < 3 ? 2 - c : c;
    }

    private static void cpu(PixelGrid s, PixelGrid d, int[][] rects, int[] flips, Pass p) {
        MemorySegment ss = s.host(), ds = d.host();
        int c = s.c();
        float[] base = p.base(), q = p.q();
        BorderType border = p.border();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            int[] r = rects[rects.length == 1 ? 0 : img];
            int f = flips[flips.length == 1 ? 0 : img];
            boolean fv = f == 0 || f == -1, fh = f == 1 || f == -1;
            int ys = border.interpolate(r[1] + (fv ? d.h() - 1 - y : y), s.h());
            for (int x = 0; x < d.w(); x++) {
                int xs = ys < 0 ? -1 : border.interpolate(r[0] + (fh ? d.w() - 1 - x : x), s.w());
                for (int ch = 0; ch < c; ch++) {
                    float v = xs < 0 ? p.borderValue()
                            : CpuPixels.load(ss, s.offset(img, ys, xs, sourceChannel(ch, c, p.swapRB())), s.dtype());
                    float out = AffinePixels.apply(v, base[Math.min(ch, base.length - 1)], q[Math.min(ch, q.length - 1)],
                            p.gs(), p.shift());
                    CpuPixels.store(ds, d.offset(img, y, x, ch), d.dtype(), out);
                }
            }
        });
    }
}

package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.AffinePixels;
import dev.cvj.ops.internal.AffineVarShape;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;
import java.util.EnumSet;
import java.util.Set;

/**
 * Normalizes with a base and a scale per channel (or one for all), CV-CUDA's Normalize:
 * <pre>  dst = (src - base[c]) * scale[c] * globalScale + globalShift</pre>
 * With {@code scaleIsStddev} the scale array holds standard deviations and
 * {@code scale[c] = 1 / sqrt(stddev[c]^2 + epsilon)} is used (computed once, in float). Arithmetic is in
 * float: {@code fma((src - base) * scale, globalScale, globalShift)}; integer outputs round half to even
 * and saturate, NaN gives 0.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32, F16</td><td>same as src, or F32, or F16</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>base, scale</td><td colspan="2">1 value, or one per channel</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (1 to 65535 images on a device, any number on the
 *       host; each its own size and row pitch; the types and channels above)</td><td>a varshape batch of the same
 *       count, sizes and channels (new, or the caller's); host batch with host dst, device batch with dst on its
 *       device</td></tr>
 * </table>
 * In place: dst may be the very same view as src when both types have one size; any other overlap of dst
 * and src in memory is refused (for batches: dst image i may be the very same view as src image i, and no dst image
 * may overlap any other src image). CV-CUDA requires dst of src's type; cvj also allows F32 (and F16), which is what
 * inference pipelines feed a network with. CV-CUDA's base/scale tensors become float arrays here; the varshape forms
 * also take them as F32 tensors of shape {@code [1, 1, 1, C]} or {@code [1, 1, 1, 1]}, as CV-CUDA's NormalizeVarShape
 * does.
 *
 * <p>Varshape batches: one base and scale for the batch (1 value, or one per channel); each image is normalized
 * exactly as the single-image call would normalize it (the CPU path runs the single-image CPU path image by image,
 * the GPU one launch for the whole batch, reading the batch's descriptor tables, with the single-image kernels'
 * arithmetic).
 *
 * <pre>{@code
 * float[] mean = {123.675f, 116.28f, 103.53f}, std = {58.395f, 57.12f, 57.375f};
 * Tensor x = Normalize.normalize(u8Rgb, mean, std, 1f, 0f, 0f, true, DataType.F32, stream);
 * }</pre>
 */
public final class Normalize {
    private static final OpCheck OP = OpCheck.of("Normalize");
    private static final AffineVarShape VARSHAPE = new AffineVarShape(OP);

    private Normalize() {}

    /**
     * A new tensor: {@code (src - base) * scale * globalScale + globalShift}, of {@code dstType} (null: src's
     * type). A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param dstType the output's element type (null: src's)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor normalize(Tensor src, float[] base, float[] scale, float globalScale, float globalShift,
                                   float epsilon, boolean scaleIsStddev, DataType dstType, Stream stream) {
        PixelGrid s = checkSrc(src);
        DataType dt = dstType == null ? src.dtype() : dstType;
        checkDstType(dt, src.dtype());
        AffinePixels.checkParams(OP, s.c(), base, scale);
        return Outputs.allocate(OP, src, src.shape(), dt, src.layout(), stream,
                dst -> run(dst, s, base, scale, globalScale, globalShift, epsilon, scaleIsStddev, stream));
    }

    /**
     * As {@link #normalize(Tensor, float[], float[], float, float, float, boolean, DataType, Stream)}, on the current
     * stream.
     *
     * @param src the input image(s), as the support table allows
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param dstType the output's element type (null: src's)
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor normalize(Tensor src, float[] base, float[] scale, float globalScale, float globalShift,
                                   float epsilon, boolean scaleIsStddev, DataType dstType) {
        return normalize(src, base, scale, globalScale, globalShift, epsilon, scaleIsStddev, dstType, null);
    }

    /**
     * As {@link #normalize}, into {@code dst} (src's shape and layout; src's type, F32 or F16).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void normalizeInto(Tensor dst, Tensor src, float[] base, float[] scale, float globalScale,
                                     float globalShift, float epsilon, boolean scaleIsStddev, Stream stream) {
        PixelGrid s = checkSrc(src);
        OP.notNull(dst, "dst");
        checkDstType(dst.dtype(), src.dtype());
        AffinePixels.checkParams(OP, s.c(), base, scale);
        run(dst, s, base, scale, globalScale, globalShift, epsilon, scaleIsStddev, stream);
    }

    /**
     * As {@link #normalizeInto(Tensor, Tensor, float[], float[], float, float, float, boolean, Stream)}, on the
     * current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void normalizeInto(Tensor dst, Tensor src, float[] base, float[] scale, float globalScale,
                                     float globalShift, float epsilon, boolean scaleIsStddev) {
        normalizeInto(dst, src, base, scale, globalScale, globalShift, epsilon, scaleIsStddev, null);
    }

    /**
     * {@return the multiplier used for a scale value: {@code 1 / sqrt(s*s + epsilon)} in float when it is a stddev}
     *
     * @param s a scale value
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     */
    public static float effectiveScale(float s, float epsilon, boolean scaleIsStddev) {
        return AffinePixels.effectiveScale(s, epsilon, scaleIsStddev);
    }

    /**
     * A new varshape batch: image i is {@code (src image i - base) * scale * globalScale + globalShift}, of
     * {@code dstType} (null: src's type; else F32 or F16), the same size and channels. The batch owns its images:
     * closing it frees them. A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param dstType the output's element type (null: src's)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape normalize(ImageBatchVarShape src, float[] base, float[] scale, float globalScale,
                                               float globalShift, float epsilon, boolean scaleIsStddev, DataType dstType,
                                               Stream stream) {
        PixelType p = VARSHAPE.checkSource(src);
        DataType dt = dstType == null ? p.dataType() : dstType;
        checkDstType(dt, p.dataType());
        AffinePixels.checkParams(OP, p.channels(), base, scale);
        return VARSHAPE.allocate(src, p, dt, stream, dst -> normalizeInto(dst, src, base, scale, globalScale, globalShift,
                epsilon, scaleIsStddev, stream));
    }

    /**
     * As {@link #normalize(ImageBatchVarShape, float[], float[], float, float, float, boolean, DataType, Stream)}, on
     * the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param dstType the output's element type (null: src's)
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape normalize(ImageBatchVarShape src, float[] base, float[] scale, float globalScale,
                                               float globalShift, float epsilon, boolean scaleIsStddev, DataType dstType) {
        return normalize(src, base, scale, globalScale, globalShift, epsilon, scaleIsStddev, dstType, null);
    }

    /**
     * As {@link #normalize(ImageBatchVarShape, float[], float[], float, float, float, boolean, DataType, Stream)},
     * base
     * and scale as F32 tensors of shape {@code [1, 1, 1, C]} or {@code [1, 1, 1, 1]} (host or device; read before any
     * work), as CV-CUDA takes them.
     *
     * @param src the input image(s), as the support table allows
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param dstType the output's element type (null: src's)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape normalize(ImageBatchVarShape src, Tensor base, Tensor scale, float globalScale,
                                               float globalShift, float epsilon, boolean scaleIsStddev, DataType dstType,
                                               Stream stream) {
        return normalize(src, ParameterTensors.channelValues(OP, "base", base),
                ParameterTensors.channelValues(OP, "scale", scale), globalScale, globalShift, epsilon, scaleIsStddev,
                dstType, stream);
    }

    /**
     * As {@link #normalize(ImageBatchVarShape, Tensor, Tensor, float, float, float, boolean, DataType, Stream)}, on
     * the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param dstType the output's element type (null: src's)
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static ImageBatchVarShape normalize(ImageBatchVarShape src, Tensor base, Tensor scale, float globalScale,
                                               float globalShift, float epsilon, boolean scaleIsStddev, DataType dstType) {
        return normalize(src, base, scale, globalScale, globalShift, epsilon, scaleIsStddev, dstType, null);
    }

    /**
     * As {@link #normalize(ImageBatchVarShape, float[], float[], float, float, float, boolean, DataType, Stream)},
     * into
     * {@code dst} image i (a batch of the same count, sizes and channels; of src's type, F32 or F16).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void normalizeInto(ImageBatchVarShape dst, ImageBatchVarShape src, float[] base, float[] scale,
                                     float globalScale, float globalShift, float epsilon, boolean scaleIsStddev,
                                     Stream stream) {
        PixelType p = VARSHAPE.checkSource(src);
        AffinePixels.checkParams(OP, p.channels(), base, scale);
        Set<DataType> dstTypes = EnumSet.of(p.dataType(), DataType.F32, DataType.F16);
        VARSHAPE.run(dst, src, dstTypes, base.clone(), AffinePixels.effectiveScales(scale, epsilon, scaleIsStddev),
                globalScale, globalShift, stream);
    }

    /**
     * As {@link #normalizeInto(ImageBatchVarShape, ImageBatchVarShape, float[], float[], float, float, float,
     * boolean,
     * Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void normalizeInto(ImageBatchVarShape dst, ImageBatchVarShape src, float[] base, float[] scale,
                                     float globalScale, float globalShift, float epsilon, boolean scaleIsStddev) {
        normalizeInto(dst, src, base, scale, globalScale, globalShift, epsilon, scaleIsStddev, null);
    }

    /**
     * As {@link #normalizeInto(ImageBatchVarShape, ImageBatchVarShape, float[], float[], float, float, float,
     * boolean,
     * Stream)}, base and scale as F32 tensors of shape {@code [1, 1, 1, C]} or {@code [1, 1, 1, 1]}.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void normalizeInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor base, Tensor scale,
                                     float globalScale, float globalShift, float epsilon, boolean scaleIsStddev,
                                     Stream stream) {
        normalizeInto(dst, src, ParameterTensors.channelValues(OP, "base", base),
                ParameterTensors.channelValues(OP, "scale", scale), globalScale, globalShift, epsilon, scaleIsStddev,
                stream);
    }

    /**
     * As {@link #normalizeInto(ImageBatchVarShape, ImageBatchVarShape, Tensor, Tensor, float, float, float, boolean,
     * Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param base the value subtracted, one or one per channel
     * @param scale the factor applied after subtracting, one or one per channel
     * @param globalScale the factor applied to every value
     * @param globalShift the value added last
     * @param epsilon added to the variance when {@code scaleIsStddev}
     * @param scaleIsStddev whether {@code scale} holds standard deviations
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void normalizeInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor base, Tensor scale,
                                     float globalScale, float globalShift, float epsilon, boolean scaleIsStddev) {
        normalizeInto(dst, src, base, scale, globalScale, globalShift, epsilon, scaleIsStddev, null);
    }

    private static PixelGrid checkSrc(Tensor src) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, AffinePixels.TYPES);
        return s;
    }

    private static void checkDstType(DataType dt, DataType st) {
        if (dt != st && dt != DataType.F32 && dt != DataType.F16) {
            throw OP.fail("dst data type " + dt + " is not supported for a " + st + " src; supported: " + st + ", F32, F16");
        }
    }

    private static void run(Tensor dst, PixelGrid s, float[] base, float[] scale, float globalScale, float globalShift,
                            float epsilon, boolean scaleIsStddev, Stream stream) {
        PixelGrid d = OP.image("dst", dst, PixelGrid.ANY_IMAGE);
        OP.sameShape("dst", d, "src", s);
        OP.output("dst", d, "src", s, true);
        float[] q = AffinePixels.effectiveScales(scale, epsilon, scaleIsStddev);
        Stream st = s.tensor().isHost() ? null : OP.stream(dst, stream);
        AffinePixels.run(s, d, base.clone(), q, globalScale, globalShift, st);
    }
}

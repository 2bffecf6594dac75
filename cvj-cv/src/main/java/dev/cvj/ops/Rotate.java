package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.ops.internal.ParameterTensors;
import dev.cvj.ops.internal.QuarterTurns;
import dev.cvj.ops.internal.WarpPixels;
import dev.cvj.ops.internal.WarpVarShape;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.PixelType;
import dev.cvj.tensor.Tensor;

/**
 * Rotation of every image by an angle and a shift, CV-CUDA's Rotate: a {@link WarpAffine} with the matrix CV-CUDA
 * builds ({@code compute_warpAffine}), with {@code a = angleDeg * PI / 180} in double,
 * <pre>
 *   M = | cos a   sin a   shiftX |
 *       | -sin a  cos a   shiftY |
 * </pre>
 * as the forward map (src to dst: {@code dst = R src + shift}, so positive angles turn the image clockwise on
 * screen, y pointing down), inverted as OpenCV's {@code warpAffine} inverts it, border CONSTANT 0. The result is
 * {@code cv::warpAffine(src, M, dsize, interpolation, BORDER_CONSTANT, 0)} bit for bit (goldens). To rotate about
 * a centre {@code (cx, cy)}, shift by {@code ((1 - cos a) cx - sin a cy, sin a cx + (1 - cos a) cy)}, as CV-CUDA's
 * tests do.
 *
 * <p>Deliberate differences from CV-CUDA: CV-CUDA computes {@code R^T (dst - shift)} in float and interpolates
 * with its own float weights, and leaves dst pixels whose source position falls outside the image untouched;
 * cvj uses OpenCV's fixed-point warp (1/32 pixel positions, U8 weights in 2^15 fixed point) and writes every dst
 * pixel, 0 outside the source. Interpolation NEAREST, LINEAR or CUBIC (AREA as LINEAR).
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>W, H &gt;= 1</td><td>src's (allocating form); any W x H (into form), src's N and C</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (the types and channels above, no empty image; 1 to 65535
 *       images on a device), an angle and a shift per image (arrays, or CV-CUDA's F64 tensors [N] and [N, 2])</td>
 *       <td>a varshape batch of src's sizes; the Into form: any dst batch of src's pixels</td></tr>
 * </table>
 * dst must not overlap src in memory (for batches, no dst image may overlap any src image). A batch gives image i
 * exactly what the single-image call gives it (host batches: that call image by image; device batches: one launch).
 *
 * <p>Quarter turns: {@link #rotate90} turns by 90, 180 or 270 degrees as a pure copy, OpenCV's {@code cv::rotate}
 * with its codes exactly: {@link #ROTATE_90_CLOCKWISE} (0), {@link #ROTATE_180} (1),
 * {@link #ROTATE_90_COUNTERCLOCKWISE} (2); dst has W and H swapped for the quarter turns. Every image layout, every
 * data type of 1, 2, 4 or 8 bytes, 1 to 4 channels; for a varshape batch a code per image. The GPU moves 32 x 32
 * tiles through shared memory so that reads and writes are both coalesced.
 *
 * <pre>{@code
 * Tensor upright = Rotate.rotate90(img, Rotate.ROTATE_90_CLOCKWISE, stream); // cv::rotate(img, ROTATE_90_CLOCKWISE)
 * ImageBatchVarShape turned = Rotate.rotate(batch, new double[] {10, -20, 30}, new double[] {0}, new double[] {0},
 *         Interpolation.LINEAR, stream);
 * }</pre>
 */
public final class Rotate {
    private static final OpCheck OP = OpCheck.of("Rotate");
    private static final WarpVarShape VS = new WarpVarShape(OP);
    private static final QuarterTurns TURNS = new QuarterTurns(OP);

    /** cv::rotate's {@code ROTATE_90_CLOCKWISE}: {@code dst(x, y) = src(H - 1 - x, y)} as (row, column). */
    public static final int ROTATE_90_CLOCKWISE = 0;
    /** cv::rotate's {@code ROTATE_180}. */
    public static final int ROTATE_180 = 1;
    /** cv::rotate's {@code ROTATE_90_COUNTERCLOCKWISE}: {@code dst(x, y) = src(x, W - 1 - y)} as (row, column). */
    public static final int ROTATE_90_COUNTERCLOCKWISE = 2;

    private Rotate() {}

    /**
     * CV-CUDA's rotation matrix (the forward map, row-major 2x3) for an angle in degrees and a shift.
     *
     * @param angleDeg the angle in degrees (positive: clockwise on screen)
     * @param shiftX the shift in x after rotating
     * @param shiftY the shift in y after rotating
     * @return the six values {@code {m00, m01, m02, m10, m11, m12}}
     */
    public static double[] matrix(double angleDeg, double shiftX, double shiftY) {
        double a = angleDeg * Math.PI / 180;
        return new double[] {Math.cos(a), Math.sin(a), shiftX, -Math.sin(a), Math.cos(a), shiftY};
    }

    /**
     * A new tensor like src: src rotated by {@code angleDeg} and shifted. A null stream is the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param angleDeg the angle in degrees (positive: clockwise on screen)
     * @param shiftX the shift in x after rotating
     * @param shiftY the shift in y after rotating
     * @param interpolation how output pixels are sampled from the input
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor rotate(Tensor src, double angleDeg, double shiftX, double shiftY, Interpolation interpolation,
                                Stream stream) {
        PixelGrid s = WarpPixels.source(OP, src, interpolation, BorderType.CONSTANT, null);
        double[][] maps = maps(angleDeg, shiftX, shiftY);
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream,
                dst -> WarpPixels.into(OP, dst, s, maps, false, interpolation, BorderType.CONSTANT, null, stream));
    }

    /**
     * As {@link #rotate(Tensor, double, double, double, Interpolation, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param angleDeg the angle in degrees (positive: clockwise on screen)
     * @param shiftX the shift in x after rotating
     * @param shiftY the shift in y after rotating
     * @param interpolation how output pixels are sampled from the input
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor rotate(Tensor src, double angleDeg, double shiftX, double shiftY, Interpolation interpolation) {
        return rotate(src, angleDeg, shiftX, shiftY, interpolation, null);
    }

    /**
     * Writes src rotated by {@code angleDeg} and shifted into {@code dst} (its W x H is the output size).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param angleDeg the angle in degrees (positive: clockwise on screen)
     * @param shiftX the shift in x after rotating
     * @param shiftY the shift in y after rotating
     * @param interpolation how output pixels are sampled from the input
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void rotateInto(Tensor dst, Tensor src, double angleDeg, double shiftX, double shiftY,
                                  Interpolation interpolation, Stream stream) {
        PixelGrid s = WarpPixels.source(OP, src, interpolation, BorderType.CONSTANT, null);
        WarpPixels.into(OP, dst, s, maps(angleDeg, shiftX, shiftY), false, interpolation, BorderType.CONSTANT, null, stream);
    }

    /**
     * As {@link #rotateInto(Tensor, Tensor, double, double, double, Interpolation, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param angleDeg the angle in degrees (positive: clockwise on screen)
     * @param shiftX the shift in x after rotating
     * @param shiftY the shift in y after rotating
     * @param interpolation how output pixels are sampled from the input
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void rotateInto(Tensor dst, Tensor src, double angleDeg, double shiftX, double shiftY,
                                  Interpolation interpolation) {
        rotateInto(dst, src, angleDeg, shiftX, shiftY, interpolation, null);
    }

    private static double[][] maps(double angleDeg, double shiftX, double shiftY) {
        return WarpPixels.inverseMaps(OP, new double[][] {matrix(angleDeg, shiftX, shiftY)}, 1, false, false);
    }

    // ---- varshape batches ----

    /**
     * A new batch of src's sizes: image i rotated by {@code angleDeg} and shifted by ({@code shiftX}, {@code shiftY}),
     * each array of 1 entry (for all images) or one per image.
     *
     * @param src the input batch, as the support table allows (no empty image)
     * @param angleDeg each image's angle in degrees (positive: clockwise on screen): 1 entry for all images or one per
     *         image
     * @param shiftX each image's shift in x after rotating: 1 entry for all images or one per image
     * @param shiftY each image's shift in y after rotating: 1 entry for all images or one per image
     * @param interpolation how output pixels are sampled from the input: NEAREST, LINEAR or CUBIC (AREA as LINEAR)
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device), image i of src image i's size, channels and type; it
     *         owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, per-image arrays or tensors of neither 1 entry nor one per image; the message names the operator
     *         and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static ImageBatchVarShape rotate(ImageBatchVarShape src, double[] angleDeg, double[] shiftX, double[] shiftY,
                                            Interpolation interpolation, Stream stream) {
        PixelType p = VS.source(src, interpolation, BorderType.CONSTANT, null);
        double[][] maps = maps(angleDeg, shiftX, shiftY, src.size());
        return VS.allocate(src, p, src::imageSize, stream,
                dst -> VS.warpInto(dst, src, maps, false, interpolation, BorderType.CONSTANT, null, stream));
    }

    /**
     * As {@link #rotate(ImageBatchVarShape, double[], double[], double[], Interpolation, Stream)}, on the current
     * stream.
     *
     * @param src the input batch, as the support table allows (no empty image)
     * @param angleDeg each image's angle in degrees (positive: clockwise on screen): 1 entry for all images or one per
     *         image
     * @param shiftX each image's shift in x after rotating: 1 entry for all images or one per image
     * @param shiftY each image's shift in y after rotating: 1 entry for all images or one per image
     * @param interpolation how output pixels are sampled from the input: NEAREST, LINEAR or CUBIC (AREA as LINEAR)
     * @return the new batch beside src (the host or src's device), image i of src image i's size, channels and type; it
     *         owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, per-image arrays or tensors of neither 1 entry nor one per image; the message names the operator
     *         and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static ImageBatchVarShape rotate(ImageBatchVarShape src, double[] angleDeg, double[] shiftX, double[] shiftY,
                                            Interpolation interpolation) {
        return rotate(src, angleDeg, shiftX, shiftY, interpolation, null);
    }

    /**
     * As {@link #rotate(ImageBatchVarShape, double[], double[], double[], Interpolation, Stream)}, the parameters as
     * CV-CUDA's RotateVarShape takes them: {@code angleDeg} an F64 (or F32) tensor {@code [N]}, {@code shift} one
     * {@code [N, 2]} of (x, y) (N = 1 or the batch size), on the host or a device.
     *
     * @param src the input batch, as the support table allows (no empty image)
     * @param angleDeg each image's angle in degrees (positive: clockwise on screen), an F64 or F32 tensor of shape
     *         {@code [N]} (N = 1 for all images, or the batch size), on the host or a device (a device tensor is read
     *         back with a synchronous copy)
     * @param shift each image's shift (x, y) after rotating, an F64 or F32 tensor of shape {@code [N, 2]} (N = 1 for
     *         all images, or the batch size), on the host or a device (a device tensor is read back with a synchronous
     *         copy)
     * @param interpolation how output pixels are sampled from the input: NEAREST, LINEAR or CUBIC (AREA as LINEAR)
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device), image i of src image i's size, channels and type; it
     *         owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, per-image arrays or tensors of neither 1 entry nor one per image; the message names the operator
     *         and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     * @throws IllegalStateException if {@code angleDeg} or {@code shift} is a closed tensor
     */
    public static ImageBatchVarShape rotate(ImageBatchVarShape src, Tensor angleDeg, Tensor shift,
                                            Interpolation interpolation, Stream stream) {
        double[][] sh = shifts(src, shift);
        return rotate(src, angles(src, angleDeg), column(sh, 0), column(sh, 1), interpolation, stream);
    }

    /**
     * Writes image i of {@code src} rotated and shifted into image i of {@code dst} (its size is the output size).
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), channels and type, no
     *         empty image, no image overlapping a src image; image i's size is its output size
     * @param src the input batch, as the support table allows (no empty image)
     * @param angleDeg each image's angle in degrees (positive: clockwise on screen): 1 entry for all images or one per
     *         image
     * @param shiftX each image's shift in x after rotating: 1 entry for all images or one per image
     * @param shiftY each image's shift in y after rotating: 1 entry for all images or one per image
     * @param interpolation how output pixels are sampled from the input: NEAREST, LINEAR or CUBIC (AREA as LINEAR)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, per-image arrays or tensors of neither 1 entry nor one per image, a dst batch that does not fit
     *         src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static void rotateInto(ImageBatchVarShape dst, ImageBatchVarShape src, double[] angleDeg, double[] shiftX,
                                  double[] shiftY, Interpolation interpolation, Stream stream) {
        VS.source(src, interpolation, BorderType.CONSTANT, null);
        VS.warpInto(dst, src, maps(angleDeg, shiftX, shiftY, src.size()), false, interpolation, BorderType.CONSTANT, null,
                stream);
    }

    /**
     * As {@link #rotateInto(ImageBatchVarShape, ImageBatchVarShape, double[], double[], double[], Interpolation,
     * Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), channels and type, no
     *         empty image, no image overlapping a src image; image i's size is its output size
     * @param src the input batch, as the support table allows (no empty image)
     * @param angleDeg each image's angle in degrees (positive: clockwise on screen): 1 entry for all images or one per
     *         image
     * @param shiftX each image's shift in x after rotating: 1 entry for all images or one per image
     * @param shiftY each image's shift in y after rotating: 1 entry for all images or one per image
     * @param interpolation how output pixels are sampled from the input: NEAREST, LINEAR or CUBIC (AREA as LINEAR)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, per-image arrays or tensors of neither 1 entry nor one per image, a dst batch that does not fit
     *         src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static void rotateInto(ImageBatchVarShape dst, ImageBatchVarShape src, double[] angleDeg, double[] shiftX,
                                  double[] shiftY, Interpolation interpolation) {
        rotateInto(dst, src, angleDeg, shiftX, shiftY, interpolation, null);
    }

    /**
     * As {@link #rotateInto(ImageBatchVarShape, ImageBatchVarShape, double[], double[], double[], Interpolation,
     * Stream)}, the parameters as tensors.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), channels and type, no
     *         empty image, no image overlapping a src image; image i's size is its output size
     * @param src the input batch, as the support table allows (no empty image)
     * @param angleDeg each image's angle in degrees (positive: clockwise on screen), an F64 or F32 tensor of shape
     *         {@code [N]} (N = 1 for all images, or the batch size), on the host or a device (a device tensor is read
     *         back with a synchronous copy)
     * @param shift each image's shift (x, y) after rotating, an F64 or F32 tensor of shape {@code [N, 2]} (N = 1 for
     *         all images, or the batch size), on the host or a device (a device tensor is read back with a synchronous
     *         copy)
     * @param interpolation how output pixels are sampled from the input: NEAREST, LINEAR or CUBIC (AREA as LINEAR)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, per-image arrays or tensors of neither 1 entry nor one per image, a dst batch that does not fit
     *         src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     * @throws IllegalStateException if {@code angleDeg} or {@code shift} is a closed tensor
     */
    public static void rotateInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor angleDeg, Tensor shift,
                                  Interpolation interpolation, Stream stream) {
        double[][] sh = shifts(src, shift);
        rotateInto(dst, src, angles(src, angleDeg), column(sh, 0), column(sh, 1), interpolation, stream);
    }

    private static double[] angles(ImageBatchVarShape src, Tensor angleDeg) {
        VS.source(src, Interpolation.NEAREST, BorderType.CONSTANT, null);
        return ParameterTensors.values(OP, "angleDeg", angleDeg, src.size());
    }

    private static double[][] shifts(ImageBatchVarShape src, Tensor shift) {
        return ParameterTensors.doubles(OP, "shift", shift, src.size(), 2);
    }

    private static double[] column(double[][] rows, int k) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][k];
        }
        return out;
    }

    /** The inverse maps of the per-image rotations (each array 1 entry or one per image). */
    private static double[][] maps(double[] angleDeg, double[] shiftX, double[] shiftY, int images) {
        OP.notNull(angleDeg, "angleDeg");
        OP.notNull(shiftX, "shiftX");
        OP.notNull(shiftY, "shiftY");
        int n = Math.max(OP.perImage("angleDeg", angleDeg.length, images),
                Math.max(OP.perImage("shiftX", shiftX.length, images), OP.perImage("shiftY", shiftY.length, images)));
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = matrix(angleDeg[angleDeg.length == 1 ? 0 : i], shiftX[shiftX.length == 1 ? 0 : i],
                    shiftY[shiftY.length == 1 ? 0 : i]);
        }
        return WarpPixels.inverseMaps(OP, m, images, false, false);
    }

    // ---- quarter turns ----

    /**
     * A new tensor: src turned by {@code rotateCode} (cv::rotate's: {@link #ROTATE_90_CLOCKWISE}, {@link #ROTATE_180},
     * {@link #ROTATE_90_COUNTERCLOCKWISE}), a pure copy; W and H swapped for the quarter turns.
     *
     * @param src the input image(s): any image layout, elements of 1, 2, 4 or 8 bytes, 1 to 4 channels
     * @param rotateCode cv::rotate's code: {@link #ROTATE_90_CLOCKWISE}, {@link #ROTATE_180} or
     *         {@link #ROTATE_90_COUNTERCLOCKWISE}
     * @param stream the stream for device work; null: the current stream
     * @return the new tensor beside src, of src's layout, type, N and C, W and H swapped for the quarter turns; the
     *         caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor rotate90(Tensor src, int rotateCode, Stream stream) {
        PixelGrid s = TURNS.source(src);
        TURNS.checkCode("rotateCode", rotateCode);
        boolean swap = QuarterTurns.swaps(rotateCode);
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(src.layout(), s.n(), swap ? s.w() : s.h(), swap ? s.h() : s.w(),
                s.c()), src.dtype(), src.layout(), stream, dst -> TURNS.into(dst, s, rotateCode, stream));
    }

    /**
     * As {@link #rotate90(Tensor, int, Stream)}, on the current stream.
     *
     * @param src the input image(s): any image layout, elements of 1, 2, 4 or 8 bytes, 1 to 4 channels
     * @param rotateCode cv::rotate's code: {@link #ROTATE_90_CLOCKWISE}, {@link #ROTATE_180} or
     *         {@link #ROTATE_90_COUNTERCLOCKWISE}
     * @return the new tensor beside src, of src's layout, type, N and C, W and H swapped for the quarter turns; the
     *         caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor rotate90(Tensor src, int rotateCode) {
        return rotate90(src, rotateCode, null);
    }

    /**
     * Writes src turned by {@code rotateCode} into {@code dst} (src's W x H, swapped for the quarter turns).
     *
     * @param dst the caller's output: src's layout, data type, N and C, W x H src's turned by {@code rotateCode}
     *         (swapped for the quarter turns), not overlapping src
     * @param src the input image(s): any image layout, elements of 1, 2, 4 or 8 bytes, 1 to 4 channels
     * @param rotateCode cv::rotate's code: {@link #ROTATE_90_CLOCKWISE}, {@link #ROTATE_180} or
     *         {@link #ROTATE_90_COUNTERCLOCKWISE}
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void rotate90Into(Tensor dst, Tensor src, int rotateCode, Stream stream) {
        TURNS.into(dst, TURNS.source(src), rotateCode, stream);
    }

    /**
     * As {@link #rotate90Into(Tensor, Tensor, int, Stream)}, on the current stream.
     *
     * @param dst the caller's output: src's layout, data type, N and C, W x H src's turned by {@code rotateCode}
     *         (swapped for the quarter turns), not overlapping src
     * @param src the input image(s): any image layout, elements of 1, 2, 4 or 8 bytes, 1 to 4 channels
     * @param rotateCode cv::rotate's code: {@link #ROTATE_90_CLOCKWISE}, {@link #ROTATE_180} or
     *         {@link #ROTATE_90_COUNTERCLOCKWISE}
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void rotate90Into(Tensor dst, Tensor src, int rotateCode) {
        rotate90Into(dst, src, rotateCode, null);
    }

    /**
     * A new batch: image i turned by {@code rotateCodes} (1 code for all images or one per image), W and H swapped for
     * the quarter turns.
     *
     * @param src the input batch: elements of 1, 2, 4 or 8 bytes, 1 to 4 channels
     * @param rotateCodes each image's code ({@link #ROTATE_90_CLOCKWISE}, {@link #ROTATE_180} or
     *         {@link #ROTATE_90_COUNTERCLOCKWISE}): 1 code for all images or one per image
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device), image i of src image i's size turned by its code,
     *         src's channels and type; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, a rotateCodes array of neither 1 entry nor one per image or with a code other than 0, 1 or 2; the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static ImageBatchVarShape rotate90(ImageBatchVarShape src, int[] rotateCodes, Stream stream) {
        PixelType p = TURNS.source(src, rotateCodes);
        return Outputs.allocateBatch(OP, src, i -> QuarterTurns.turned(src, rotateCodes, i), p.channels(), p.dataType(),
                stream, dst -> TURNS.into(dst, src, rotateCodes, stream));
    }

    /**
     * As {@link #rotate90(ImageBatchVarShape, int[], Stream)}, on the current stream.
     *
     * @param src the input batch: elements of 1, 2, 4 or 8 bytes, 1 to 4 channels
     * @param rotateCodes each image's code ({@link #ROTATE_90_CLOCKWISE}, {@link #ROTATE_180} or
     *         {@link #ROTATE_90_COUNTERCLOCKWISE}): 1 code for all images or one per image
     * @return the new batch beside src (the host or src's device), image i of src image i's size turned by its code,
     *         src's channels and type; it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, a rotateCodes array of neither 1 entry nor one per image or with a code other than 0, 1 or 2; the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static ImageBatchVarShape rotate90(ImageBatchVarShape src, int[] rotateCodes) {
        return rotate90(src, rotateCodes, null);
    }

    /**
     * Writes image i of {@code src} turned by its code into image i of {@code dst} (of the turned size).
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), channels and type,
     *         image i of src image i's size turned by its code, no image overlapping a src image
     * @param src the input batch: elements of 1, 2, 4 or 8 bytes, 1 to 4 channels
     * @param rotateCodes each image's code ({@link #ROTATE_90_CLOCKWISE}, {@link #ROTATE_180} or
     *         {@link #ROTATE_90_COUNTERCLOCKWISE}): 1 code for all images or one per image
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, a rotateCodes array of neither 1 entry nor one per image or with a code other than 0, 1 or 2, a
     *         dst batch that does not fit src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static void rotate90Into(ImageBatchVarShape dst, ImageBatchVarShape src, int[] rotateCodes, Stream stream) {
        TURNS.into(dst, src, rotateCodes, stream);
    }

    /**
     * As {@link #rotate90Into(ImageBatchVarShape, ImageBatchVarShape, int[], Stream)}, on the current stream.
     *
     * @param dst the caller's output batch: src's image count, place (the host or src's device), channels and type,
     *         image i of src image i's size turned by its code, no image overlapping a src image
     * @param src the input batch: elements of 1, 2, 4 or 8 bytes, 1 to 4 channels
     * @param rotateCodes each image's code ({@link #ROTATE_90_CLOCKWISE}, {@link #ROTATE_180} or
     *         {@link #ROTATE_90_COUNTERCLOCKWISE}): 1 code for all images or one per image
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (a closed or empty
     *         batch, a rotateCodes array of neither 1 entry nor one per image or with a code other than 0, 1 or 2, a
     *         dst batch that does not fit src; the message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null (every argument but {@code stream})
     */
    public static void rotate90Into(ImageBatchVarShape dst, ImageBatchVarShape src, int[] rotateCodes) {
        rotate90Into(dst, src, rotateCodes, null);
    }
}

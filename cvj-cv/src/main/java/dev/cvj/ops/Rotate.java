package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.ops.internal.WarpPixels;
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
 * </table>
 * dst must not overlap src in memory.
 */
public final class Rotate {
    private static final OpCheck OP = OpCheck.of("Rotate");

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
}

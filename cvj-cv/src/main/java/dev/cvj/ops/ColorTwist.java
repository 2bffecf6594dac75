package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.CpuPixels;
import dev.cvj.ops.internal.DenseImages;
import dev.cvj.ops.internal.DeviceParameters;
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
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * An affine colour transform per image, CV-CUDA's ColorTwist ({@code cvcuda.color_twist}, the NPP
 * {@code nppiColorTwist32f} formula): with {@code m} the image's 3 x 4 twist matrix and {@code s} a pixel,
 * <pre>
 *   dst[r] = saturate(((m[r][0] * s[0] + m[r][1] * s[1]) + m[r][2] * s[2]) + m[r][3])    r = 0, 1, 2
 *   dst[3] = s[3]                                                                         (4 channels: alpha kept)
 * </pre>
 * Arithmetic is in float, each product and sum rounded on its own in the order written (no fused multiply-add),
 * on the CPU and the GPU alike, so the GPU equals the CPU bit for bit; integer outputs round half to even and
 * saturate to the type ({@code saturate_cast}; NaN gives 0), F32 outputs are the float result. A matrix given in
 * F64 (CV-CUDA takes F32 or F64 twists) is rounded to float first.
 *
 * <p>Each matrix is a {@code float[12]} in row-major order {@code {m00, m01, m02, m03, m10, ..., m23}}; an array
 * of 1 matrix applies to every image, else one per image (N for NHWC/NCHW, 1 for HWC/CHW). CV-CUDA's twist
 * tensor, F32 or F64 of shape {@code [3, 4]} or {@code [N, 3, 4]} (N = 1 or the number of images), is taken by the
 * tensor overloads (read on the host before any work; a device tensor with a synchronous copy).
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>3, 4 (the matrix mixes three; CV-CUDA's ColorTwist takes 3 or 4)</td><td>same as
 *       src</td></tr>
 *   <tr><td>Shape</td><td>any</td><td>same as src</td></tr>
 *   <tr><td>Varshape</td><td>an {@link ImageBatchVarShape} (the types and channels above; 1 to 65535 images on a
 *       device), a matrix for all images or one per image</td><td>a varshape batch of the same sizes and
 *       pixels</td></tr>
 * </table>
 * In place: dst may be the very same view as src (each pixel is read whole before it is written); any other
 * overlap of dst and src in memory is refused (for batches: dst image i may be src image i, and no other dst image
 * may overlap a src image). Varshape batches: image i gets exactly what the single-image call gives it (host batches
 * run the single-image CPU path image by image, device batches one launch).
 *
 * <p>On a device the matrices are uploaded with a stream-ordered copy per call; a benchmark should measure
 * bytes per second on large U8 RGB images against a copy of the same size (the kernel is bound by memory).
 *
 * <pre>{@code
 * float[] sepia = {0.393f, 0.769f, 0.189f, 0, 0.349f, 0.686f, 0.168f, 0, 0.272f, 0.534f, 0.131f, 0};
 * Tensor out = ColorTwist.colorTwist(rgb, new float[][] {sepia});
 * }</pre>
 */
public final class ColorTwist {
    private static final OpCheck OP = OpCheck.of("ColorTwist");
    private static final Set<DataType> TYPES = EnumSet.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32);
    /** Values of one matrix: 3 rows of 4. */
    private static final int MATRIX = 12;

    private ColorTwist() {}

    /**
     * A new tensor: {@code src} with each image's twist matrix applied (see the class comment). A null stream is the
     * current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param twist 1 matrix for all images or one per image, each 12 floats in row-major order
     * @param stream the stream for device work; null: the current stream
     * @return the new output, of src's shape, layout and type
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor argument is closed
     */
    public static Tensor colorTwist(Tensor src, float[][] twist, Stream stream) {
        PixelGrid s = check(src);
        float[][] m = matrices(twist, s.n());
        return Outputs.allocate(OP, src, src.shape(), src.dtype(), src.layout(), stream, dst -> run(dst, s, m, stream));
    }

    /**
     * As {@link #colorTwist(Tensor, float[][], Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param twist 1 matrix for all images or one per image, each 12 floats in row-major order
     * @return the new output, of src's shape, layout and type
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor argument is closed
     */
    public static Tensor colorTwist(Tensor src, float[][] twist) {
        return colorTwist(src, twist, null);
    }

    /**
     * Writes {@code src} with each image's twist matrix applied into {@code dst} (src's shape, layout and type).
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param twist 1 matrix for all images or one per image, each 12 floats in row-major order
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor argument is closed
     */
    public static void colorTwistInto(Tensor dst, Tensor src, float[][] twist, Stream stream) {
        PixelGrid s = check(src);
        run(dst, s, matrices(twist, s.n()), stream);
    }

    /**
     * As {@link #colorTwistInto(Tensor, Tensor, float[][], Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param twist 1 matrix for all images or one per image, each 12 floats in row-major order
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor argument is closed
     */
    public static void colorTwistInto(Tensor dst, Tensor src, float[][] twist) {
        colorTwistInto(dst, src, twist, null);
    }

    /**
     * As {@link #colorTwist(Tensor, float[][], Stream)}, the matrices as CV-CUDA's twist tensor.
     *
     * @param src the input image(s), as the support table allows
     * @param twist an F32 or F64 tensor of shape {@code [3, 4]} or {@code [N, 3, 4]} (N = 1 or the number of images)
     * @param stream the stream for device work; null: the current stream
     * @return the new output, of src's shape, layout and type
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor argument is closed
     */
    public static Tensor colorTwist(Tensor src, Tensor twist, Stream stream) {
        PixelGrid s = check(src);
        return colorTwist(src, matrices(twist, s.n()), stream);
    }

    /**
     * As {@link #colorTwist(Tensor, Tensor, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param twist an F32 or F64 tensor of shape {@code [3, 4]} or {@code [N, 3, 4]} (N = 1 or the number of images)
     * @return the new output, of src's shape, layout and type
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor argument is closed
     */
    public static Tensor colorTwist(Tensor src, Tensor twist) {
        return colorTwist(src, twist, null);
    }

    /**
     * As {@link #colorTwistInto(Tensor, Tensor, float[][], Stream)}, the matrices as CV-CUDA's twist tensor.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param twist an F32 or F64 tensor of shape {@code [3, 4]} or {@code [N, 3, 4]} (N = 1 or the number of images)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor argument is closed
     */
    public static void colorTwistInto(Tensor dst, Tensor src, Tensor twist, Stream stream) {
        PixelGrid s = check(src);
        run(dst, s, matrices(twist, s.n()), stream);
    }

    /**
     * As {@link #colorTwistInto(Tensor, Tensor, Tensor, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param twist an F32 or F64 tensor of shape {@code [3, 4]} or {@code [N, 3, 4]} (N = 1 or the number of images)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor argument is closed
     */
    public static void colorTwistInto(Tensor dst, Tensor src, Tensor twist) {
        colorTwistInto(dst, src, twist, null);
    }

    // ---- varshape batches ----

    /**
     * A new batch of src's sizes and pixels: image i with its twist matrix applied.
     *
     * @param src the input batch, as the support table allows
     * @param twist 1 matrix for all images or one per image, each 12 floats in row-major order
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device); it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     */
    public static ImageBatchVarShape colorTwist(ImageBatchVarShape src, float[][] twist, Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 3, 4);
        float[][] m = matrices(twist, src.size());
        return Outputs.allocateBatch(OP, src, src::imageSize, p.channels(), p.dataType(), stream,
                dst -> runBatch(dst, src, p, m, stream));
    }

    /**
     * As {@link #colorTwist(ImageBatchVarShape, float[][], Stream)}, on the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param twist 1 matrix for all images or one per image, each 12 floats in row-major order
     * @return the new batch beside src (the host or src's device); it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     */
    public static ImageBatchVarShape colorTwist(ImageBatchVarShape src, float[][] twist) {
        return colorTwist(src, twist, null);
    }

    /**
     * As {@link #colorTwist(ImageBatchVarShape, float[][], Stream)}, the matrices as CV-CUDA's ColorTwistVarShape
     * takes them.
     *
     * @param src the input batch, as the support table allows
     * @param twist an F32 or F64 tensor of shape {@code [3, 4]} or {@code [N, 3, 4]} (N = 1 or the batch size)
     * @param stream the stream for device work; null: the current stream
     * @return the new batch beside src (the host or src's device); it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if {@code twist} is closed
     */
    public static ImageBatchVarShape colorTwist(ImageBatchVarShape src, Tensor twist, Stream stream) {
        OP.batch("src batch", src, TYPES, 3, 4);
        return colorTwist(src, matrices(twist, src.size()), stream);
    }

    /**
     * As {@link #colorTwist(ImageBatchVarShape, Tensor, Stream)}, on the current stream.
     *
     * @param src the input batch, as the support table allows
     * @param twist an F32 or F64 tensor of shape {@code [3, 4]} or {@code [N, 3, 4]} (N = 1 or the batch size)
     * @return the new batch beside src (the host or src's device); it owns its images: the caller closes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if {@code twist} is closed
     */
    public static ImageBatchVarShape colorTwist(ImageBatchVarShape src, Tensor twist) {
        return colorTwist(src, twist, null);
    }

    /**
     * Writes image i of {@code src} with its twist matrix applied into image i of {@code dst} (a batch of the same
     * count, sizes and pixels; dst image i may be src image i).
     *
     * @param dst the caller's output batch, as the support table allows
     * @param src the input batch, as the support table allows
     * @param twist 1 matrix for all images or one per image, each 12 floats in row-major order
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     */
    public static void colorTwistInto(ImageBatchVarShape dst, ImageBatchVarShape src, float[][] twist, Stream stream) {
        PixelType p = OP.batch("src batch", src, TYPES, 3, 4);
        runBatch(dst, src, p, matrices(twist, src.size()), stream);
    }

    /**
     * As {@link #colorTwistInto(ImageBatchVarShape, ImageBatchVarShape, float[][], Stream)}, on the current stream.
     *
     * @param dst the caller's output batch, as the support table allows
     * @param src the input batch, as the support table allows
     * @param twist 1 matrix for all images or one per image, each 12 floats in row-major order
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     */
    public static void colorTwistInto(ImageBatchVarShape dst, ImageBatchVarShape src, float[][] twist) {
        colorTwistInto(dst, src, twist, null);
    }

    /**
     * As {@link #colorTwistInto(ImageBatchVarShape, ImageBatchVarShape, float[][], Stream)}, the matrices as
     * CV-CUDA's twist tensor.
     *
     * @param dst the caller's output batch, as the support table allows
     * @param src the input batch, as the support table allows
     * @param twist an F32 or F64 tensor of shape {@code [3, 4]} or {@code [N, 3, 4]} (N = 1 or the batch size)
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if {@code twist} is closed
     */
    public static void colorTwistInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor twist, Stream stream) {
        OP.batch("src batch", src, TYPES, 3, 4);
        colorTwistInto(dst, src, matrices(twist, src.size()), stream);
    }

    /**
     * As {@link #colorTwistInto(ImageBatchVarShape, ImageBatchVarShape, Tensor, Stream)}, on the current stream.
     *
     * @param dst the caller's output batch, as the support table allows
     * @param src the input batch, as the support table allows
     * @param twist an F32 or F64 tensor of shape {@code [3, 4]} or {@code [N, 3, 4]} (N = 1 or the batch size)
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if {@code twist} is closed
     */
    public static void colorTwistInto(ImageBatchVarShape dst, ImageBatchVarShape src, Tensor twist) {
        colorTwistInto(dst, src, twist, null);
    }

    private static PixelGrid check(Tensor src) {
        PixelGrid s = OP.image("src", src);
        OP.dtype("src", s, TYPES);
        OP.channels("src", s, 3, 4);
        return s;
    }

    /** The matrices of an array form: 1 or {@code images} entries of 12 values each, copied. */
    private static float[][] matrices(float[][] twist, int images) {
        OP.notNull(twist, "twist");
        OP.perImage("twist", twist.length, images);
        float[][] m = new float[twist.length][];
        for (int i = 0; i < m.length; i++) {
            OP.notNull(twist[i], "twist[" + i + "]");
            if (twist[i].length != MATRIX) {
                throw OP.fail("twist[" + i + "] has " + twist[i].length + " values; a 3 x 4 matrix has " + MATRIX);
            }
            m[i] = twist[i].clone();
        }
        return m;
    }

    /** The matrices of CV-CUDA's twist tensor, {@code [3, 4]} or {@code [N, 3, 4]}, rounded to float. */
    private static float[][] matrices(Tensor twist, int images) {
        OP.notNull(twist, "twist");
        long[] shape = twist.shape();
        boolean one = shape.length == 2 && shape[0] == 3 && shape[1] == 4;
        boolean perImage = shape.length == 3 && shape[1] == 3 && shape[2] == 4;
        if ((twist.dtype() != DataType.F32 && twist.dtype() != DataType.F64) || !(one || perImage)) {
            throw OP.fail("twist is a " + twist.dtype() + " tensor of shape " + Arrays.toString(shape)
                    + "; an F32 or F64 tensor of shape [3, 4] or [N, 3, 4] expected");
        }
        double[][] rows = one ? new double[][] {flat(ParameterTensors.doubles(OP, "twist", twist, 3, 4))}
                : ParameterTensors.doubles(OP, "twist", twist, images, 3, 4);
        float[][] m = new float[rows.length][MATRIX];
        for (int i = 0; i < m.length; i++) {
            for (int k = 0; k < MATRIX; k++) {
                m[i][k] = (float) rows[i][k];
            }
        }
        return m;
    }

    /** Three rows of 4 as one row-major matrix. */
    private static double[] flat(double[][] rows) {
        double[] out = new double[MATRIX];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, 4 * r, 4);
        }
        return out;
    }

    /** The matrices as float bits, one after the other, for the kernels' {@code const float*} table. */
    private static int[] bits(float[][] m) {
        int[] out = new int[m.length * MATRIX];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.floatToRawIntBits(m[i / MATRIX][i % MATRIX]);
        }
        return out;
    }

    private static void run(Tensor dst, PixelGrid s, float[][] m, Stream stream) {
        PixelGrid d = OP.image("dst", dst);
        OP.sameShape("dst", d, "src", s);
        OP.sameDtype("dst", d, "src", s);
        OP.output("dst", d, "src", s, true);
        if (dst.isHost()) {
            cpu(s, d, m);
            return;
        }
        Stream st = OP.stream(dst, stream);
        Launch.imageGrid(d.w(), d.h(), d.n()); // refuses a batch beyond one grid before the upload
        if (d.n() == 0 || d.h() == 0 || d.w() == 0) {
            return;
        }
        Tensor table = DeviceParameters.upload(bits(m), st);
        try {
            if (DenseImages.fit(s, d) && d.c() >= 3) { // U8 images without row padding: 16 pixels a thread
                DenseImages.launch(KernelLibrary.kernel(dst.device(), "cvj_color_twist_dense_u8_c" + d.c()), d, st,
                        DenseImages.args(s, d).pointer(table.address()).i32(m.length == 1 ? 0 : MATRIX));
                return;
            }
            Launch.image(KernelLibrary.kernel(dst.device(), "cvj_color_twist_" + KernelLibrary.typeName(s.dtype())),
                    d.w(), d.h(), d.n(), st, Launch.args().pointer(s.address()).i64(s.sN()).i64(s.sH()).i64(s.sW())
                            .i64(s.sC()).pointer(d.address()).i64(d.sN()).i64(d.sH()).i64(d.sW()).i64(d.sC()).i32(d.w())
                            .i32(d.h()).i32(d.c()).pointer(table.address()).i32(m.length == 1 ? 0 : MATRIX));
        } finally {
            table.close(st);
        }
    }

    /** The CPU path, pixel by pixel as color_twist.cu: the three sums in float in the documented order. */
    private static void cpu(PixelGrid s, PixelGrid d, float[][] m) {
        DataType t = s.dtype();
        MemorySegment in = s.host(), out = d.host();
        CpuPixels.forRows(d.n(), d.h(), (img, y) -> {
            float[] k = m[m.length == 1 ? 0 : img];
            for (int x = 0; x < d.w(); x++) {
                float x0 = CpuPixels.load(in, s.offset(img, y, x, 0), t);
                float x1 = CpuPixels.load(in, s.offset(img, y, x, 1), t);
                float x2 = CpuPixels.load(in, s.offset(img, y, x, 2), t);
                for (int r = 0; r < 3; r++) {
                    float v = k[4 * r] * x0 + k[4 * r + 1] * x1 + k[4 * r + 2] * x2 + k[4 * r + 3];
                    CpuPixels.store(out, d.offset(img, y, x, r), t, v);
                }
                if (d.c() == 4) {
                    CpuPixels.copy(in, s.offset(img, y, x, 3), out, d.offset(img, y, x, 3), d.elemSize());
                }
            }
        });
    }

    private static void runBatch(ImageBatchVarShape dst, ImageBatchVarShape src, PixelType p, float[][] m, Stream stream) {
        OP.batchOutput("dst batch", dst, "src batch", src, true);
        OP.batchPixels("dst batch", dst, p);
        OP.sameSizes("dst batch", dst, "src batch", src);
        if (dst.isHost()) {
            for (int i = 0; i < src.size(); i++) {
                run(dst.image(i), OP.image("src image " + i, src.image(i)), new float[][] {m[m.length == 1 ? 0 : i]}, null);
            }
            return;
        }
        Stream st = OP.stream(src.image(0), stream);
        Tensor table = DeviceParameters.upload(bits(m), st);
        try {
            Launch.batchPixels(KernelLibrary.kernel(src.device(), "cvj_color_twist_vs_" + KernelLibrary.typeName(p.dataType())),
                    dst.maxSize(), src.size(), st, Launch.args().pointer(src.descriptors(st)).pointer(dst.descriptors(st))
                            .i32(p.channels()).pointer(table.address()).i32(m.length == 1 ? 0 : MATRIX));
        } finally {
            table.close(st);
        }
    }
}

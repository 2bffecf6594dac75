package dev.cvj.ops;

import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
import dev.cvj.ops.internal.PixelCopies;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;

/**
 * Converts between interleaved and planar layouts, CV-CUDA's Reformat: NHWC &lt;-&gt; NCHW, HWC &lt;-&gt; CHW
 * (or a copy when both layouts are the same). Bit-exact, any element type.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>NHWC or NCHW for a batch, HWC or CHW for an image</td></tr>
 *   <tr><td>Data types</td><td>all</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>any</td><td>same N, H, W, C</td></tr>
 * </table>
 * dst must not overlap src in memory (refused).
 *
 * <pre>{@code
 * Tensor planar = Reformat.reformat(nhwcF32, TensorLayout.NCHW, stream);
 * }</pre>
 */
public final class Reformat {
    private static final OpCheck OP = OpCheck.of("Reformat");

    private Reformat() {}

    /**
     * A new tensor with {@code src}'s elements in {@code dstLayout}.
     *
     * @param src the input image(s), as the support table allows
     * @param dstLayout the output's layout
     * @param stream the stream for device work; null: the current stream
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor reformat(Tensor src, TensorLayout dstLayout, Stream stream) {
        PixelGrid s = OP.image("src", src);
        OP.notNull(dstLayout, "dstLayout");
        OP.layoutOfSameBatching("dst", dstLayout.labels(), s);
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(dstLayout, s.n(), s.h(), s.w(), s.c()), src.dtype(), dstLayout,
                stream, dst -> run(dst, s, stream));
    }

    /**
     * As {@link #reformat(Tensor, TensorLayout, Stream)}, on the current stream.
     *
     * @param src the input image(s), as the support table allows
     * @param dstLayout the output's layout
     * @return the new output, as the support table describes it
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static Tensor reformat(Tensor src, TensorLayout dstLayout) {
        return reformat(src, dstLayout, null);
    }

    /**
     * Copies {@code src} into {@code dst}, whose layout decides the conversion.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @param stream the stream for device work; null: the current stream
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void reformatInto(Tensor dst, Tensor src, Stream stream) {
        run(dst, OP.image("src", src), stream);
    }

    /**
     * As {@link #reformatInto(Tensor, Tensor, Stream)}, on the current stream.
     *
     * @param dst the caller's output, as the support table allows
     * @param src the input image(s), as the support table allows
     * @throws IllegalArgumentException if an argument breaks the support table or the checks above (the
     *         message names the operator and the argument); nothing has run then
     * @throws NullPointerException if a required argument is null
     * @throws IllegalStateException if a tensor or batch argument is closed
     */
    public static void reformatInto(Tensor dst, Tensor src) {
        reformatInto(dst, src, null);
    }

    private static void run(Tensor dst, PixelGrid s, Stream stream) {
        PixelGrid d = OP.image("dst", dst, PixelGrid.ANY_IMAGE);
        OP.layoutOfSameBatching("dst", d.layout(), s);
        OP.sameDtype("dst", d, "src", s);
        if (d.n() != s.n() || d.h() != s.h() || d.w() != s.w() || d.c() != s.c()) {
            throw OP.fail("dst is " + d + " but src is " + s + ": N, H, W, C must match");
        }
        OP.output(d, s);
        Stream st = dst.isHost() ? null : OP.stream(dst, stream);
        if (!dst.isHost() && s.planar() != d.planar() && fast(s.planar() ? d : s, s.planar() ? s : d)) {
            int e = s.elemSize();
            boolean toPlanar = d.planar();
            Kernel k = KernelLibrary.kernel(dst.device(), toPlanar ? "cvj_reformat_hwc2chw_e" + e : "cvj_reformat_chw2hwc_e" + e);
            KernelArgs a = toPlanar
                    ? new KernelArgs().pointer(s.address()).i64(s.sN()).i64(s.sH()).pointer(d.address()).i64(d.sN()).i64(d.sC()).i64(d.sH())
                    : new KernelArgs().pointer(s.address()).i64(s.sN()).i64(s.sC()).i64(s.sH()).pointer(d.address()).i64(d.sN()).i64(d.sH());
            a.i32(s.w()).i32(s.c());
            if ((long) s.n() * s.h() * s.w() > 0) {
                Launch.blocks(k, Dim3.blocksFor(s.w() / 4, 256), s.h(), s.n(), 256, st, a);
            }
            return;
        }
        PixelCopies.region(s.tensor(), 0, s.strides(), dst, 0, d.strides(), s.n(), s.h(), s.w(), s.c(), s.elemSize(), st);
    }

    /** The vectorized kernel applies: W % 4 == 0, dense rows on both sides, aligned rows and planes. */
    private static boolean fast(PixelGrid inter, PixelGrid plan) {
        int e = inter.elemSize();
        long v = Math.min(16, 4L * e);
        return inter.w() % 4 == 0 && inter.rowsDense() && plan.sW() == e && inter.h() <= 65535 && inter.n() <= 65535
                && PixelCopies.aligned(v, inter.address(), inter.sN(), inter.sH(), plan.address(), plan.sN(), plan.sH(), plan.sC());
    }
}

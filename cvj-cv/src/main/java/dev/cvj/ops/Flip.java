package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.PixelCopies;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * Mirrors every image, CV-CUDA's (and OpenCV's) Flip. {@link FlipMode#VERTICAL} is flipCode 0 (around
 * the x-axis), {@link FlipMode#HORIZONTAL} flipCode 1 (around the y-axis), {@link FlipMode#BOTH} -1.
 * Bit-exact.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>all</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>any</td><td>same as src</td></tr>
 * </table>
 * dst must not overlap src.
 *
 * <pre>{@code
 * Tensor mirrored = Flip.flip(batch, FlipMode.HORIZONTAL, stream);
 * }</pre>
 */
public final class Flip {
    private Flip() {}

    /** A new tensor: {@code src} flipped. */
    public static Tensor flip(Tensor src, FlipMode mode, Stream stream) {
        PixelGrid s = CustomCrop.checkSrc(src);
        Objects.requireNonNull(mode, "mode");
        Tensor dst = PixelGrid.allocateLike(src, src.shape(), src.dtype(), src.layout(), stream);
        try {
            run(dst, s, mode, stream);
        } catch (RuntimeException e) {
            dst.close();
            throw e;
        }
        return dst;
    }

    /** Writes {@code src} flipped into {@code dst} (same shape, layout and type). */
    public static void flipInto(Tensor dst, Tensor src, FlipMode mode, Stream stream) {
        PixelGrid s = CustomCrop.checkSrc(src);
        Objects.requireNonNull(mode, "mode");
        run(dst, s, mode, stream);
    }

    private static void run(Tensor dst, PixelGrid s, FlipMode mode, Stream stream) {
        PixelGrid d = PixelGrid.of(dst, "dst", PixelGrid.ANY_IMAGE);
        if (!d.layout().equals(s.layout()) || !Arrays.equals(dst.shape(), s.tensor().shape())) {
            throw new IllegalArgumentException("dst is " + d.layout() + " " + Arrays.toString(dst.shape()) + " but src is "
                    + s.layout() + " " + Arrays.toString(s.tensor().shape()));
        }
        if (d.dtype() != s.dtype()) {
            throw new IllegalArgumentException("dst has data type " + d.dtype() + " but src has " + s.dtype());
        }
        PixelGrid.requireSamePlace(s.tensor(), "src", dst, "dst");
        long[] ss = PixelCopies.strides(s);
        long off = 0;
        if (mode.flipsRows()) {
            off += (s.h() - 1) * ss[1];
            ss[1] = -ss[1];
        }
        if (mode.flipsColumns()) {
            off += (s.w() - 1) * ss[2];
            ss[2] = -ss[2];
        }
        Stream st = dst.isHost() ? null : PixelGrid.stream(stream, dst);
        PixelCopies.region(s.tensor(), off, ss, dst, 0, PixelCopies.strides(d), d.n(), d.h(), d.w(), d.c(),
                d.elemSize(), st);
    }
}

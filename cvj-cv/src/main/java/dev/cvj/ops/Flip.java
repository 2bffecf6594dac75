package dev.cvj.ops;

import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.KernelLibrary;
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

    /** Pixels per thread of {@code cvj_flip_h_p<P>} by pixel size P (opsa_layout.cu's OPSA_FLIP_H). */
    private static int flipPixels(int p) {
        return switch (p) {
            case 1, 3 -> 16;
            case 2, 6 -> 8;
            case 4, 12 -> 4;
            case 8 -> 2;
            case 16 -> 1;
            default -> 0;
        };
    }

    /**
     * Horizontal (or both) flip of rows of dense pixels into a dst whose rows are 16-byte aligned: one
     * thread reverses 16 or 48 bytes with wide loads and stores. Returns false (nothing done) otherwise.
     */
    private static boolean gpuRows(Tensor dst, PixelGrid d, PixelGrid s, FlipMode mode, Stream st) {
        int e = d.elemSize(), c = d.c();
        boolean planar = d.planar();
        int p = planar ? e : c * e;
        int npx = flipPixels(p);
        if (npx == 0 || s.sW() != p || d.sW() != p || (!planar && (s.sC() != e || d.sC() != e))) {
            return false;
        }
        long images = planar ? (long) d.n() * c : d.n();
        long sImg = planar ? s.sC() : s.sN(), dImg = planar ? d.sC() : d.sN();
        if (planar && d.n() > 1 && (s.sN() != c * s.sC() || d.sN() != c * d.sC())) {
            return false;
        }
        if (!PixelCopies.aligned(16, d.address(), d.sH(), dImg) || d.h() > 65535 || images > 65535) {
            return false;
        }
        if ((long) d.w() * d.h() * images == 0) {
            return true;
        }
        long src = s.address();
        long sRow = s.sH();
        if (mode.flipsRows()) {
            src += (s.h() - 1) * sRow;
            sRow = -sRow;
        }
        long windows = (d.w() + npx - 1) / npx;
        Kernel k = KernelLibrary.kernel(dst.device(), "cvj_flip_h_p" + p);
        KernelArgs a = new KernelArgs().pointer(src).i64(sImg).i64(sRow).pointer(d.address()).i64(dImg).i64(d.sH())
                .i32(d.w());
        k.launch(Dim3.of(Dim3.blocksFor(windows, 128), d.h(), (int) images), Dim3.of(128), 0, st, a);
        return true;
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
        if (!dst.isHost() && mode.flipsColumns() && gpuRows(dst, d, s, mode, PixelGrid.stream(stream, dst))) {
            return;
        }
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

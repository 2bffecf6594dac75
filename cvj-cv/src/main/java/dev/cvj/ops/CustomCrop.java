package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.PixelCopies;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.Tensor;

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
 * </table>
 *
 * <pre>{@code
 * Tensor face = CustomCrop.customCrop(frames, 100, 40, 224, 224, stream);
 * }</pre>
 */
public final class CustomCrop {
    private CustomCrop() {}

    /** A new tensor holding the rectangle {@code (x, y, w, h)} of each image of {@code src}. */
    public static Tensor customCrop(Tensor src, int x, int y, int w, int h, Stream stream) {
        PixelGrid s = checkSrc(src);
        checkRect(s, x, y, w, h);
        Tensor dst = PixelGrid.allocateLike(src, PixelGrid.shapeOf(src.layout(), s.n(), h, w, s.c()), src.dtype(),
                src.layout(), stream);
        try {
            crop(dst, s, x, y, stream);
        } catch (RuntimeException e) {
            dst.close();
            throw e;
        }
        return dst;
    }

    /** Copies the rectangle at {@code (x, y)} of dst's width and height into {@code dst}. */
    public static void customCropInto(Tensor dst, Tensor src, int x, int y, Stream stream) {
        PixelGrid s = checkSrc(src);
        PixelGrid d = PixelGrid.of(dst, "dst", PixelGrid.ANY_IMAGE);
        checkRect(s, x, y, d.w(), d.h());
        crop(dst, s, x, y, stream);
    }

    static PixelGrid checkSrc(Tensor src) {
        PixelGrid s = PixelGrid.of(src, "src", PixelGrid.ANY_IMAGE);
        s.requireChannels("src", 1, 4);
        return s;
    }

    static void checkRect(PixelGrid s, int x, int y, int w, int h) {
        if (w < 1 || h < 1 || x < 0 || y < 0 || (long) x + w > s.w() || (long) y + h > s.h()) {
            throw new IllegalArgumentException("crop rect (x=" + x + ", y=" + y + ", w=" + w + ", h=" + h
                    + ") is not inside the " + s.w() + "x" + s.h() + " image (w x h)");
        }
    }

    /** Copies the rectangle at (x, y) of dst's size; the rectangle is already checked. */
    static void crop(Tensor dst, PixelGrid s, int x, int y, Stream stream) {
        PixelGrid d = PixelGrid.of(dst, "dst", PixelGrid.ANY_IMAGE);
        if (!d.layout().equals(s.layout())) {
            throw new IllegalArgumentException("dst has layout " + d.layout() + " but src has " + s.layout());
        }
        if (d.dtype() != s.dtype()) {
            throw new IllegalArgumentException("dst has data type " + d.dtype() + " but src has " + s.dtype());
        }
        if (d.n() != s.n() || d.c() != s.c()) {
            throw new IllegalArgumentException("dst has " + d.n() + " images of " + d.c() + " channels but src has "
                    + s.n() + " of " + s.c());
        }
        PixelGrid.requireSamePlace(s.tensor(), "src", dst, "dst");
        Stream st = dst.isHost() ? null : PixelGrid.stream(stream, dst);
        PixelCopies.region(s.tensor(), s.offset(0, y, x, 0), PixelCopies.strides(s), dst, 0, PixelCopies.strides(d),
                d.n(), d.h(), d.w(), d.c(), d.elemSize(), st);
    }
}

package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.OpCheck;
import dev.cvj.ops.internal.Outputs;
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
 * dst must not overlap src in memory (refused).
 *
 * <pre>{@code
 * Tensor face = CustomCrop.customCrop(frames, 100, 40, 224, 224, stream);
 * }</pre>
 */
public final class CustomCrop {
    private static final OpCheck OP = OpCheck.of("CustomCrop");

    private CustomCrop() {}

    /** A new tensor holding the rectangle {@code (x, y, w, h)} of each image of {@code src}. */
    public static Tensor customCrop(Tensor src, int x, int y, int w, int h, Stream stream) {
        PixelGrid s = OP.image("src", src);
        checkRect(s, x, y, w, h);
        return Outputs.allocate(OP, src, PixelGrid.shapeOf(src.layout(), s.n(), h, w, s.c()), src.dtype(), src.layout(),
                stream, dst -> PixelCopies.crop(OP, s, OP.image("dst", dst), x, y, stream));
    }

    /** As {@link #customCrop(Tensor, int, int, int, int, Stream)}, on the current stream. */
    public static Tensor customCrop(Tensor src, int x, int y, int w, int h) {
        return customCrop(src, x, y, w, h, null);
    }

    /** Copies the rectangle at {@code (x, y)} of dst's width and height into {@code dst}. */
    public static void customCropInto(Tensor dst, Tensor src, int x, int y, Stream stream) {
        PixelGrid s = OP.image("src", src);
        PixelGrid d = OP.image("dst", dst);
        checkRect(s, x, y, d.w(), d.h());
        PixelCopies.crop(OP, s, d, x, y, stream);
    }

    /** As {@link #customCropInto(Tensor, Tensor, int, int, Stream)}, on the current stream. */
    public static void customCropInto(Tensor dst, Tensor src, int x, int y) {
        customCropInto(dst, src, x, y, null);
    }

    private static void checkRect(PixelGrid s, int x, int y, int w, int h) {
        if (w < 1 || h < 1 || x < 0 || y < 0 || (long) x + w > s.w() || (long) y + h > s.h()) {
            throw OP.fail("crop rect (x=" + x + ", y=" + y + ", w=" + w + ", h=" + h + ") is not inside the " + s.w() + "x"
                    + s.h() + " image (w x h)");
        }
    }
}

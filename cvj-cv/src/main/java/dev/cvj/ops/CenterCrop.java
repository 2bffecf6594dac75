package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.Tensor;

/**
 * Copies the centred {@code w x h} rectangle of every image, CV-CUDA's CenterCrop: its top-left corner is
 * {@code ((W - w) / 2, (H - h) / 2)} with integer division (an odd margin leaves the extra pixel at the
 * right / bottom). Bit-exact.
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>all</td><td>same as src</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>W &gt;= w, H &gt;= h</td><td>N and C of src; W = w, H = h</td></tr>
 * </table>
 *
 * <pre>{@code
 * Tensor c = CenterCrop.centerCrop(resized, 224, 224, stream);
 * }</pre>
 */
public final class CenterCrop {
    private CenterCrop() {}

    /** A new tensor holding the centred {@code w x h} rectangle of each image. */
    public static Tensor centerCrop(Tensor src, int w, int h, Stream stream) {
        PixelGrid s = CustomCrop.checkSrc(src);
        checkSize(s, w, h);
        return CustomCrop.customCrop(src, (s.w() - w) / 2, (s.h() - h) / 2, w, h, stream);
    }

    /** Copies the centred rectangle of dst's width and height into {@code dst}. */
    public static void centerCropInto(Tensor dst, Tensor src, Stream stream) {
        PixelGrid s = CustomCrop.checkSrc(src);
        PixelGrid d = PixelGrid.of(dst, "dst", PixelGrid.ANY_IMAGE);
        checkSize(s, d.w(), d.h());
        CustomCrop.crop(dst, s, (s.w() - d.w()) / 2, (s.h() - d.h()) / 2, stream);
    }

    private static void checkSize(PixelGrid s, int w, int h) {
        if (w < 1 || h < 1 || w > s.w() || h > s.h()) {
            throw new IllegalArgumentException("center crop of " + w + "x" + h + " does not fit the " + s.w() + "x"
                    + s.h() + " image (w x h)");
        }
    }
}

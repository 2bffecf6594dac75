package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.internal.AffinePixels;
import dev.cvj.ops.internal.PixelGrid;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.util.Objects;

/**
 * Converts the element type with a linear map, OpenCV's {@code convertTo}:
 * <pre>  dst = saturate_cast&lt;dstType&gt;(src * scale + offset)</pre>
 * computed in float as {@code fma(src, (float) scale, (float) offset)} (OpenCV's vectorized path), then
 * rounded half to even ({@code cvRound}) and clamped for integer outputs; NaN gives 0. Values beyond the
 * int range clamp to the type's limit (OpenCV's {@code cvRound} wraps them to INT_MIN instead).
 *
 * <table>
 *   <caption>Support</caption>
 *   <tr><th></th><th>src</th><th>dst</th></tr>
 *   <tr><td>Layouts</td><td>NHWC, HWC, NCHW, CHW</td><td>same as src</td></tr>
 *   <tr><td>Data types</td><td>U8, U16, S16, F32, F16</td><td>U8, U16, S16, F32, F16</td></tr>
 *   <tr><td>Channels</td><td>1, 2, 3, 4</td><td>same as src</td></tr>
 *   <tr><td>Shape</td><td>any</td><td>same as src</td></tr>
 * </table>
 *
 * <pre>{@code
 * Tensor f = ConvertTo.convertTo(u8Batch, DataType.F32, 1 / 255.0, 0, stream);   // [0, 255] -> [0, 1]
 * }</pre>
 */
public final class ConvertTo {
    private ConvertTo() {}

    /** A new tensor of {@code dstType}: {@code src * scale + offset}, saturated. A null stream is the current stream. */
    public static Tensor convertTo(Tensor src, DataType dstType, double scale, double offset, Stream stream) {
        PixelGrid s = check(src);
        Objects.requireNonNull(dstType, "dstType");
        if (!AffinePixels.TYPES.contains(dstType)) {
            throw new IllegalArgumentException("dstType " + dstType + " is not supported; supported: F16, F32, S16, U16, U8");
        }
        Tensor dst = PixelGrid.allocateLike(src, src.shape(), dstType, src.layout(), stream);
        try {
            run(dst, s, scale, offset, stream);
        } catch (RuntimeException e) {
            dst.close();
            throw e;
        }
        return dst;
    }

    /** Writes {@code src * scale + offset}, saturated to dst's type, into {@code dst} (same shape and layout). */
    public static void convertToInto(Tensor dst, Tensor src, double scale, double offset, Stream stream) {
        run(dst, check(src), scale, offset, stream);
    }

    private static PixelGrid check(Tensor src) {
        PixelGrid s = PixelGrid.of(src, "src", PixelGrid.ANY_IMAGE);
        s.requireDtype("src", AffinePixels.TYPES);
        s.requireChannels("src", 1, 4);
        return s;
    }

    private static void run(Tensor dst, PixelGrid s, double scale, double offset, Stream stream) {
        PixelGrid d = PixelGrid.of(dst, "dst", PixelGrid.ANY_IMAGE);
        d.requireDtype("dst", AffinePixels.TYPES);
        requireSameShape(dst, s.tensor());
        PixelGrid.requireSamePlace(s.tensor(), "src", dst, "dst");
        Stream st = s.tensor().isHost() ? null : PixelGrid.stream(stream, dst);
        AffinePixels.run(s, d, new float[] {0f}, new float[] {1f}, (float) scale, (float) offset, st);
    }

    static void requireSameShape(Tensor dst, Tensor src) {
        if (!dst.layout().labels().equals(src.layout().labels())) {
            throw new IllegalArgumentException("dst has layout " + dst.layout() + " but src has " + src.layout());
        }
        if (!java.util.Arrays.equals(dst.shape(), src.shape())) {
            throw new IllegalArgumentException("dst has shape " + java.util.Arrays.toString(dst.shape())
                    + " but src has " + java.util.Arrays.toString(src.shape()));
        }
    }
}

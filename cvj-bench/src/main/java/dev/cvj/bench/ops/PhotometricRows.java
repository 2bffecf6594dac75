package dev.cvj.bench.ops;

import dev.cvj.bench.ops.FilterWarpRows.Prepared;
import dev.cvj.bench.ops.FilterWarpRows.Row;
import dev.cvj.ops.BrightnessContrast;
import dev.cvj.ops.ColorTwist;
import dev.cvj.ops.GammaContrast;
import java.util.List;

/**
 * The photometric rows of {@link OpsBenchMain}, on the grid of {@link FilterWarpRows} (batches 1 and 32 x 224x224
 * and 1920x1080): U8 RGB NHWC in, the same shape and type out, with the parameters every peer uses
 * ({@code bench/c/npp_color_stats.cu}, {@code bench/python/torch_ops.py}):
 * <ul>
 *   <li>{@code brightness_contrast}: BrightnessContrast with brightness {@value #BRIGHTNESS}, contrast {@value
 *   #CONTRAST}, shift {@value #SHIFT} and the contrast centre {@value #CENTER} (CV-CUDA's default for U8), that is
 *   {@code dst = saturate(1.8 src - 66.8)}: NPP's {@code nppiColorTwist32f_8u_C3R} with that diagonal and offset,
 *   OpenCV's {@code cv2.addWeighted(x, 1.8, x, 0, -66.8)}; torchvision has no such op;</li>
 *   <li>{@code adjust_brightness}: brightness {@value #BRIGHTNESS}, contrast 1, i.e. {@code saturate(1.2 src)},
 *   torchvision's {@code adjust_brightness(x, 1.2)} (which truncates where cvj rounds half to even) and OpenCV's
 *   {@code cv2.convertScaleAbs(x, alpha=1.2)};</li>
 *   <li>{@code adjust_contrast}: contrast {@value #CONTRAST} about the centre {@value #CENTER}, brightness 1, i.e.
 *   {@code saturate(128 + 1.5 (src - 128))}; torchvision's {@code adjust_contrast(x, 1.5)} computes the same blend
 *   about each image's mean grey level, which it measures first (a reduction cvj's operator does not do: its centre
 *   is a parameter), so torchvision reads the image twice;</li>
 *   <li>{@code gamma_contrast}: GammaContrast with gamma {@value #GAMMA}, {@code saturate(pow(src / 255, 2.2) * 255)}:
 *   torchvision's {@code adjust_gamma(x, 2.2)} (to F32 [0, 1], pow, back to U8 truncating), NPP's {@code
 *   nppiLUT_8u_C3R} and OpenCV's {@code cv2.LUT} with the 256-entry table of that formula;</li>
 *   <li>{@code color_twist}: ColorTwist with the sepia matrix {@link #TWIST} (3 x 4, no offset): NPP's {@code
 *   nppiColorTwist32f_8u_C3R}, OpenCV's {@code cv2.transform}; no torchvision op.</li>
 * </ul>
 * Bytes (the bandwidth bound): the source read once plus the output written once.
 */
final class PhotometricRows {
    static final float BRIGHTNESS = 1.2f;
    static final float CONTRAST = 1.5f;
    static final float SHIFT = 10f;
    static final float CENTER = 128f;
    static final float GAMMA = 2.2f;
    /** The sepia twist, row-major {@code {m00, m01, m02, m03, m10, ...}}, as every peer gives it. */
    static final float[] TWIST = {0.393f, 0.769f, 0.189f, 0, 0.349f, 0.686f, 0.168f, 0, 0.272f, 0.534f, 0.131f, 0};

    static final List<Row> ROWS = List.of(
            brightnessContrast("brightness_contrast", BRIGHTNESS, CONTRAST, SHIFT),
            brightnessContrast("adjust_brightness", BRIGHTNESS, 1f, 0f),
            brightnessContrast("adjust_contrast", 1f, CONTRAST, 0f),
            new Row("gamma_contrast", "GammaContrast", 3, (n, w, h, host, st) -> {
                float[] gamma = {GAMMA};
                return Prepared.of((d, s, stream) -> GammaContrast.gammaContrastInto(d, s, gamma, stream));
            }),
            new Row("color_twist", "ColorTwist", 3, (n, w, h, host, st) -> {
                float[][] twist = {TWIST.clone()};
                return Prepared.of((d, s, stream) -> ColorTwist.colorTwistInto(d, s, twist, stream));
            }));

    private PhotometricRows() {}

    private static Row brightnessContrast(String op, float brightness, float contrast, float shift) {
        float[] b = {brightness}, c = {contrast}, sh = {shift}, centre = {CENTER};
        return new Row(op, "BrightnessContrast", 3, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                BrightnessContrast.brightnessContrastInto(d, s, b, c, sh, centre, stream)));
    }
}

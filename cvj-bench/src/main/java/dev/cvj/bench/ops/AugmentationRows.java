package dev.cvj.bench.ops;

import dev.cvj.bench.ops.FilterWarpRows.Prepared;
import dev.cvj.bench.ops.FilterWarpRows.Row;
import dev.cvj.ops.Erase;
import dev.cvj.ops.GaussianNoise;
import java.util.ArrayList;
import java.util.List;

/**
 * The augmentation rows of {@link OpsBenchMain}, on the grid of {@link FilterWarpRows} (batches 1 and 32 x 224x224 and
 * 1920x1080): U8 RGB NHWC in, the same shape and type out, with what every peer computes ({@code
 * bench/python/torch_ops.py}, {@code bench/c/npp_color_stats.cu}):
 * <ul>
 *   <li>{@code erase}: Erase of one {@value #ERASE}x{@value #ERASE} rectangle of 0 in the middle of each image (one
 *   area per image, every channel; at most half the image's width and height on images smaller than the grid's), into
 *   a new image; torchvision's {@code erase(x, i, j, 200, 200, 0)} on the batch (a clone, then the rectangles), NPP's
 *   copy then set;</li>
 *   <li>{@code erase_inplace}: the same areas erased in place ({@code dst} the very same view as the source: only the
 *   rectangles are written); torchvision's {@code erase(..., inplace=True)};</li>
 *   <li>{@code gaussian_noise}: GaussianNoise with mean 0 and sigma {@value #NOISE_SIGMA} (U8 units), a draw per
 *   element, saturated to U8, a new seed every call; torchvision's {@code gaussian_noise(x, 0, 0.1, clip=True)} takes
 *   floats only and runs on F32 [0, 1] NCHW (4 times the bytes); NPP has none.</li>
 * </ul>
 * Bytes (the bandwidth bound): the source read once plus the output written once; in place, the areas written.
 */
final class AugmentationRows {
    static final int ERASE = 200;

    /** GaussianNoise's sigma in U8 units: torchvision's 0.1 of the [0, 1] range. */
    static final float NOISE_SIGMA = 25.5f;

    static final List<Row> ROWS = List.of(
            new Row("erase", "Erase", 3, (n, w, h, host, st) -> {
                List<Erase.Area> areas = eraseAreas(n, w, h);
                return Prepared.of((d, s, stream) -> Erase.eraseInto(d, s, areas, false, 0, stream));
            }),
            Row.inPlace("erase_inplace", "Erase", 3, (n, w, h, host, st) -> {
                List<Erase.Area> areas = eraseAreas(n, w, h);
                long written = (long) n * areas.get(0).width() * areas.get(0).height() * 3;
                return new Prepared((d, s, stream) -> Erase.eraseInto(s, s, areas, false, 0, stream), written, () -> { });
            }),
            new Row("gaussian_noise", "GaussianNoise", 3, (n, w, h, host, st) -> {
                float[] mu = {0}, sigma = {NOISE_SIGMA};
                long[] seed = {0};
                return Prepared.of((d, s, stream) -> GaussianNoise.gaussianNoiseInto(d, s, mu, sigma, true, seed[0]++,
                        stream));
            }));

    private AugmentationRows() {}

    /** One rectangle of 0 in the middle of each of n images of w x h. */
    private static List<Erase.Area> eraseAreas(int n, int w, int h) {
        int ew = Math.min(ERASE, w / 2), eh = Math.min(ERASE, h / 2);
        List<Erase.Area> areas = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            areas.add(Erase.Area.of((w - ew) / 2, (h - eh) / 2, ew, eh, new float[] {0, 0, 0}, i));
        }
        return areas;
    }
}

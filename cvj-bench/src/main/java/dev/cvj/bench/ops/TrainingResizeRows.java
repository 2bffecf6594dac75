package dev.cvj.bench.ops;

import dev.cvj.bench.ops.FilterWarpRows.Output;
import dev.cvj.bench.ops.FilterWarpRows.Prepared;
import dev.cvj.bench.ops.FilterWarpRows.Row;
import dev.cvj.ops.HQFilter;
import dev.cvj.ops.HQResize;
import dev.cvj.ops.PillowFilter;
import dev.cvj.ops.PillowResize;
import dev.cvj.ops.RandomResizedCrop;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.TensorLayout;
import java.util.List;

/**
 * The training resizes of {@link OpsBenchMain}, on the grid of {@link FilterWarpRows} (batches 1 and 32 x 224x224 and
 * 1920x1080; the peers time 1920x1080 only, where the resize shrinks): U8 RGB NHWC to U8 NHWC of 224x224, with what
 * every peer computes ({@code bench/python/torch_ops.py}):
 * <ul>
 *   <li>{@code hq_resize_224}: HQResize LINEAR, torchvision's {@code resize(x, [224, 224], BILINEAR,
 *   antialias=True)} (the target: cvj at least 5x torchvision);</li>
 *   <li>{@code pillow_resize_224}: PillowResize BILINEAR, Pillow's {@code Image.resize((224, 224), BILINEAR)} of one
 *   image on one CPU core (the target: cvj at least 50x Pillow per image);</li>
 *   <li>{@code random_resized_crop_224}: RandomResizedCrop of the whole batch (a crop per image, torchvision's default
 *   scale and ratio ranges, HQResize LINEAR; a new seed every call, so that the crops change as in training),
 *   torchvision's {@code RandomResizedCrop(224, antialias=True)} called on each image, then stacked.</li>
 * </ul>
 * Bytes: the source read once plus the output written once (the report shows no bound for them).
 */
final class TrainingResizeRows {
    static final int OUT = 224;

    static final List<Row> ROWS = List.of(
            new Row("hq_resize_224", "HQResize", 3, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    HQResize.hqResizeInto(d, s, HQFilter.LINEAR, stream)), TrainingResizeRows::out224),
            new Row("pillow_resize_224", "PillowResize", 3, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    PillowResize.pillowResizeInto(d, s, PillowFilter.BILINEAR, stream)), TrainingResizeRows::out224),
            new Row("random_resized_crop_224", "RandomResizedCrop", 3, (n, w, h, host, st) -> {
                long[] seed = {0};
                return Prepared.of((d, s, stream) -> RandomResizedCrop.randomResizedCropInto(d, s, HQFilter.LINEAR,
                        RandomResizedCrop.Params.DEFAULT, seed[0]++, stream));
            }, TrainingResizeRows::out224));

    private TrainingResizeRows() {}

    private static Output out224(int n, int w, int h) {
        return new Output(new long[] {n, OUT, OUT, 3}, DataType.U8, TensorLayout.NHWC);
    }
}

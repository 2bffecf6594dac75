package dev.cvj.bench.ops;

import dev.cvj.bench.ops.FilterWarpRows.Output;
import dev.cvj.bench.ops.FilterWarpRows.Prepared;
import dev.cvj.bench.ops.FilterWarpRows.Row;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.Histogram;
import dev.cvj.ops.HistogramEq;
import dev.cvj.ops.MinMaxLoc;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;

/**
 * The statistics rows of {@link OpsBenchMain}, on the grid of {@link FilterWarpRows} (batches 1 and 32 x 224x224 and
 * 1920x1080), each on U8 images of 1 channel (NHWC), with what every peer computes ({@code bench/c/npp_color_stats.cu},
 * {@code bench/python/torch_ops.py}):
 * <ul>
 *   <li>{@code histogram}: Histogram without a mask, 256 bins per image into S32 {@code [N, 256, 1]}; NPP {@code
 *   nppiHistogramEven_8u_C1R} (257 levels over [0, 256)), torch {@code histc} per image, OpenCV {@code calcHist};</li>
 *   <li>{@code histogram_eq}: HistogramEq into U8 of the source's shape; torchvision {@code equalize}, OpenCV {@code
 *   equalizeHist}; NPP has none;</li>
 *   <li>{@code min_max_loc}: MinMaxLoc with a capacity of 1 location each (what NPP's {@code nppiMinMaxIndx_8u_C1R}
 *   and OpenCV's {@code minMaxLoc} give): the values (U32 {@code [N]}), the locations (S32 {@code [N, 1, 2]}) and the
 *   counts (S32 {@code [N]}) of the minimum and the maximum; torch: aminmax, argmin and argmax of each image.</li>
 * </ul>
 * Bytes (the bandwidth bound): the source read once plus the outputs written once (histogram_eq reads the source
 * twice, once for the histogram and once for the table, which this minimum does not count).
 */
final class StatisticsRows {
    static final List<Row> ROWS = List.of(
            new Row("histogram", "Histogram", 1, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    Histogram.histogramInto(d, s, null, stream)),
                    (n, w, h) -> new Output(new long[] {n, Histogram.BINS, 1}, DataType.S32, TensorLayout.HWC)),
            new Row("histogram_eq", "HistogramEq", 1, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    HistogramEq.histogramEqInto(d, s, stream))),
            new Row("min_max_loc", "MinMaxLoc", 1, StatisticsRows::minMaxLoc,
                    (n, w, h) -> new Output(new long[] {n}, DataType.U32, null)));

    private StatisticsRows() {}

    /** The call writes the maxima into dst, the other five outputs into tensors of its own (their bytes counted). */
    private static Prepared minMaxLoc(int n, int w, int h, boolean host, Stream stream) {
        Tensor minVal = allocate(new long[] {n}, DataType.U32, null, host, stream);
        Tensor minLoc = allocate(new long[] {n, 1, 2}, DataType.S32, TensorLayout.HWC, host, stream);
        Tensor numMin = allocate(new long[] {n}, DataType.S32, null, host, stream);
        Tensor maxLoc = allocate(new long[] {n, 1, 2}, DataType.S32, TensorLayout.HWC, host, stream);
        Tensor numMax = allocate(new long[] {n}, DataType.S32, null, host, stream);
        List<Tensor> held = List.of(minVal, minLoc, numMin, maxLoc, numMax);
        long bytes = held.stream().mapToLong(Tensor::byteSize).sum();
        return new Prepared((d, s, st) -> MinMaxLoc.minMaxLocInto(s, minVal, minLoc, numMin, d, maxLoc, numMax, st), bytes,
                () -> held.forEach(Tensor::close));
    }

    private static Tensor allocate(long[] shape, DataType type, TensorLayout layout, boolean host,
                                   Stream stream) {
        return host ? Tensor.allocateHost(shape, type, layout) : Tensor.allocate(shape, type, layout, stream);
    }
}

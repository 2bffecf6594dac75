package dev.cvj.bench.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.AdaptiveThreshold;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.BoxFilter;
import dev.cvj.ops.Conv2D;
import dev.cvj.ops.GaussianBlur;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Laplacian;
import dev.cvj.ops.MedianBlur;
import dev.cvj.ops.Morphology;
import dev.cvj.ops.Remap;
import dev.cvj.ops.Rotate;
import dev.cvj.ops.Threshold;
import dev.cvj.ops.WarpAffine;
import dev.cvj.ops.WarpPerspective;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;

/**
 * The warp and filter rows of {@link OpsBenchMain}: each a U8 NHWC input of 3 channels (1 for the thresholds), the
 * output of the same shape and type, with the parameters every peer uses ({@code bench/c/npp_filters_warps.cu},
 * {@code bench/python/torch_ops.py}):
 * <ul>
 *   <li>warps, LINEAR, border CONSTANT 0: {@code warp_affine_linear} the forward matrix of a 15 degree rotation with
 *   scale 0.9 about the image centre ({@link #affine}); {@code warp_perspective_linear} the forward matrix {@link
 *   #perspective}; {@code rotate_linear} 15 degrees about the centre ({@link Rotate#matrix} with the shift that keeps
 *   the centre); {@code remap_linear} one absolute map for the batch, {@code (x, y) -> (0.9 x + 0.05 W, 0.9 y +
 *   0.05 H)} (F32, made outside the timing);</li>
 *   <li>filters, border REPLICATE: {@code gaussian_7x7} (sigma {@value #SIGMA}), {@code box_5x5} (normalized),
 *   {@code laplacian_3x3} (ksize 3, U8 saturated), {@code conv2d_5x5} ({@link #CONV_WEIGHTS} / their sum),
 *   {@code erode_3x3}, {@code dilate_3x3} (rectangle), {@code median_5x5};</li>
 *   <li>1 channel: {@code adaptive_threshold_11} (MEAN_C, BINARY, block 11, C 2, max 255), {@code threshold_binary}
 *   (BINARY at 127, max 255), {@code threshold_otsu} (OTSU, BINARY, max 255).</li>
 * </ul>
 * Bytes (the bandwidth bound): the source read once plus the output written once, plus remap's map read once;
 * a filter's or a warp's neighbours come from caches, and OTSU's histogram pass reads the image a second time
 * that this minimum does not count.
 */
final class FilterWarpRows {
    static final double ANGLE = 15;
    static final double SCALE = 0.9;
    static final double SIGMA = 1.4;
    /** Conv2D's 5x5 weights (row-major), divided by their sum: not separable, so the full 2D path runs. */
    static final int[] CONV_WEIGHTS = {
            1, 2, 3, 2, 1,
            2, 4, 1, 4, 2,
            3, 1, 9, 1, 3,
            2, 4, 1, 4, 2,
            1, 2, 3, 2, 1};
    /** The grid of these rows (smaller than the other rows' grid, to keep the run affordable): batches x {W, H}. */
    static final int[] BATCHES = {1, 32};
    static final int[][] SIZES = {{224, 224}, {1920, 1080}};

    /** The operator call of a row on a source of W x H (dst has src's shape and type). */
    interface Call {
        void run(Tensor dst, Tensor src, Stream stream);
    }

    /** Builds a row's call for {@code n} images of {@code w x h}; {@link Prepared#close} frees what it allocated. */
    interface Factory {
        Prepared prepare(int n, int w, int h, boolean host, Stream stream);
    }

    /** A row's call and its extra bytes (inputs read, outputs written once a run), with what it holds. */
    record Prepared(Call call, long extraBytes, AutoCloseable held) implements AutoCloseable {
        static Prepared of(Call call) {
            return new Prepared(call, 0, () -> { });
        }

        @Override
        public void close() throws Exception {
            held.close();
        }
    }

    /** The tensor a row's call writes: its shape, data type and layout. */
    record Output(long[] shape, DataType type, TensorLayout layout) {
        long byteSize() {
            return java.util.Arrays.stream(shape).reduce(type.byteSize(), (a, b) -> a * b);
        }
    }

    /** A row's output for a batch of {@code n} images of {@code w x h}. */
    interface OutputShape {
        Output of(int n, int w, int h);
    }

    /**
     * A row: its op name, the registered operator it measures, the input's channels (U8 NHWC), its call, and its
     * output (by default the source's shape and type).
     */
    record Row(String op, String measures, int channels, Factory factory, OutputShape output) {
        Row(String op, String measures, int channels, Factory factory) {
            this(op, measures, channels, factory,
                    (n, w, h) -> new Output(new long[] {n, h, w, channels}, DataType.U8, TensorLayout.NHWC));
        }

        /**
         * A row whose call updates its source in place (the output tensor it is given stays as it was); its bytes are
         * its {@link Prepared#extraBytes} alone.
         */
        static Row inPlace(String op, String measures, int channels, Factory factory) {
            return new Row(op, measures, channels, factory, new SourceShape(channels));
        }

        /** Whether the call writes its source in place ({@link #inPlace}). */
        boolean writesSource() {
            return output instanceof SourceShape;
        }
    }

    /** The output of an in-place row: the source's shape (U8 NHWC), passed to the call and left alone. */
    private record SourceShape(int channels) implements OutputShape {
        @Override
        public Output of(int n, int w, int h) {
            return new Output(new long[] {n, h, w, channels}, DataType.U8, TensorLayout.NHWC);
        }
    }

    static final List<Row> ROWS = List.of(
            new Row("warp_affine_linear", "WarpAffine", 3, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    WarpAffine.warpAffineInto(d, s, new double[][] {affine(w, h)}, false, Interpolation.LINEAR,
                            BorderType.CONSTANT, null, stream))),
            new Row("warp_perspective_linear", "WarpPerspective", 3, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    WarpPerspective.warpPerspectiveInto(d, s, new double[][] {perspective(w, h)}, false,
                            Interpolation.LINEAR, BorderType.CONSTANT, null, stream))),
            new Row("rotate_linear", "Rotate", 3, (n, w, h, host, st) -> {
                double[] m = Rotate.matrix(ANGLE, 0, 0);
                double cx = w / 2.0, cy = h / 2.0;
                double sx = cx - (m[0] * cx + m[1] * cy), sy = cy - (m[3] * cx + m[4] * cy);
                return Prepared.of((d, s, stream) -> Rotate.rotateInto(d, s, ANGLE, sx, sy, Interpolation.LINEAR, stream));
            }),
            new Row("remap_linear", "Remap", 3, FilterWarpRows::remap),
            new Row("gaussian_7x7", "GaussianBlur", 3, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    GaussianBlur.gaussianBlurInto(d, s, 7, 7, SIGMA, SIGMA, BorderType.REPLICATE, stream))),
            new Row("box_5x5", "BoxFilter", 3, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    BoxFilter.boxFilterInto(d, s, 5, 5, -1, -1, true, BorderType.REPLICATE, stream))),
            new Row("laplacian_3x3", "Laplacian", 3, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    Laplacian.laplacianInto(d, s, 3, 1, 0, BorderType.REPLICATE, stream))),
            new Row("conv2d_5x5", "Conv2D", 3, (n, w, h, host, st) -> {
                float[][] k = convKernel();
                return Prepared.of((d, s, stream) -> Conv2D.conv2DInto(d, s, k, -1, -1, 0, BorderType.REPLICATE, stream));
            }),
            new Row("erode_3x3", "Morphology", 3, (n, w, h, host, st) -> morphology(Morphology.Operation.ERODE)),
            new Row("dilate_3x3", "Morphology", 3, (n, w, h, host, st) -> morphology(Morphology.Operation.DILATE)),
            new Row("median_5x5", "MedianBlur", 3, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    MedianBlur.medianBlurInto(d, s, 5, stream))),
            new Row("adaptive_threshold_11", "AdaptiveThreshold", 1, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    AdaptiveThreshold.adaptiveThresholdInto(d, s, 255, AdaptiveThreshold.Method.MEAN_C,
                            Threshold.Type.BINARY, 11, 2, stream))),
            new Row("threshold_binary", "Threshold", 1, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    Threshold.thresholdInto(d, s, 127, 255, Threshold.Type.BINARY, stream))),
            new Row("threshold_otsu", "Threshold", 1, (n, w, h, host, st) -> Prepared.of((d, s, stream) ->
                    Threshold.thresholdAutoInto(d, null, s, Threshold.Auto.OTSU, 255, Threshold.Type.BINARY, stream))));

    private FilterWarpRows() {}

    /** Whether these rows run at batch {@code n} and {@code w x h}. */
    static boolean inGrid(int n, int w, int h) {
        boolean batch = java.util.Arrays.stream(BATCHES).anyMatch(b -> b == n);
        return batch && java.util.Arrays.stream(SIZES).anyMatch(s -> s[0] == w && s[1] == h);
    }

    /** The forward 2x3 matrix (src to dst): a rotation by {@value #ANGLE} degrees, scale {@value #SCALE}, about the centre. */
    static double[] affine(int w, int h) {
        double a = SCALE * Math.cos(Math.toRadians(ANGLE)), b = SCALE * Math.sin(Math.toRadians(ANGLE));
        double cx = w / 2.0, cy = h / 2.0;
        return new double[] {a, b, (1 - a) * cx - b * cy, -b, a, b * cx + (1 - a) * cy};
    }

    /** The forward 3x3 matrix (src to dst, row-major): a mild tilt, the corners staying near the image. */
    static double[] perspective(int w, int h) {
        return new double[] {0.9, 0.05, 0.05 * w, 0.02, 0.9, 0.05 * h, 0.1 / w, 0.05 / h, 1};
    }

    static float[][] convKernel() {
        int sum = java.util.Arrays.stream(CONV_WEIGHTS).sum();
        float[][] k = new float[5][5];
        for (int i = 0; i < CONV_WEIGHTS.length; i++) {
            k[i / 5][i % 5] = (float) CONV_WEIGHTS[i] / sum;
        }
        return k;
    }

    private static Prepared morphology(Morphology.Operation op) {
        Morphology.Element e = Morphology.Element.of(Morphology.Shape.RECT, 3, 3);
        return Prepared.of((d, s, stream) -> Morphology.morphologyInto(d, s, op, e, 1, BorderType.REPLICATE, 0, stream));
    }

    /** The map {@code (x, y) -> (0.9 x + 0.05 W, 0.9 y + 0.05 H)}, HWC F32 of 2 channels, one for the batch. */
    private static Prepared remap(int n, int w, int h, boolean host, Stream stream) {
        float[] xy = new float[2 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                xy[2 * (y * w + x)] = (float) (SCALE * x + 0.05 * w);
                xy[2 * (y * w + x) + 1] = (float) (SCALE * y + 0.05 * h);
            }
        }
        long[] shape = {h, w, 2};
        Tensor map = host ? Tensor.allocateHost(shape, DataType.F32, TensorLayout.HWC)
                : Tensor.allocate(shape, DataType.F32, TensorLayout.HWC, stream);
        map.copyFrom(xy);
        return new Prepared((d, s, st) -> Remap.remapInto(d, s, map, false, Interpolation.LINEAR, BorderType.CONSTANT,
                null, st), map.byteSize(), map::close);
    }
}

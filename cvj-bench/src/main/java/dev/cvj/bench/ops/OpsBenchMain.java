package dev.cvj.bench.ops;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.PinnedMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.ChannelReorder;
import dev.cvj.ops.ColorConversion;
import dev.cvj.ops.ConvertTo;
import dev.cvj.ops.CopyMakeBorder;
import dev.cvj.ops.CropFlipNormalizeReformat;
import dev.cvj.ops.CustomCrop;
import dev.cvj.ops.CvtColor;
import dev.cvj.ops.Flip;
import dev.cvj.ops.FlipMode;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Normalize;
import dev.cvj.ops.OperatorInfo;
import dev.cvj.ops.OperatorCall;
import dev.cvj.ops.Operators;
import dev.cvj.ops.Reformat;
import dev.cvj.ops.Resize;
import dev.cvj.ops.ResizeCropConvertReformat;
import dev.cvj.ops.Stack;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * GPU time of every cvj operator over a grid of batch sizes x image sizes, on the same inputs and with the
 * same method as the peers in {@code bench/python/torch_ops.py} and {@code bench/c/npp_ops.cu}: U8 RGB NHWC
 * inputs (random bytes), {@value #SETS} input sets used in rotation (so the L2 cache does not flatter), 3
 * warm-up runs, then CUDA events around each run, median reported, timed both ways of {@link GpuTimer}: a call on
 * an idle GPU ({@code median_ms}: the host's issue time is on the clock) and the GPU's time with the work queued
 * behind a blocking kernel ({@code queued_ms}: kernel time alone, the figure for the bandwidth bound). Outputs are
 * allocated before timing ({@code *Into} variants); the chains' intermediates too. Before any measurement every
 * operator runs {@value #JIT_WARMUP} times on a small batch so that the JIT has compiled its host side, as in
 * any long-running pipeline.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp 'lib/*' dev.cvj.bench.ops.OpsBenchMain [--quick] [--out cvj_ops.csv]
 *     [--reps 20] [--max-gb 20] [--only SUBSTRING[,SUBSTRING...]] [--varshape-sizes bench/varshape-sizes.txt]</pre>
 *
 * CSV: {@code peer,op,batch,WxH,median_ms,min_ms,max_ms,bytes,queued_ms,expired} ({@code expired}: queued runs
 * issued after the blocking kernel had ended, whose time then includes the host's); {@code bytes} is what the operator must move
 * at least (reads + writes, see {@link #resizeReadBytes}); a row {@code cvj,d2d_copy_1GiB_GBps,...} holds the
 * device-to-device copy bandwidth measured in the same run (read + write counted), for the bandwidth bound.
 * Rows ending in {@code _imgs_per_s} hold images per second. Combinations needing more than {@code --max-gb}
 * GB (the rule of torch_ops.py) are skipped with a {@code #} note. The warp and filter rows ({@link FilterWarpRows})
 * and the photometric rows ({@link PhotometricRows}) run on a smaller grid: batches 1 and 32 at 224x224 and 1920x1080.
 */
public final class OpsBenchMain {
    static final int SETS = 3;
    static final int WARMUP = 3;
    /** Runs per operator of the JIT warm-up pass (batch 1, 224x224, nothing printed) before any measurement. */
    static final int JIT_WARMUP = 10_000;
    static final int[][] SIZES = {{224, 224}, {1280, 720}, {1920, 1080}, {3840, 2160}};
    static final int[] BATCHES = {1, 8, 32, 128};
    static final int OUT = 224;
    static final int PAD = 16;
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] STD = {0.229f, 0.224f, 0.225f};
    static final float[] MEAN255 = {0.485f * 255, 0.456f * 255, 0.406f * 255};
    static final float[] STD255 = {0.229f * 255, 0.224f * 255, 0.225f * 255};

    /** The rows of the small grid whose output has the source's shape: warps, filters, photometric adjustments. */
    static final List<FilterWarpRows.Row> GRID_ROWS = java.util.stream.Stream.of(FilterWarpRows.ROWS, PhotometricRows.ROWS,
            AugmentationRows.ROWS, ColorRows.ROWS, StatisticsRows.ROWS, TrainingResizeRows.ROWS).flatMap(List::stream)
            .toList();

    /** The registered operator each timed row measures (rows of chains measure several; not listed). */
    static final java.util.Map<String, String> MEASURES = measures(java.util.Map.ofEntries(
            java.util.Map.entry("convert_u8_f32", "ConvertTo"), java.util.Map.entry("reformat_nhwc_nchw", "Reformat"),
            java.util.Map.entry("flip_horizontal", "Flip"), java.util.Map.entry("rgb_to_gray", "CvtColor"),
            java.util.Map.entry("swap_rgb_bgr", "CvtColor"), java.util.Map.entry("channel_reorder_bgr", "ChannelReorder"),
            java.util.Map.entry("resize_linear_224", "Resize"), java.util.Map.entry("resize_nearest_224", "Resize"),
            java.util.Map.entry("resize_area_224", "Resize"), java.util.Map.entry("resize_cubic_224", "Resize"),
            java.util.Map.entry("custom_crop_224", "CustomCrop"), java.util.Map.entry("copy_make_border_16", "CopyMakeBorder"),
            java.util.Map.entry("stack", "Stack"), java.util.Map.entry("rccr_224_f32_nchw", "ResizeCropConvertReformat"),
            java.util.Map.entry("cfnr_224_f32_nchw", "CropFlipNormalizeReformat"), java.util.Map.entry("nv12_to_rgb", "CvtColor"),
            java.util.Map.entry("normalize_f32", "Normalize"), java.util.Map.entry("resize_varshape_224", "Resize"),
            java.util.Map.entry("resize_per_image_loop_224", "Resize"),
            java.util.Map.entry("rccr_varshape_224", "ResizeCropConvertReformat")));

    private static java.util.Map<String, String> measures(java.util.Map<String, String> rows) {
        java.util.Map<String, String> all = new java.util.HashMap<>(rows);
        GRID_ROWS.forEach(r -> all.put(r.op(), r.measures()));
        return java.util.Map.copyOf(all);
    }

    /** The registered operators ({@link Operators}) without a hand-written row: timed through their registry call. */
    static List<String> withoutOwnRow() {
        return Operators.all().stream().map(OperatorInfo::name).filter(n -> !MEASURES.containsValue(n)).toList();
    }

    private final Stream stream;
    private final PrintWriter csv;
    private int reps;
    private int warmup = WARMUP;
    private boolean quiet;
    private final String only;
    private final PinnedMemory noise;

    private OpsBenchMain(Stream stream, PrintWriter csv, int reps, String only) {
        this.stream = stream;
        this.csv = csv;
        this.reps = reps;
        this.only = only;
        noise = PinnedMemory.allocate(64L << 20);
        MemorySegment s = noise.segment();
        SplittableRandom rnd = new SplittableRandom(1234);
        for (long i = 0; i < s.byteSize(); i += 8) {
            s.set(ValueLayout.JAVA_LONG_UNALIGNED, i, rnd.nextLong());
        }
    }

    public static void main(String[] args) throws IOException {
        boolean quick = false;
        Path out = null;
        int reps = 20;
        double maxGb = 20;
        String only = null;
        Path varShapeFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--max-gb" -> maxGb = Double.parseDouble(args[++i]);
                case "--only" -> only = args[++i];
                case "--varshape-sizes" -> varShapeFile = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: OpsBenchMain [--quick] [--out FILE] [--reps N] [--max-gb G] [--only SUBSTR[,SUBSTR...]] "
                            + "[--varshape-sizes FILE]");
                    System.exit(2);
                }
            }
        }
        if (quick) {
            reps = Math.min(reps, 5);
        }
        String filter = only;
        int[][] varShape = null; // read before any GPU work, so that a missing or bad file fails at once
        if (filter == null || VARSHAPE_OPS.stream().anyMatch(op -> matches(filter, op))) {
            varShape = varShapeFile == null ? varShapeSizes() : VarShapeSizes.read(varShapeFile);
        }
        if (out != null && out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        List<String> sampled = withoutOwnRow();
        if (!sampled.isEmpty()) { // no peer row to compare with yet: say so rather than leave it to the report
            System.err.println("cvj: timed through their registry calls (<name>_sample, no peer): " + sampled);
        }
        Device dev = Device.get(0);
        try (PrintWriter w = out == null ? new PrintWriter(System.out, true) : new PrintWriter(Files.newBufferedWriter(out));
             Stream s = Stream.create(dev)) {
            OpsBenchMain b = new OpsBenchMain(s, w, reps, only);
            w.println("peer,op,batch,WxH,median_ms,min_ms,max_ms,bytes,queued_ms,expired");
            w.println("# cvj device " + dev.name() + " runtime " + Device.runtimeVersion() + " driver " + Device.driverVersion());
            // Warm the JIT first: the host side of every operator runs interpreted at first, and while the host is
            // slower than the GPU the events measure the host (an op that takes 0.1 ms cold takes 0.05 ms warm;
            // LINEAR resize 32x1080p: 0.066 ms after 300 calls, 0.037 after 30,000). 256x256 -> 224 takes the
            // same resize paths as the measured sizes (224x224 would be a copy).
            b.quiet = true;
            b.warmup = JIT_WARMUP;
            int measured = b.reps;
            b.reps = 1;
            b.combo(1, 256, 256);
            b.varShapeResize(varShapeWarmUpSizes());
            b.quiet = false;
            b.warmup = WARMUP;
            b.reps = measured;
            b.d2dBandwidth();
            int[][] sizes = quick ? new int[][] {{224, 224}, {1920, 1080}} : SIZES;
            int[] batches = quick ? new int[] {1, 32} : BATCHES;
            for (int[] wh : sizes) {
                for (int n : batches) {
                    long u8 = (long) n * wh[0] * wh[1] * 3;
                    long f32 = 4 * u8;
                    double need = Math.max(6 * u8 + f32, 5 * f32);
                    if (need > maxGb * 1e9) {
                        w.printf(Locale.ROOT, "# skip cvj batch %d %dx%d: needs ~%.1f GB > %.1f GB%n", n, wh[0], wh[1], need / 1e9, maxGb);
                        continue;
                    }
                    System.err.printf("cvj: batch %d %dx%d%n", n, wh[0], wh[1]);
                    b.combo(n, wh[0], wh[1]);
                    w.flush();
                }
            }
            if (varShape != null) {
                b.varShapeResize(varShape);
            }
            b.noise.close();
        }
        System.err.println("done");
    }

    /** 1 GiB device-to-device copy, read + write bytes counted. */
    private void d2dBandwidth() {
        long n = 1L << 30;
        try (DeviceMemory a = DeviceMemory.allocate(stream.device(), n);
             DeviceMemory b = DeviceMemory.allocate(stream.device(), n)) {
            a.fill(1, stream);
            GpuTimer.Result r = GpuTimer.time(stream, WARMUP, reps, i -> b.copyFrom(a, 0, stream));
            csv.printf(Locale.ROOT, "cvj,d2d_copy_1GiB_GBps,1,%dB,%.4f,,,%d%n", n, 2.0 * n / (r.medianMs() / 1e3) / 1e9, 2 * n);
        }
    }

    private Tensor[] randomSets(long[] shape) {
        Tensor[] sets = new Tensor[SETS];
        for (int k = 0; k < SETS; k++) {
            sets[k] = Tensor.allocate(shape, DataType.U8, TensorLayout.NHWC, stream);
            fillRandom(sets[k].deviceMemory(), k);
        }
        stream.synchronize();
        return sets;
    }

    /** Fills {@code m} with the pinned noise, starting at an offset that depends on the set. */
    private void fillRandom(DeviceMemory m, int set) {
        long chunk = noise.byteSize() / 2;
        long start = (set * 7919L * 64) % chunk;
        for (long off = 0; off < m.byteSize(); off += chunk) {
            long len = Math.min(chunk, m.byteSize() - off);
            m.copyFrom(noise.segment().asSlice(start, len), off, stream);
        }
    }

    private void combo(int n, int w, int h) {
        Tensor[] rgb = randomSets(new long[] {n, h, w, 3});
        long u8 = (long) n * h * w * 3;
        long out224 = (long) n * OUT * OUT * 3;
        try {
            // ---- element-wise and layout
            timeInto("convert_u8_f32", n, w, h, u8 + 4 * u8, new long[] {n, h, w, 3}, DataType.F32, TensorLayout.NHWC,
                    (dst, k) -> ConvertTo.convertToInto(dst, rgb[k], 1 / 255.0, 0, stream));
            timeInto("reformat_nhwc_nchw", n, w, h, 2 * u8, new long[] {n, 3, h, w}, DataType.U8, TensorLayout.NCHW,
                    (dst, k) -> Reformat.reformatInto(dst, rgb[k], stream));
            timeInto("flip_horizontal", n, w, h, 2 * u8, new long[] {n, h, w, 3}, DataType.U8, TensorLayout.NHWC,
                    (dst, k) -> Flip.flipInto(dst, rgb[k], FlipMode.HORIZONTAL, stream));
            timeInto("rgb_to_gray", n, w, h, u8 + u8 / 3, new long[] {n, h, w, 1}, DataType.U8, TensorLayout.NHWC,
                    (dst, k) -> CvtColor.cvtColorInto(dst, rgb[k], ColorConversion.RGB2GRAY, stream));
            timeInto("swap_rgb_bgr", n, w, h, 2 * u8, new long[] {n, h, w, 3}, DataType.U8, TensorLayout.NHWC,
                    (dst, k) -> CvtColor.cvtColorInto(dst, rgb[k], ColorConversion.RGB2BGR, stream));
            int[][] bgr = {{2, 1, 0}};
            timeInto("channel_reorder_bgr", n, w, h, 2 * u8, new long[] {n, h, w, 3}, DataType.U8, TensorLayout.NHWC,
                    (dst, k) -> ChannelReorder.channelReorderInto(dst, rgb[k], bgr, stream));
            // ---- geometry
            timeInto("resize_linear_224", n, w, h, resizeReadBytes(n, w, h, 2) + out224, new long[] {n, OUT, OUT, 3},
                    DataType.U8, TensorLayout.NHWC, (dst, k) -> Resize.resizeInto(dst, rgb[k], Interpolation.LINEAR, stream));
            timeInto("resize_nearest_224", n, w, h, resizeReadBytes(n, w, h, 1) + out224, new long[] {n, OUT, OUT, 3},
                    DataType.U8, TensorLayout.NHWC, (dst, k) -> Resize.resizeInto(dst, rgb[k], Interpolation.NEAREST, stream));
            timeInto("resize_area_224", n, w, h, u8 + out224, new long[] {n, OUT, OUT, 3},
                    DataType.U8, TensorLayout.NHWC, (dst, k) -> Resize.resizeInto(dst, rgb[k], Interpolation.AREA, stream));
            timeInto("resize_cubic_224", n, w, h, resizeReadBytes(n, w, h, 4) + out224, new long[] {n, OUT, OUT, 3},
                    DataType.U8, TensorLayout.NHWC, (dst, k) -> Resize.resizeInto(dst, rgb[k], Interpolation.CUBIC, stream));
            int cx = (w - OUT) / 2, cy = (h - OUT) / 2;
            timeInto("custom_crop_224", n, w, h, 2 * out224, new long[] {n, OUT, OUT, 3}, DataType.U8, TensorLayout.NHWC,
                    (dst, k) -> CustomCrop.customCropInto(dst, rgb[k], cx, cy, stream));
            long padded = (long) n * (h + 2 * PAD) * (w + 2 * PAD) * 3;
            timeInto("copy_make_border_16", n, w, h, u8 + padded, new long[] {n, h + 2 * PAD, w + 2 * PAD, 3}, DataType.U8,
                    TensorLayout.NHWC, (dst, k) -> CopyMakeBorder.copyMakeBorderInto(dst, rgb[k], PAD, PAD,
                            BorderType.CONSTANT, new double[] {0, 0, 0}, stream));
            List<List<Tensor>> images = perImageViews(rgb, n);
            timeInto("stack", n, w, h, 2 * u8, new long[] {n, h, w, 3}, DataType.U8, TensorLayout.NHWC,
                    (dst, k) -> Stack.stackInto(dst, images.get(k), stream));
            // ---- fused
            timeInto("rccr_224_f32_nchw", n, w, h, resizeReadBytes(n, w, h, 2) + 4 * out224, new long[] {n, 3, OUT, OUT},
                    DataType.F32, TensorLayout.NCHW, (dst, k) -> ResizeCropConvertReformat.resizeCropConvertReformatInto(dst,
                            rgb[k], OUT, OUT, Interpolation.LINEAR, 0, 0, 1 / 255f, 0f, null, stream));
            int[][] rect = {{cx, cy, OUT, OUT}};
            int[] flip = {1};
            timeInto("cfnr_224_f32_nchw", n, w, h, out224 + 4 * out224, new long[] {n, 3, OUT, OUT}, DataType.F32,
                    TensorLayout.NCHW, (dst, k) -> CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(dst, rgb[k], rect,
                            flip, MEAN255, STD255, 1f, 0f, 0f, true, false, BorderType.CONSTANT, 0f, stream));
            // ---- NV12 -> RGB (1 channel of H*3/2 rows in, RGB out)
            nv12(n, w, h);
            // ---- Normalize on F32 NCHW (torchvision's input), made outside the timing
            normalize(rgb, n, w, h);
            // ---- the classification pre-processing chain, from n separate images
            chains(images, n, w, h);
            // ---- warps, filters and photometric adjustments, on a smaller grid
            if (quiet || FilterWarpRows.inGrid(n, w, h)) {
                filtersWarps(n, w, h);
            }
            // ---- every registered operator without a row above: its registry call
            registered(rgb, n, w, h);
        } finally {
            for (Tensor t : rgb) {
                t.close();
            }
            stream.synchronize();
        }
    }

    /**
     * The operators that no hand-written row measures, each through its registry sample call ({@link
     * OperatorInfo#sample}, parameters from a fixed seed) on the same inputs, as {@code <name>_sample}; bytes are
     * the source read once and the output written once.
     */
    private void registered(Tensor[] rgb, int n, int w, int h) {
        for (String name : withoutOwnRow()) {
            OperatorCall call = Operators.get(name).sample(new java.util.Random(7), rgb[0]);
            long out = call.dstType().byteSize();
            for (long d : call.dstShape()) {
                out *= d;
            }
            timeInto(name.toLowerCase(Locale.ROOT) + "_sample", n, w, h, rgb[0].byteSize() + out, call.dstShape(),
                    call.dstType(), call.dstLayout(), (dst, k) -> call.into().run(dst, rgb[k], stream));
        }
    }

    /**
     * The rows of {@link #GRID_ROWS} ({@link FilterWarpRows}, {@link PhotometricRows}, {@link AugmentationRows}, {@link
     * ColorRows}, {@link StatisticsRows}, {@link TrainingResizeRows}): 3-channel rows on the RGB sets, 2- and 1-channel
     * rows on sets of their own. Bytes: the source read once, the output written once, and what the row reads or writes
     * besides (an in-place row: only the latter).
     */
    private void filtersWarps(int n, int w, int h) {
        for (int channels : new int[] {3, 2, 1}) {
            List<FilterWarpRows.Row> rows = GRID_ROWS.stream()
                    .filter(r -> r.channels() == channels && wanted(r.op())).toList();
            if (rows.isEmpty()) {
                continue;
            }
            long[] shape = {n, h, w, channels};
            Tensor[] src = randomSets(shape);
            try {
                for (FilterWarpRows.Row r : rows) {
                    FilterWarpRows.Output out = r.output().of(n, w, h);
                    try (FilterWarpRows.Prepared p = r.factory().prepare(n, w, h, false, stream)) {
                        long bytes = (r.writesSource() ? 0 : src[0].byteSize() + out.byteSize()) + p.extraBytes();
                        timeInto(r.op(), n, w, h, bytes, out.shape(),
                                out.type(), out.layout(), (dst, k) -> p.call().run(dst, src[k], stream));
                    } catch (Exception e) { // closing a map: one row's failure must not cost the rest of the run
                        System.err.println("cvj " + r.op() + " failed: " + e);
                    }
                }
            } finally {
                for (Tensor t : src) {
                    t.close();
                }
                stream.synchronize();
            }
        }
    }

    /** One-image NHWC views of each set: the separate frames that Stack gathers. */
    private static List<List<Tensor>> perImageViews(Tensor[] sets, int n) {
        List<List<Tensor>> all = new ArrayList<>();
        for (Tensor set : sets) {
            List<Tensor> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                l.add(set.slice(0, i, 1));
            }
            all.add(l);
        }
        return all;
    }

    private void nv12(int n, int w, int h) {
        if (!wanted("nv12_to_rgb")) {
            return;
        }
        long in = (long) n * w * h * 3 / 2;
        Tensor[] yuv = randomSetsShape(new long[] {n, h * 3 / 2, w, 1});
        try {
            timeInto("nv12_to_rgb", n, w, h, in + (long) n * w * h * 3, new long[] {n, h, w, 3}, DataType.U8, TensorLayout.NHWC,
                    (dst, k) -> CvtColor.cvtColorInto(dst, yuv[k], ColorConversion.YUV2RGB_NV12, stream));
        } finally {
            for (Tensor t : yuv) {
                t.close();
            }
        }
    }

    private Tensor[] randomSetsShape(long[] shape) {
        return randomSets(shape);
    }

    private void normalize(Tensor[] rgb, int n, int w, int h) {
        if (!wanted("normalize_f32")) {
            return;
        }
        long f32 = 4L * n * w * h * 3;
        Tensor[] f = new Tensor[SETS];
        try {
            for (int k = 0; k < SETS; k++) {
                try (Tensor planar = Reformat.reformat(rgb[k], TensorLayout.NCHW, stream)) {
                    f[k] = ConvertTo.convertTo(planar, DataType.F32, 1 / 255.0, 0, stream);
                }
            }
            stream.synchronize();
            timeInto("normalize_f32", n, w, h, 2 * f32, new long[] {n, 3, h, w}, DataType.F32, TensorLayout.NCHW,
                    (dst, k) -> Normalize.normalizeInto(dst, f[k], MEAN, STD, 1f, 0f, 0f, true, stream));
        } finally {
            for (Tensor t : f) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }

    private void chains(List<List<Tensor>> images, int n, int w, int h) {
        long u8 = (long) n * w * h * 3;
        long out224 = (long) n * OUT * OUT * 3;
        long[] nhwc = {n, h, w, 3};
        long[] small = {n, OUT, OUT, 3};
        long[] planar = {n, 3, OUT, OUT};
        // The minimum: read the frames (stack), write + read the batch (resized rows), write the F32 NCHW output.
        long bytes = 2 * u8 + resizeReadBytes(n, w, h, 2) + 4 * out224;
        try (Tensor batch = Tensor.allocate(nhwc, DataType.U8, TensorLayout.NHWC, stream);
             Tensor r8 = Tensor.allocate(small, DataType.U8, TensorLayout.NHWC, stream);
             Tensor rf = Tensor.allocate(small, DataType.F32, TensorLayout.NHWC, stream);
             Tensor rn = Tensor.allocate(small, DataType.F32, TensorLayout.NHWC, stream);
             Tensor x = Tensor.allocate(planar, DataType.F32, TensorLayout.NCHW, stream);
             Tensor y = Tensor.allocate(planar, DataType.F32, TensorLayout.NCHW, stream)) {
            chain("classify_chained", n, w, h, bytes, k -> {
                Stack.stackInto(batch, images.get(k), stream);
                Resize.resizeInto(r8, batch, Interpolation.LINEAR, stream);
                ConvertTo.convertToInto(rf, r8, 1 / 255.0, 0, stream);
                Normalize.normalizeInto(rn, rf, MEAN, STD, 1f, 0f, 0f, true, stream);
                Reformat.reformatInto(x, rn, stream);
            });
            chain("classify_fused", n, w, h, bytes, k -> {
                Stack.stackInto(batch, images.get(k), stream);
                ResizeCropConvertReformat.resizeCropConvertReformatInto(x, batch, OUT, OUT,
                        Interpolation.LINEAR, 0, 0, 1 / 255f, 0f, null, stream);
                Normalize.normalizeInto(y, x, MEAN, STD, 1f, 0f, 0f, true, stream);
            });
            int[][] rect = {{0, 0, OUT, OUT}};
            int[] noFlip = {2};
            chain("classify_fused_cfnr", n, w, h, bytes, k -> {
                Stack.stackInto(batch, images.get(k), stream);
                Resize.resizeInto(r8, batch, Interpolation.LINEAR, stream);
                CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(x, r8, rect, noFlip, MEAN255, STD255, 1f, 0f, 0f,
                        true, false, BorderType.CONSTANT, 0f, stream);
            });
        }
    }

    private void chain(String op, int n, int w, int h, long bytes, IntConsumer work) {
        if (!wanted(op)) {
            return;
        }
        GpuTimer.Result r = GpuTimer.time(stream, warmup, reps, k -> work.accept(k % SETS));
        GpuTimer.Result q = quiet ? null : GpuTimer.timeQueued(stream, warmup, reps, k -> work.accept(k % SETS));
        row(op, n, w, h, r, q, bytes);
        if (quiet) {
            return;
        }
        csv.printf(Locale.ROOT, "cvj,%s_imgs_per_s,%d,%dx%d,%.4f,,,,%.4f,%d%n", op, n, w, h, n / (r.medianMs() / 1e3),
                n / (q.medianMs() / 1e3), q.expired());
    }

    interface Work {
        void run(Tensor dst, int set);
    }

    private void timeInto(String op, int n, int w, int h, long bytes, long[] dstShape, DataType dt, TensorLayout layout,
                          Work work) {
        if (!wanted(op)) {
            return;
        }
        try (Tensor dst = Tensor.allocate(dstShape, dt, layout, stream)) {
            GpuTimer.Result r = GpuTimer.time(stream, warmup, reps, k -> work.run(dst, k % SETS));
            GpuTimer.Result q = quiet ? null : GpuTimer.timeQueued(stream, warmup, reps, k -> work.run(dst, k % SETS));
            row(op, n, w, h, r, q, bytes);
        } catch (RuntimeException e) {
            csv.printf(Locale.ROOT, "# cvj %s batch %d %dx%d failed: %s%n", op, n, w, h,
                    String.valueOf(e.getMessage()).replace('\n', ' '));
            System.err.println("cvj " + op + " failed: " + e);
        }
    }

    private void row(String op, int n, int w, int h, GpuTimer.Result r, GpuTimer.Result q, long bytes) {
        row(op, n, w + "x" + h, r, q, bytes);
    }

    private void row(String op, int n, String size, GpuTimer.Result r, GpuTimer.Result q, long bytes) {
        if (quiet) {
            return;
        }
        csv.printf(Locale.ROOT, "cvj,%s,%d,%s,%.4f,%.4f,%.4f,%d,%.4f,%d%n", op, n, size, r.medianMs(), r.minMs(),
                r.maxMs(), bytes, q.medianMs(), q.expired());
    }

    /** The rows timed on images of different sizes ({@link #varShapeResize}). */
    static final List<String> VARSHAPE_OPS = List.of("resize_varshape_224", "resize_per_image_loop_224", "preprocess_varshape_224",
            "rccr_varshape_224");
    /** Images of the varshape rows' JIT warm-up pass: as many as the sizes file has, so that it makes the same calls. */
    static final int VARSHAPE_IMAGES = 32;
    static final String VARSHAPE_SIZES = VarShapeSizes.LABEL;

    /**
     * The varshape rows' image sizes ({W, H}): the file every peer reads ({@value VarShapeSizes#DEFAULT_FILE}, in the
     * working directory or the nearest folder above it that has one).
     */
    static int[][] varShapeSizes() throws IOException {
        return VarShapeSizes.read(VarShapeSizes.defaultFile());
    }

    /** Small sizes for the JIT warm-up pass that take the same resize paths (shrinks to 224), from a fixed seed. */
    static int[][] varShapeWarmUpSizes() {
        SplittableRandom rnd = new SplittableRandom(14);
        int[][] sizes = new int[VARSHAPE_IMAGES][];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = new int[] {rnd.nextInt(240, 321), rnd.nextInt(240, 321)};
        }
        return sizes;
    }

    /**
     * RGB U8 images of different sizes ({@link #varShapeSizes}) to 224x224 LINEAR:
     * {@code resize_varshape_224}, one call on an ImageBatchVarShape (one launch), and
     * {@code resize_per_image_loop_224}, cvj's single-image Resize called image by image into the same output.
     * Bytes: each image's touched source rows ({@link #resizeReadBytes}) plus the output.
     * Then the pre-processing rows on the same batches ({@link #varShapePreprocess}).
     */
    private void varShapeResize(int[][] sizes) {
        if (!wanted("resize_varshape_224") && !wanted("resize_per_image_loop_224") && !wanted("preprocess_varshape_224")
                && !wanted("rccr_varshape_224")) {
            return;
        }
        int n = sizes.length;
        long bytes = (long) n * OUT * OUT * 3;
        for (int[] wh : sizes) {
            bytes += resizeReadBytes(1, wh[0], wh[1], 2);
        }
        List<ImageBatchVarShape> batches = new ArrayList<>();
        List<List<Tensor>> images = new ArrayList<>();
        try {
            for (int k = 0; k < SETS; k++) {
                ImageBatchVarShape batch = ImageBatchVarShape.create(n, stream.device());
                batches.add(batch);
                List<Tensor> set = new ArrayList<>();
                images.add(set);
                for (int[] wh : sizes) {
                    Tensor t = Tensor.allocate(new long[] {wh[1], wh[0], 3}, DataType.U8, TensorLayout.HWC, stream);
                    set.add(t);
                    fillRandom(t.deviceMemory(), k + set.size());
                    batch.pushBack(t);
                }
            }
            stream.synchronize();
            long[] shape = {n, OUT, OUT, 3};
            String op = "resize_varshape_224";
            if (wanted(op)) {
                timeSized(op, n, bytes, shape, (dst, k) -> Resize.resizeInto(dst, batches.get(k), Interpolation.LINEAR, stream));
            }
            op = "resize_per_image_loop_224";
            if (wanted(op)) {
                timeSized(op, n, bytes, shape, (dst, k) -> {
                    List<Tensor> set = images.get(k);
                    for (int i = 0; i < set.size(); i++) {
                        // image i of the NHWC output as an HWC image (224 x 3 bytes a row: dense, so reshape is a view)
                        Tensor out = dst.slice(0, i, 1).reshape(new long[] {OUT, OUT, 3}, TensorLayout.HWC);
                        Resize.resizeInto(out, set.get(i), Interpolation.LINEAR, stream);
                    }
                });
            }
            varShapePreprocess(batches, sizes);
        } finally {
            batches.forEach(ImageBatchVarShape::close);
            images.forEach(l -> l.forEach(Tensor::close));
            stream.synchronize();
        }
    }

    /**
     * The classification pre-processing of the varshape rows' batches ({@link #varShapeResize}) into one NCHW F32
     * tensor, {@code preprocess_varshape_224}: resize to 224x224 LINEAR (Resize of the batch into an NHWC U8 tensor),
     * then CropFlipNormalizeReformat (F32, ImageNet mean/std, NCHW): two launches. And {@code rccr_varshape_224},
     * ResizeCropConvertReformat of the batch (224x224 LINEAR, x 1/255, NCHW F32) in one launch, without the
     * per-channel mean/std (its convert is one scale and offset). Bytes: each image's touched source rows
     * ({@link #resizeReadBytes}) plus the F32 output.
     */
    private void varShapePreprocess(List<ImageBatchVarShape> batches, int[][] sizes) {
        int n = sizes.length;
        long bytes = 4L * n * OUT * OUT * 3;
        for (int[] wh : sizes) {
            bytes += resizeReadBytes(1, wh[0], wh[1], 2);
        }
        long[] planar = {n, 3, OUT, OUT};
        String op = "preprocess_varshape_224";
        if (wanted(op)) {
            try (Tensor r8 = Tensor.allocate(new long[] {n, OUT, OUT, 3}, DataType.U8, TensorLayout.NHWC, stream)) {
                int[][] whole = {{0, 0, OUT, OUT}};
                int[] noFlip = {2};
                timeSized(op, n, bytes, planar, DataType.F32, TensorLayout.NCHW, (dst, k) -> {
                    Resize.resizeInto(r8, batches.get(k), Interpolation.LINEAR, stream);
                    CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(dst, r8, whole, noFlip, MEAN255, STD255, 1f, 0f,
                            0f, true, false, BorderType.CONSTANT, 0f, stream);
                });
            }
        }
        op = "rccr_varshape_224";
        if (wanted(op)) {
            timeSized(op, n, bytes, planar, DataType.F32, TensorLayout.NCHW, (dst, k) ->
                    ResizeCropConvertReformat.resizeCropConvertReformatInto(dst, batches.get(k), ImageSize.of(OUT, OUT),
                            Interpolation.LINEAR, 0, 0, 1 / 255f, 0f, null, stream));
        }
    }

    private void timeSized(String op, int n, long bytes, long[] dstShape, Work work) {
        timeSized(op, n, bytes, dstShape, DataType.U8, TensorLayout.NHWC, work);
    }

    private void timeSized(String op, int n, long bytes, long[] dstShape, DataType dt, TensorLayout layout, Work work) {
        try (Tensor dst = Tensor.allocate(dstShape, dt, layout, stream)) {
            GpuTimer.Result r = GpuTimer.time(stream, warmup, reps, k -> work.run(dst, k % SETS));
            GpuTimer.Result q = quiet ? null : GpuTimer.timeQueued(stream, warmup, reps, k -> work.run(dst, k % SETS));
            row(op, n, VARSHAPE_SIZES, r, q, bytes);
        } catch (RuntimeException e) { // one failing row must not cost the rest of the run
            csv.printf(Locale.ROOT, "# cvj %s batch %d %s failed: %s%n", op, n, VARSHAPE_SIZES,
                    String.valueOf(e.getMessage()).replace('\n', ' '));
            System.err.println("cvj " + op + " failed: " + e);
        }
    }

    /** {@code --only a,b}: rows whose operator name contains any of the comma-separated parts. */
    private boolean wanted(String op) {
        return only == null || matches(only, op);
    }

    private static boolean matches(String only, String op) {
        for (String part : only.split(",")) {
            if (!part.isEmpty() && op.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Bytes a resize to 224x224 must read from a U8 RGB source when each output row needs {@code taps} source
     * rows: the rows touched (at most all of them), whole rows (32-byte sectors span ~10 pixels, so every
     * sector of a touched row is touched when shrinking).
     */
    static long resizeReadBytes(int n, int w, int h, int taps) {
        long rows = Math.min(h, (long) taps * OUT);
        return (long) n * rows * w * 3;
    }
}

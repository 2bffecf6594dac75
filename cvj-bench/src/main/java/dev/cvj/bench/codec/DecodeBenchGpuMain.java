package dev.cvj.bench.codec;

import dev.cvj.codec.DecodePath;
import dev.cvj.codec.DecodeResult;
import dev.cvj.codec.DecodeSplit;
import dev.cvj.codec.EncodedImage;
import dev.cvj.codec.ImageDecoder;
import dev.cvj.codec.ModelInputPipeline;
import dev.cvj.codec.ModelInputSpec;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.CropFlipNormalizeReformat;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Resize;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageFormat;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * cvj's JPEG decode benchmarks, the same measurement as the peers of {@code bench/python/decode_peers.py} on the same
 * files: {@value #BATCH} synthetic JPEGs ({@link SyntheticJpegs}: quality 90, 4:2:0) per size, 1920x1080 and 640x480,
 * written once under {@code --work DIR}/{@value #FOLDER}/WxH/, read into Java arrays, then per batch:
 * <ul>
 *   <li>{@code jpeg_decode}: {@link ImageDecoder#decode} of the encoded bytes in host memory into an
 *       {@code ImageBatchVarShape} of U8 RGB images on the GPU (nvJPEG's hardware backend where the GPU has JPEG
 *       engines);</li>
 *   <li>{@code jpeg_pipeline}: the same decode, then {@link Resize} of the batch to 224x224 (LINEAR) into NHWC U8 and
 *       {@link CropFlipNormalizeReformat} (F32, ImageNet mean/std, NCHW): the batch ready for a network, one batch
 *       after the other;</li>
 *   <li>{@code jpeg_decode_hw_only} and {@code jpeg_pipeline_hw_only}: the same with {@link DecodeSplit#hardwareOnly()}
 *       (the JPEG engines decode every image they accept, the decoder's default); the two rows above set
 *       {@link DecodeSplit#adaptive()}, which gives a share of the batch to the hybrid backend at the same time;</li>
 *   <li>{@code jpeg_pipeline_overlapped}: the pipeline through {@link ModelInputPipeline#runAll} (adaptive split, set here), which
 *       decodes batch k+1 while the operators of batch k run; its time per batch is the interval between two batches'
 *       completions (the throughput of a stream of batches, not one batch's latency), and its outputs are allocated
 *       per batch.</li>
 * </ul>
 * Each batch is timed on the wall clock from the decode call to the stream's synchronization (the decoder's host work
 * is most of the work, so events would miss it); {@value #WARMUP} warm-up batches (they also settle the adaptive
 * split's share, which starts again at each row), then {@code --reps} (20; 5 with {@code --quick}) timed ones, median
 * reported as ms per batch. Outputs of the pipeline are allocated once; the decoder allocates its output images per
 * batch (stream-ordered), freed after the clock stops.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp 'lib/*' dev.cvj.bench.codec.DecodeBenchGpuMain --out cvj_decode.csv
 *     --work DIR [--quick] [--reps N] [--only SUBSTRING[,SUBSTRING...]]</pre>
 *
 * CSV ({@link DecodeRows}): {@code cvj,jpeg_decode,128,1920x1080,<ms per batch>,<min>,<max>,<encoded bytes>,,} and
 * {@code cvj,jpeg_pipeline,...}, one such row per workload; comment lines with the decoder's description and the share
 * of images each decode path took ({@link DecodeResult#path}) over the timed batches.
 */
public final class DecodeBenchGpuMain {
    static final int BATCH = 128;
    static final int WARMUP = 10;
    static final int[][] SIZES = {{1920, 1080}, {640, 480}};
    /** The images' folder under the work directory; decode_peers.py reads WxH/*.jpg under it. */
    static final String FOLDER = "jpeg";
    static final String DECODE = "jpeg_decode";
    static final String PIPELINE = "jpeg_pipeline";
    static final String HW_ONLY = "_hw_only";
    static final String OVERLAPPED = "jpeg_pipeline_overlapped";
    static final int OUT = 224;
    private static final float[] MEAN255 = {0.485f * 255, 0.456f * 255, 0.406f * 255};
    private static final float[] STD255 = {0.229f * 255, 0.224f * 255, 0.225f * 255};

    private final ImageDecoder decoder;
    private final Stream stream;
    private final PrintWriter csv;
    private final int reps;

    private DecodeBenchGpuMain(ImageDecoder decoder, Stream stream, PrintWriter csv, int reps) {
        this.decoder = decoder;
        this.stream = stream;
        this.csv = csv;
        this.reps = reps;
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        Path work = null;
        int reps = 20;
        boolean quick = false;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i));
                case "--work" -> work = Path.of(value(args, ++i));
                case "--quick" -> quick = true;
                case "--reps" -> reps = Integer.parseInt(value(args, ++i));
                case "--only" -> only = value(args, ++i);
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        if (out == null || work == null) {
            usage("--out and --work are required");
        }
        if (quick) {
            reps = Math.min(reps, 5);
        }
        List<String> ops = new ArrayList<>();
        for (String op : List.of(DECODE, DECODE + HW_ONLY, PIPELINE, PIPELINE + HW_ONLY, OVERLAPPED)) {
            if (wanted(only, op)) {
                ops.add(op);
            }
        }
        // The files first, before any GPU work: the Python peers read them even if this run fails later.
        Map<int[], List<EncodedImage>> batches = new LinkedHashMap<>();
        for (int[] wh : SIZES) {
            Path dir = work.resolve(FOLDER).resolve(wh[0] + "x" + wh[1]);
            List<EncodedImage> images = new ArrayList<>(BATCH);
            for (Path f : SyntheticJpegs.write(dir, BATCH, wh[0], wh[1])) {
                images.add(EncodedImage.read(f));
            }
            batches.put(wh, images);
            System.err.printf("cvj: %d JPEGs %dx%d in %s (%d bytes)%n", BATCH, wh[0], wh[1], dir, encodedBytes(images));
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Device dev = Device.get(0);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out));
             Stream s = Stream.create(dev);
             ImageDecoder decoder = ImageDecoder.create(dev, ImageDecoder.defaultThreads())) {
            w.println(DecodeRows.HEADER);
            w.println("# cvj device " + dev.name() + " runtime " + Device.runtimeVersion() + " driver " + Device.driverVersion());
            w.println("# cvj decoder: " + decoder.describe().replace('\n', ' '));
            DecodeBenchGpuMain b = new DecodeBenchGpuMain(decoder, s, w, reps);
            for (Map.Entry<int[], List<EncodedImage>> e : batches.entrySet()) {
                for (String op : ops) {
                    System.err.printf("cvj: %s %dx%d%n", op, e.getKey()[0], e.getKey()[1]);
                    if (op.equals(OVERLAPPED)) {
                        b.timeOverlapped(dev, e.getKey()[0], e.getKey()[1], e.getValue());
                    } else {
                        decoder.setSplit(op.endsWith(HW_ONLY) ? DecodeSplit.hardwareOnly() : DecodeSplit.adaptive());
                        b.time(op, e.getKey()[0], e.getKey()[1], e.getValue());
                    }
                    w.flush();
                }
            }
        }
        System.err.println("done");
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String why) {
        System.err.println("DecodeBenchGpuMain: " + why + "\nusage: DecodeBenchGpuMain --out FILE --work DIR [--quick] "
                + "[--reps N] [--only SUBSTR[,SUBSTR...]]");
        System.exit(2);
    }

    /** {@code --only a,b}: the rows whose name contains any of the comma-separated parts (all without it). */
    static boolean wanted(String only, String op) {
        if (only == null) {
            return true;
        }
        for (String part : only.split(",")) {
            if (!part.isEmpty() && op.contains(part)) {
                return true;
            }
        }
        return false;
    }

    private static long encodedBytes(List<EncodedImage> images) {
        return images.stream().mapToLong(EncodedImage::size).sum();
    }

    /** Times {@code op} on {@code images}, writes its row and its decode paths; a failure becomes a comment line. */
    private void time(String op, int width, int height, List<EncodedImage> images) {
        boolean pipeline = op.startsWith(PIPELINE);
        Map<String, Long> paths = emptyPaths();
        double[] ms = new double[reps];
        try (Tensor r8 = Tensor.allocate(new long[] {images.size(), OUT, OUT, 3}, DataType.U8, TensorLayout.NHWC, stream);
             Tensor x = Tensor.allocate(new long[] {images.size(), 3, OUT, OUT}, DataType.F32, TensorLayout.NCHW, stream)) {
            int[][] whole = {{0, 0, OUT, OUT}};
            int[] noFlip = {2};
            for (int i = -WARMUP; i < reps; i++) {
                long t0 = System.nanoTime();
                DecodeResult r = decoder.decode(images, ImageFormat.RGB8, stream);
                try (r) {
                    if (!r.failures().isEmpty()) {
                        throw new IllegalStateException(r.failures().size() + " images failed, first: " + r.failures().getFirst());
                    }
                    if (pipeline) {
                        Resize.resizeInto(r8, r.images(), Interpolation.LINEAR, stream);
                        CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(x, r8, whole, noFlip, MEAN255, STD255, 1f,
                                0f, 0f, true, false, BorderType.CONSTANT, 0f, stream);
                    }
                    stream.synchronize();
                    long t1 = System.nanoTime();
                    if (i >= 0) {
                        ms[i] = (t1 - t0) / 1e6;
                        for (int k = 0; k < images.size(); k++) {
                            paths.merge(r.path(k).name(), 1L, Long::sum);
                        }
                    }
                }
            }
            csv.println(DecodeRows.row("cvj", op, images.size(), width, height, ms, encodedBytes(images)));
            csv.println(DecodeRows.paths(op, width, height, paths));
        } catch (RuntimeException e) { // one failing row must not cost the rest of the run
            csv.printf("# cvj %s %dx%d failed: %s%n", op, width, height, String.valueOf(e.getMessage()).replace('\n', ' '));
            System.err.println("cvj " + op + " failed: " + e);
        }
    }

    /**
     * Times {@link ModelInputPipeline#runAll} over {@value #WARMUP} + reps copies of {@code images}: each timed figure
     * is the wall time between the completions of two consecutive batches; writes its row and its decode paths.
     */
    private void timeOverlapped(Device dev, int width, int height, List<EncodedImage> images) {
        Map<String, Long> paths = emptyPaths();
        double[] ms = new double[reps];
        ModelInputSpec spec = new ModelInputSpec(OUT, OUT, ModelInputSpec.Crop.NONE, new float[] {0.485f, 0.456f, 0.406f},
                new float[] {0.229f, 0.224f, 0.225f}, TensorLayout.NCHW, DataType.F32);
        try (ModelInputPipeline pipeline = ModelInputPipeline.create(dev, ImageDecoder.defaultThreads())) {
            pipeline.setDecodeSplit(DecodeSplit.adaptive()); // as measured: the split's best case, 1080p
            long[] last = {System.nanoTime()};
            Iterator<Integer> batches = IntStream.range(-WARMUP, reps).boxed().iterator();
            pipeline.runAll(batches, i -> images, spec, (i, made) -> {
                if (!made.failures().isEmpty()) {
                    throw new IllegalStateException(made.failures().size() + " images failed, first: " + made.failures().getFirst());
                }
                made.stream().synchronize();
                long now = System.nanoTime();
                if (i >= 0) {
                    ms[i] = (now - last[0]) / 1e6;
                    for (DecodePath p : DecodePath.values()) {
                        paths.merge(p.name(), (long) made.count(p), Long::sum);
                    }
                }
                last[0] = now;
            });
            csv.println(DecodeRows.row("cvj", OVERLAPPED, images.size(), width, height, ms, encodedBytes(images)));
            csv.println(DecodeRows.paths(OVERLAPPED, width, height, paths));
        } catch (RuntimeException e) { // one failing row must not cost the rest of the run
            csv.printf("# cvj %s %dx%d failed: %s%n", OVERLAPPED, width, height, String.valueOf(e.getMessage()).replace('\n', ' '));
            System.err.println("cvj " + OVERLAPPED + " failed: " + e);
        }
    }

    private static Map<String, Long> emptyPaths() {
        Map<String, Long> paths = new LinkedHashMap<>();
        for (DecodePath p : DecodePath.values()) {
            paths.put(p.name(), 0L);
        }
        return paths;
    }
}

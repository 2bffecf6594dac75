package dev.cvj.spark.bench;

import dev.cvj.codec.EncodedImage;
import dev.cvj.codec.ModelInputBatch;
import dev.cvj.codec.ModelInputPipeline;
import dev.cvj.codec.ModelInputSpec;
import dev.cvj.spark.CvjImages;
import dev.cvj.spark.DeviceChoice;
import dev.cvj.spark.OutputFormat;
import dev.cvj.spark.PreprocessOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark benchmark: a folder of JPEGs to 224x224 NCHW F32 (ImageNet's preprocessing) written as Parquet, in Spark
 * local mode on GPU 0 (as {@code array<float>}, and as binary plus shape: Parquet writes arrays value by value),
 * against the same files through the library pipeline directly (what {@code cvj preprocess}
 * runs, writing the tensors to one file), plus the CPU backend and a baseline Spark job (ImageIO and plain Java
 * loops). Each is warmed up on the first files, then timed over all of them; each output is checked (one row per file,
 * statuses counted) and deleted (the outputs are large: 600 KB per image).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp ... \
 *   dev.cvj.spark.bench.SparkPreprocessGpuMain --images DIR [--out DIR] [--master local[*]] [--batch 128]
 *   [--partitions 2x cores] [--runs library,gpu,gpu-binary,cpu,baseline,overhead] [--warmup 256]
 * </pre>
 */
public final class SparkPreprocessGpuMain {
    private SparkPreprocessGpuMain() {}

    /**
     * Runs the benchmark; prints one line per run and a summary.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("--out", System.getProperty("java.io.tmpdir") + "/cvj-spark-bench",
                "--master", "local[*]", "--batch", "128", "--runs", "library,gpu,gpu-binary,cpu,baseline,overhead", "--warmup", "256"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        if (!o.containsKey("--images")) {
            System.err.println("usage: SparkPreprocessGpuMain --images DIR [--out DIR] [--master local[*]] [--batch 128] "
                    + "[--partitions N] [--runs library,gpu,gpu-binary,cpu,baseline,overhead] [--warmup 256]");
            System.exit(2);
        }
        Path images = Path.of(o.get("--images")).toAbsolutePath();
        Path out = Path.of(o.get("--out")).toAbsolutePath();
        int batch = Integer.parseInt(o.get("--batch"));
        int warmup = Integer.parseInt(o.get("--warmup"));
        List<String> runs = List.of(o.get("--runs").split(","));
        List<Path> files;
        try (Stream<Path> s = Files.list(images)) {
            files = s.filter(f -> f.toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted().toList();
        }
        long bytes = files.stream().mapToLong(f -> f.toFile().length()).sum();
        System.out.printf(Locale.ROOT, "bench: %d JPEGs, %.1f MB, in %s; %d processors%n", files.size(), bytes / 1e6, images,
                Runtime.getRuntime().availableProcessors());
        ModelInputSpec spec = ModelInputSpec.imagenet();
        Map<String, Double> rates = new LinkedHashMap<>();
        if (runs.contains("library")) {
            library(files.subList(0, Math.min(warmup, files.size())), spec, batch, out);
            rates.put("library pipeline (cvj preprocess)", library(files, spec, batch, out));
        }
        SparkSession spark = SparkSession.builder().master(o.get("--master")).appName("cvj-spark-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.files.openCostInBytes", "8192")
                .getOrCreate();
        int parallelism = spark.sparkContext().defaultParallelism();
        int partitions = Integer.parseInt(o.getOrDefault("--partitions", String.valueOf(2 * parallelism)));
        spark.conf().set("spark.sql.files.maxPartitionBytes", String.valueOf(Math.max(1 << 20, bytes / partitions + 1)));
        System.out.println("bench: Spark " + spark.version() + ", master " + o.get("--master") + ", parallelism " + parallelism
                + ", about " + partitions + " partitions");
        Dataset<Row> all = spark.read().format("binaryFile").load(images.toString()).select("path", "content");
        Dataset<Row> first = spark.read().format("binaryFile").load(files.subList(0, Math.min(warmup, files.size())).stream()
                .map(Path::toString).toArray(String[]::new)).select("path", "content");
        for (String mode : List.of("gpu", "gpu-binary", "cpu", "baseline")) {
            if (!runs.contains(mode)) {
                continue;
            }
            sparkJob(spark, mode, first, spec, batch, out, files.size() < warmup ? files.size() : warmup, true);
            rates.put("Spark " + mode, sparkJob(spark, mode, all, spec, batch, out, files.size(), false));
        }
        if (runs.contains("overhead")) {
            taskOverhead(spark, parallelism);
        }
        spark.stop();
        System.out.println("bench: summary (images/s)");
        rates.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-36s %8.1f%n", k, v));
        Double lib = rates.get("library pipeline (cvj preprocess)"), gpu = rates.get("Spark gpu");
        if (lib != null && gpu != null) {
            System.out.printf(Locale.ROOT, "bench: Spark on the GPU / library pipeline = %.2f (target >= 0.80)%n", gpu / lib);
        }
    }

    /** The files through {@link ModelInputPipeline} batch by batch (reads one batch ahead), rows to one file. */
    static double library(List<Path> files, ModelInputSpec spec, int batch, Path out) throws IOException {
        Files.createDirectories(out);
        Path file = out.resolve("library.f32");
        long t0 = System.nanoTime();
        int failed = 0;
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try (ModelInputPipeline pipeline = ModelInputPipeline.create();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            CompletableFuture<List<EncodedImage>> next = read(files, 0, batch, readers);
            for (int start = 0; start < files.size(); start += batch) {
                List<EncodedImage> images = next.join();
                next = read(files, start + batch, batch, readers);
                try (ModelInputBatch made = pipeline.run(images, spec)) {
                    failed += made.failures().size();
                    ch.write(ByteBuffer.wrap(made.toBytes()));
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "library: %d images (%d failed) in %.2f s = %.1f images/s; %s%n", files.size(),
                    failed, secs, files.size() / secs, pipeline.describe());
            return files.size() / secs;
        } finally {
            readers.shutdownNow();
            Files.deleteIfExists(file);
        }
    }

    private static CompletableFuture<List<EncodedImage>> read(List<Path> files, int start, int batch, ExecutorService pool) {
        List<CompletableFuture<EncodedImage>> reads = new ArrayList<>();
        for (Path f : files.subList(Math.min(start, files.size()), Math.min(files.size(), start + batch))) {
            reads.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return EncodedImage.of(f.toString(), Files.readAllBytes(f));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, pool));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                .thenApply(v -> reads.stream().map(CompletableFuture::join).toList());
    }

    /** One Spark job to Parquet; checks the row count and counts the statuses. */
    static double sparkJob(SparkSession spark, String mode, Dataset<Row> files, ModelInputSpec spec, int batch, Path out,
                           int expected, boolean warmup) throws IOException {
        Path parquet = out.resolve("spark-" + mode + ".parquet");
        Dataset<Row> result = switch (mode) {
            case "baseline" -> files.mapPartitions(new PlainJavaPreprocess(spec.resize(), spec.size()), Encoders.row(new StructType()
                    .add("path", DataTypes.StringType).add("tensor", DataTypes.createArrayType(DataTypes.FloatType, false))
                    .add("status", DataTypes.StringType)));
            case "gpu-binary" -> CvjImages.preprocess(files, spec, PreprocessOptions.defaults().withBatchSize(batch)
                    .withDevice(DeviceChoice.ASSIGNED_OR_FIRST_GPU).withOutputFormat(OutputFormat.BINARY))
                    .select("path", "tensor", "tensor_shape", "status");
            default -> CvjImages.preprocess(files, spec, PreprocessOptions.defaults().withBatchSize(batch)
                    .withDevice(mode.equals("gpu") ? DeviceChoice.ASSIGNED_OR_FIRST_GPU : DeviceChoice.CPU))
                    .select("path", "tensor", "status");
        };
        long t0 = System.nanoTime();
        result.write().mode("overwrite").parquet(parquet.toString());
        double secs = (System.nanoTime() - t0) / 1e9;
        Dataset<Row> back = spark.read().parquet(parquet.toString());
        long rows = back.count(), ok = back.filter("status = 'ok'").count();
        System.out.printf(Locale.ROOT, "Spark %s%s: %d rows (%d ok, expected %d) in %.2f s = %.1f images/s, %d partitions%n", mode,
                warmup ? " (warm-up)" : "", rows, ok, expected, secs, rows / secs, files.rdd().getNumPartitions());
        if (rows != expected) {
            throw new IllegalStateException("Spark " + mode + ": " + rows + " rows for " + expected + " files");
        }
        try (Stream<Path> w = Files.walk(parquet)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return rows / secs;
    }

    /** Spark's own cost per task: many empty tasks, timed. */
    static void taskOverhead(SparkSession spark, int parallelism) {
        int tasks = 50 * parallelism;
        ForeachPartitionFunction<Long> nothing = it -> { };
        spark.range(0, tasks, 1, tasks).foreachPartition(nothing); // warm-up
        long t0 = System.nanoTime();
        spark.range(0, tasks, 1, tasks).foreachPartition(nothing);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "overhead: %d empty tasks on %d slots in %.3f s = %.2f ms per task per slot%n", tasks,
                parallelism, secs, secs * 1000 * parallelism / tasks);
    }
}

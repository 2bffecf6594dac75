package dev.cvj.bench.multi;

import dev.cvj.bench.codec.SyntheticJpegs;
import dev.cvj.codec.DecodeResult;
import dev.cvj.codec.EncodedImage;
import dev.cvj.codec.ImageDecoder;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.ImageFormat;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Multi-GPU scaling of JPEG decode, one {@link ImageDecoder} per GPU (each GPU's own JPEG engines and decoder
 * threads), each driven by a thread of its own on its own stream: {@code --batch} synthetic 1080p JPEGs
 * ({@link SyntheticJpegs}, quality 90, 4:2:0) in host memory, decoded into U8 RGB images on the GPU, batch after batch.
 *
 * <p>Measurements (wall clock from a common start, after each GPU's warm-up, to the last GPU's last synchronize; the
 * median of {@code --reps} repetitions):
 * <ul>
 *   <li>{@code one-gpu}: GPU g alone decodes {@code iters} batches (for every GPU);</li>
 *   <li>{@code all-gpus}: every GPU decodes {@code iters} batches at once.</li>
 * </ul>
 * It prints images/s on 1 and n GPUs and the ratio (target >= 1.9x on 2 GPUs), and writes a CSV
 * {@code mode,gpus,images,seconds,images_per_s}. On a machine of one GPU it measures the one-GPU figure alone.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp 'lib/*' dev.cvj.bench.multi.DecodeScalingGpuMain \
 *     [--batch 64] [--iters 20] [--reps 3] [--gpus N] [--threads T] [--csv out.csv]
 * </pre>
 */
public final class DecodeScalingGpuMain {
    private DecodeScalingGpuMain() {}

    public static void main(String[] args) throws Exception {
        int batch = 64, iters = 20, reps = 3, gpus = Device.count(), threads = ImageDecoder.defaultThreads();
        Path csv = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--iters" -> iters = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--gpus" -> gpus = Math.min(Device.count(), Integer.parseInt(args[++i]));
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--csv" -> csv = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("DecodeScalingGpuMain: unknown argument " + args[i]
                        + " (--batch, --iters, --reps, --gpus, --threads, --csv)");
            }
        }
        if (gpus < 1 || batch < 1 || iters < 1 || reps < 1) {
            throw new IllegalArgumentException("DecodeScalingGpuMain: --gpus, --batch, --iters and --reps must be >= 1");
        }
        List<EncodedImage> images = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            byte[] jpeg = SyntheticJpegs.jpeg(SyntheticJpegs.image(i, 1920, 1080), SyntheticJpegs.QUALITY);
            images.add(EncodedImage.of(SyntheticJpegs.fileName(i), jpeg));
        }
        List<String> rows = new ArrayList<>(List.of("mode,gpus,images,seconds,images_per_s"));
        List<ImageDecoder> decoders = new ArrayList<>();
        List<Stream> streams = new ArrayList<>();
        try {
            for (int g = 0; g < gpus; g++) {
                decoders.add(ImageDecoder.create(Device.get(g), threads));
                streams.add(Stream.create(Device.get(g)));
                System.out.println("cuda:" + g + ": " + decoders.get(g).describe());
            }
            double one = 0;
            for (int g = 0; g < gpus; g++) {
                double s = median(reps, run(List.of(decoders.get(g)), List.of(streams.get(g)), images, iters));
                double ips = (double) batch * iters / s;
                one = Math.max(one, ips);
                rows.add(String.format(Locale.ROOT, "one-gpu,cuda:%d,%d,%.4f,%.1f", g, batch * iters, s, ips));
                System.out.printf(Locale.ROOT, "one GPU (cuda:%d): %.1f images/s%n", g, ips);
            }
            if (gpus > 1) {
                double s = median(reps, run(decoders, streams, images, iters));
                double ips = (double) batch * iters * gpus / s;
                rows.add(String.format(Locale.ROOT, "all-gpus,%d,%d,%.4f,%.1f", gpus, batch * iters * gpus, s, ips));
                System.out.printf(Locale.ROOT, "%d GPUs: %.1f images/s, %.2fx the best single GPU%n", gpus, ips, ips / one);
            } else {
                System.out.println("one GPU here: no scaling ratio");
            }
        } finally {
            decoders.forEach(ImageDecoder::close);
            streams.forEach(Stream::close);
        }
        if (csv != null) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
                rows.forEach(w::println);
            }
        }
    }

    private interface Measurement {
        double seconds() throws Exception;
    }

    private static double median(int reps, Measurement m) throws Exception {
        double[] t = new double[reps];
        for (int r = 0; r < reps; r++) {
            t[r] = m.seconds();
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    /** One measurement: every decoder of {@code decoders} decodes {@code iters} batches on its own thread at once. */
    private static Measurement run(List<ImageDecoder> decoders, List<Stream> streams, List<EncodedImage> images,
                                   int iters) {
        return () -> {
            int n = decoders.size();
            CyclicBarrier start = new CyclicBarrier(n + 1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int g = 0; g < n; g++) {
                ImageDecoder d = decoders.get(g);
                Stream s = streams.get(g);
                Thread t = new Thread(() -> {
                    try {
                        s.device().makeCurrent();
                        decodeBatches(d, s, images, 2); // warm-up: the decoder's buffers and the pool
                        start.await();
                        decodeBatches(d, s, images, iters);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        start.reset();
                    }
                }, "decode-" + s.device());
                threads.add(t);
                t.start();
            }
            start.await();
            long t0 = System.nanoTime();
            for (Thread t : threads) {
                t.join();
            }
            long t1 = System.nanoTime();
            if (failure.get() != null) {
                throw new IllegalStateException("a decode thread failed: " + failure.get(), failure.get());
            }
            return (t1 - t0) / 1e9;
        };
    }

    private static void decodeBatches(ImageDecoder d, Stream s, List<EncodedImage> images, int count) {
        for (int i = 0; i < count; i++) {
            try (DecodeResult r = d.decode(images, ImageFormat.RGB8, s)) {
                s.synchronize();
                if (!r.failures().isEmpty()) {
                    throw new IllegalStateException("decode failures: " + r.failures());
                }
            }
        }
    }
}

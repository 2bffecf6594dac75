package dev.cvj.bench.multi;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Event;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.ConvertTo;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Normalize;
import dev.cvj.ops.Reformat;
import dev.cvj.ops.Resize;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Multi-GPU scaling of the classification pre-processing chain, one pipeline per GPU: each GPU has its own
 * thread (its current device), its own stream, its own input batches resident in its memory (two sets,
 * alternated) and its own pre-allocated intermediates. The chain per batch: Resize to 224x224 (LINEAR) ->
 * ConvertTo F32 (x 1/255) -> Normalize (ImageNet mean/std) -> Reformat NHWC -> NCHW.
 *
 * <p>Measurements (wall clock from a common start to the last stream done, after warm-up; CUDA events on each
 * stream give each GPU's own time; the median of {@code --reps} repetitions is reported):
 * <ul>
 *   <li>{@code one-gpu}: GPU g alone runs {@code iters} batches (for every GPU);</li>
 *   <li>{@code split}: the same total work, {@code iters} batches, split over all GPUs ({@code iters / n} each);</li>
 *   <li>{@code full}: every GPU runs {@code iters} batches at once (each at full load).</li>
 * </ul>
 * It prints images/s for 1 and n GPUs and the ratios (target >= 1.9x on 2 GPUs), and writes a CSV.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp 'lib/*' dev.cvj.bench.multi.ScalingBenchMain \
 *     [--batch 64] [--width 1920] [--height 1080] [--seconds 2] [--reps 3] [--gpus 2] [--csv out.csv]
 * </pre>
 * {@code iters} is chosen so that one GPU alone runs about {@code --seconds} per measurement.
 */
public final class ScalingBenchMain {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};
    private static final int OUT = 224;

    private ScalingBenchMain() {}

    /** One GPU's pipeline: stream, resident inputs, intermediates. */
    static final class Pipeline implements AutoCloseable {
        final Device device;
        final Stream stream;
        final Tensor[] inputs = new Tensor[2];
        final Tensor resized;
        final Tensor f32;
        final Tensor normalized;
        final Tensor nchw;

        Pipeline(Device device, int batch, int width, int height, long seed) {
            this.device = device;
            this.stream = Stream.create(device);
            Random r = new Random(seed);
            long[] in = {batch, height, width, 3};
            for (int i = 0; i < inputs.length; i++) {
                try (Tensor h = Tensor.allocateHost(in, DataType.U8, TensorLayout.NHWC)) {
                    byte[] row = new byte[width * 3 * 64];
                    long size = h.byteSize();
                    for (long off = 0; off < size; off += row.length) {
                        r.nextBytes(row);
                        int n = (int) Math.min(row.length, size - off);
                        java.lang.foreign.MemorySegment.copy(java.lang.foreign.MemorySegment.ofArray(row), 0, h.hostSegment(), off, n);
                    }
                    inputs[i] = h.toDevice(device, stream);
                }
            }
            long[] small = {batch, OUT, OUT, 3};
            resized = Tensor.allocate(small, DataType.U8, TensorLayout.NHWC, stream);
            f32 = Tensor.allocate(small, DataType.F32, TensorLayout.NHWC, stream);
            normalized = Tensor.allocate(small, DataType.F32, TensorLayout.NHWC, stream);
            nchw = Tensor.allocate(new long[] {batch, 3, OUT, OUT}, DataType.F32, TensorLayout.NCHW, stream);
            stream.synchronize();
        }

        void runBatch(int i) {
            Tensor src = inputs[i & 1];
            Resize.resizeInto(resized, src, Interpolation.LINEAR, stream);
            ConvertTo.convertToInto(f32, resized, 1 / 255.0, 0, stream);
            Normalize.normalizeInto(normalized, f32, MEAN, STD, 1f, 0f, 0f, true, stream);
            Reformat.reformatInto(nchw, normalized, stream);
        }

        /** The first image of input set 0 through the chain on this GPU vs the CPU path; max abs difference. */
        double checkAgainstCpu() {
            try (Tensor one = inputs[0].slice(0, 0, 1); Tensor host = one.toHost();
                 Tensor cpu = chain(host, null); Tensor gpu = chain(one, stream)) {
                stream.synchronize();
                float[] a = new float[(int) cpu.elementCount()];
                float[] b = new float[a.length];
                cpu.copyTo(a);
                gpu.copyTo(b);
                double max = 0;
                for (int k = 0; k < a.length; k++) {
                    max = Math.max(max, Math.abs(a[k] - b[k]));
                }
                return max;
            }
        }

        private static Tensor chain(Tensor x, Stream s) {
            try (Tensor r = Resize.resize(x, OUT, OUT, Interpolation.LINEAR, s);
                 Tensor f = ConvertTo.convertTo(r, DataType.F32, 1 / 255.0, 0, s);
                 Tensor n = Normalize.normalize(f, MEAN, STD, 1f, 0f, 0f, true, null, s)) {
                return Reformat.reformat(n, TensorLayout.NCHW, s);
            }
        }

        @Override
        public void close() {
            for (Tensor t : inputs) {
                t.close();
            }
            resized.close();
            f32.close();
            normalized.close();
            nchw.close();
            stream.synchronize();
            stream.close();
        }
    }

    /** One timed run: wall ms and per-GPU event ms. */
    record Run(double wallMs, double[] gpuMs) {}

    /** Runs {@code iters[k]} batches on pipelines.get(k), each in its own thread, from a common start. */
    static Run run(List<Pipeline> pipes, int[] iters, int warmup) throws Exception {
        int n = pipes.size();
        CyclicBarrier ready = new CyclicBarrier(n + 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        double[] gpuMs = new double[n];
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Pipeline p = pipes.get(k);
            int kk = k;
            Thread t = new Thread(() -> {
                p.device.makeCurrent(); // one pipeline per GPU: the thread works on its device
                try (var _ = CurrentStream.use(p.stream);
                     Event start = Event.create(p.device, Event.DEFAULT); Event end = Event.create(p.device, Event.DEFAULT)) {
                    for (int i = 0; i < warmup; i++) {
                        p.runBatch(i);
                    }
                    p.stream.synchronize();
                    ready.await();
                    start.record(p.stream);
                    for (int i = 0; i < iters[kk]; i++) {
                        p.runBatch(i);
                    }
                    end.record(p.stream);
                    end.synchronize();
                    gpuMs[kk] = Event.elapsedMillis(start, end);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    ready.reset();
                }
            }, "pipeline-cuda:" + p.device.ordinal());
            threads.add(t);
            t.start();
        }
        ready.await();
        long t0 = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        long t1 = System.nanoTime();
        if (failure.get() != null) {
            throw new IllegalStateException("a pipeline failed: " + failure.get(), failure.get());
        }
        return new Run((t1 - t0) / 1e6, gpuMs);
    }

    /** The run with the median wall time of {@code reps}. */
    static Run median(List<Pipeline> pipes, int[] iters, int warmup, int reps) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            runs.add(run(pipes, iters, warmup));
        }
        runs.sort((a, b) -> Double.compare(a.wallMs, b.wallMs));
        return runs.get(reps / 2);
    }

    public static void main(String[] args) throws Exception {
        int batch = 64, width = 1920, height = 1080, reps = 3, warmup = 10;
        double seconds = 2;
        int gpus = -1;
        Path csv = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--width" -> width = Integer.parseInt(args[++i]);
                case "--height" -> height = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--gpus" -> gpus = Integer.parseInt(args[++i]);
                case "--csv" -> csv = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--batch --width --height --seconds --reps --warmup --gpus --csv)");
            }
        }
        String why = Device.unavailableReason();
        if (why != null) {
            System.out.println("ScalingBenchMain: no CUDA device: " + why);
            System.exit(2);
        }
        int count = Device.count();
        int n = gpus < 0 ? count : Math.min(gpus, count);
        System.out.printf(Locale.ROOT, "devices: %d%n", count);
        for (int d = 0; d < count; d++) {
            System.out.printf(Locale.ROOT, "  cuda:%d %s (%s)%n", d, Device.get(d).name(), Device.get(d).pciBusId());
        }
        System.out.printf(Locale.ROOT, "chain: %d x %dx%d RGB U8 NHWC -> Resize %d LINEAR -> ConvertTo F32/255 -> Normalize -> Reformat NCHW%n",
                batch, width, height, OUT);

        List<Pipeline> pipes = new ArrayList<>();
        try {
            for (int d = 0; d < n; d++) {
                pipes.add(new Pipeline(Device.get(d), batch, width, height, 1234 + d));
            }
            for (Pipeline p : pipes) {
                double diff = p.checkAgainstCpu();
                System.out.printf(Locale.ROOT, "check cuda:%d: first image through the chain vs the CPU path, max |diff| %.3g%n",
                        p.device.ordinal(), diff);
                if (!(diff <= 0.02)) { // resize within 1 in U8 -> 1/255/0.224
                    throw new AssertionError("GPU chain on " + p.device + " differs from the CPU path by " + diff);
                }
            }
            // Calibrate: iterations for about `seconds` on one GPU.
            Run probe = run(pipes.subList(0, 1), new int[] {20}, warmup);
            double msPerBatch = probe.wallMs / 20;
            int iters = (int) Math.max(20, Math.round(seconds * 1000 / msPerBatch));
            iters -= iters % Math.max(n, 1);
            System.out.printf(Locale.ROOT, "calibration: %.3f ms per batch on cuda:0 -> %d batches per measurement, median of %d%n",
                    msPerBatch, iters, reps);

            List<String[]> rows = new ArrayList<>();
            String src = width + "x" + height;
            double oneBest = 0;
            for (int d = 0; d < n; d++) {
                Run r = median(pipes.subList(d, d + 1), new int[] {iters}, warmup, reps);
                double ips = (double) iters * batch / (r.wallMs / 1000);
                oneBest = d == 0 ? ips : oneBest;
                System.out.printf(Locale.ROOT, "1 GPU  (cuda:%d alone):          %9.0f images/s  (wall %.1f ms, GPU events %.1f ms)%n",
                        d, ips, r.wallMs, r.gpuMs[0]);
                rows.add(row("one-gpu", "cuda:" + d, 1, batch, src, iters, (long) iters * batch, r, ips, 1.0));
            }
            double one = oneBest;
            if (n >= 2) {
                int[] split = new int[n];
                Arrays.fill(split, iters / n);
                Run s = median(pipes, split, warmup, reps);
                double sIps = (double) iters * batch / (s.wallMs / 1000);
                System.out.printf(Locale.ROOT, "%d GPUs (same total work split):   %9.0f images/s  (wall %.1f ms, GPU events %s ms) = %.2fx%n",
                        n, sIps, s.wallMs, fmt(s.gpuMs), sIps / one);
                rows.add(row("split", "all", n, batch, src, iters / n, (long) iters * batch, s, sIps, sIps / one));

                int[] full = new int[n];
                Arrays.fill(full, iters);
                Run f = median(pipes, full, warmup, reps);
                double fIps = (double) iters * n * batch / (f.wallMs / 1000);
                System.out.printf(Locale.ROOT, "%d GPUs (each at full load):      %9.0f images/s  (wall %.1f ms, GPU events %s ms) = %.2fx%n",
                        n, fIps, f.wallMs, fmt(f.gpuMs), fIps / one);
                rows.add(row("full", "all", n, batch, src, iters, (long) iters * n * batch, f, fIps, fIps / one));
                for (int d = 0; d < n; d++) {
                    System.out.printf(Locale.ROOT, "  cuda:%d in the full-load run: %.0f images/s by its events%n", d,
                            iters * batch / (f.gpuMs[d] / 1000));
                }
                System.out.printf(Locale.ROOT, "scaling 1 -> %d GPUs: split %.2fx, full load %.2fx (target >= %.1fx): %s%n", n,
                        sIps / one, fIps / one, 0.95 * n, fIps / one >= 0.95 * n ? "MET" : "NOT MET");
            } else {
                System.out.println("only one GPU: no scaling figures");
            }
            if (csv != null) {
                try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
                    w.println("mode,devices,gpus,batch,src,iters_per_gpu,images,wall_ms,images_per_s,gpu_event_ms,ratio_vs_cuda0_alone");
                    for (String[] r : rows) {
                        w.println(String.join(",", r));
                    }
                }
                System.out.println("CSV: " + csv);
            }
        } finally {
            for (Pipeline p : pipes) {
                p.close();
            }
        }
    }

    private static String fmt(double[] ms) {
        StringBuilder b = new StringBuilder();
        for (double m : ms) {
            b.append(b.length() == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.1f", m));
        }
        return b.toString();
    }

    private static String[] row(String mode, String devices, int gpus, int batch, String src, int itersPerGpu, long images, Run r,
                                double ips, double ratio) {
        return new String[] {mode, devices, Integer.toString(gpus), Integer.toString(batch), src, Integer.toString(itersPerGpu),
                Long.toString(images), String.format(Locale.ROOT, "%.2f", r.wallMs), String.format(Locale.ROOT, "%.1f", ips),
                fmt(r.gpuMs).replace('/', ';'), String.format(Locale.ROOT, "%.3f", ratio)};
    }
}

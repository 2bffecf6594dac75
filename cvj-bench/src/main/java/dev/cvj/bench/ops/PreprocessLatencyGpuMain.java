package dev.cvj.bench.ops;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Module;
import dev.cvj.cuda.PinnedMemory;
import dev.cvj.cuda.Program;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.BorderType;
import dev.cvj.ops.CenterCrop;
import dev.cvj.ops.CropFlipNormalizeReformat;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Normalize;
import dev.cvj.ops.Pipeline;
import dev.cvj.ops.Reformat;
import dev.cvj.ops.Resize;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Latency of one image's pre-processing (GPU needed): 640x480 RGB U8 NHWC -> resize to 341x256 (the shorter side to
 * 256, bilinear, as torchvision's {@code Resize(256)}) -> centre crop 224x224 -> U8 to F32 normalize (ImageNet mean and
 * std) -> NCHW, at batches 1, 2, 4 and 8, timed as {@link GpuTimer} times every row (a call on an idle GPU: the host's
 * issue time on the clock; and queued behind the blocking kernel: the GPU's time alone):
 * <ul>
 *   <li>peer {@code cvj}: the four operator calls ({@code *Into}, intermediates allocated before the timing);</li>
 *   <li>peer {@code cvj_graph}: the same chain recorded once as a {@link Pipeline} (written as a user writes it:
 *       allocating forms, intermediates closed) and replayed with each input set through staging copies
 *       ({@link Pipeline.Replay#STAGED});</li>
 *   <li>peer {@code cvj_graph_params}: the same, replayed by kernel-parameter updates
 *       ({@link Pipeline.Replay#PARAMETERS}; a comment line says which the pipeline used);</li>
 *   <li>peers {@code cvj_fused} and {@code cvj_graph_fused}: the chain in two operators, {@link Resize} then
 *       {@link CropFlipNormalizeReformat} (crop, U8 to F32, normalize and NCHW in one kernel), called eagerly and
 *       replayed as a {@link Pipeline} ({@link Pipeline.Replay#PARAMETERS}): the fewest launches and graph nodes cvj
 *       offers for this chain;</li>
 *   <li>{@code empty_kernel_launch}: one launch of an empty kernel from Java, the floor of any call;</li>
 *   <li>{@code preprocess_224_16threads_imgs_per_s}: 16 threads, each with its own stream, running the batch-1 chain
 *       (eager, and replayed) for {@value #THREAD_SECONDS} s; images per second over all threads.</li>
 * </ul>
 * Every variant runs {@value #JIT_WARMUP} times before it is timed (the JIT's warmed state, as in a server).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp 'lib/*' dev.cvj.bench.ops.PreprocessLatencyGpuMain [--quick]
 *     [--out cvj_latency.csv] [--reps 200]</pre>
 *
 * CSV: OpsBenchMain's columns, {@code peer,op,batch,WxH,median_ms,min_ms,max_ms,bytes,queued_ms,expired}; the
 * threads rows hold images per second in {@code median_ms}. {@code bench/python/torch_ops.py} writes the torchvision
 * rows of the same chain ({@code torch,preprocess_224,...}).
 */
public final class PreprocessLatencyGpuMain {
    static final String OP = "preprocess_224";
    static final int W = 640, H = 480, SHORT = 256, CROP = 224, SETS = 3, THREADS = 16;
    static final int JIT_WARMUP = 10_000;
    static final double THREAD_SECONDS = 2.0;
    static final int[] BATCHES = {1, 2, 4, 8};
    static final float[] MEAN255 = {0.485f * 255, 0.456f * 255, 0.406f * 255};
    static final float[] STD255 = {0.229f * 255, 0.224f * 255, 0.225f * 255};

    private PreprocessLatencyGpuMain() {}

    /** The chain as a user writes it: allocating calls, every intermediate closed. */
    static Tensor[] chain(Tensor[] in, Stream s) {
        int rw = (int) Math.round((double) SHORT * in[0].shape('W') / in[0].shape('H'));
        try (Tensor resized = Resize.resize(in[0], rw, SHORT, Interpolation.LINEAR, s);
             Tensor crop = CenterCrop.centerCrop(resized, CROP, CROP, s);
             Tensor norm = Normalize.normalize(crop, MEAN255, STD255, 1f, 0f, 0f, true, DataType.F32, s)) {
            return new Tensor[] {Reformat.reformat(norm, TensorLayout.NCHW, s)};
        }
    }

    /** The chain in two operators: resize, then crop + normalize + NCHW in one kernel. */
    static Tensor[] fusedChain(Tensor[] in, Stream s) {
        int rw = (int) Math.round((double) SHORT * in[0].shape('W') / in[0].shape('H'));
        try (Tensor resized = Resize.resize(in[0], rw, SHORT, Interpolation.LINEAR, s)) {
            return new Tensor[] {CropFlipNormalizeReformat.cropFlipNormalizeReformat(resized, centreCrop(rw),
                    new int[] {2}, MEAN255, STD255, 1f, 0f, 0f, true, false, BorderType.CONSTANT, 0f, DataType.F32,
                    TensorLayout.NCHW, s)};
        }
    }

    /** The centre {@value #CROP}x{@value #CROP} rectangle of an image {@code rw} wide and {@value #SHORT} high. */
    static int[][] centreCrop(int rw) {
        return new int[][] {{(rw - CROP) / 2, (SHORT - CROP) / 2, CROP, CROP}};
    }

    /** The two-operator chain eagerly, its intermediate made once: two launches per call. */
    static final class EagerFused implements AutoCloseable {
        final Tensor resized;
        final int[][] rect;

        EagerFused(int n, Stream s) {
            int rw = Math.round((float) SHORT * W / H);
            resized = Tensor.allocate(new long[] {n, SHORT, rw, 3}, DataType.U8, TensorLayout.NHWC, s);
            rect = centreCrop(rw);
        }

        void run(Tensor in, Tensor out, Stream s) {
            Resize.resizeInto(resized, in, Interpolation.LINEAR, s);
            CropFlipNormalizeReformat.cropFlipNormalizeReformatInto(out, resized, rect, new int[] {2}, MEAN255, STD255,
                    1f, 0f, 0f, true, false, BorderType.CONSTANT, 0f, s);
        }

        @Override
        public void close() {
            resized.close();
        }
    }

    /** The eager chain with its intermediates made once: four launches per call. */
    static final class Eager implements AutoCloseable {
        final Tensor resized, crop, norm;

        Eager(int n, Stream s) {
            int rw = Math.round((float) SHORT * W / H);
            resized = Tensor.allocate(new long[] {n, SHORT, rw, 3}, DataType.U8, TensorLayout.NHWC, s);
            crop = Tensor.allocate(new long[] {n, CROP, CROP, 3}, DataType.U8, TensorLayout.NHWC, s);
            norm = Tensor.allocate(new long[] {n, CROP, CROP, 3}, DataType.F32, TensorLayout.NHWC, s);
        }

        void run(Tensor in, Tensor out, Stream s) {
            Resize.resizeInto(resized, in, Interpolation.LINEAR, s);
            CenterCrop.centerCropInto(crop, resized, s);
            Normalize.normalizeInto(norm, crop, MEAN255, STD255, 1f, 0f, 0f, true, s);
            Reformat.reformatInto(out, norm, s);
        }

        @Override
        public void close() {
            resized.close();
            crop.close();
            norm.close();
        }
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        int reps = 200;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--quick" -> quick = true;
                default -> {
                    System.err.println("usage: PreprocessLatencyGpuMain [--quick] [--out FILE] [--reps N]");
                    System.exit(2);
                }
            }
        }
        int warm = quick ? 1_000 : JIT_WARMUP;
        if (quick) {
            reps = Math.min(reps, 50);
        }
        if (out != null && out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Device dev = Device.get(0);
        try (PrintWriter w = out == null ? new PrintWriter(System.out, true) : new PrintWriter(Files.newBufferedWriter(out));
             Stream s = Stream.create(dev);
             PinnedMemory noise = PinnedMemory.allocate((long) BATCHES[BATCHES.length - 1] * W * H * 3 + SETS * 4096L)) {
            w.println("peer,op,batch,WxH,median_ms,min_ms,max_ms,bytes,queued_ms,expired");
            w.println("# cvj device " + dev.name() + " runtime " + Device.runtimeVersion() + " driver " + Device.driverVersion());
            SplittableRandom rnd = new SplittableRandom(1234);
            for (long i = 0; i + 8 <= noise.byteSize(); i += 8) {
                noise.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, i, rnd.nextLong());
            }
            emptyKernel(w, s, warm, reps);
            for (int n : BATCHES) {
                System.err.println("cvj: preprocess batch " + n);
                Tensor[] sets = inputs(n, s, noise);
                long bytes = sets[0].byteSize() + (long) n * 3 * CROP * CROP * 4;
                try (Tensor dst = Tensor.allocate(new long[] {n, 3, CROP, CROP}, DataType.F32, TensorLayout.NCHW, s);
                     Eager eager = new Eager(n, s);
                     EagerFused eagerFused = new EagerFused(n, s);
                     Pipeline graph = Pipeline.of(PreprocessLatencyGpuMain::chain, 1, 1, Pipeline.Replay.STAGED);
                     Pipeline params = Pipeline.of(PreprocessLatencyGpuMain::chain, 1, 1, Pipeline.Replay.PARAMETERS);
                     Pipeline fused = Pipeline.of(PreprocessLatencyGpuMain::fusedChain, 1, 1, Pipeline.Replay.PARAMETERS)) {
                    Tensor[][] in = new Tensor[SETS][];
                    for (int k = 0; k < SETS; k++) {
                        in[k] = new Tensor[] {sets[k]};
                    }
                    Tensor[] outs = {dst};
                    row(w, "cvj", n, bytes, s, warm, reps, k -> eager.run(sets[k % SETS], dst, s));
                    row(w, "cvj_graph", n, bytes, s, warm, reps, k -> graph.run(in[k % SETS], outs, s));
                    row(w, "cvj_graph_params", n, bytes, s, warm, reps, k -> params.run(in[k % SETS], outs, s));
                    row(w, "cvj_fused", n, bytes, s, warm, reps, k -> eagerFused.run(sets[k % SETS], dst, s));
                    row(w, "cvj_graph_fused", n, bytes, s, warm, reps, k -> fused.run(in[k % SETS], outs, s));
                    w.println("# cvj_graph_params batch " + n + " replays by "
                            + params.replayOf(List.of(Pipeline.Spec.of(sets[0])), s).map(Enum::name).orElse("nothing")
                            + "; cvj_graph_fused by "
                            + fused.replayOf(List.of(Pipeline.Spec.of(sets[0])), s).map(Enum::name).orElse("nothing"));
                } finally {
                    for (Tensor t : sets) {
                        t.close();
                    }
                }
                w.flush();
            }
            threads(w, dev, noise, warm, quick ? 0.5 : THREAD_SECONDS);
        }
        System.err.println("done");
    }

    private static Tensor[] inputs(int n, Stream s, PinnedMemory noise) {
        Tensor[] sets = new Tensor[SETS];
        for (int k = 0; k < SETS; k++) {
            sets[k] = Tensor.allocate(new long[] {n, H, W, 3}, DataType.U8, TensorLayout.NHWC, s, 1);
            sets[k].deviceMemory().copyFrom(noise.segment().asSlice(k * 4096L, sets[k].byteSize()), 0, s);
        }
        s.synchronize();
        return sets;
    }

    private static void row(PrintWriter w, String peer, int n, long bytes, Stream s, int warm, int reps,
                            java.util.function.IntConsumer work) {
        try {
            GpuTimer.Result r = GpuTimer.time(s, warm, reps, work);
            GpuTimer.Result q = GpuTimer.timeQueued(s, 3, reps, work);
            w.printf(Locale.ROOT, "%s,%s,%d,%dx%d,%.4f,%.4f,%.4f,%d,%.4f,%d%n", peer, OP, n, W, H, r.medianMs(), r.minMs(),
                    r.maxMs(), bytes, q.medianMs(), q.expired());
        } catch (RuntimeException e) {
            w.printf(Locale.ROOT, "# %s %s batch %d failed: %s%n", peer, OP, n, String.valueOf(e.getMessage()).replace('\n', ' '));
            System.err.println(peer + " " + OP + " failed: " + e);
        }
    }

    /** One launch of an empty kernel, timed as the rows are: the floor under any call. */
    private static void emptyKernel(PrintWriter w, Stream s, int warm, int reps) {
        try (Module m = Program.compile("extern \"C\" __global__ void cvj_bench_empty() {}", "cvj_bench_empty.cu",
                List.of(), s.device()).load(s.device())) {
            Kernel k = m.kernel("cvj_bench_empty");
            KernelArgs none = new KernelArgs();
            java.util.function.IntConsumer launch = i -> k.launch(Dim3.of(1), Dim3.of(1), 0, s, none);
            GpuTimer.Result r = GpuTimer.time(s, warm, reps, launch);
            GpuTimer.Result q = GpuTimer.timeQueued(s, 3, reps, launch);
            w.printf(Locale.ROOT, "cvj,empty_kernel_launch,1,1x1,%.4f,%.4f,%.4f,0,%.4f,%d%n", r.medianMs(), r.minMs(),
                    r.maxMs(), q.medianMs(), q.expired());
        }
    }

    /** {@value #THREADS} threads, each with its own stream and input, running the batch-1 chain; images per second. */
    private static void threads(PrintWriter w, Device dev, PinnedMemory noise, int warm, double seconds) {
        try (Pipeline graph = Pipeline.of(PreprocessLatencyGpuMain::chain, 1, THREADS, Pipeline.Replay.STAGED);
             Pipeline params = Pipeline.of(PreprocessLatencyGpuMain::chain, 1, THREADS, Pipeline.Replay.PARAMETERS);
             Pipeline fused = Pipeline.of(PreprocessLatencyGpuMain::fusedChain, 1, THREADS, Pipeline.Replay.PARAMETERS)) {
            for (String peer : new String[] {"cvj", "cvj_graph", "cvj_graph_params", "cvj_graph_fused"}) {
                System.err.println(peer + ": " + THREADS + " threads, batch 1");
                Pipeline p = switch (peer) {
                    case "cvj_graph" -> graph;
                    case "cvj_graph_params" -> params;
                    case "cvj_graph_fused" -> fused;
                    default -> null;
                };
                double perSecond = threadRun(p, dev, noise, warm, seconds);
                w.printf(Locale.ROOT, "%s,%s_%dthreads_imgs_per_s,1,%dx%d,%.1f%n", peer, OP, THREADS, W, H, perSecond);
                w.flush();
            }
        } catch (RuntimeException | InterruptedException e) {
            w.printf(Locale.ROOT, "# %s threads failed: %s%n", OP, String.valueOf(e.getMessage()).replace('\n', ' '));
            System.err.println(OP + " threads failed: " + e);
        }
    }

    /** Images per second of {@value #THREADS} threads running the chain for {@code seconds} after a warm-up. */
    private static double threadRun(Pipeline graph, Device dev, PinnedMemory noise, int warm, double seconds)
            throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(THREADS + 1);
        CountDownLatch done = new CountDownLatch(THREADS);
        long[] counts = new long[THREADS];
        long[] endNanos = new long[THREADS];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long deadlineNanos = (long) (seconds * 1e9);
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread.ofPlatform().start(() -> {
                try (Stream s = Stream.create(dev); Eager eager = new Eager(1, s);
                     Tensor dst = Tensor.allocate(new long[] {1, 3, CROP, CROP}, DataType.F32, TensorLayout.NCHW, s)) {
                    Tensor[] sets = inputs(1, s, noise);
                    try {
                        Tensor[] outs = {dst};
                        Tensor[] in = {sets[0]};
                        Runnable once = graph == null ? () -> eager.run(sets[0], dst, s) : () -> graph.run(in, outs, s);
                        for (int i = 0; i < warm; i++) {
                            once.run();
                        }
                        s.synchronize();
                        start.await();
                        long t0 = System.nanoTime();
                        long n = 0;
                        while (System.nanoTime() - t0 < deadlineNanos) {
                            once.run();
                            n++;
                        }
                        s.synchronize();
                        counts[id] = n;
                        endNanos[id] = System.nanoTime() - t0;
                    } finally {
                        for (Tensor x : sets) {
                            x.close();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    start.reset(); // release the others
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            start.await();
        } catch (java.util.concurrent.BrokenBarrierException e) {
            // a thread failed: reported below
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException("a thread failed: " + failure.get(), failure.get());
        }
        long total = 0, longest = 0;
        for (int t = 0; t < THREADS; t++) {
            total += counts[t];
            longest = Math.max(longest, endNanos[t]);
        }
        return total / (longest / 1e9);
    }
}

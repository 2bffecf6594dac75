package dev.cvj.bench.ops;

import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.PinnedMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Resize;
import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.Program;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.ops.internal.Launch;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Where the time of one operator call goes (GPU needed): for the LINEAR resize of 32 RGB 1080p images to 224,
 * <ul>
 *   <li><b>idle</b>: CUDA events around one call on an idle GPU, as {@link OpsBenchMain} and the peers time
 *       every row: the host's work between the start event and the launch is on the clock;</li>
 *   <li><b>GPU</b>: the same events and call enqueued behind {@link GpuTimer}'s blocking kernel, so the GPU reaches
 *       the start event only after the host has enqueued everything: kernel time alone;</li>
 *   <li><b>host</b>: nanoseconds of host time of one call on a tiny image with an empty queue, and of its parts.</li>
 * </ul>
 * each after a short warm-up (the bench's, 300 calls) and after a long one (so the JIT has compiled the path).
 * Prints one line per warm-up level.
 */
public final class CallLatencyGpuMain {
    private CallLatencyGpuMain() {}

    public static void main(String[] args) {
        int reps = 60;
        try (Stream stream = Stream.create(dev.cvj.cuda.Device.get(0))) {
            Tensor[] src = new Tensor[3];
            for (int k = 0; k < src.length; k++) {
                src[k] = Tensor.allocate(new long[] {32, 1080, 1920, 3}, DataType.U8, TensorLayout.NHWC, stream);
                fillRandom(src[k].deviceMemory(), k, stream);
            }
            Tensor small = Tensor.allocate(new long[] {1, 96, 96, 3}, DataType.U8, TensorLayout.NHWC, stream);
            fillRandom(small.deviceMemory(), 9, stream);
            Tensor smallDst = Tensor.allocate(new long[] {1, 40, 40, 3}, DataType.U8, TensorLayout.NHWC, stream);
            Tensor dst = Tensor.allocate(new long[] {32, 224, 224, 3}, DataType.U8, TensorLayout.NHWC, stream);
            stream.synchronize();
            IntConsumer big = k -> Resize.resizeInto(dst, src[k % 3], Interpolation.LINEAR, stream);
            Runnable tiny = () -> Resize.resizeInto(smallDst, small, Interpolation.LINEAR, stream);

            int calls = 0;
            for (int more : new int[] {300, 30_000, 100_000}) {
                warm(tiny, more, stream);
                calls += more;
                report("after " + calls + " calls", stream, big, tiny, small, smallDst, reps);
            }
            for (Tensor t : src) {
                t.close();
            }
            small.close();
            smallDst.close();
            dst.close();
        }
    }

    private static void warm(Runnable r, int n, Stream stream) {
        for (int i = 0; i < n; i++) {
            r.run();
            if ((i & 1023) == 1023) {
                stream.synchronize();
            }
        }
        stream.synchronize();
    }

    private static void report(String label, Stream stream, IntConsumer big, Runnable tiny, Tensor s, Tensor d,
                               int reps) {
        GpuTimer.Result idle = GpuTimer.time(stream, 3, reps, big);
        GpuTimer.Result queued = GpuTimer.timeQueued(stream, 3, reps, big);
        // host time of one call on an empty queue: the call alone between two clock reads, a sync after each
        int n = 2000;
        long[] call = new long[n], launch = new long[n], lookup = new long[n], empty = new long[n];
        KernelArgs none = new KernelArgs();
        Kernel k = KernelLibrary.kernel(stream.device(), "cvj_resize_linear_warp_u8_c3");
        for (int i = 0; i < n; i++) {
            stream.synchronize();
            long t0 = System.nanoTime();
            tiny.run();
            long t1 = System.nanoTime();
            stream.synchronize();
            long t2 = System.nanoTime();
            KernelArgs a = Launch.args().pointer(s.address()).i64(96L * 96 * 3).i64(96L * 3).i32(96).i32(96)
                    .pointer(d.address()).i64(40L * 40 * 3).i64(40L * 3).i32(40).i32(40)
                    .f64(40 / 96.0).f64(96 / 40.0).f64(40 / 96.0).f64(96 / 40.0).i32(0);
            Launch.warpSegments(k, 40, 40, 1, 8, stream, a);
            long t3 = System.nanoTime();
            KernelLibrary.kernel(stream.device(), "cvj_resize_linear_warp" + "_" + "u8" + "_c" + (3 + (i >>> 31)));
            long t4 = System.nanoTime();
            stream.synchronize();
            long t5 = System.nanoTime();
            emptyKernel(stream).launch(Dim3.of(1), Dim3.of(1), 0, stream, none);
            long t6 = System.nanoTime();
            empty[i] = t6 - t5;
            call[i] = t1 - t0;
            launch[i] = t3 - t2;
            lookup[i] = t4 - t3;
        }
        stream.synchronize();
        System.out.printf(Locale.ROOT, "%-20s 32x1080p LINEAR: call %.4f ms (min %.4f), GPU %.4f ms (min %.4f, %d expired);"
                        + " host ns, median of %d on an empty queue: resizeInto %d, args + Kernel.launch %d, kernel lookup %d,"
                        + " empty kernel launch %d (C: bench/c/cuda_overhead launch_empty_host_empty_queue)%n",
                label, idle.medianMs(), idle.minMs(), queued.medianMs(), queued.minMs(), queued.expired(), n, median(call),
                median(launch), median(lookup), median(empty));
    }

    private static Kernel empty;

    private static Kernel emptyKernel(Stream stream) {
        if (empty == null) {
            empty = Program.compile("extern \"C\" __global__ void cvj_empty() {}", "empty.cu", java.util.List.of(),
                    stream.device()).load(stream.device()).kernel("cvj_empty");
        }
        return empty;
    }

    private static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static void fillRandom(DeviceMemory m, int seed, Stream stream) {
        long chunk = 16L << 20;
        try (PinnedMemory p = PinnedMemory.allocate(chunk)) {
            SplittableRandom rnd = new SplittableRandom(seed);
            for (long i = 0; i < chunk; i += 8) {
                p.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, i, rnd.nextLong());
            }
            for (long off = 0; off < m.byteSize(); off += chunk) {
                long len = Math.min(chunk, m.byteSize() - off);
                m.copyFrom(p.segment().asSlice(0, len), off, stream);
            }
            stream.synchronize();
        }
    }
}

package dev.cvj.bench.ops;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.Event;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Module;
import dev.cvj.cuda.Program;
import dev.cvj.cuda.Stream;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Times GPU work with CUDA events, two ways, each repetition between two events on the stream, median reported:
 * <ul>
 *   <li><b>call</b> ({@link #time}): the events and the work are enqueued on an idle GPU. The GPU records the start
 *       event at once and then waits for the work's launches, so the host's time to issue them (argument checks,
 *       launch latency) is on the clock: what one call costs an application that waits for each result.</li>
 *   <li><b>GPU</b> ({@link #timeQueued}): the same, enqueued behind a kernel that spins for {@value #BLOCK_MS} ms
 *       without touching memory (nvbench's "blocking kernel"). By the time the GPU reaches the start event the
 *       host has issued everything, so only the GPU's work is on the clock: the figure to compare with a
 *       memory-bandwidth bound, and what a pipeline that keeps the GPU fed sees. A repetition whose spin ended
 *       before the end event was enqueued (the host was slower) is counted in {@link Result#expired()}.</li>
 * </ul>
 * The work receives the repetition index so it can rotate input sets (so that L2 does not flatter the figure).
 */
public final class GpuTimer {
    /** How long the blocking kernel spins, ms: far more than any host needs to enqueue one operator or chain. */
    public static final double BLOCK_MS = 1.0;

    private static final String SPIN = """
            extern "C" __global__ void cvj_bench_spin(unsigned long long ns) {
                unsigned long long t0, t;
                asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t0));
                do {
                    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
                } while (t - t0 < ns);
            }
            """;
    private static Module spinModule;
    private static Kernel spin;

    private GpuTimer() {}

    /** Median milliseconds of {@code work} over {@code reps} runs after {@code warmup} runs, each on an idle GPU. */
    public static Result time(Stream stream, int warmup, int reps, IntConsumer work) {
        return run(stream, warmup, reps, work, false);
    }

    /** Median milliseconds of {@code work} over {@code reps} runs, each enqueued behind the blocking kernel. */
    public static Result timeQueued(Stream stream, int warmup, int reps, IntConsumer work) {
        return run(stream, warmup, reps, work, true);
    }

    private static Result run(Stream stream, int warmup, int reps, IntConsumer work, boolean queued) {
        for (int i = 0; i < warmup; i++) {
            work.accept(i);
        }
        stream.synchronize();
        Kernel block = queued ? spinKernel(stream.device()) : null;
        KernelArgs blockArgs = new KernelArgs().i64((long) (BLOCK_MS * 1e6));
        float[] ms = new float[reps];
        int expired = 0;
        try (Event start = Event.create(stream.device(), Event.DEFAULT);
             Event end = Event.create(stream.device(), Event.DEFAULT)) {
            for (int i = 0; i < reps; i++) {
                if (queued) {
                    block.launch(Dim3.of(1), Dim3.of(1), 0, stream, blockArgs);
                }
                start.record(stream);
                work.accept(i);
                end.record(stream);
                if (queued && start.isDone()) {
                    expired++;
                }
                end.synchronize();
                ms[i] = Event.elapsedMillis(start, end);
            }
        }
        float[] sorted = ms.clone();
        Arrays.sort(sorted);
        return new Result(sorted[reps / 2], sorted[0], sorted[reps - 1], expired);
    }

    private static synchronized Kernel spinKernel(Device device) {
        if (spin == null || spin.module().device() != device) {
            spinModule = Program.compile(SPIN, "cvj_bench_spin.cu", List.of(), device).load(device);
            spin = spinModule.kernel("cvj_bench_spin");
        }
        return spin;
    }

    /** Median, fastest and slowest milliseconds; {@code expired}: queued runs the host did not enqueue in time. */
    public record Result(double medianMs, double minMs, double maxMs, int expired) {}
}

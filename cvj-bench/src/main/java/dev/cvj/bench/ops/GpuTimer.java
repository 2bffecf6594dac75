package dev.cvj.bench.ops;

import dev.cvj.cuda.Event;
import dev.cvj.cuda.Stream;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Times GPU work with CUDA events: warm-up first, then each repetition between two events on the
 * stream, median reported. The work receives the repetition index so it can rotate input sets (so the
 * L2 cache does not flatter the figure).
 */
public final class GpuTimer {
    private GpuTimer() {}

    /** Median milliseconds of {@code work} over {@code reps} runs after {@code warmup} runs. */
    public static Result time(Stream stream, int warmup, int reps, IntConsumer work) {
        for (int i = 0; i < warmup; i++) {
            work.accept(i);
        }
        stream.synchronize();
        float[] ms = new float[reps];
        try (Event start = Event.create(stream.device(), Event.DEFAULT);
             Event end = Event.create(stream.device(), Event.DEFAULT)) {
            for (int i = 0; i < reps; i++) {
                start.record(stream);
                work.accept(i);
                end.record(stream);
                end.synchronize();
                ms[i] = Event.elapsedMillis(start, end);
            }
        }
        float[] sorted = ms.clone();
        Arrays.sort(sorted);
        return new Result(sorted[reps / 2], sorted[0], sorted[reps - 1]);
    }

    /** Median, fastest and slowest milliseconds. */
    public record Result(double medianMs, double minMs, double maxMs) {}
}

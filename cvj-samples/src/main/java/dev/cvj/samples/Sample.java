package dev.cvj.samples;

import java.io.PrintStream;

/**
 * One runnable sample. Register it in {@link RunAllSamples#SAMPLES} (one line).
 *
 * <p>{@link #run} prints what it checked to {@code out} and throws if a check fails (an
 * {@link AssertionError} or any exception).
 */
public interface Sample {
    /** A short name, printed before each of the sample's lines. */
    String name();

    /** Whether the sample needs a CUDA device; such samples are skipped, with one line saying why, without one. */
    boolean needsGpu();

    /** Runs the sample, printing what it checked. */
    void run(PrintStream out) throws Exception;

    /** Throws {@link AssertionError} with {@code message} unless {@code condition} holds. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}

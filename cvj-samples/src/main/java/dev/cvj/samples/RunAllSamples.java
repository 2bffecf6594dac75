package dev.cvj.samples;

import dev.cvj.cuda.Device;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs every sample (the README's main command: {@code ./mvnw -q -pl cvj-samples exec:exec}).
 *
 * <p>Samples that need a GPU are skipped on a machine without one, each with one line giving the
 * driver's own reason. The exit status is 0 when every sample that could run passed, 1 otherwise.
 */
public final class RunAllSamples {
    /** Every sample, in the order they run. Adding one is one line here. */
    public static final List<Supplier<Sample>> SAMPLES = List.of(
            InteropApproach1::new,
            InteropApproach2::new,
            PreprocessSample::new);

    private RunAllSamples() {}

    public static void main(String[] args) {
        System.exit(runAll(instantiate(SAMPLES), System.out, Device.unavailableReason()));
    }

    static List<Sample> instantiate(List<Supplier<Sample>> suppliers) {
        return suppliers.stream().map(Supplier::get).toList();
    }

    /**
     * Runs {@code samples}, printing one line per skip or failure and the sample's own lines; returns the
     * exit status. {@code gpuUnavailable} is why no GPU can be used, or null when one can.
     */
    static int runAll(List<Sample> samples, PrintStream out, String gpuUnavailable) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (Sample s : samples) {
            if (s.needsGpu() && gpuUnavailable != null) {
                out.println(s.name() + ": SKIPPED: needs a CUDA device: " + gpuUnavailable);
                skipped++;
                continue;
            }
            try {
                s.run(out);
                out.println(s.name() + ": PASSED");
                passed++;
            } catch (Throwable t) {
                // Samples run on a user's machine: one line with the reason, no stack trace.
                out.println(s.name() + ": FAILED: " + t);
                failed++;
            }
        }
        out.println("Samples run: " + (passed + failed) + ", failed: " + failed + ", skipped: " + skipped);
        return failed == 0 ? 0 : 1;
    }
}

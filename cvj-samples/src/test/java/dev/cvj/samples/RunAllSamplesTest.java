package dev.cvj.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RunAllSamples' logic without a GPU: skips with one line each, exit status, failures reported in one line. */
class RunAllSamplesTest {
    private record Fake(String name, boolean needsGpu, boolean fails) implements Sample {
        @Override
        public void run(PrintStream out) {
            out.println(name + ": checked something");
            if (fails) {
                throw new AssertionError("values differ");
            }
        }
    }

    private static String[] run(List<Sample> samples, String gpuReason, int[] status) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            status[0] = RunAllSamples.runAll(samples, out, gpuReason);
        }
        return bytes.toString(StandardCharsets.UTF_8).split("\n");
    }

    @Test
    void registeredSamplesWithoutAGpu() {
        List<Sample> all = RunAllSamples.instantiate(RunAllSamples.SAMPLES);
        assertTrue(all.stream().anyMatch(s -> s.name().equals("InteropApproach1")));
        assertTrue(all.stream().anyMatch(s -> s.name().equals("InteropApproach2")));
        int[] status = new int[1];
        String reason = "cudaGetDeviceCount failed: cudaErrorInsufficientDriver: no driver";
        String[] lines = run(all, reason, status);
        assertEquals(0, status[0], String.join("\n", lines));
        long gpuSamples = all.stream().filter(Sample::needsGpu).count();
        for (Sample s : all) {
            if (s.needsGpu()) {
                long mine = java.util.Arrays.stream(lines).filter(l -> l.startsWith(s.name() + ":")).count();
                assertEquals(1, mine, "one line for a skipped sample: " + String.join("\n", lines));
                assertTrue(java.util.Arrays.asList(lines).contains(s.name() + ": SKIPPED: needs a CUDA device: " + reason));
            }
        }
        assertFalse(String.join("\n", lines).contains("\tat "), "no stack trace");
        assertTrue(lines[lines.length - 1].contains("skipped: " + gpuSamples), lines[lines.length - 1]);
    }

    @Test
    void cpuSamplesRunAndFailuresSetTheStatus() {
        int[] status = new int[1];
        String[] lines = run(List.of(new Fake("Cpu", false, false), new Fake("Gpu", true, false)), "no driver", status);
        assertEquals(0, status[0]);
        assertEquals(List.of("Cpu: checked something", "Cpu: PASSED", "Gpu: SKIPPED: needs a CUDA device: no driver",
                "Samples run: 1, failed: 0, skipped: 1"), List.of(lines));

        lines = run(List.of(new Fake("Bad", false, true), new Fake("Good", false, false)), null, status);
        assertEquals(1, status[0]);
        assertTrue(List.of(lines).contains("Bad: FAILED: java.lang.AssertionError: values differ"), String.join("\n", lines));
        assertTrue(List.of(lines).contains("Good: PASSED"), "a failure does not stop the others");
        assertFalse(String.join("\n", lines).contains("\tat "), "no stack trace");

        lines = run(List.of(new Fake("Gpu", true, false)), null, status);
        assertEquals(0, status[0]);
        assertTrue(List.of(lines).contains("Gpu: PASSED"));
    }
}

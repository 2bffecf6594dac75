package dev.cvj.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.test.GpuTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The interop samples, run as tests on a GPU (each draws fresh random data). */
@GpuTest
class InteropSamplesGpuTest {
    private static String run(Sample s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            s.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void approach1() throws Exception {
        String out = run(new InteropApproach1());
        assertTrue(out.contains("without a copy"), out);
        assertTrue(out.contains("all 100 values equal the original"), out);
    }

    @Test
    void approach2() throws Exception {
        String out = run(new InteropApproach2());
        assertTrue(out.contains("all 300 values equal the original"), out);
    }

    @Test
    void runAllPassesOnAGpu() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            status = RunAllSamples.runAll(RunAllSamples.instantiate(RunAllSamples.SAMPLES), out, null);
        }
        assertTrue(status == 0, bytes.toString(StandardCharsets.UTF_8));
    }
}

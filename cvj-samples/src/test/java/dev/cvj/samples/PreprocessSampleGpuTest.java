package dev.cvj.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.test.GpuTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The pre-processing sample on the GPU against its CPU run: same shape, every element within one U8 step of the
 * resize (1/255/0.224 = 0.0175 in normalized units; the GPU Resize is within 1 of the CPU path), checksums within
 * 1e-3 per element, and the fused path within the sample's tolerance of the chain.
 */
@GpuTest
class PreprocessSampleGpuTest {
    @Test
    void gpuRunMatchesTheCpuRun() throws Exception {
        assertEquals(null, PreprocessSample.gpuUnavailableReason(), "the GPU backend must be usable here");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PreprocessSample.Result gpu;
        PreprocessSample.Result cpu;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            gpu = PreprocessSample.run(true, out, 5);
            cpu = PreprocessSample.run(false, out, 1);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertTrue(gpu.backend().startsWith("GPU cuda:0"), gpu.backend());
        assertTrue(text.contains("backend: GPU"), text);
        assertTrue(text.contains("fused ResizeCropConvertReformat"), text);
        assertArrayEquals(cpu.shape(), gpu.shape());
        double max = 0;
        for (int i = 0; i < cpu.output().length; i++) {
            max = Math.max(max, Math.abs(cpu.output()[i] - gpu.output()[i]));
        }
        assertTrue(max <= 0.0176, "GPU vs CPU: max |diff| " + max);
        assertEquals(cpu.checksum(), gpu.checksum(), 1e-3 * cpu.output().length, "checksums");
        assertTrue(gpu.fusedMaxDiff() <= PreprocessSample.FUSED_TOLERANCE, "fused vs chain " + gpu.fusedMaxDiff());
    }
}

package dev.cvj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.test.GpuTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cvj preprocess} on the GPU against the same command with {@code --cpu}, on the sample folder. They differ by
 * the decoders (nvJPEG vs ImageIO: see ImageDecoderGpuTest's bounds) carried through the resize and divided by the
 * std (x 255): mean |diff| at most 0.02 (about one level / 57) and max at most 1.2 (a 64-level chroma-edge
 * difference, before the resize averages it).
 */
@GpuTest
class CvjCommandGpuTest {
    @Test
    void gpuRunMatchesTheCpuRun(@TempDir Path tmp) throws IOException {
        Path gpu = tmp.resolve("gpu.npy"), cpu = tmp.resolve("cpu.npy");
        CvjCommandTest.Run g = CvjCommandTest.cvj("preprocess", CvjCommandTest.SAMPLES.toString(), "--preset", "imagenet",
                "--out", gpu.toString());
        CvjCommandTest.Run c = CvjCommandTest.cvj("preprocess", CvjCommandTest.SAMPLES.toString(), "--preset", "imagenet",
                "--cpu", "--out", cpu.toString());
        System.out.println(g.out());
        assertTrue(g.out().contains("operators: GPU"), g.out());
        assertEquals(Cvj.SOME_FAILED, g.status(), g.err());
        assertEquals(c.err().lines().filter(l -> l.contains("failed:")).count(),
                g.err().lines().filter(l -> l.contains("failed:")).count(), g.err());
        NpyWriterTest.Npy a = NpyWriterTest.parse(Files.readAllBytes(gpu)), b = NpyWriterTest.parse(Files.readAllBytes(cpu));
        assertArrayEquals(b.shape(), a.shape());
        FloatBuffer x = ByteBuffer.wrap(a.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        FloatBuffer y = ByteBuffer.wrap(b.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        double sum = 0, max = 0;
        for (int i = 0; i < x.limit(); i++) {
            double d = Math.abs(x.get(i) - y.get(i));
            sum += d;
            max = Math.max(max, d);
        }
        double mean = sum / x.limit();
        System.out.printf("CvjCommandGpuTest: GPU vs CPU run: mean |diff| %.4f, max %.4f%n", mean, max);
        assertTrue(mean <= 0.02 && max <= 1.2, "mean " + mean + ", max " + max);
        assertEquals(Files.readAllLines(tmp.resolve("cpu.files.txt")), Files.readAllLines(tmp.resolve("gpu.files.txt")));
    }
}

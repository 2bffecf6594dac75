package dev.cvj.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pre-processing sample on the CPU backend (CI has no GPU): it runs, prints what it used, and its output is
 * checked against properties computed here from the decoded images, not from the operators.
 */
class PreprocessSampleTest {
    private static PreprocessSample.Result runCpu(StringBuilder printed) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PreprocessSample.Result r;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            r = PreprocessSample.run(false, out, 1);
        }
        printed.append(bytes.toString(StandardCharsets.UTF_8));
        return r;
    }

    @Test
    void runsOnTheCpuAndPrintsBackendShapeChecksumAndTime() throws Exception {
        StringBuilder printed = new StringBuilder();
        PreprocessSample.Result r = runCpu(printed);
        String text = printed.toString();
        assertTrue(text.contains("backend: CPU"), text);
        assertTrue(text.contains("ImageBatchVarShape -> Resize 224x224"), text);
        assertTrue(text.contains("[4, 3, 224, 224] F32 NCHW"), text);
        assertTrue(text.matches("(?s).*checksum \\(sum of 602112 elements\\) -?[0-9.]+.*"), text);
        assertTrue(text.matches("(?s).*[0-9.]+ ms per image.*"), text);
        assertArrayEquals(new long[] {4, 3, 224, 224}, r.shape());
        double sum = 0;
        for (float v : r.output()) {
            sum += v;
        }
        assertEquals(sum, r.checksum(), 1e-6 * Math.max(1, Math.abs(sum)), "the checksum is the sum of the output");
    }

    @Test
    void theImagesHaveDifferentSizes() throws Exception {
        // the point of the sample: one call takes images of any sizes
        List<BufferedImage> images = PreprocessSample.loadImages();
        assertEquals(images.size(), images.stream().map(i -> i.getWidth() + "x" + i.getHeight()).distinct().count());
    }

    @Test
    void everyOutputIsANormalizedU8Value() throws Exception {
        // out = (u / 255 - mean[c]) / std[c] for an integer u in [0, 255] (the resized U8 pixel).
        PreprocessSample.Result r = runCpu(new StringBuilder());
        float[] o = r.output();
        int plane = 224 * 224;
        for (int i = 0; i < o.length; i++) {
            int c = (i / plane) % 3;
            double u = (o[i] * PreprocessSample.STD[c] + PreprocessSample.MEAN[c]) * 255;
            assertTrue(u > -0.01 && u < 255.01 && Math.abs(u - Math.rint(u)) < 0.01,
                    "element " + i + " = " + o[i] + " is not a normalized U8 value (u = " + u + ")");
        }
    }

    @Test
    void channelMeansFollowTheDecodedImages() throws Exception {
        // Resizing keeps each image's mean colour (smooth images, no large aliasing); the output's channel means
        // must equal the decoded image's, normalized. Computed here with ImageIO's pixels.
        PreprocessSample.Result r = runCpu(new StringBuilder());
        List<BufferedImage> images = PreprocessSample.loadImages();
        int plane = 224 * 224;
        for (int n = 0; n < images.size(); n++) {
            byte[] rgb = PreprocessSample.rgb(images.get(n));
            for (int c = 0; c < 3; c++) {
                double src = 0;
                for (int i = c; i < rgb.length; i += 3) {
                    src += rgb[i] & 0xff;
                }
                src /= rgb.length / 3.0;
                double want = (src / 255 - PreprocessSample.MEAN[c]) / PreprocessSample.STD[c];
                double got = 0;
                int base = (n * 3 + c) * plane;
                for (int i = 0; i < plane; i++) {
                    got += r.output()[base + i];
                }
                got /= plane;
                assertEquals(want, got, 0.03, PreprocessSample.IMAGES.get(n) + " channel " + c + " mean");
            }
        }
    }

    @Test
    void runAllRunsItWithoutAGpu() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            status = RunAllSamples.runAll(List.of(new PreprocessSample()), out, "no driver here");
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        assertTrue(text.contains("PreprocessSample: PASSED"), text);
    }
}

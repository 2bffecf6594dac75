package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.ImageFormat;
import dev.cvj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * nvJPEG (hardware and hybrid paths) against the CPU decoder (ImageIO, libjpeg 6b) on the sample images.
 *
 * <p>Bounds per image and channel on |GPU - CPU| (mean, 99th percentile, largest), from the differences measured on an
 * H200 (CUDA 13.0, nvJPEG 13.0.1) with a small margin; the figures are printed on every run:
 * <ul>
 *   <li>RGB of 4:4:4, gray and PNG sources: 0.1, 1, 6 (only the IDCT's and the colour conversion's rounding differ;
 *       measured at most 0.035, 1, 3);</li>
 *   <li>RGB of 4:2:0 and 4:2:2 sources at least 64 pixels on each side: 1.0, 20, 72. The chroma upsampling differs:
 *       libjpeg's "fancy" triangle filter against nvJPEG's, so sharp colour edges differ by up to 69 in blue (measured
 *       at most 0.85, 16, 69);</li>
 *   <li>the same below 64 pixels on a side: 12, 48, 72, since there nearly every pixel is next to a chroma edge or the
 *       image's border (a 17 x 9 scene: 10.3, 46, 46 in blue);</li>
 *   <li>Y8: 0.5, 8, 20 (nvJPEG returns the luma plane, ImageIO converts its RGB decode to gray; measured at most 0.31,
 *       7, 18).</li>
 * </ul>
 * BGR is the exact reverse of RGB.
 */
@GpuTest
class ImageDecoderGpuTest {
    /** The bounds of one comparison: mean, 99th percentile and largest |GPU - CPU| (see the class comment). */
    record Bounds(double mean, int p99, int max) {}

    static Bounds bounds(ImageFormat f, String name, long[] hwc) {
        if (f == ImageFormat.Y8) {
            return new Bounds(0.5, 8, 20);
        }
        if (name.contains("-444-") || name.contains("gray") || name.endsWith(".png")) {
            return new Bounds(0.1, 1, 6);
        }
        return Math.min(hwc[0], hwc[1]) >= 64 ? new Bounds(1.0, 20, 72) : new Bounds(12, 48, 72);
    }

    static byte[] pixels(Tensor t) {
        try (Tensor h = t.isHost() ? null : t.toHost()) {
            Tensor src = h == null ? t : h;
            byte[] b = new byte[Math.toIntExact(src.elementCount())];
            src.copyToBytes(b);
            return b;
        }
    }

    static ImageDecoder gpuDecoder() {
        ImageDecoder d = ImageDecoder.create(Device.get(0), 4);
        assertTrue(d.usesNvJpeg(), "libnvjpeg must be on this GPU machine: " + d.describe());
        System.out.println("ImageDecoderGpuTest: " + d.describe());
        return d;
    }

    @Test
    void gpuDecodeIsTheCpuDecodeWithinNvJpegsDifferences() {
        List<String> names = ImageDecoderHostTest.GOOD;
        List<String> failures = new ArrayList<>();
        try (ImageDecoder gpu = gpuDecoder(); ImageDecoder cpu = ImageDecoder.createHost(2);
             Stream s = Stream.create(Device.get(0))) {
            for (ImageFormat f : List.of(ImageFormat.RGB8, ImageFormat.Y8)) {
                try (DecodeResult g = gpu.decode(SampleImages.read(names), f, s);
                     DecodeResult c = cpu.decode(SampleImages.read(names), f, null)) {
                    s.synchronize();
                    assertEquals(List.of(), g.failures());
                    System.out.println("ImageDecoderGpuTest " + f + ": " + g.summary());
                    for (int i = 0; i < names.size(); i++) {
                        String name = names.get(i);
                        byte[] a = pixels(g.images().image(i)), b = pixels(c.images().image(i));
                        assertArrayEquals(c.images().image(i).shape(), g.images().image(i).shape(), name);
                        String m = compare(name + " " + f, a, b, f == ImageFormat.Y8 ? 1 : 3,
                                bounds(f, name, c.images().image(i).shape()));
                        if (m != null) {
                            failures.add(m);
                        }
                    }
                }
            }
            try (DecodeResult rgb = gpu.decode(SampleImages.read(names), ImageFormat.RGB8, s);
                 DecodeResult bgr = gpu.decode(SampleImages.read(names), ImageFormat.BGR8, s)) {
                s.synchronize();
                for (int i = 0; i < names.size(); i++) {
                    byte[] a = pixels(rgb.images().image(i)), b = pixels(bgr.images().image(i));
                    for (int k = 0; k < a.length; k += 3) {
                        if (a[k] != b[k + 2] || a[k + 1] != b[k + 1] || a[k + 2] != b[k]) {
                            failures.add(names.get(i) + ": BGR is not RGB reversed at byte " + k);
                            break;
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Null when {@code gpu} is within the class's bounds of {@code cpu}; prints the figures either way. */
    static String compare(String what, byte[] gpu, byte[] cpu, int channels, Bounds b) {
        StringBuilder bad = new StringBuilder();
        for (int c = 0; c < channels; c++) {
            int[] hist = new int[256];
            long sum = 0;
            int n = 0, max = 0;
            for (int k = c; k < gpu.length; k += channels) {
                int d = Math.abs((gpu[k] & 0xff) - (cpu[k] & 0xff));
                hist[d]++;
                sum += d;
                n++;
                max = Math.max(max, d);
            }
            int p99 = 0;
            for (int seen = 0; p99 < 256 && (seen += hist[p99]) < 0.99 * n; p99++) {
                // the 99th percentile of |diff|
            }
            double mean = (double) sum / n;
            System.out.printf(Locale.ROOT, "ImageDecoderGpuTest %s channel %d: mean %.3f, p99 %d, max %d%n", what, c, mean, p99, max);
            if (mean > b.mean() || max > b.max() || p99 > b.p99()) {
                bad.append(String.format(Locale.ROOT, "%s channel %d: mean %.3f (<= %.1f), p99 %d (<= %d), max %d (<= %d); ",
                        what, c, mean, b.mean(), p99, b.p99(), max, b.max()));
            }
        }
        return bad.isEmpty() ? null : bad.toString();
    }

    @Test
    void aMixedBatchDecodesEveryGoodImageAndNamesTheBrokenOnes() {
        assertMixedBatch(3, DecodeSplit.hardwareOnly());
    }

    /**
     * {@code reps} times 9 images (2 broken each time) in one batch, decoded with {@code split}: every good image is
     * within the bounds of the CPU decode, the broken ones are named, and each image took a path that can take it.
     */
    static void assertMixedBatch(int reps, DecodeSplit split) {
        List<String> names = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) { // more images than threads: every hybrid worker gets several
            names.addAll(List.of("baseline-420-640x480.jpg", "truncated-640x480.jpg", "progressive-420-800x600.jpg",
                    "shapes-256x192.png", "not-an-image.jpg", "restart-420-500x375.jpg", "gray-320x240.jpg",
                    "progressive-444-227x151.jpg", "odd-17x9.jpg"));
        }
        try (ImageDecoder gpu = gpuDecoder(); ImageDecoder cpu = ImageDecoder.createHost(2);
             Stream s = Stream.create(Device.get(0))) {
            gpu.setSplit(split);
            try (DecodeResult g = gpu.decode(SampleImages.read(names), ImageFormat.RGB8, s);
                 DecodeResult c = cpu.decode(SampleImages.read(names), ImageFormat.RGB8, null)) {
                s.synchronize();
                System.out.println("ImageDecoderGpuTest mixed batch, split " + split + ": " + g.summary());
                assertEquals(2 * reps, g.failures().size(), g.failures().toString());
                for (DecodeFailure f : g.failures()) {
                    assertTrue(f.name().endsWith("truncated-640x480.jpg") || f.name().endsWith("not-an-image.jpg"), f.toString());
                }
                assertEquals(c.size(), g.size());
                for (int i = 0; i < names.size(); i++) {
                    String n = names.get(i);
                    DecodePath p = g.path(i);
                    if (n.startsWith("progressive")) {
                        assertEquals(DecodePath.GPU_HYBRID, p, n);
                    } else if (n.endsWith(".png")) {
                        assertEquals(DecodePath.CPU, p, n);
                    } else if (n.startsWith("baseline") || n.startsWith("restart")) {
                        assertTrue(p == DecodePath.HARDWARE || p == DecodePath.GPU_HYBRID, n + " " + p);
                    }
                }
                List<String> failures = new ArrayList<>();
                for (int i = 0; i < g.size(); i++) {
                    String n = names.get(g.inputIndex(i));
                    String m = compare("mixed " + n, pixels(g.images().image(i)), pixels(c.images().image(i)), 3,
                            bounds(ImageFormat.RGB8, n, c.images().image(i).shape()));
                    if (m != null) {
                        failures.add(m);
                    }
                }
                assertTrue(failures.isEmpty(), String.join("\n", failures));
            }
        }
    }

    @Test
    void decodeToTensorHoldsTheSameImagesAsTheBatch() {
        List<EncodedImage> in = SampleImages.read(List.of("baseline-420-640x480.jpg", "not-an-image.jpg",
                "baseline-420-640x480.jpg", "truncated-640x480.jpg"));
        try (ImageDecoder gpu = gpuDecoder(); Stream s = Stream.create(Device.get(0));
             DecodeResult t = gpu.decodeToTensor(in, ImageFormat.RGB8, s);
             DecodeResult b = gpu.decode(in, ImageFormat.RGB8, s)) {
            s.synchronize();
            assertArrayEquals(new long[] {2, 480, 640, 3}, t.tensor().shape());
            assertEquals(2, t.failures().size());
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(pixels(b.images().image(i)), pixels(t.tensor().slice(0, i, 1)), "row " + i);
            }
        }
    }

    /** 10^4 images (79 batches of 128, every sample, broken ones included): device memory back where it was. */
    @Test
    @org.junit.jupiter.api.Tag("soak")
    void tenThousandImagesWithoutMemoryGrowth() {
        List<String> names = new ArrayList<>();
        while (names.size() < 128) {
            names.addAll(ImageDecoderHostTest.GOOD);
            names.addAll(List.of("truncated-640x480.jpg", "not-an-image.jpg"));
        }
        List<EncodedImage> in = SampleImages.read(names.subList(0, 128));
        Device d = Device.get(0);
        try (ImageDecoder gpu = gpuDecoder(); Stream s = Stream.create(d)) {
            for (int i = 0; i < 5; i++) {
                gpu.decode(in, ImageFormat.RGB8, s).close();
            }
            s.synchronize();
            long before = d.memoryInfo().free(), t0 = System.nanoTime();
            int images = 0;
            while (images < 10_000) {
                try (DecodeResult r = gpu.decode(in, ImageFormat.RGB8, s)) {
                    images += in.size();
                    assertEquals(in.size() - r.failures().size(), r.size());
                }
            }
            s.synchronize();
            long grown = before - d.memoryInfo().free();
            System.out.printf(Locale.ROOT, "ImageDecoderGpuTest soak: %d images, %.0f img/s, device memory grew by %d bytes%n",
                    images, images / ((System.nanoTime() - t0) / 1e9), grown);
            assertTrue(grown < 64L << 20, "device memory grew by " + grown + " bytes over " + images + " images");
        }
    }

    @Test
    void reusedAcrossBatchesWithoutGrowingDeviceMemory() {
        List<EncodedImage> in = SampleImages.read(List.of("baseline-420-640x480.jpg", "progressive-420-800x600.jpg",
                "shapes-256x192.png", "not-an-image.jpg", "gray-320x240.jpg"));
        try (ImageDecoder gpu = gpuDecoder()) {
            assertNoMemoryGrowth(gpu, in, 4, 300);
        }
    }

    /**
     * {@code batches} decodes of {@code in} (after 20 to warm up) each give {@code decoded} images and leave device
     * memory where it was.
     */
    static void assertNoMemoryGrowth(ImageDecoder gpu, List<EncodedImage> in, int decoded, int batches) {
        Device d = gpu.device();
        try (Stream s = Stream.create(d)) {
            for (int i = 0; i < 20; i++) { // warm-up: nvJPEG sizes its buffers, the pool fills
                gpu.decode(in, ImageFormat.RGB8, s).close();
            }
            s.synchronize();
            long before = d.memoryInfo().free();
            for (int i = 0; i < batches; i++) {
                try (DecodeResult r = gpu.decode(in, ImageFormat.RGB8, s)) {
                    assertEquals(decoded, r.size());
                }
            }
            s.synchronize();
            long grown = before - d.memoryInfo().free();
            System.out.println("ImageDecoderGpuTest: device memory grew by " + grown + " bytes over " + batches + " batches");
            assertTrue(grown < 64L << 20, "device memory grew by " + grown + " bytes over " + batches + " batches");
        }
    }
}

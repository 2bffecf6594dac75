package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.ImageFormat;
import dev.cvj.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The host decoder (the path without a GPU) on the shipped sample images, against OpenCV's means and ImageIO's getRGB. */
class ImageDecoderHostTest {
    static final List<String> GOOD = List.of("baseline-420-640x480.jpg", "baseline-422-641x479.jpg",
            "baseline-444-333x217.jpg", "progressive-420-800x600.jpg", "progressive-444-227x151.jpg",
            "restart-420-500x375.jpg", "gray-320x240.jpg", "odd-1x1.jpg", "odd-17x9.jpg", "shapes-256x192.png");
    /** Mean per channel vs OpenCV's libjpeg-turbo: both are IJG-style decoders; their IDCTs differ by about a level. */
    static final double MEAN_TOLERANCE = 0.5;

    static ImageDecoder decoder;

    @BeforeAll
    static void open() {
        decoder = ImageDecoder.createHost(2);
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    static byte[] pixels(Tensor t) {
        byte[] b = new byte[Math.toIntExact(t.byteSize())];
        t.copyToBytes(b);
        return b;
    }

    @Test
    void everyGoodSampleMatchesOpenCvsSizeAndMeans() {
        Map<String, SampleImages.Reference> refs = SampleImages.references();
        try (DecodeResult r = decoder.decode(SampleImages.read(GOOD), ImageFormat.RGB8, null)) {
            assertEquals(List.of(), r.failures());
            assertEquals(GOOD.size(), r.size());
            assertTrue(r.images().isHost());
            for (int i = 0; i < r.size(); i++) {
                String name = GOOD.get(r.inputIndex(i));
                SampleImages.Reference ref = refs.get(name);
                Tensor img = r.images().image(i);
                assertArrayEquals(new long[] {ref.height(), ref.width(), 3}, img.shape(), name);
                byte[] px = pixels(img);
                for (int c = 0; c < 3; c++) {
                    double sum = 0;
                    for (int k = c; k < px.length; k += 3) {
                        sum += px[k] & 0xff;
                    }
                    double mean = sum / (px.length / 3);
                    assertEquals(ref.means()[c], mean, MEAN_TOLERANCE, name + " channel " + c);
                }
                assertEquals(DecodePath.CPU, r.path(r.inputIndex(i)));
            }
        }
    }

    @Test
    void rgbIsImageIosGetRgbAndBgrIsItsReverse() throws IOException {
        List<String> names = List.of("baseline-422-641x479.jpg", "progressive-444-227x151.jpg", "restart-420-500x375.jpg");
        try (DecodeResult rgb = decoder.decode(SampleImages.read(names), ImageFormat.RGB8, null);
             DecodeResult bgr = decoder.decode(SampleImages.read(names), ImageFormat.BGR8, null)) {
            for (int i = 0; i < names.size(); i++) {
                BufferedImage img = ImageIO.read(SampleImages.DIR.resolve(names.get(i)).toFile());
                byte[] a = pixels(rgb.images().image(i)), b = pixels(bgr.images().image(i));
                int w = img.getWidth();
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < w; x++) {
                        int argb = img.getRGB(x, y), o = 3 * (y * w + x);
                        int[] want = {(argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff};
                        for (int c = 0; c < 3; c++) {
                            assertEquals(want[c], a[o + c] & 0xff, names.get(i) + " RGB at " + x + "," + y);
                            assertEquals(want[2 - c], b[o + c] & 0xff, names.get(i) + " BGR at " + x + "," + y);
                        }
                    }
                }
            }
        }
    }

    @Test
    void grayJpegKeepsItsSamplesInEveryFormat() throws IOException {
        BufferedImage img = ImageIO.read(SampleImages.DIR.resolve("gray-320x240.jpg").toFile());
        int[] samples = img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
        List<EncodedImage> in = List.of(SampleImages.read("gray-320x240.jpg"));
        try (DecodeResult y = decoder.decode(in, ImageFormat.Y8, null);
             DecodeResult rgb = decoder.decode(in, ImageFormat.RGB8, null)) {
            assertArrayEquals(new long[] {240, 320, 1}, y.images().image(0).shape());
            byte[] g = pixels(y.images().image(0)), c = pixels(rgb.images().image(0));
            for (int i = 0; i < samples.length; i++) {
                assertEquals(samples[i], g[i] & 0xff);
                assertEquals(samples[i], c[3 * i] & 0xff);
                assertEquals(samples[i], c[3 * i + 2] & 0xff);
            }
        }
    }

    @Test
    void grayOfAColourImageIsBt601Luma() {
        List<EncodedImage> in = List.of(SampleImages.read("baseline-444-333x217.jpg"));
        try (DecodeResult y = decoder.decode(in, ImageFormat.Y8, null);
             DecodeResult rgb = decoder.decode(in, ImageFormat.RGB8, null)) {
            byte[] g = pixels(y.images().image(0)), c = pixels(rgb.images().image(0));
            for (int i = 0; i < g.length; i += 97) {
                double luma = 0.299 * (c[3 * i] & 0xff) + 0.587 * (c[3 * i + 1] & 0xff) + 0.114 * (c[3 * i + 2] & 0xff);
                assertEquals(luma, g[i] & 0xff, 0.5 + 1e-9, "pixel " + i);
            }
        }
    }

    @Test
    void brokenFilesAreNamedFailuresAndTheOthersStillDecode() {
        List<String> names = List.of("baseline-420-640x480.jpg", "truncated-640x480.jpg", "progressive-444-227x151.jpg",
                "not-an-image.jpg", "shapes-256x192.png");
        try (DecodeResult r = decoder.decode(SampleImages.read(names), ImageFormat.RGB8, null)) {
            assertEquals(3, r.size());
            assertEquals(List.of(0, 2, 4), List.of(r.inputIndex(0), r.inputIndex(1), r.inputIndex(2)));
            assertEquals(2, r.failures().size());
            DecodeFailure truncated = r.failures().get(0), junk = r.failures().get(1);
            assertEquals(1, truncated.index());
            assertTrue(truncated.name().endsWith("truncated-640x480.jpg"), truncated.name());
            assertTrue(truncated.message().contains("Truncated File"), truncated.message());
            assertEquals(3, junk.index());
            assertTrue(junk.toString().contains("not-an-image.jpg") && junk.message().contains("not an image format"),
                    junk.toString());
            assertNull(r.path(1));
            assertEquals(3, r.count(DecodePath.CPU));
            assertEquals("3 decoded (HARDWARE 0, GPU_HYBRID 0, CPU 3), 2 failed", r.summary());
        }
    }

    @Test
    void emptyAndZeroByteInputs() {
        try (DecodeResult r = decoder.decode(List.of(), ImageFormat.RGB8, null)) {
            assertEquals(0, r.size());
            assertEquals(0, r.images().size());
        }
        try (DecodeResult r = decoder.decodeBytes(List.of(new byte[0]), ImageFormat.RGB8, null)) {
            assertEquals("image 0", r.failures().getFirst().name());
            assertTrue(r.failures().getFirst().message().contains("0 bytes"), r.failures().getFirst().message());
        }
    }

    @Test
    void decodeToTensorStacksImagesOfOneSize() {
        EncodedImage a = SampleImages.read("baseline-420-640x480.jpg");
        EncodedImage broken = SampleImages.read("not-an-image.jpg");
        try (DecodeResult r = decoder.decodeToTensor(List.of(a, broken, a), ImageFormat.BGR8, null);
             DecodeResult one = decoder.decode(List.of(a), ImageFormat.BGR8, null)) {
            assertArrayEquals(new long[] {2, 480, 640, 3}, r.tensor().shape());
            assertEquals(1, r.failures().size());
            assertEquals(2, r.inputIndex(1));
            byte[] all = pixels(r.tensor()), single = pixels(one.images().image(0));
            for (int row = 0; row < 2; row++) {
                assertArrayEquals(single, java.util.Arrays.copyOfRange(all, row * single.length, (row + 1) * single.length));
            }
        }
        try (DecodeResult none = decoder.decodeToTensor(List.of(broken), ImageFormat.RGB8, null)) {
            assertEquals(0, none.tensor().shape(0));
            assertEquals(1, none.failures().size());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.decodeToTensor(
                SampleImages.read(List.of("odd-1x1.jpg", "odd-17x9.jpg")), ImageFormat.RGB8, null));
        assertTrue(e.getMessage().contains("decodeToTensor") && e.getMessage().contains("17x9"), e.getMessage());
    }

    @Test
    void nativeAndBufferInputsDecodeLikeArrays() throws IOException {
        byte[] bytes = SampleImages.read("odd-17x9.jpg").bytes();
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment nat = arena.allocate(bytes.length);
            nat.copyFrom(MemorySegment.ofArray(bytes));
            List<EncodedImage> in = new ArrayList<>(List.of(new EncodedImage("native", nat),
                    EncodedImage.of("buffer", java.nio.ByteBuffer.wrap(bytes)), EncodedImage.of("array", bytes)));
            try (DecodeResult r = decoder.decode(in, ImageFormat.RGB8, null)) {
                assertEquals(List.of(), r.failures());
                byte[] want = pixels(r.images().image(2));
                assertArrayEquals(want, pixels(r.images().image(0)));
                assertArrayEquals(want, pixels(r.images().image(1)));
            }
        }
        assertTrue(ImageIO.read(new ByteArrayInputStream(bytes)) != null);
    }

    @Test
    void badArgumentsAreRefusedByName() {
        List<EncodedImage> in = List.of(SampleImages.read("odd-1x1.jpg"));
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(in, ImageFormat.RGBA8, null));
        assertTrue(f.getMessage().contains("ImageDecoder.decode: format RGBA8"), f.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class,
                () -> decoder.decode(java.util.Arrays.asList(in.getFirst(), null), ImageFormat.RGB8, null));
        assertTrue(n.getMessage().contains("images[1]"), n.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageDecoder.createHost(0));
        ImageDecoder closed = ImageDecoder.createHost(1);
        closed.close();
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.decode(in, ImageFormat.RGB8, null));
    }

    @Test
    void endOfImageMarkerCheck() {
        assertTrue(BatchDecode.endsWithEndOfImage(SampleImages.read("odd-1x1.jpg").data()));
        assertTrue(!BatchDecode.endsWithEndOfImage(SampleImages.read("truncated-640x480.jpg").data()));
        assertTrue(!BatchDecode.endsWithEndOfImage(MemorySegment.ofArray(new byte[] {(byte) 0xFF})));
        assertTrue(BatchDecode.endsWithEndOfImage(MemorySegment.ofArray(new byte[] {(byte) 0xFF, (byte) 0xD9, 0, 0})));
    }

    @Test
    void theDefaultDecoderSaysWhichPathRunsAndWhy() {
        try (ImageDecoder d = ImageDecoder.create()) {
            String s = d.describe();
            if (d.device() == null) {
                assertTrue(s.startsWith("CPU (ImageIO") && s.contains("no GPU"), s);
            } else {
                assertTrue(d.usesNvJpeg() ? s.contains("nvJPEG") : s.contains("libnvjpeg") || s.contains("nvJPEG"), s);
            }
        }
    }
}

package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageFormat;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CPU encoder: encode then decode gives the image back within a PSNR bound (35 dB at quality 95 on the sample
 * scene, which has noise and sharp edges; 28 dB at quality 50), the frame header carries the asked subsampling, and
 * a lower quality gives a smaller file.
 */
class ImageEncoderHostTest {
    @Test
    void roundTripWithEachSubsampling() {
        try (ImageDecoder dec = ImageDecoder.createHost(1); ImageEncoder enc = ImageEncoder.createHost();
             DecodeResult src = dec.decode(List.of(SampleImages.read("baseline-422-641x479.jpg")), ImageFormat.RGB8, null)) {
            Tensor img = src.images().image(0);
            byte[] original = ImageDecoderHostTest.pixels(img);
            for (ChromaSubsampling css : ChromaSubsampling.values()) {
                byte[] q95 = enc.encode(img, ImageFormat.RGB8, 95, css, null), q50 = enc.encode(img, ImageFormat.RGB8, 50, css, null);
                JpegFrames.Frame f = JpegFrames.frame(q95);
                assertEquals(641, f.width());
                assertEquals(479, f.height());
                assertArrayEquals(new int[] {css.h, css.v}, f.sampling()[0], f.toString());
                assertArrayEquals(new int[] {1, 1}, f.sampling()[1], f.toString());
                assertTrue(q50.length < q95.length, css + ": " + q50.length + " vs " + q95.length);
                try (DecodeResult back = dec.decodeBytes(List.of(q95, q50), ImageFormat.RGB8, null)) {
                    double p95 = JpegFrames.psnr(original, ImageDecoderHostTest.pixels(back.images().image(0)));
                    double p50 = JpegFrames.psnr(original, ImageDecoderHostTest.pixels(back.images().image(1)));
                    System.out.printf("ImageEncoderHostTest %s: PSNR q95 %.2f dB, q50 %.2f dB%n", css, p95, p50);
                    assertTrue(p95 >= 35 && p50 >= 28, css + ": " + p95 + ", " + p50);
                }
            }
        }
    }

    @Test
    void bgrAndGrayRoundTrip() {
        try (ImageDecoder dec = ImageDecoder.createHost(1); ImageEncoder enc = ImageEncoder.createHost();
             DecodeResult bgr = dec.decode(List.of(SampleImages.read("baseline-444-333x217.jpg")), ImageFormat.BGR8, null);
             DecodeResult rgb = dec.decode(List.of(SampleImages.read("baseline-444-333x217.jpg")), ImageFormat.RGB8, null);
             DecodeResult gray = dec.decode(List.of(SampleImages.read("gray-320x240.jpg")), ImageFormat.Y8, null)) {
            byte[] j = enc.encode(bgr.images().image(0), ImageFormat.BGR8, 95, ChromaSubsampling.CSS_444, null);
            try (DecodeResult back = dec.decodeBytes(List.of(j), ImageFormat.RGB8, null)) {
                assertTrue(JpegFrames.psnr(ImageDecoderHostTest.pixels(rgb.images().image(0)),
                        ImageDecoderHostTest.pixels(back.images().image(0))) >= 35);
            }
            byte[] g = enc.encode(gray.images().image(0), ImageFormat.Y8, 95, ChromaSubsampling.CSS_420, null);
            assertEquals(1, JpegFrames.frame(g).sampling().length);
            try (DecodeResult back = dec.decodeBytes(List.of(g), ImageFormat.Y8, null)) {
                assertTrue(JpegFrames.psnr(ImageDecoderHostTest.pixels(gray.images().image(0)),
                        ImageDecoderHostTest.pixels(back.images().image(0))) >= 35);
            }
        }
    }

    @Test
    void badArgumentsAreRefusedByName() {
        try (ImageEncoder enc = ImageEncoder.createHost();
             Tensor rgb = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor f32 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F32, TensorLayout.HWC)) {
            IllegalArgumentException q = assertThrows(IllegalArgumentException.class,
                    () -> enc.encode(rgb, ImageFormat.RGB8, 0, ChromaSubsampling.CSS_420, null));
            assertTrue(q.getMessage().contains("ImageEncoder.encode: quality"), q.getMessage());
            IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                    () -> enc.encode(f32, ImageFormat.RGB8, 90, ChromaSubsampling.CSS_420, null));
            assertTrue(t.getMessage().contains("U8 [H, W, 3]"), t.getMessage());
            assertThrows(IllegalArgumentException.class, () -> enc.encode(rgb, ImageFormat.Y8, 90, ChromaSubsampling.CSS_420, null));
            assertThrows(IllegalArgumentException.class, () -> enc.encode(rgb, ImageFormat.RGBA8, 90, ChromaSubsampling.CSS_420, null));
        }
        ImageEncoder closed = ImageEncoder.createHost();
        closed.close();
        closed.close();
        assertTrue(ImageEncoder.create().describe().length() > 0);
    }
}

package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.ImageFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * nvJPEG encode of device images, decoded back on the CPU: PSNR at least 35 dB at quality 95 (the sample scene has
 * noise and sharp edges; ImageIO's encoder reaches about 40), the asked subsampling in the frame header, BGR input
 * giving the same picture as RGB.
 */
@GpuTest
class ImageEncoderGpuTest {
    @Test
    void encodeOnTheGpuThenDecodeOnTheCpu() {
        Device d = Device.get(0);
        try (ImageDecoder gpuDec = ImageDecoder.create(d, 2); ImageDecoder cpuDec = ImageDecoder.createHost(1);
             ImageEncoder enc = ImageEncoder.create(d); Stream s = Stream.create(d);
             DecodeResult rgb = gpuDec.decode(List.of(SampleImages.read("baseline-422-641x479.jpg")), ImageFormat.RGB8, s);
             DecodeResult bgr = gpuDec.decode(List.of(SampleImages.read("baseline-422-641x479.jpg")), ImageFormat.BGR8, s)) {
            assertTrue(enc.describe().contains("nvJPEG"), enc.describe());
            s.synchronize();
            byte[] original = ImageDecoderGpuTest.pixels(rgb.images().image(0));
            for (ChromaSubsampling css : ChromaSubsampling.values()) {
                byte[] j = enc.encode(rgb.images().image(0), ImageFormat.RGB8, 95, css, s);
                byte[] jb = enc.encode(bgr.images().image(0), ImageFormat.BGR8, 95, css, s);
                JpegFrames.Frame f = JpegFrames.frame(j);
                assertArrayEquals(new int[] {css.h, css.v}, f.sampling()[0], f.toString());
                try (DecodeResult back = cpuDec.decodeBytes(List.of(j, jb), ImageFormat.RGB8, null)) {
                    double p = JpegFrames.psnr(original, ImageDecoderHostTest.pixels(back.images().image(0)));
                    double pb = JpegFrames.psnr(original, ImageDecoderHostTest.pixels(back.images().image(1)));
                    System.out.printf("ImageEncoderGpuTest %s: PSNR %.2f dB (RGB input), %.2f dB (BGR input), %d bytes%n",
                            css, p, pb, j.length);
                    assertTrue(p >= 35 && pb >= 35, css + ": " + p + ", " + pb);
                }
            }
        }
    }
}

package dev.cvj.bench.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decode benchmark's synthetic JPEGs: the same every time, different per index, 4:2:0 at quality 90. No GPU. */
class SyntheticJpegsTest {
    private static byte[] pixels(BufferedImage img) {
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    @Test
    void sameIndexSamePixelsAndBytesOtherIndexOthers() {
        byte[] a = pixels(SyntheticJpegs.image(3, 160, 120));
        assertArrayEquals(a, pixels(SyntheticJpegs.image(3, 160, 120)));
        assertFalse(Arrays.equals(a, pixels(SyntheticJpegs.image(4, 160, 120))));
        byte[] j = SyntheticJpegs.jpeg(SyntheticJpegs.image(3, 160, 120), SyntheticJpegs.QUALITY);
        assertArrayEquals(j, SyntheticJpegs.jpeg(SyntheticJpegs.image(3, 160, 120), SyntheticJpegs.QUALITY));
    }

    @Test
    void imagesAreNeitherFlatNorRandom() {
        byte[] p = pixels(SyntheticJpegs.image(0, 320, 240));
        int[] hist = new int[256];
        long neighbourDiff = 0;
        for (int i = 0; i < p.length; i++) {
            hist[p[i] & 0xff]++;
            if (i >= 3) {
                neighbourDiff += Math.abs((p[i] & 0xff) - (p[i - 3] & 0xff));
            }
        }
        long levels = Arrays.stream(hist).filter(c -> c > 0).count();
        assertTrue(levels > 32, "a gradient spans many levels: " + levels);
        double meanDiff = (double) neighbourDiff / (p.length - 3);
        assertTrue(meanDiff > 0.5 && meanDiff < 10, "mild noise on smooth content: mean neighbour difference " + meanDiff);
    }

    /** The sampling factors of the frame header's components (SOF0), e.g. {0x22, 0x11, 0x11} for 4:2:0. */
    private static int[] samplingFactors(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; ) {
            int marker = jpeg[i + 1] & 0xff;
            int len = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
            if (marker == 0xC0) {
                int n = jpeg[i + 9] & 0xff;
                int[] f = new int[n];
                for (int c = 0; c < n; c++) {
                    f[c] = jpeg[i + 11 + 3 * c] & 0xff;
                }
                return f;
            }
            i += 2 + len;
        }
        throw new AssertionError("no baseline frame header (SOF0)");
    }

    @Test
    void writtenAsBaselineFourTwoZeroJpegsThatDecodeToTheirSize(@TempDir Path dir) throws IOException {
        List<Path> files = SyntheticJpegs.write(dir.resolve("64x48"), 3, 64, 48);
        assertEquals(List.of("img-0000.jpg", "img-0001.jpg", "img-0002.jpg"),
                files.stream().map(f -> f.getFileName().toString()).toList());
        for (Path f : files) {
            byte[] jpeg = Files.readAllBytes(f);
            assertArrayEquals(new int[] {0x22, 0x11, 0x11}, samplingFactors(jpeg), f + ": Y 2x2, Cb and Cr 1x1");
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertEquals(64, back.getWidth());
            assertEquals(48, back.getHeight());
        }
        assertArrayEquals(SyntheticJpegs.jpeg(SyntheticJpegs.image(1, 64, 48), SyntheticJpegs.QUALITY),
                Files.readAllBytes(files.get(1)), "the file of index 1 is image 1");
    }

    @Test
    void badArgumentsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyntheticJpegs.image(-1, 8, 8));
        assertTrue(e.getMessage().contains("SyntheticJpegs.image"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SyntheticJpegs.image(0, 0, 8));
    }
}

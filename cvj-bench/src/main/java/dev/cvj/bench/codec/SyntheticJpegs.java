package dev.cvj.bench.codec;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The JPEGs of the decode benchmarks: image {@code index} of a size is a smooth two-colour gradient, a few filled
 * rectangles and ellipses, and mild noise (+-{@value #NOISE} per byte), all drawn from seeds of the index and the size, so that the
 * same index always gives the same pixels and the JPEGs have the sizes of photos rather than of flat images. Written
 * by ImageIO's JPEG writer at quality {@value #QUALITY} (baseline, JFIF, 4:2:0 chroma subsampling: its default for
 * RGB images) once into a folder, which every peer then reads.
 */
public final class SyntheticJpegs {
    /** ImageIO's compression quality (its scale of libjpeg's quality 90). */
    public static final float QUALITY = 0.9f;
    private static final int SHAPES = 6;
    static final int NOISE = 4;

    private SyntheticJpegs() {}

    /** Image {@code index} at {@code width x height}, RGB (stored as {@link BufferedImage#TYPE_3BYTE_BGR}). */
    public static BufferedImage image(int index, int width, int height) {
        if (index < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("SyntheticJpegs.image: index " + index + " and size " + width + "x" + height
                    + " (index >= 0, width and height >= 1)");
        }
        SplittableRandom rnd = new SplittableRandom(((long) index << 32) ^ ((long) width << 16) ^ height);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int[] from = {rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)};
        int[] to = {rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)};
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // the gradient runs along the diagonal: t in [0, 1]
                double t = (x + (double) y) / Math.max(1, width + height - 2);
                int o = 3 * (y * width + x);
                for (int c = 0; c < 3; c++) {
                    bgr[o + 2 - c] = (byte) Math.round(from[c] + t * (to[c] - from[c]));
                }
            }
        }
        Graphics2D g = img.createGraphics();
        try {
            for (int s = 0; s < SHAPES; s++) {
                g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
                int w = 1 + rnd.nextInt(Math.max(1, width / 3)), h = 1 + rnd.nextInt(Math.max(1, height / 3));
                int x = rnd.nextInt(width), y = rnd.nextInt(height);
                if (s % 2 == 0) {
                    g.fillRect(x, y, w, h);
                } else {
                    g.fillOval(x, y, w, h);
                }
            }
        } finally {
            g.dispose();
        }
        long bits = 0;
        for (int i = 0; i < bgr.length; i++) {
            if (i % 4 == 0) {
                bits = rnd.nextLong(); // four 16-bit draws a call: the noise is most of the generator's time
            }
            int draw = (int) ((((bits >>> (16 * (i % 4))) & 0xffff) * (2 * NOISE + 1)) >>> 16);
            bgr[i] = (byte) Math.clamp((bgr[i] & 0xff) + draw - NOISE, 0, 255);
        }
        return img;
    }

    /** {@code img} as a JPEG at {@code quality} (0..1) by ImageIO's writer (4:2:0 for RGB images). */
    public static byte[] jpeg(BufferedImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException("SyntheticJpegs.jpeg: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The file of image {@code index} in a folder: {@code img-0007.jpg}. */
    public static String fileName(int index) {
        return String.format(Locale.ROOT, "img-%04d.jpg", index);
    }

    /**
     * Writes images 0 .. {@code count - 1} at {@code width x height} into {@code dir} (created if needed; same-named
     * files replaced) at {@link #QUALITY}, in parallel, and returns their paths in index order.
     */
    public static List<Path> write(Path dir, int count, int width, int height) throws IOException {
        Files.createDirectories(dir);
        try {
            IntStream.range(0, count).parallel().forEach(i -> {
                try {
                    Files.write(dir.resolve(fileName(i)), jpeg(image(i, width, height), QUALITY));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return IntStream.range(0, count).mapToObj(i -> dir.resolve(fileName(i))).toList();
    }
}

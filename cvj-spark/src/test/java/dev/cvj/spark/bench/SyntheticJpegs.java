package dev.cvj.spark.bench;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes N synthetic JPEGs (default 1920x1080, quality 90, baseline 4:2:0 as ImageIO writes them), seeded: image
 * {@code i} is the same on every machine. Smooth gradients, a few shapes and noise, so that a file is about the size
 * of a photo (a few hundred KB) and decoding costs what a photo's does.
 *
 * <pre>
 * java -cp ... dev.cvj.spark.bench.SyntheticJpegs OUT_DIR [COUNT=20000] [WIDTH=1920] [HEIGHT=1080] [SEED=1]
 * </pre>
 */
public final class SyntheticJpegs {
    private SyntheticJpegs() {}

    /**
     * Writes the files {@code img-000000.jpg} ... into the folder, on all processors.
     *
     * @param args the folder, then optionally the count, width, height and seed
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SyntheticJpegs OUT_DIR [COUNT=20000] [WIDTH=1920] [HEIGHT=1080] [SEED=1]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 1920;
        int height = args.length > 3 ? Integer.parseInt(args[3]) : 1080;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        IntStream.range(0, count).parallel().forEach(i -> {
            try {
                write(image(width, height, new SplittableRandom(seed * 1_000_003L + i)),
                        out.resolve(String.format(Locale.ROOT, "img-%06d.jpg", i)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long bytes;
        try (var files = Files.list(out)) {
            bytes = files.mapToLong(f -> f.toFile().length()).sum();
        }
        System.out.printf(Locale.ROOT, "SyntheticJpegs: %d files %dx%d in %s, %.1f MB, %.1f s%n", count, width, height, out,
                bytes / 1e6, (System.nanoTime() - t0) / 1e9);
    }

    /** A smooth, seeded picture with some edges and noise. */
    static BufferedImage image(int w, int h, SplittableRandom rnd) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        double[] f = new double[9];
        for (int k = 0; k < f.length; k++) {
            f[k] = 1 + rnd.nextDouble() * 6;
        }
        int[][] boxes = new int[12][];
        for (int b = 0; b < boxes.length; b++) {
            int x = rnd.nextInt(w), y = rnd.nextInt(h);
            boxes[b] = new int[] {x, y, x + 40 + rnd.nextInt(w / 3), y + 40 + rnd.nextInt(h / 3), rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)};
        }
        for (int y = 0; y < h; y++) {
            double v = (double) y / h;
            for (int x = 0; x < w; x++) {
                double u = (double) x / w;
                int o = (y * w + x) * 3;
                int b = (int) (127 + 100 * Math.sin(f[0] * u + f[1] * v + f[2]));
                int g = (int) (127 + 100 * Math.sin(f[3] * u - f[4] * v + f[5]));
                int r = (int) (127 + 100 * Math.cos(f[6] * u * v + f[7] * v + f[8]));
                for (int[] box : boxes) {
                    if (x >= box[0] && x < box[2] && y >= box[1] && y < box[3]) {
                        r = (r + box[4]) >> 1;
                        g = (g + box[5]) >> 1;
                        b = (b + box[6]) >> 1;
                    }
                }
                int n = rnd.nextInt(16) - 8;
                px[o] = (byte) Math.clamp(b + n, 0, 255);
                px[o + 1] = (byte) Math.clamp(g + n, 0, 255);
                px[o + 2] = (byte) Math.clamp(r + n, 0, 255);
            }
        }
        return img;
    }

    private static void write(BufferedImage img, Path file) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter w = writers.next();
        Files.deleteIfExists(file); // the output stream writes over a file without truncating it
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(out);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.9f);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
    }
}

package dev.cvj.codec;

import dev.cvj.tensor.ImageFormat;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The CPU decoder: ImageIO (JPEG baseline and progressive, PNG, BMP, GIF), into RGB, BGR or gray bytes.
 *
 * <p>Pixels are read from the raster where ImageIO keeps them as bytes (3-byte BGR, 8-bit gray), so a gray JPEG stays
 * exactly its samples; only other types go through {@code getRGB} (sRGB conversion). Gray from a colour image is
 * BT.601 luma, {@code round(0.299 R + 0.587 G + 0.114 B)}. A reader warning (e.g. "Premature end of JPEG file" for a
 * truncated file, whose missing rows ImageIO fills with gray) is an error: a decode that silently loses rows is not
 * a decode.
 */
final class ImageIoDecoder {
    private ImageIoDecoder() {}

    /** Decodes {@code bytes} to {@code format} (RGB8, BGR8 or Y8); throws IOException saying why it cannot. */
    static HostPixels decode(byte[] bytes, ImageFormat format) throws IOException {
        BufferedImage img = read(bytes);
        int w = img.getWidth(), h = img.getHeight();
        if (format == ImageFormat.Y8) {
            return new HostPixels(w, h, 1, gray(img));
        }
        byte[] rgb = rgb(img);
        if (format == ImageFormat.BGR8) {
            for (int i = 0; i < rgb.length; i += 3) {
                byte r = rgb[i];
                rgb[i] = rgb[i + 2];
                rgb[i + 2] = r;
            }
        }
        return new HostPixels(w, h, 3, rgb);
    }

    private static BufferedImage read(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not an image format ImageIO reads (" + describeStart(bytes) + ")");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new IOException("ImageIO " + reader.getFormatName() + ": " + String.join("; ", warnings));
                }
                return img;
            } catch (IOException | RuntimeException e) {
                String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new IOException(m.startsWith("ImageIO") ? m : "ImageIO " + reader.getFormatName() + ": " + m, e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static String describeStart(byte[] b) {
        if (b.length == 0) {
            return "0 bytes";
        }
        StringBuilder s = new StringBuilder(b.length + " bytes starting");
        for (int i = 0; i < Math.min(4, b.length); i++) {
            s.append(String.format(" %02x", b[i] & 0xff));
        }
        return s.toString();
    }

    private static byte[] rgb(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        Raster r = img.getRaster();
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            int[] row = new int[w * 3];
            for (int y = 0; y < h; y++) {
                r.getPixels(0, y, w, 1, row); // band order: R, G, B
                for (int i = 0; i < row.length; i++) {
                    out[y * w * 3 + i] = (byte) row[i];
                }
            }
        } else if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getPixels(0, y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    out[o] = out[o + 1] = out[o + 2] = (byte) row[x];
                }
            }
        } else {
            int[] argb = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    out[o] = (byte) (argb[x] >> 16);
                    out[o + 1] = (byte) (argb[x] >> 8);
                    out[o + 2] = (byte) argb[x];
                }
            }
        }
        return out;
    }

    private static byte[] gray(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            int[] samples = img.getRaster().getPixels(0, 0, w, h, (int[]) null);
            byte[] out = new byte[samples.length];
            for (int i = 0; i < samples.length; i++) {
                out[i] = (byte) samples[i];
            }
            return out;
        }
        byte[] rgb = rgb(img);
        byte[] out = new byte[w * h];
        for (int i = 0; i < out.length; i++) {
            int r = rgb[3 * i] & 0xff, g = rgb[3 * i + 1] & 0xff, b = rgb[3 * i + 2] & 0xff;
            out[i] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
        }
        return out;
    }
}

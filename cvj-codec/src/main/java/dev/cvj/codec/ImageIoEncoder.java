package dev.cvj.codec;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The CPU encoder: ImageIO's JPEG writer, the quality as its compression quality ({@code quality / 100}) and the
 * chroma subsampling written into the frame header's sampling factors (ImageIO's own default is 4:2:0).
 */
final class ImageIoEncoder {
    private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

    private ImageIoEncoder() {}

    /** Encodes {@code pixels} (HWC, 3 channels in RGB or BGR order, or 1 gray channel, rows packed). */
    static byte[] encode(HostPixels pixels, boolean bgr, int quality, ChromaSubsampling css) {
        BufferedImage img = new BufferedImage(pixels.width(), pixels.height(),
                pixels.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] raster = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] src = pixels.pixels();
        if (pixels.channels() == 1 || bgr) {
            System.arraycopy(src, 0, raster, 0, raster.length); // TYPE_3BYTE_BGR keeps B, G, R in memory
        } else {
            for (int i = 0; i < raster.length; i += 3) {
                raster[i] = src[i + 2];
                raster[i + 1] = src[i + 1];
                raster[i + 2] = src[i];
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), param);
            Element tree = (Element) meta.getAsTree(FORMAT);
            NodeList components = tree.getElementsByTagName("componentSpec");
            for (int c = 0; c < components.getLength() && components.getLength() == 3; c++) {
                Element e = (Element) components.item(c);
                e.setAttribute("HsamplingFactor", Integer.toString(c == 0 ? css.h : 1));
                e.setAttribute("VsamplingFactor", Integer.toString(c == 0 ? css.v : 1));
            }
            meta.setFromTree(FORMAT, tree);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, meta), param);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("ImageEncoder: ImageIO's JPEG writer failed: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }
}

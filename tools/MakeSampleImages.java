import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Renders the sample images of sample-images/ (CC0, see its README): synthetic scenes (gradients, shapes, noise, text)
 * written as the JPEG variants a decoder must handle (baseline 4:2:0 / 4:2:2 / 4:4:4, progressive, restart markers,
 * gray, odd sizes), plus a PNG, a truncated JPEG and a file that is no image. Deterministic (fixed seed; the text is
 * drawn with the JDK's logical font, so another JDK may render it slightly differently). Run from the repository root:
 *
 * <pre>java tools/MakeSampleImages.java</pre>
 */
public class MakeSampleImages {
    static final Path OUT = Path.of("sample-images");
    static final Random RNG = new Random(20261203);

    public static void main(String[] args) throws IOException {
        Files.createDirectories(OUT);
        try (var old = Files.list(OUT)) {
            for (Path p : old.toList()) {
                if (!p.getFileName().toString().equals("README.md")) {
                    Files.delete(p);
                }
            }
        }
        byte[] base = jpeg("baseline-420-640x480.jpg", scene(640, 480, "baseline 4:2:0"), 0.9f, 2, 2, false, 0);
        jpeg("baseline-422-641x479.jpg", scene(641, 479, "4:2:2, odd size"), 0.85f, 2, 1, false, 0);
        jpeg("baseline-444-333x217.jpg", scene(333, 217, "4:4:4"), 0.85f, 1, 1, false, 0);
        jpeg("progressive-420-800x600.jpg", scene(800, 600, "progressive"), 0.8f, 2, 2, true, 0);
        jpeg("progressive-444-227x151.jpg", scene(227, 151, "prog 4:4:4"), 0.85f, 1, 1, true, 0);
        jpeg("restart-420-500x375.jpg", scene(500, 375, "restart markers"), 0.85f, 2, 2, false, 4);
        jpeg("gray-320x240.jpg", gray(scene(320, 240, "gray")), 0.85f, 1, 1, false, 0);
        jpeg("odd-1x1.jpg", scene(1, 1, ""), 0.9f, 2, 2, false, 0);
        jpeg("odd-17x9.jpg", scene(17, 9, ""), 0.9f, 2, 2, false, 0);
        ImageIO.write(scene(256, 192, "png"), "png", OUT.resolve("shapes-256x192.png").toFile());
        Files.write(OUT.resolve("truncated-640x480.jpg"), Arrays.copyOf(base, base.length * 6 / 10));
        byte[] junk = new byte[2000];
        RNG.nextBytes(junk);
        Files.write(OUT.resolve("not-an-image.jpg"), junk);
        long total = 0;
        int files = 0;
        try (var all = Files.list(OUT)) {
            for (Path p : all.toList()) {
                total += Files.size(p);
                files++;
            }
        }
        System.out.println("wrote " + files + " files, " + total + " bytes, to " + OUT);
    }

    /** A gradient background, a few filled shapes, mild noise and a label. */
    static BufferedImage scene(int w, int h, String label) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(240, 120, 30), w, h, new Color(20, 90, 220)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(240, 200, 30));
        g.fillOval(w / 6, h / 3, Math.max(1, Math.min(w, h) / 3), Math.max(1, Math.min(w, h) / 3));
        g.setColor(new Color(90, 40, 200));
        g.fillRect(w / 2, h / 5, w * 3 / 8, h * 3 / 10);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(Math.max(1, w / 100f)));
        g.drawLine(0, h - 1, w - 1, h / 2);
        g.fillPolygon(new int[] {w / 8, w / 3, w / 2}, new int[] {h - h / 8, h / 2 + h / 8, h - h / 10}, 3);
        if (!label.isEmpty()) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, h / 12)));
            g.drawString(label, 8, Math.max(14, h / 10));
        }
        g.dispose();
        byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) Math.clamp((px[i] & 0xff) + Math.round(RNG.nextGaussian() * 6), 0, 255);
        }
        return img;
    }

    static BufferedImage gray(BufferedImage src) {
        BufferedImage g = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] in = ((java.awt.image.DataBufferByte) src.getRaster().getDataBuffer()).getData();
        byte[] out = ((java.awt.image.DataBufferByte) g.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < out.length; i++) { // BT.601 luma of the BGR bytes, written straight into the raster
            out[i] = (byte) Math.round(0.114 * (in[3 * i] & 0xff) + 0.587 * (in[3 * i + 1] & 0xff) + 0.299 * (in[3 * i + 2] & 0xff));
        }
        return g;
    }

    /**
     * Writes a JPEG with luma sampling factors {@code h x v} (chroma 1 x 1: 2x2 = 4:2:0, 2x1 = 4:2:2, 1x1 = 4:4:4),
     * progressive or baseline, and a restart interval in MCUs (0: none); returns its bytes.
     */
    static byte[] jpeg(String name, BufferedImage img, float quality, int h, int v, boolean progressive, int restart)
            throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        if (progressive) {
            p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        IIOMetadata meta = writer.getDefaultImageMetadata(new javax.imageio.ImageTypeSpecifier(img), p);
        String fmt = "javax_imageio_jpeg_image_1.0";
        Element root = (Element) meta.getAsTree(fmt);
        NodeList comps = root.getElementsByTagName("componentSpec");
        if (comps.getLength() == 3) {
            ((Element) comps.item(0)).setAttribute("HsamplingFactor", Integer.toString(h));
            ((Element) comps.item(0)).setAttribute("VsamplingFactor", Integer.toString(v));
            for (int c = 1; c < 3; c++) {
                ((Element) comps.item(c)).setAttribute("HsamplingFactor", "1");
                ((Element) comps.item(c)).setAttribute("VsamplingFactor", "1");
            }
        }
        if (restart > 0) {
            Element seq = (Element) root.getElementsByTagName("markerSequence").item(0);
            Element dri = new javax.imageio.metadata.IIOMetadataNode("dri");
            dri.setAttribute("interval", Integer.toString(restart));
            seq.insertBefore(dri, seq.getFirstChild());
        }
        meta.setFromTree(fmt, root);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, meta), p);
        }
        writer.dispose();
        Files.write(OUT.resolve(name), bytes.toByteArray());
        return bytes.toByteArray();
    }
}

package dev.cvj.spark.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serial;
import java.util.Iterator;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The baseline a JVM team has without cvj: per row, ImageIO decodes, plain Java loops resize (bilinear, pixel
 * centers as OpenCV and cvj place them), crop the center and normalize into an NCHW float array. Rows in:
 * {@code path, content}; rows out: {@code path, tensor, status}.
 */
final class PlainJavaPreprocess implements MapPartitionsFunction<Row, Row> {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final int resize;
    private final int size;

    PlainJavaPreprocess(int resize, int size) {
        this.resize = resize;
        this.size = size;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row r = rows.next();
                try {
                    BufferedImage img = ImageIO.read(new ByteArrayInputStream((byte[]) r.get(1)));
                    if (img == null) {
                        return RowFactory.create(r.get(0), null, "ImageIO: not an image");
                    }
                    return RowFactory.create(r.get(0), preprocess(img), "ok");
                } catch (IOException | RuntimeException e) {
                    return RowFactory.create(r.get(0), null, "ImageIO: " + e.getMessage());
                }
            }
        };
    }

    /** Bilinear resize to {@code resize} squared, center crop {@code size}, (x / 255 - mean) / std, NCHW. */
    float[] preprocess(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[3 * size * size];
        int off = (resize - size) / 2;
        float sx = (float) w / resize, sy = (float) h / resize;
        for (int y = 0; y < size; y++) {
            float fy = Math.max(0, (y + off + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, h - 1), y1 = Math.min(y0 + 1, h - 1);
            float ay = fy - y0;
            for (int x = 0; x < size; x++) {
                float fx = Math.max(0, (x + off + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, w - 1), x1 = Math.min(x0 + 1, w - 1);
                float ax = fx - x0;
                int p00 = argb[y0 * w + x0], p01 = argb[y0 * w + x1], p10 = argb[y1 * w + x0], p11 = argb[y1 * w + x1];
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c; // R, G, B
                    float top = ((p00 >> shift) & 0xff) * (1 - ax) + ((p01 >> shift) & 0xff) * ax;
                    float bottom = ((p10 >> shift) & 0xff) * (1 - ax) + ((p11 >> shift) & 0xff) * ax;
                    float v = top * (1 - ay) + bottom * ay;
                    out[(c * size + y) * size + x] = (v / 255f - MEAN[c]) / STD[c];
                }
            }
        }
        return out;
    }
}

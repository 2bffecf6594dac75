package dev.cvj.bench.report;

import static dev.cvj.bench.report.BenchResults.BATCHES;
import static dev.cvj.bench.report.BenchResults.SIZES;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** The report's PNG charts: images per second against batch size (both log), cvj and torchvision, per image size. */
final class Charts {
    static final String[] PLOTTED = {"resize_linear_224", "convert_u8_f32", "normalize_f32", "reformat_nhwc_nchw",
        "rgb_to_gray", "classify_fused", "classify_chained"};

    private final BenchResults results;

    Charts(BenchResults results) {
        this.results = results;
    }

    /** Writes one PNG per plotted operator that the run measured into {@code dir}; returns their file names. */
    List<String> write(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String op : PLOTTED) {
            boolean chain = op.startsWith("classify");
            Map<String, double[]> series = new LinkedHashMap<>(); // "peer size" -> imgs/s per batch index
            for (String peer : new String[] {"cvj", "torch"}) {
                String name = peer.equals("torch") && chain ? "classify_chain" : op;
                for (String wh : SIZES) {
                    double[] y = new double[BATCHES.length];
                    boolean any = false;
                    for (int i = 0; i < BATCHES.length; i++) {
                        Double ms = results.op(peer, name, BATCHES[i], wh);
                        y[i] = ms == null ? Double.NaN : BATCHES[i] / (ms / 1e3);
                        any |= ms != null;
                    }
                    if (any) {
                        series.put(peer + " " + wh, y);
                    }
                }
            }
            if (series.isEmpty()) {
                continue;
            }
            String file = op + ".png";
            ImageIO.write(chart(op + (chain ? " (torch: classify_chain)" : ""), series), "png", dir.resolve(file).toFile());
            out.add(file);
        }
        return out;
    }

    private static BufferedImage chart(String title, Map<String, double[]> series) {
        int w = 760, h = 480, l = 80, r = 190, t = 40, b = 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double lo = Double.MAX_VALUE, hi = 0;
        for (double[] y : series.values()) {
            for (double v : y) {
                if (!Double.isNaN(v) && v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double ylo = Math.floor(Math.log10(lo)), yhi = Math.ceil(Math.log10(hi));
        if (yhi <= ylo) {
            yhi = ylo + 1;
        }
        int pw = w - l - r, ph = h - t - b;
        g.setColor(new Color(225, 225, 225));
        for (double e = ylo; e <= yhi; e++) {
            int y = t + (int) (ph * (yhi - e) / (yhi - ylo));
            g.drawLine(l, y, l + pw, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(l, t, pw, ph);
        for (double e = ylo; e <= yhi; e++) {
            int y = t + (int) (ph * (yhi - e) / (yhi - ylo));
            PixelFont.draw(g, String.format(Locale.ROOT, "1e%d", (int) e), l - 40, y + 4, 1);
        }
        for (int i = 0; i < BATCHES.length; i++) {
            int x = l + pw * i / (BATCHES.length - 1);
            PixelFont.draw(g, String.valueOf(BATCHES[i]), x - 6, t + ph + 18, 1);
        }
        PixelFont.draw(g, "batch size", l + pw / 2 - 25, h - 12, 1);
        PixelFont.draw(g, "images/s", 10, t - 12, 1);
        PixelFont.draw(g, title, l, t - 14, 2);
        Color[] colors = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40)};
        int legend = 0;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            String[] parts = s.getKey().split(" ");
            int ci = List.of(SIZES).indexOf(parts[1]);
            g.setColor(colors[Math.max(0, ci)]);
            boolean dashed = !parts[0].equals("cvj");
            g.setStroke(dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f)
                    : new BasicStroke(2.5f));
            int px = -1, py = -1;
            double[] y = s.getValue();
            for (int i = 0; i < y.length; i++) {
                if (Double.isNaN(y[i]) || y[i] <= 0) {
                    continue; // a skipped combination: the line joins its neighbours
                }
                int x = l + pw * i / (BATCHES.length - 1);
                int yy = t + (int) (ph * (yhi - Math.log10(y[i])) / (yhi - ylo));
                g.fillOval(x - 3, yy - 3, 6, 6);
                if (px >= 0) {
                    g.drawLine(px, py, x, yy);
                }
                px = x;
                py = yy;
            }
            int ly = t + 10 + 18 * legend++;
            g.drawLine(l + pw + 12, ly, l + pw + 42, ly);
            g.setColor(Color.BLACK);
            PixelFont.draw(g, s.getKey().replace("torch", "torchvision"), l + pw + 48, ly + 4, 1);
        }
        g.dispose();
        return img;
    }
}

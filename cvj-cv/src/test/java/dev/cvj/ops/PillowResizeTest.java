package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * PillowResize's CPU path against hand-computed values and against Pillow's published algorithm (Resample.c:
 * precompute_coeffs, the 8-bit fixed point with its U8 intermediate, the double path; Geometry.c's nearest) written
 * out here plainly, on random images of every filter, both types, 1/3/4 channels, odd sizes up and down.
 */
class PillowResizeTest {

    @Test
    void computesHandCheckedValues() {
        // BOX halving a row: each output the rounded-up mean of two, (a + b + 1) >> 1 in Pillow's fixed point
        assertArrayEquals(new double[] {15, 41}, row(new double[] {10, 20, 31, 50}, 2, PillowFilter.BOX));
        // BILINEAR doubling [0, 100]: edge windows clipped to one tap, inner weights 3/4, 1/4
        assertArrayEquals(new double[] {0, 25, 75, 100}, row(new double[] {0, 100}, 4, PillowFilter.BILINEAR));
        // NEAREST 5 -> 3: positions 5/6, 15/6, 25/6 -> columns 0, 2, 4
        assertArrayEquals(new double[] {0, 2, 4}, row(new double[] {0, 1, 2, 3, 4}, 3, PillowFilter.NEAREST));
    }

    private static double[] row(double[] v, int outW, PillowFilter f) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        try (Tensor src = host(b, DataType.U8, TensorLayout.HWC, 1, v.length, 1);
             Tensor out = PillowResize.pillowResize(src, ImageSize.of(outW, 1), f)) {
            byte[] got = bytes(out);
            double[] r = new double[outW];
            for (int i = 0; i < outW; i++) {
                r[i] = value(got, DataType.U8, i);
            }
            return r;
        }
    }

    @Test
    void matchesPillowsAlgorithmOnRandomImages() {
        Random r = OpGpuSupport.seeded("PillowResize reference");
        int[][] sizes = {{19, 23, 11, 14}, {19, 23, 31, 41}, {24, 30, 9, 40}, {7, 5, 7, 13}, {13, 1, 3, 1}, {1, 1, 5, 4},
            {40, 37, 4, 3}};
        for (DataType t : new DataType[] {DataType.U8, DataType.F32}) {
            for (int c : new int[] {1, 3, 4}) {
                for (int[] z : sizes) {
                    try (Tensor src = randomHost(r, t, TensorLayout.NHWC, 2, z[0], z[1], c)) {
                        double[][][][] in = read(src);
                        for (PillowFilter f : PillowFilter.values()) {
                            try (Tensor out = PillowResize.pillowResize(src, ImageSize.of(z[3], z[2]), f)) {
                                double[][][][] got = read(out);
                                for (int n = 0; n < 2; n++) {
                                    double[][][] want = reference(in[n], z[2], z[3], f, t == DataType.U8);
                                    String what = t + " " + c + "ch " + z[0] + "x" + z[1] + " -> " + z[2] + "x" + z[3]
                                            + " " + f + " image " + n;
                                    for (int y = 0; y < z[2]; y++) {
                                        for (int x = 0; x < z[3]; x++) {
                                            for (int ch = 0; ch < c; ch++) {
                                                double w = want[y][x][ch], g = got[n][y][x][ch];
                                                assertEquals(w, g, t == DataType.U8 ? 0 : 1e-6 * Math.max(1, Math.abs(w)),
                                                        what + " at " + y + "," + x + "," + ch);
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor f16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.F16, TensorLayout.HWC);
             Tensor nchw = Tensor.allocateHost(new long[] {1, 3, 4, 4}, DataType.U8, TensorLayout.NCHW);
             Tensor c2 = Tensor.allocateHost(new long[] {2, 4, 4, 2}, DataType.U8, TensorLayout.NHWC);
             Tensor big = Tensor.allocateHost(new long[] {5, 4, 3}, DataType.U8, TensorLayout.HWC)) {
            ImageSize s = ImageSize.of(3, 3);
            rejected("PillowResize: src has data type F16", () -> PillowResize.pillowResize(f16, s, PillowFilter.BOX));
            rejected("PillowResize: src has layout NCHW", () -> PillowResize.pillowResize(nchw, s, PillowFilter.BOX));
            rejected("filter is null", () -> PillowResize.pillowResize(u8, s, null));
            rejected("size 0 x 3 (W x H) must be at least 1 x 1",
                    () -> PillowResize.pillowResize(u8, new ImageSize(0, 3), PillowFilter.BOX));
            rejected("PillowResize: dst has 2 images of 2 channels",
                    () -> PillowResize.pillowResizeInto(c2, u8, PillowFilter.BOX));
            Tensor shifted = big.slice(0, 1, 4);
            Tensor first = big.slice(0, 0, 3);
            rejected("overlaps", () -> PillowResize.pillowResizeInto(shifted, first, PillowFilter.BILINEAR));
        }
    }

    // ---- Pillow's algorithm, written out from Resample.c and Geometry.c ----

    static double[][][][] read(Tensor t) {
        byte[] b = bytes(t);
        int n = (int) t.shape(0), h = (int) t.shape(1), w = (int) t.shape(2), c = (int) t.shape(3);
        double[][][][] v = new double[n][h][w][c];
        int i = 0;
        for (int a = 0; a < n; a++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        v[a][y][x][ch] = value(b, t.dtype(), i++);
                    }
                }
            }
        }
        return v;
    }

    /** Pillow's Image.resize of one image [h][w][c]: each channel as an 'L' (U8) or 'F' (F32) image. */
    static double[][][] reference(double[][][] in, int oh, int ow, PillowFilter f, boolean u8) {
        int h = in.length, w = in[0].length, c = in[0][0].length;
        double[][][] out = new double[oh][ow][c];
        for (int ch = 0; ch < c; ch++) {
            double[][] plane = new double[h][w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    plane[y][x] = in[y][x][ch];
                }
            }
            double[][] r = f == PillowFilter.NEAREST ? nearest(plane, oh, ow) : filtered(plane, oh, ow, f, u8);
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    out[y][x][ch] = r[y][x];
                }
            }
        }
        return out;
    }

    private static double[][] nearest(double[][] p, int oh, int ow) {
        if (oh == p.length && ow == p[0].length) {
            return p;
        }
        int[] xs = nearestIndex(p[0].length, ow), ys = nearestIndex(p.length, oh);
        double[][] o = new double[oh][ow];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                o[y][x] = p[ys[y]][xs[x]];
            }
        }
        return o;
    }

    private static int[] nearestIndex(int in, int out) {
        double a = (double) in / out, pos = a * 0.5;
        int[] idx = new int[out];
        for (int i = 0; i < out; i++, pos += a) {
            idx[i] = (int) pos;
        }
        return idx;
    }

    private static double[][] filtered(double[][] p, int oh, int ow, PillowFilter f, boolean u8) {
        int h = p.length, w = p[0].length;
        double[][] tmp = p;
        if (ow != w) { // horizontal pass
            tmp = new double[h][];
            for (int y = 0; y < h; y++) {
                tmp[y] = pass(p[y], ow, f, u8);
            }
        }
        if (oh == h) {
            return tmp;
        }
        double[][] out = new double[oh][ow];
        for (int x = 0; x < ow; x++) { // vertical pass
            double[] col = new double[h];
            for (int y = 0; y < h; y++) {
                col[y] = tmp[y][x];
            }
            double[] r = pass(col, oh, f, u8);
            for (int y = 0; y < oh; y++) {
                out[y][x] = r[y];
            }
        }
        return out;
    }

    /** One axis: precompute_coeffs, then the 8-bit fixed-point sum or the double sum rounded to float. */
    private static double[] pass(double[] in, int out, PillowFilter f, boolean u8) {
        double support = switch (f) {
            case BOX -> 0.5;
            case BILINEAR, HAMMING -> 1;
            case BICUBIC -> 2;
            default -> 3;
        };
        double scale = (double) in.length / out, fs = Math.max(1, scale);
        support *= fs;
        double[] r = new double[out];
        for (int o = 0; o < out; o++) {
            double center = (o + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), in.length);
            double[] k = new double[Math.max(0, xmax - xmin)];
            double sum = 0;
            for (int x = xmin; x < xmax; x++) {
                k[x - xmin] = filter(f, (x - center + 0.5) * (1.0 / fs));
                sum += k[x - xmin];
            }
            if (u8) {
                int acc = 1 << 21;
                for (int x = xmin; x < xmax; x++) {
                    double kk = sum != 0 ? k[x - xmin] / sum : k[x - xmin];
                    acc += (int) in[x] * (int) (kk < 0 ? -0.5 + kk * (1 << 22) : 0.5 + kk * (1 << 22));
                }
                r[o] = Math.min(Math.max(acc >> 22, 0), 255);
            } else {
                double acc = 0;
                for (int x = xmin; x < xmax; x++) {
                    acc += (float) in[x] * (sum != 0 ? k[x - xmin] / sum : k[x - xmin]);
                }
                r[o] = (float) acc;
            }
        }
        return r;
    }

    private static double filter(PillowFilter f, double x) {
        double a = Math.abs(x);
        return switch (f) {
            case BOX -> x > -0.5 && x <= 0.5 ? 1 : 0;
            case BILINEAR -> a < 1 ? 1 - a : 0;
            case HAMMING -> a == 0 ? 1 : a >= 1 ? 0
                    : Math.sin(Math.PI * a) / (Math.PI * a) * (0.5400000214576721 + 0.46000000834465027 * Math.cos(Math.PI * a));
            case BICUBIC -> a < 1 ? (1.5 * a - 2.5) * a * a + 1 : a < 2 ? (((a - 5) * a + 8) * a - 4) * -0.5 : 0;
            default -> x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0;
        };
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }
}

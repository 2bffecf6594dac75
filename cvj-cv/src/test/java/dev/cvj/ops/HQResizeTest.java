package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * HQResize's CPU path against hand-computed values and against PyTorch's antialiased interpolation
 * ({@code _compute_weights_aa}: centre {@code s (o + 0.5)}, support scaled by {@code max(1, s)}, window clipped and
 * renormalised; horizontal pass first) written out here in double, on random images of every filter, U8 and F32,
 * 1/3/4 channels, odd sizes up and down. The operator computes in float as PyTorch does for F32 tensors: F32 within
 * 1e-3 of the double reference (inputs in [-300, 300]), U8 within 1 (a sum near .5 may round either way).
 */
class HQResizeTest {

    @Test
    void computesHandCheckedValues() {
        // LINEAR 4 -> 2 of [0, 10, 20, 30]: support 2, weights (3, 3, 1) / 7 and (1, 3, 3) / 7 -> 50/7, 160/7
        float[] got = row(new float[] {0, 10, 20, 30}, 2, HQFilter.LINEAR);
        assertEquals(50 / 7.0, got[0], 1e-5);
        assertEquals(160 / 7.0, got[1], 1e-5);
        // enlarging 2 -> 4 is plain bilinear with half-pixel centres: 0, 2.5, 7.5, 10
        float[] up = row(new float[] {0, 10}, 4, HQFilter.LINEAR);
        assertEquals(0, up[0]);
        assertEquals(2.5, up[1], 1e-6);
        assertEquals(7.5, up[2], 1e-6);
        assertEquals(10, up[3]);
        // CUBIC (a = -0.5) at the centre between 4 equal-spaced samples of a line stays on the line
        float[] cubic = row(new float[] {0, 10, 20, 30, 40, 50, 60, 70}, 16, HQFilter.CUBIC);
        assertEquals(32.5, cubic[7], 1e-4);
    }

    private static float[] row(float[] v, int outW, HQFilter f) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        try (Tensor src = host(b.array(), DataType.F32, TensorLayout.HWC, 1, v.length, 1);
             Tensor out = HQResize.hqResize(src, ImageSize.of(outW, 1), f)) {
            byte[] got = bytes(out);
            float[] r = new float[outW];
            for (int i = 0; i < outW; i++) {
                r[i] = (float) value(got, DataType.F32, i);
            }
            return r;
        }
    }

    @Test
    void matchesTorchsDefinitionOnRandomImages() {
        Random r = OpGpuSupport.seeded("HQResize reference");
        int[][] sizes = {{19, 23, 11, 14}, {19, 23, 31, 41}, {24, 30, 9, 40}, {7, 5, 7, 13}, {13, 1, 3, 1}, {1, 1, 5, 4},
            {60, 57, 4, 3}};
        for (DataType t : new DataType[] {DataType.U8, DataType.F32}) {
            for (int c : new int[] {1, 3, 4}) {
                for (int[] z : sizes) {
                    try (Tensor src = randomHost(r, t, TensorLayout.NHWC, 2, z[0], z[1], c)) {
                        double[][][][] in = PillowResizeTest.read(src);
                        for (HQFilter f : HQFilter.values()) {
                            try (Tensor out = HQResize.hqResize(src, ImageSize.of(z[3], z[2]), f)) {
                                double[][][][] got = PillowResizeTest.read(out);
                                for (int n = 0; n < 2; n++) {
                                    double[][][] want = reference(in[n], z[2], z[3], f);
                                    String what = t + " " + c + "ch " + z[0] + "x" + z[1] + " -> " + z[2] + "x" + z[3]
                                            + " " + f + " image " + n;
                                    for (int y = 0; y < z[2]; y++) {
                                        for (int x = 0; x < z[3]; x++) {
                                            for (int ch = 0; ch < c; ch++) {
                                                double w = want[y][x][ch];
                                                if (t == DataType.U8) {
                                                    w = Math.min(Math.max(Math.rint(w), 0), 255);
                                                }
                                                double tol = t == DataType.U8 ? 1 : 1e-3; // F32 inputs in [-300, 300]: float sums of up to ~90 terms
                                                assertEquals(w, got[n][y][x][ch], tol, what + " at " + y + "," + x + "," + ch);
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
             Tensor u16 = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U16, TensorLayout.HWC);
             Tensor f32 = Tensor.allocateHost(new long[] {2, 4, 4, 3}, DataType.F32, TensorLayout.NHWC)) {
            ImageSize s = ImageSize.of(3, 3);
            rejected("HQResize: src has data type U16", () -> HQResize.hqResize(u16, s, HQFilter.LINEAR));
            rejected("filter is null", () -> HQResize.hqResize(u8, s, null));
            rejected("size is null", () -> HQResize.hqResize(u8, null, HQFilter.CUBIC));
            rejected("HQResize: dst has data type F32", () -> HQResize.hqResizeInto(f32, u8, HQFilter.CUBIC));
        }
    }

    // ---- PyTorch's antialiased interpolation (UpSampleKernel.cpp), in double ----

    private static double[][][] reference(double[][][] in, int oh, int ow, HQFilter f) {
        int h = in.length, w = in[0].length, c = in[0][0].length;
        double[][][] tmp = new double[h][ow][c];
        for (int y = 0; y < h; y++) {
            for (int ch = 0; ch < c; ch++) {
                double[] line = new double[w];
                for (int x = 0; x < w; x++) {
                    line[x] = in[y][x][ch];
                }
                double[] r = axis(line, ow, f);
                for (int x = 0; x < ow; x++) {
                    tmp[y][x][ch] = r[x];
                }
            }
        }
        double[][][] out = new double[oh][ow][c];
        for (int x = 0; x < ow; x++) {
            for (int ch = 0; ch < c; ch++) {
                double[] line = new double[h];
                for (int y = 0; y < h; y++) {
                    line[y] = tmp[y][x][ch];
                }
                double[] r = axis(line, oh, f);
                for (int y = 0; y < oh; y++) {
                    out[y][x][ch] = r[y];
                }
            }
        }
        return out;
    }

    private static double[] axis(double[] in, int out, HQFilter f) {
        double[][] k = weights(in.length, out, f);
        double[] r = new double[out];
        for (int o = 0; o < out; o++) {
            for (int j = 0; j < in.length; j++) {
                r[o] += k[o][j] * in[j];
            }
        }
        return r;
    }

    /** PyTorch's normalised weights of one axis ({@code in} to {@code out}) as a dense matrix [out][in]. */
    static double[][] weights(int in, int out, HQFilter f) {
        double[][] k = new double[out][in];
        if (in == out) {
            for (int o = 0; o < out; o++) {
                k[o][o] = 1;
            }
            return k;
        }
        double half = switch (f) {
            case LINEAR, GAUSSIAN -> 1;
            case CUBIC -> 2;
            case LANCZOS -> 3;
        };
        // scale, centre and support are floats in PyTorch: the window's ends follow float rounding
        float scale = (float) in / out, stretch = Math.max(1, scale), support = (float) (half * stretch);
        for (int o = 0; o < out; o++) {
            float center = (float) (scale * (o + 0.5));
            int lo = Math.max((int) (center - support + 0.5), 0);
            int hi = Math.min((int) (center + support + 0.5), in);
            double sum = 0;
            for (int j = lo; j < hi; j++) {
                k[o][j] = filter(f, (j - center + 0.5) / stretch);
                sum += k[o][j];
            }
            for (int j = lo; j < hi && sum != 0; j++) {
                k[o][j] /= sum;
            }
        }
        return k;
    }

    private static double filter(HQFilter f, double x) {
        double a = Math.abs(x);
        return switch (f) {
            case LINEAR -> Math.max(0, 1 - a);
            case CUBIC -> a < 1 ? (1.5 * a - 2.5) * a * a + 1 : a < 2 ? ((-0.5 * a + 2.5) * a - 4) * a + 2 : 0;
            case GAUSSIAN -> a < 1 ? Math.exp(-4 * a * a) : 0;
            case LANCZOS -> a == 0 ? 1 : a < 3 ? 3 * Math.sin(Math.PI * a) * Math.sin(Math.PI * a / 3) / (Math.PI * Math.PI * a * a) : 0;
        };
    }
}

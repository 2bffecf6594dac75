package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.host;
import static dev.cvj.ops.OpTestSupport.manifest;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.ops.OpTestSupport.Case;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Histogram and HistogramEq on the CPU: OpenCV's goldens, counts and tables from their definitions, refusals. */
class HistogramTest {
    @Test
    void histogramMatchesOpenCvCalcHistWithAndWithoutMask() {
        List<Case> cases = manifest("histogram");
        assertEquals(GoldenFiles.expectedCases("histogram"), cases.size());
        for (Case c : cases) {
            int h = c.i("h"), w = c.i("w"), ch = c.i("c");
            boolean masked = Boolean.parseBoolean(c.s("mask"));
            try (Tensor src = host(resource("histogram", c.name() + ".in"), DataType.U8, TensorLayout.HWC, h, w, ch);
                 Tensor mask = masked ? host(resource("histogram", c.name() + ".mask"), DataType.U8, TensorLayout.HWC, h, w, 1)
                         : null;
                 Tensor out = Histogram.histogram(src, mask)) {
                assertEquals(List.of(1L, 256L, (long) ch), List.of(out.shape(0), out.shape(1), out.shape(2)));
                assertEquals(DataType.S32, out.dtype());
                assertBytesEqual(resource("histogram", c.name() + ".out"), bytes(out), c.name() + " " + c.p());
            }
        }
    }

    @Test
    void histogramCountsEachImageAndChannelOfEveryLayoutAndView() {
        Random r = new Random(7);
        for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW, TensorLayout.HWC, TensorLayout.CHW)) {
            int n = l.labels().startsWith("N") ? 3 : 1, h = 1 + r.nextInt(20), w = 6 + r.nextInt(20), c = 1 + r.nextInt(4);
            long[] shape = switch (l.labels()) {
                case "NHWC" -> new long[] {n, h, w, c};
                case "NCHW" -> new long[] {n, c, h, w};
                case "HWC" -> new long[] {h, w, c};
                default -> new long[] {c, h, w};
            };
            int wDim = l.indexOf('W');
            try (Tensor full = randomHost(r, DataType.U8, l, shape);
                 Tensor src = full.slice(wDim, 2, w - 4);
                 Tensor maskFull = randomHost(r, DataType.U8, n == 1 ? TensorLayout.HWC : TensorLayout.NHWC,
                         n == 1 ? new long[] {h, w, 1} : new long[] {n, h, w, 1});
                 Tensor mask = maskFull.slice(n == 1 ? 1 : 2, 2, w - 4);
                 Tensor plain = Histogram.histogram(src, null);
                 Tensor masked = Tensor.allocateHost(new long[] {n, 256, c}, DataType.U32, TensorLayout.HWC)) {
                Histogram.histogramInto(masked, src, mask);
                int[] want = new int[n * 256 * c], wantMasked = new int[n * 256 * c];
                byte[] px = bytes(src), mk = bytes(mask);
                boolean planar = l.labels().contains("CHW");
                int pixels = h * (w - 4);
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < pixels; p++) {
                        for (int k = 0; k < c; k++) {
                            int v = px[planar ? (i * c + k) * pixels + p : (i * pixels + p) * c + k] & 0xff;
                            want[(i * 256 + v) * c + k]++;
                            if (mk[i * pixels + p] != 0) {
                                wantMasked[(i * 256 + v) * c + k]++;
                            }
                        }
                    }
                }
                assertBytesEqual(ints(want), bytes(plain), l + " without a mask");
                assertBytesEqual(ints(wantMasked), bytes(masked), l + " with a mask, U32 into a caller's tensor");
            }
        }
    }

    @Test
    void histogramRefusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {2, 4, 5, 1}, DataType.U8, TensorLayout.NHWC);
             Tensor u16 = Tensor.allocateHost(new long[] {4, 5, 1}, DataType.U16, TensorLayout.HWC);
             Tensor maskC2 = Tensor.allocateHost(new long[] {2, 4, 5, 2}, DataType.U8, TensorLayout.NHWC);
             Tensor maskSmall = Tensor.allocateHost(new long[] {2, 4, 4, 1}, DataType.U8, TensorLayout.NHWC);
             Tensor f32 = Tensor.allocateHost(new long[] {2, 256, 1}, DataType.F32, TensorLayout.HWC);
             Tensor wrongBins = Tensor.allocateHost(new long[] {2, 255, 1}, DataType.S32, TensorLayout.HWC);
             Tensor oneImage = Tensor.allocateHost(new long[] {1, 256, 1}, DataType.S32, TensorLayout.HWC)) {
            rejected("Histogram: src has data type U16", () -> Histogram.histogram(u16, null));
            rejected("Histogram: src is null", () -> Histogram.histogram(null, null));
            rejected("Histogram: mask has 2 channels", () -> Histogram.histogram(u8, maskC2));
            rejected("Histogram: mask has 2 images of 4 x 4", () -> Histogram.histogram(u8, maskSmall));
            rejected("Histogram: dst must be an S32 or U32 HWC tensor of shape [2, 256, 1]",
                    () -> Histogram.histogramInto(f32, u8, null));
            rejected("Histogram: dst must be an S32 or U32 HWC tensor of shape [2, 256, 1]",
                    () -> Histogram.histogramInto(wrongBins, u8, null));
            rejected("Histogram: dst must be an S32 or U32 HWC tensor of shape [2, 256, 1]",
                    () -> Histogram.histogramInto(oneImage, u8, null));
            rejected("Histogram: dst is null", () -> Histogram.histogramInto(null, u8, null));
            try (Tensor big = Tensor.allocateHost(new long[] {32, 32, 1}, DataType.U8, TensorLayout.HWC)) {
                Tensor inSrc = Tensor.wrapHost(big.hostSegment(), new long[] {1, 256, 1}, DataType.S32, TensorLayout.HWC, null);
                rejected("Histogram: dst overlaps src", () -> Histogram.histogramInto(inSrc, big, null));
            }
        }
    }

    @Test
    void equalizationMatchesOpenCvEqualizeHistPerChannel() {
        List<Case> cases = manifest("histogram_eq");
        assertEquals(GoldenFiles.expectedCases("histogram_eq"), cases.size());
        for (Case c : cases) {
            try (Tensor src = host(resource("histogram_eq", c.name() + ".in"), DataType.U8, TensorLayout.HWC, c.i("h"),
                    c.i("w"), c.i("c"));
                 Tensor out = HistogramEq.histogramEq(src)) {
                String what = c.name() + " " + c.p();
                assertBytesEqual(resource("histogram_eq", c.name() + ".out"), bytes(out), what);
                HistogramEq.histogramEqInto(src, src);
                assertBytesEqual(bytes(out), bytes(src), what + " in place");
            }
        }
    }

    @Test
    void equalizationFollowsTheDefinitionPerImageAndChannel() {
        Random r = new Random(11);
        for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.NCHW)) {
            int n = 3, h = 9, w = 14, c = 2;
            long[] shape = l == TensorLayout.NHWC ? new long[] {n, h, w, c} : new long[] {n, c, h, w};
            byte[] px = new byte[n * h * w * c];
            for (int i = 0; i < px.length; i++) { // skewed values: a few bins, different per image
                px[i] = (byte) Math.min(255, (i / (h * w * c)) * 40 + (int) Math.abs(r.nextGaussian() * 20));
            }
            try (Tensor src = host(px, DataType.U8, l, shape); Tensor out = HistogramEq.histogramEq(src)) {
                byte[] got = bytes(out);
                boolean planar = l == TensorLayout.NCHW;
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < c; k++) {
                        int[] hist = new int[256];
                        for (int p = 0; p < h * w; p++) {
                            hist[px[index(planar, i, k, p, c, h * w)] & 0xff]++;
                        }
                        int first = 0;
                        while (hist[first] == 0) {
                            first++;
                        }
                        int below = 0; // pixels of values at or below v, after the first non-zero bin
                        for (int v = 0; v < 256; v++) {
                            below += v > first ? hist[v] : 0;
                            if (hist[v] == 0) {
                                continue;
                            }
                            int want = (int) Math.rint((float) below * (255f / (h * w - hist[first])));
                            for (int p = 0; p < h * w; p++) {
                                int at = index(planar, i, k, p, c, h * w);
                                if ((px[at] & 0xff) == v) {
                                    assertEquals(want, got[at] & 0xff, l + " image " + i + " channel " + k + " value " + v);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int index(boolean planar, int img, int ch, int p, int c, int pixels) {
        return planar ? (img * c + ch) * pixels + p : (img * pixels + p) * c + ch;
    }

    @Test
    void equalizationRefusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {4, 5, 3}, DataType.U8, TensorLayout.HWC);
             Tensor s16 = Tensor.allocateHost(new long[] {4, 5, 3}, DataType.S16, TensorLayout.HWC);
             Tensor other = Tensor.allocateHost(new long[] {4, 6, 3}, DataType.U8, TensorLayout.HWC)) {
            rejected("HistogramEq: src has data type S16", () -> HistogramEq.histogramEq(s16));
            rejected("HistogramEq: src is null", () -> HistogramEq.histogramEq((Tensor) null));
            rejected("HistogramEq: dst has shape", () -> HistogramEq.histogramEqInto(other, u8));
            try (Tensor a = u8.slice(1, 0, 4); Tensor b = u8.slice(1, 1, 4)) {
                rejected("HistogramEq: dst overlaps src", () -> HistogramEq.histogramEqInto(b, a));
            }
        }
    }

    /** Little-endian bytes of ints. */
    static byte[] ints(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }
}

package dev.cvj.bench.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.ops.OperatorCall;
import dev.cvj.ops.OperatorInfo;
import dev.cvj.ops.Operators;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** No GPU needed: the benchmark harness measures every registered operator. */
class OpsBenchMainTest {
    @Test
    void everyRegisteredOperatorIsTimed() {
        Set<String> names = Operators.all().stream().map(OperatorInfo::name).collect(Collectors.toSet());
        for (String op : OpsBenchMain.MEASURES.values()) {
            assertTrue(names.contains(op), op + " is not a registered operator");
        }
        // the rest run their registry call on the benchmark's input: it must accept a batch of RGB U8 NHWC images
        try (Tensor rgb = Tensor.allocateHost(new long[] {2, 48, 64, 3}, DataType.U8, TensorLayout.NHWC)) {
            for (String op : OpsBenchMain.withoutOwnRow()) {
                OperatorCall call = Operators.get(op).sample(new Random(7), rgb);
                try (Tensor out = call.apply().apply(rgb, null)) {
                    assertEquals(call.dstType(), out.dtype(), op);
                }
            }
        }
    }

    @Test
    void everyRowOfTheSmallGridRunsOnTheBenchmarkInputs() throws Exception {
        SplittableRandom rnd = new SplittableRandom(5);
        for (FilterWarpRows.Row r : OpsBenchMain.GRID_ROWS) {
            assertEquals(r.measures(), OpsBenchMain.MEASURES.get(r.op()), r.op());
            byte[] in = new byte[2 * 40 * 48 * r.channels()];
            for (int i = 0; i < in.length; i++) {
                in[i] = (byte) rnd.nextInt(256);
            }
            byte[] out = runOnHost(r, in, 2, 48, 40);
            // every row changes random noise, and none leaves it black
            assertTrue(!Arrays.equals(in, out), r.op() + " left its input as it was");
            assertTrue(IntStream.range(0, out.length).anyMatch(i -> out[i] != 0), r.op() + " wrote only zeros");
        }
    }

    /**
     * The output's element bytes (little-endian) of row {@code r} on the CPU path for the U8 NHWC input {@code in} of n
     * images of w x h (an in-place row's: its source's after the call).
     */
    private static byte[] runOnHost(FilterWarpRows.Row r, byte[] in, int n, int w, int h) throws Exception {
        FilterWarpRows.Output o = r.output().of(n, w, h);
        byte[] out = new byte[(int) o.byteSize()];
        try (Tensor src = Tensor.allocateHost(new long[] {n, h, w, r.channels()}, DataType.U8, TensorLayout.NHWC);
             Tensor dst = Tensor.allocateHost(o.shape(), o.type(), o.layout());
             FilterWarpRows.Prepared p = r.factory().prepare(n, w, h, true, null)) {
            src.copyFrom(in);
            p.call().run(dst, src, null);
            (r.writesSource() ? src : dst).copyToBytes(out);
        }
        return out;
    }

    @Test
    void photometricRowsComputeThePeersFormulas() throws Exception {
        // every value 0..255 in each channel; the formulas as torch_ops.py and npp_color_stats.cu give them to the peers
        byte[] in = new byte[256 * 3];
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) (i / 3);
        }
        double[] sepia = {0.393, 0.769, 0.189, 0, 0.349, 0.686, 0.168, 0, 0.272, 0.534, 0.131, 0};
        java.util.Map<String, java.util.function.IntBinaryOperator> expected = java.util.Map.of(
                "brightness_contrast", (v, c) -> (int) Math.round(1.8 * v - 66.8),
                "adjust_brightness", (v, c) -> (int) Math.round(1.2 * v),
                "adjust_contrast", (v, c) -> (int) Math.round(128 + 1.5 * (v - 128)),
                "gamma_contrast", (v, c) -> (int) Math.round(Math.pow(v / 255.0, 2.2) * 255),
                "color_twist", (v, c) -> (int) Math.round(v * (sepia[4 * c] + sepia[4 * c + 1] + sepia[4 * c + 2])));
        for (FilterWarpRows.Row r : PhotometricRows.ROWS) {
            byte[] out = runOnHost(r, in, 1, 256, 1);
            java.util.function.IntBinaryOperator f = expected.get(r.op());
            for (int i = 0; i < out.length; i++) {
                int want = Math.clamp(f.applyAsInt(i / 3, i % 3), 0, 255);
                assertTrue(Math.abs((out[i] & 0xff) - want) <= 1, r.op() + " at " + i / 3 + " channel " + i % 3 + ": "
                        + (out[i] & 0xff) + ", the peers' formula " + want);
            }
        }
    }

    @Test
    void filterAndWarpRowsRunOnTheirSmallGridOnly() {
        assertTrue(FilterWarpRows.inGrid(32, 1920, 1080));
        assertTrue(FilterWarpRows.inGrid(1, 224, 224));
        assertTrue(!FilterWarpRows.inGrid(128, 1920, 1080));
        assertTrue(!FilterWarpRows.inGrid(1, 3840, 2160));
    }

    @Test
    void varShapeSizesAreTheCheckedInFileWithTheFiguresOfTheEarlierDraw() throws IOException {
        int[][] sizes = OpsBenchMain.varShapeSizes();
        // The file holds what the timed rows drew before it existed (seed 14, W then H, W 640..1920, H 480..1080),
        // so that figures before and after stay comparable.
        SplittableRandom rnd = new SplittableRandom(14);
        assertEquals(32, sizes.length);
        for (int[] wh : sizes) {
            assertArrayEquals(new int[] {rnd.nextInt(640, 1921), rnd.nextInt(480, 1081)}, wh);
        }
        assertTrue(Arrays.stream(sizes).map(s -> s[0] + "x" + s[1]).distinct().count() > 16, "sizes differ");
    }
}

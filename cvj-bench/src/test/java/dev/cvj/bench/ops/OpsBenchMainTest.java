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
    void everyFilterAndWarpRowRunsOnTheBenchmarkInputs() throws Exception {
        SplittableRandom rnd = new SplittableRandom(5);
        for (FilterWarpRows.Row r : FilterWarpRows.ROWS) {
            assertEquals(r.measures(), OpsBenchMain.MEASURES.get(r.op()), r.op());
            long[] shape = {2, 40, 48, r.channels()};
            byte[] in = new byte[(int) (2 * 40 * 48 * r.channels())];
            for (int i = 0; i < in.length; i++) {
                in[i] = (byte) rnd.nextInt(256);
            }
            byte[] out = new byte[in.length];
            try (Tensor src = Tensor.allocateHost(shape, DataType.U8, TensorLayout.NHWC);
                 Tensor dst = Tensor.allocateHost(shape, DataType.U8, TensorLayout.NHWC);
                 FilterWarpRows.Prepared p = r.factory().prepare(48, 40, true, null)) {
                src.copyFrom(in);
                p.call().run(dst, src, null);
                dst.copyTo(out);
            }
            // every row changes random noise, and none leaves it black
            assertTrue(!Arrays.equals(in, out), r.op() + " left its input as it was");
            assertTrue(IntStream.range(0, out.length).anyMatch(i -> out[i] != 0), r.op() + " wrote only zeros");
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

package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static dev.cvj.ops.OpTestSupport.rejected;
import static dev.cvj.ops.OpTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * HQResize of volumes (DHWC, NDHWC) on the CPU against a plain triple sum written here from the per-axis weights of
 * PyTorch's antialiased interpolation ({@link HQResizeTest#weights}, in double): {@code out[z][y][x] = sum over k, j, i
 * of wz[z][k] wy[y][j] wx[x][i] in[k][j][i]}. The operator sums in float pass by pass: F32 within 2e-3 (inputs in
 * [-300, 300]), U8 within 1 of the rounded, clamped reference.
 */
class HQResizeVolumeTest {

    @Test
    void matchesTripleSumOfPerAxisWeights() {
        Random r = OpGpuSupport.seeded("HQResize volume reference");
        // {src d, h, w, dst d, h, w}: shrink, enlarge, mixed, an unchanged axis, 1-pixel axes both ways
        int[][] sizes = {{9, 11, 13, 4, 5, 6}, {3, 4, 5, 7, 9, 8}, {8, 5, 12, 3, 9, 12}, {1, 1, 1, 3, 2, 4},
            {6, 7, 5, 1, 1, 1}, {5, 6, 7, 5, 3, 11}};
        for (DataType t : new DataType[] {DataType.U8, DataType.F32}) {
            for (int c : new int[] {1, 3, 4}) {
                for (int[] z : sizes) {
                    try (Tensor src = randomHost(r, t, TensorLayout.NDHWC, 2, z[0], z[1], z[2], c)) {
                        for (HQFilter f : HQFilter.values()) {
                            try (Tensor out = HQResize.hqResize(src, z[3], z[4], z[5], f)) {
                                assertArrayEquals(new long[] {2, z[3], z[4], z[5], c}, out.shape());
                                assertEquals(TensorLayout.NDHWC, out.layout());
                                assertNear(src, out, f, t + " " + c + "ch " + java.util.Arrays.toString(z) + " " + f);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void oneVolumeAndViewsMatchTheBatch() {
        Random r = OpGpuSupport.seeded("HQResize volume views");
        try (Tensor batch = randomHost(r, DataType.U8, TensorLayout.NDHWC, 2, 7, 9, 11, 3);
             Tensor whole = HQResize.hqResize(batch, 4, 5, 6, HQFilter.CUBIC);
             Tensor first = batch.slice(0, 1, 1);
             Tensor one = first.reshape(new long[] {7, 9, 11, 3}, TensorLayout.DHWC);
             Tensor got = HQResize.hqResize(one, 4, 5, 6, HQFilter.CUBIC);
             Tensor wantOne = whole.slice(0, 1, 1)) {
            assertEquals(TensorLayout.DHWC, got.layout());
            assertArrayEquals(bytes(wantOne), bytes(got));
        }
        // a strided view (columns 2..9 of each row) equals the same pixels copied densely
        try (Tensor vol = randomHost(r, DataType.F32, TensorLayout.DHWC, 5, 6, 11, 2);
             Tensor view = vol.slice(2, 2, 8);
             Tensor dense = OpTestSupport.host(bytes(view), DataType.F32, TensorLayout.DHWC, 5, 6, 8, 2);
             Tensor a = HQResize.hqResize(view, 3, 4, 5, HQFilter.LANCZOS);
             Tensor b = HQResize.hqResize(dense, 3, 4, 5, HQFilter.LANCZOS);
             Tensor into = Tensor.allocateHost(new long[] {3, 4, 9, 2}, DataType.F32, TensorLayout.DHWC);
             Tensor intoView = into.slice(2, 1, 5)) {
            assertArrayEquals(bytes(b), bytes(a));
            HQResize.hqResizeInto(intoView, view, HQFilter.LANCZOS);
            assertArrayEquals(bytes(b), bytes(intoView));
        }
    }

    @Test
    void unchangedSizeCopiesExactly() {
        Random r = OpGpuSupport.seeded("HQResize volume identity");
        try (Tensor src = randomHost(r, DataType.F32, TensorLayout.DHWC, 3, 4, 5, 4);
             Tensor out = HQResize.hqResize(src, 3, 4, 5, HQFilter.GAUSSIAN)) {
            assertArrayEquals(bytes(src), bytes(out));
        }
    }

    @Test
    void refusesBadInputBeforeAnyWork() {
        try (Tensor u8 = Tensor.allocateHost(new long[] {2, 3, 4, 4, 3}, DataType.U8, TensorLayout.NDHWC);
             Tensor one = Tensor.allocateHost(new long[] {3, 4, 4, 3}, DataType.U8, TensorLayout.DHWC);
             Tensor f32 = Tensor.allocateHost(new long[] {2, 3, 4, 4, 3}, DataType.F32, TensorLayout.NDHWC);
             Tensor u16 = Tensor.allocateHost(new long[] {3, 4, 4, 1}, DataType.U16, TensorLayout.DHWC);
             Tensor c5 = Tensor.allocateHost(new long[] {3, 4, 4, 5}, DataType.U8, TensorLayout.DHWC);
             Tensor empty = Tensor.allocateHost(new long[] {0, 4, 4, 3}, DataType.U8, TensorLayout.DHWC);
             Tensor hwc = Tensor.allocateHost(new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC);
             Tensor planar = Tensor.allocateHost(new long[] {3, 4, 4, 3}, DataType.U8, TensorLayout.DHWC)
                     .slice(3, 0, 2);
             Tensor twoVolumes = Tensor.allocateHost(new long[] {2, 2, 2, 2, 3}, DataType.U8, TensorLayout.NDHWC);
             Tensor chOut = Tensor.allocateHost(new long[] {2, 2, 2, 2, 1}, DataType.U8, TensorLayout.NDHWC)) {
            rejected("HQResize: src has layout HWC; supported: DHWC, NDHWC",
                    () -> HQResize.hqResize(hwc, 2, 2, 2, HQFilter.LINEAR));
            rejected("HQResize: src has data type U16", () -> HQResize.hqResize(u16, 2, 2, 2, HQFilter.LINEAR));
            rejected("HQResize: src has 5 channels", () -> HQResize.hqResize(c5, 2, 2, 2, HQFilter.LINEAR));
            rejected("HQResize: src is empty", () -> HQResize.hqResize(empty, 2, 2, 2, HQFilter.LINEAR));
            rejected("HQResize: src pixels must be packed", () -> HQResize.hqResize(planar, 2, 2, 2, HQFilter.LINEAR));
            rejected("filter is null", () -> HQResize.hqResize(u8, 2, 2, 2, null));
            rejected("src is null", () -> HQResize.hqResize(null, 2, 2, 2, HQFilter.LINEAR));
            for (int[] bad : new int[][] {{0, 2, 2}, {2, 0, 2}, {2, 2, 0}, {-1, 2, 2}}) {
                rejected("must be at least 1 x 1 x 1", () -> HQResize.hqResize(u8, bad[0], bad[1], bad[2],
                        HQFilter.LINEAR));
            }
            rejected("more than a Java array holds",
                    () -> HQResize.hqResize(one, 3, 1 << 16, 1 << 16, HQFilter.LINEAR));
            rejected("HQResize: dst has data type F32", () -> HQResize.hqResizeInto(f32, u8, HQFilter.CUBIC));
            rejected("HQResize: dst has layout HWC", () -> HQResize.hqResizeInto(hwc, one, HQFilter.CUBIC));
            rejected("HQResize: dst has layout NDHWC but src has DHWC",
                    () -> HQResize.hqResizeInto(twoVolumes.slice(0, 0, 1), one, HQFilter.CUBIC));
            rejected("HQResize: dst has 2 volumes of 1 channels, src 2 of 3",
                    () -> HQResize.hqResizeInto(chOut, u8, HQFilter.CUBIC));
            rejected("HQResize: dst", () -> HQResize.hqResizeInto(u8, u8, HQFilter.CUBIC));
            rejected("dst is null", () -> HQResize.hqResizeInto(null, u8, HQFilter.CUBIC));
        }
    }

    /** {@code out} against the triple sum of the per-axis weights over {@code src}, volume by volume. */
    private static void assertNear(Tensor src, Tensor out, HQFilter f, String what) {
        DataType t = src.dtype();
        int n = (int) src.shape(0), sd = (int) src.shape(1), sh = (int) src.shape(2), sw = (int) src.shape(3);
        int c = (int) src.shape(4), od = (int) out.shape(1), oh = (int) out.shape(2), ow = (int) out.shape(3);
        double[][] wz = HQResizeTest.weights(sd, od, f), wy = HQResizeTest.weights(sh, oh, f);
        double[][] wx = HQResizeTest.weights(sw, ow, f);
        byte[] in = bytes(src), got = bytes(out);
        for (int v = 0; v < n; v++) {
            for (int z = 0; z < od; z++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        for (int ch = 0; ch < c; ch++) {
                            double want = 0;
                            for (int k = 0; k < sd; k++) {
                                for (int j = 0; j < sh; j++) {
                                    double wkj = wz[z][k] * wy[y][j];
                                    for (int i = 0; i < sw && wkj != 0; i++) {
                                        int at = (((v * sd + k) * sh + j) * sw + i) * c + ch;
                                        want += wkj * wx[x][i] * value(in, t, at);
                                    }
                                }
                            }
                            if (t == DataType.U8) {
                                want = Math.min(Math.max(Math.rint(want), 0), 255);
                            }
                            int at = (((v * od + z) * oh + y) * ow + x) * c + ch;
                            assertEquals(want, value(got, t, at), t == DataType.U8 ? 1 : 2e-3,
                                    what + " at " + v + "," + z + "," + y + "," + x + "," + ch);
                        }
                    }
                }
            }
        }
    }
}

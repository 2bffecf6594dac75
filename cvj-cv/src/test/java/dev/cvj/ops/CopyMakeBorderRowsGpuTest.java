package dev.cvj.ops;

import static dev.cvj.ops.OpGpuSupport.sameOnGpu;
import static dev.cvj.ops.OpGpuSupport.sameOnGpuView;
import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.randomHost;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CopyMakeBorder's dense-row kernel (16-byte windows, the interior as a row copy, border windows byte by byte)
 * bit-exact against the CPU path on fresh random inputs (seed printed): element sizes 1, 2, 4 and 8, 1 to 4
 * channels, every border type, borders wider than the image, one-pixel images, column views (source rows not
 * 16- or 4-byte aligned) and a destination that is a column view of a wider tensor (its rows not 16-byte aligned;
 * the bytes around it must stay untouched).
 */
@GpuTest
class CopyMakeBorderRowsGpuTest {
    private static final DataType[] TYPES = {DataType.U8, DataType.U16, DataType.F32, DataType.F64};

    @Test
    void randomShapesEveryBorderType() {
        Random r = OpGpuSupport.seeded("CopyMakeBorderRowsGpuTest");
        for (int i = 0; i < 24; i++) {
            DataType t = TYPES[r.nextInt(TYPES.length)];
            int c = 1 + r.nextInt(4);
            int w = 1 + (i % 4 == 0 ? r.nextInt(3) : r.nextInt(300));
            int h = 1 + r.nextInt(12);
            int n = 1 + r.nextInt(3);
            int top = r.nextInt(9), bottom = r.nextInt(9);
            int left = r.nextInt(i % 3 == 0 ? 60 : 20), right = r.nextInt(i % 3 == 0 ? 60 : 20);
            double[] value = {r.nextInt(200), 7, 250, 3};
            try (Tensor a = randomHost(r, t, TensorLayout.NHWC, n, h, w, c)) {
                for (BorderType bt : BorderType.values()) {
                    String what = t + " c" + c + " " + n + "x" + h + "x" + w + " t" + top + " b" + bottom + " l" + left
                            + " r" + right + " " + bt;
                    sameOnGpu(what, a, s -> CopyMakeBorder.copyMakeBorder(s, top, bottom, left, right, bt, value, null));
                    if (w > 2) {
                        sameOnGpuView(what + " column view", a, 2, 1, w - 2,
                                s -> CopyMakeBorder.copyMakeBorder(s, top, bottom, left, right, bt, value, null));
                    }
                }
            }
        }
    }

    @Test
    void intoAColumnViewOfAWiderTensor() {
        Random r = OpGpuSupport.seeded("CopyMakeBorderRowsGpuTest into view");
        Stream st = CurrentStream.get();
        for (DataType t : TYPES) {
            for (int c : new int[] {1, 3}) {
                int w = 37, h = 9, top = 4, left = 5, dw = w + 11, dh = h + 7;
                try (Tensor src = randomHost(r, t, TensorLayout.NHWC, 2, h, w, c);
                     Tensor parent = randomHost(r, t, TensorLayout.NHWC, 2, dh, dw + 3, c);
                     Tensor dsrc = src.toDevice(st.device(), st);
                     Tensor dparent = parent.toDevice(st.device(), st);
                     Tensor hv = parent.slice(2, 1, dw);
                     Tensor dv = dparent.slice(2, 1, dw)) {
                    for (BorderType bt : BorderType.values()) {
                        CopyMakeBorder.copyMakeBorderInto(hv, src, top, left, bt, new double[] {9}, null);
                        CopyMakeBorder.copyMakeBorderInto(dv, dsrc, top, left, bt, new double[] {9}, st);
                        st.synchronize();
                        assertBytesEqual(bytes(parent), bytes(dparent), t + " c" + c + " " + bt + " into a view");
                    }
                }
            }
        }
    }
}

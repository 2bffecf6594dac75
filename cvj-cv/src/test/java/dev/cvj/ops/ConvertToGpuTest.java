package dev.cvj.ops;

import static dev.cvj.ops.OpsAGpuSupport.sameOnGpu;
import static dev.cvj.ops.OpsAGpuSupport.sameOnGpuView;
import static dev.cvj.ops.OpsATestSupport.randomHost;

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ConvertTo and Normalize on the GPU against the CPU path: bit-exact for every type pair and layout. */
@GpuTest
class ConvertToGpuTest {
    private static final DataType[] TYPES = {DataType.U8, DataType.U16, DataType.S16, DataType.F32, DataType.F16};

    @Test
    void convertToMatchesCpuForEveryTypePairAndLayout() {
        Random r = OpsAGpuSupport.seeded("convertTo");
        for (DataType st : TYPES) {
            for (DataType dt : TYPES) {
                // 64 wide: aligned rows (vector path); 33 wide: padded rows; NCHW planes; a column view: strided
                try (Tensor a = randomHost(r, st, TensorLayout.NHWC, 2, 5, 64, 3);
                     Tensor b = randomHost(r, st, TensorLayout.NHWC, 3, 7, 33, 4);
                     Tensor c = randomHost(r, st, TensorLayout.NCHW, 2, 3, 6, 40);
                     Tensor d = randomHost(r, st, TensorLayout.HWC, 9, 21, 1)) {
                    String w = st + "->" + dt;
                    sameOnGpu(w + " NHWC aligned", a, t -> ConvertTo.convertTo(t, dt, 0.37, -11.5, null));
                    sameOnGpu(w + " NHWC odd", b, t -> ConvertTo.convertTo(t, dt, -1.5, 300.25, null));
                    sameOnGpu(w + " NCHW", c, t -> ConvertTo.convertTo(t, dt, 2.0, 0.5, null));
                    sameOnGpu(w + " HWC", d, t -> ConvertTo.convertTo(t, dt, 1.0, 0.0, null));
                    sameOnGpuView(w + " NHWC", a, 2, 3, 50, t -> ConvertTo.convertTo(t, dt, 0.5, 1.0, null));
                }
            }
        }
    }

    @Test
    void normalizeMatchesCpu() {
        Random r = OpsAGpuSupport.seeded("normalize");
        float[] mean = {123.675f, 116.28f, 103.53f}, std = {58.395f, 57.12f, 57.375f};
        for (DataType st : new DataType[] {DataType.U8, DataType.U16, DataType.S16, DataType.F32}) {
            try (Tensor a = randomHost(r, st, TensorLayout.NHWC, 4, 8, 96, 3);
                 Tensor b = randomHost(r, st, TensorLayout.NCHW, 2, 3, 9, 17)) {
                sameOnGpu(st + " stddev F32", a, t -> Normalize.normalize(t, mean, std, 1f, 0f, 1e-5f, true, DataType.F32, null));
                sameOnGpu(st + " scale same type", a, t -> Normalize.normalize(t, new float[] {7f}, new float[] {1.7f}, 0.5f,
                        3f, 0f, false, null, null));
                sameOnGpu(st + " NCHW F16", b, t -> Normalize.normalize(t, mean, std, 2f, 0.25f, 0f, true, DataType.F16, null));
                sameOnGpuView(st + " view", a, 1, 1, 5, t -> Normalize.normalize(t, mean, std, 1f, 0f, 0f, true, DataType.F32, null));
            }
        }
    }
}

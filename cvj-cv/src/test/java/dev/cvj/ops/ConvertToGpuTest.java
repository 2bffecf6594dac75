package dev.cvj.ops;

import static dev.cvj.ops.OpGpuSupport.sameOnGpu;
import static dev.cvj.ops.OpGpuSupport.sameOnGpuView;
import static dev.cvj.ops.OpTestSupport.randomHost;

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
    void convertToMatchesCpuForEveryTypePairAndLayout(Random r) {
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
    void vectorPathEdgeCases(Random r) {
        // rows of 3300 elements (padded): several block segments per row and a partial last unit; 1003 x 3:
        // rows of an odd length; 32 x 3 U8: dense rows that merge into one long row
        for (DataType st : TYPES) {
            for (DataType dt : TYPES) {
                try (Tensor a = randomHost(r, st, TensorLayout.NHWC, 2, 3, 1100, 3);
                     Tensor b = randomHost(r, st, TensorLayout.HWC, 4, 1003, 3);
                     Tensor c = randomHost(r, st, TensorLayout.NHWC, 3, 5, 32, 3)) {
                    String w = st + "->" + dt;
                    sameOnGpu(w + " 1100 wide", a, t -> ConvertTo.convertTo(t, dt, 0.37, -11.5, null));
                    sameOnGpu(w + " 1003 wide", b, t -> ConvertTo.convertTo(t, dt, -3.25, 7.0, null));
                    sameOnGpu(w + " dense", c, t -> ConvertTo.convertTo(t, dt, 1.5, 0.5, null));
                }
            }
        }
        // values the fast float -> integer conversion must treat like cvRound + saturate: ties (to even),
        // the range ends, beyond them, infinities, NaN, -0
        float[] special = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 254.5f, 255.5f, 256f, -0f, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, 65534.5f, 65535.5f, 1e9f, -1e9f, 32766.5f, 32767.5f, -32768.5f, -32767.5f, 3e-8f,
            127.49999f, 0.49999997f, -40000f};
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(4 * 64 * 3).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 64 * 3; i++) {
            bb.putFloat(i < special.length * 4 ? special[i % special.length] : (r.nextFloat() - 0.5f) * 1e5f);
        }
        byte[] noNaN = bb.array().clone(); // float outputs: a NaN's bits differ (GPU 0x7fffffff, Java 0x7fc00000)
        java.nio.ByteBuffer nb = java.nio.ByteBuffer.wrap(noNaN).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 64 * 3; i++) {
            if (Float.isNaN(nb.getFloat(4 * i))) {
                nb.putFloat(4 * i, 7f);
            }
        }
        try (Tensor f = OpTestSupport.host(bb.array(), DataType.F32, TensorLayout.HWC, 1, 64, 3);
             Tensor g = OpTestSupport.host(noNaN, DataType.F32, TensorLayout.HWC, 1, 64, 3)) {
            for (DataType dt : TYPES) {
                Tensor in = dt == DataType.F32 || dt == DataType.F16 ? g : f;
                sameOnGpu("F32 special -> " + dt, in, t -> ConvertTo.convertTo(t, dt, 1.0, 0.0, null));
                sameOnGpu("F32 special x0.5 -> " + dt, in, t -> ConvertTo.convertTo(t, dt, 0.5, 0.25, null));
            }
        }
    }

    @Test
    void normalizeMatchesCpu(Random r) {
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

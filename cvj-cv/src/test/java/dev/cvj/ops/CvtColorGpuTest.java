package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CvtColor on the GPU against the CPU path on fresh random inputs (seed printed by {@link dev.cvj.cuda.test.Seeds}):
 * every conversion, every supported type. Integers bit-exact (Lab to U8 RGB within 1), F32 1e-5 relative, F16 1e-3 relative; both YUV
 * 4:2:0 and 4:2:2 ranges. S16 (a reorder type only) also against the conversions' definition rather than the CPU path
 * ({@link CvtColorTest#reorderedByName}), and F16 against its own F32 result (Float16OracleGpuTest).
 */
@GpuTest
class CvtColorGpuTest {

    @Test
    void matchesCpuPath(Random rnd) {
        Device dev = Device.get(0);
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (ColorConversion code : ColorConversion.values()) {
            for (DataType t : code.dataTypes()) {
                for (boolean full : new boolean[] {false, true}) {
                    if (full && code.family() != ColorConversion.Family.FROM_YUV420
                            && code.family() != ColorConversion.Family.TO_YUV420
                            && code.family() != ColorConversion.Family.FROM_YUV422) {
                        continue;
                    }
                    boolean from420 = code.yuv420() != null && code.family() != ColorConversion.Family.TO_YUV420;
                    int h = from420 ? 30 : 20;
                    // 37: whole 16-byte groups plus a partial one; 64: whole groups only (16-byte vector path)
                    for (int w : code.yuv420() != null || code.yuv422() != null ? new int[] {38} : new int[] {37, 64}) {
                    try (Tensor host = ImageTensors.randomHost(rnd, new long[] {3, h, w, code.srcChannels()}, t,
                            TensorLayout.NHWC);
                         Tensor src = host.toDevice(dev, null);
                         Tensor want = CvtColor.cvtColor(host, code, full, null);
                         Tensor gpu = CvtColor.cvtColor(src, code, full, null);
                         Tensor got = gpu.toHost()) {
                        // Lab to U8 RGB: double pow on both sides may round a .5 differently
                        int intTol = code.family() == ColorConversion.Family.FROM_LAB ? 1 : 0;
                        String m = ImageTensors.mismatch(got, want, intTol, t == DataType.F16 ? 1e-3 : 1e-5);
                        cases++;
                        if (m != null) {
                            failures.add(code + " " + t + (full ? " full" : "") + " w" + w + ": " + m);
                        }
                    }
                    }
                }
            }
        }
        System.out.println("CvtColorGpuTest: " + cases + " cases, " + failures.size() + " failing");
        failures.forEach(System.out::println);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void s16ReordersFollowTheirNames(Random rnd) {
        Device dev = Device.get(0);
        for (ColorConversion code : ColorConversion.values()) {
            if (code.family() != ColorConversion.Family.REORDER) {
                continue;
            }
            try (Tensor host = ImageTensors.randomHost(rnd, new long[] {2, 7, 37, code.srcChannels()}, DataType.S16,
                    TensorLayout.NHWC);
                 Tensor src = host.toDevice(dev, null);
                 Tensor gpu = CvtColor.cvtColor(src, code, null);
                 Tensor got = gpu.toHost()) {
                assertArrayEquals(CvtColorTest.reorderedByName(code, host), CvtColorTest.shorts(got), code.toString());
            }
        }
    }
}

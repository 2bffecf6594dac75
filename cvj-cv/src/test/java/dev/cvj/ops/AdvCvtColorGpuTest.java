package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.randomHost;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * AdvCvtColor on the GPU against the CPU path, exactly (both apply the same 18-bit fixed-point integers), on fresh
 * random images: every conversion and every colour spec, batches and single images, odd sizes for 4:4:4 (4:2:0 needs
 * even ones), 1 x 1 and 2 x 2, a large image, column views of src and a strided dst; a batch past the grid refused.
 */
class AdvCvtColorGpuTest {
    /** {N (0: HWC), H, W} of the RGB image: 4:4:4 cases (any size). */
    private static final List<int[]> SIZES_444 = List.of(new int[] {3, 37, 301}, new int[] {0, 1, 1},
            new int[] {70, 5, 9}, new int[] {0, 479, 641});
    /** {N (0: HWC), H, W} of the RGB image: 4:2:0 cases (even sides). */
    private static final List<int[]> SIZES_420 = List.of(new int[] {3, 38, 302}, new int[] {0, 2, 2},
            new int[] {70, 6, 10}, new int[] {0, 480, 642});

    /** The source of {@code code} for an RGB image of {@code s}: RGB, YCbCr or the 4:2:0 image of H * 3 / 2 rows. */
    private static Tensor source(Random r, ColorConversion code, int[] s) {
        int h = code.family() == ColorConversion.Family.FROM_YUV420 ? s[1] / 2 * 3 : s[1];
        int c = code.srcChannels();
        return s[0] == 0 ? randomHost(r, DataType.U8, TensorLayout.HWC, h, s[2], c)
                : randomHost(r, DataType.U8, TensorLayout.NHWC, s[0], h, s[2], c);
    }

    @GpuTest
    @Test
    void everyConversionAndSpecEqualsCpu() {
        Random r = OpGpuSupport.seeded("AdvCvtColor GPU");
        for (ColorConversion code : ColorConversion.values()) {
            if (!AdvCvtColor.supports(code)) {
                continue;
            }
            for (ColorSpec spec : ColorSpec.values()) {
                for (int[] s : code.yuv420() == null ? SIZES_444 : SIZES_420) {
                    String what = "AdvCvtColor " + code + " " + spec + " " + Arrays.toString(s);
                    try (Tensor src = source(r, code, s)) {
                        OpGpuSupport.sameOnGpu(what, src, x -> AdvCvtColor.advCvtColor(x, code, spec));
                        int wDim = src.rank() - 2;
                        if (s[2] > 6) {
                            // a column view: 4:2:0 chroma pairs stay whole from an even start
                            OpGpuSupport.sameOnGpuView(what, src, wDim, 2, s[2] - 6,
                                    x -> AdvCvtColor.advCvtColor(x, code, spec));
                        }
                    }
                }
            }
        }
    }

    @GpuTest
    @Test
    void intoAStridedDstEqualsCpu() {
        Random r = OpGpuSupport.seeded("AdvCvtColor GPU into a view");
        Stream st = CurrentStream.get();
        for (ColorConversion code : new ColorConversion[] {ColorConversion.BGR2YUV, ColorConversion.RGB2YUV_NV21,
                ColorConversion.YUV2BGRA_NV12}) {
            int[] s = {2, 16, 22};
            try (Tensor src = source(r, code, s);
                 Tensor dev = src.toDevice(st.device(), st);
                 Tensor cpu = AdvCvtColor.advCvtColor(src, code, ColorSpec.BT2020)) {
                long[] shape = cpu.shape().clone();
                shape[2] += 5;
                try (Tensor parent = Tensor.allocate(shape, DataType.U8, TensorLayout.NHWC, st);
                     Tensor view = parent.slice(2, 3, cpu.shape(2))) {
                    AdvCvtColor.advCvtColorInto(view, dev, code, ColorSpec.BT2020, st);
                    st.synchronize();
                    assertBytesEqual(bytes(cpu), bytes(view), "AdvCvtColor " + code + " into a view (GPU vs CPU)");
                }
            }
        }
    }

    @GpuTest
    @Test
    void moreImagesThanTheGridHoldsAreRefusedNamingTheOperator() {
        Stream st = CurrentStream.get();
        try (Tensor src = Tensor.allocate(new long[] {65536, 2, 2, 3}, DataType.U8, TensorLayout.NHWC, st)) {
            OpTestSupport.refused("AdvCvtColor", () -> AdvCvtColor.advCvtColor(src, ColorConversion.RGB2YUV_NV12,
                    ColorSpec.BT709, st), "65535");
        }
    }
}

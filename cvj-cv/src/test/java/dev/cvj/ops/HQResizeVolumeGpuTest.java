package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;

import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * HQResize of volumes on the GPU against its CPU path on fresh random volumes, bit for bit (the same explicitly
 * rounded float sums from the same tables): every filter, U8 and F32, 1/2/3/4 channels, odd sizes up and down, 1-pixel
 * axes, unchanged axes, NDHWC batches, DHWC volumes, strided views in and out ({@code hqResizeInto}).
 */
@GpuTest
class HQResizeVolumeGpuTest {
    /** {src d, h, w, dst d, h, w}. */
    private static final int[][] SIZES = {{9, 11, 13, 4, 5, 6}, {3, 4, 5, 7, 9, 8}, {8, 5, 12, 3, 9, 12},
        {1, 1, 1, 3, 2, 4}, {6, 7, 5, 1, 1, 1}, {5, 6, 7, 5, 6, 7}, {17, 33, 41, 9, 31, 20}};

    @Test
    void matchesCpu(Random rnd) {
        for (DataType t : new DataType[] {DataType.U8, DataType.F32}) {
            for (int c = 1; c <= 4; c++) {
                for (int[] z : SIZES) {
                    HQFilter f = HQFilter.values()[rnd.nextInt(HQFilter.values().length)];
                    String what = "HQResize " + f + " " + t + " " + c + "ch " + Arrays.toString(z);
                    try (Tensor batch = OpTestSupport.randomHost(rnd, t, TensorLayout.NDHWC, 3, z[0], z[1], z[2], c);
                         Tensor one = OpTestSupport.randomHost(rnd, t, TensorLayout.DHWC, z[0], z[1], z[2] + 2, c)) {
                        OpGpuSupport.sameOnGpu(what + " NDHWC", batch, s -> HQResize.hqResize(s, z[3], z[4], z[5], f));
                        OpGpuSupport.sameOnGpuView(what + " DHWC", one, 2, 1, z[2],
                                s -> HQResize.hqResize(s, z[3], z[4], z[5], f));
                    }
                }
            }
        }
        for (HQFilter f : HQFilter.values()) {
            try (Tensor src = OpTestSupport.randomHost(rnd, DataType.U8, TensorLayout.DHWC, 21, 37, 29, 3)) {
                OpGpuSupport.sameOnGpu("HQResize " + f + " DHWC", src, s -> HQResize.hqResize(s, 11, 16, 48, f));
            }
        }
    }

    @Test
    void intoStridedViewsMatchesCpu(Random rnd) {
        Stream s = CurrentStream.get();
        for (DataType t : new DataType[] {DataType.U8, DataType.F32}) {
            try (Tensor src = OpTestSupport.randomHost(rnd, t, TensorLayout.NDHWC, 2, 7, 10, 15, 3);
                 Tensor devSrc = src.toDevice(s.device(), s);
                 Tensor srcView = src.slice(3, 2, 11);
                 Tensor devSrcView = devSrc.slice(3, 2, 11);
                 Tensor host = Tensor.allocateHost(new long[] {2, 5, 6, 12, 3}, t, TensorLayout.NDHWC);
                 Tensor dev = Tensor.allocate(new long[] {2, 5, 6, 12, 3}, t, TensorLayout.NDHWC, s);
                 Tensor hostView = host.slice(3, 3, 7);
                 Tensor devView = dev.slice(3, 3, 7)) {
                HQResize.hqResizeInto(hostView, srcView, HQFilter.CUBIC);
                HQResize.hqResizeInto(devView, devSrcView, HQFilter.CUBIC, s);
                s.synchronize();
                assertBytesEqual(bytes(hostView), bytes(devView), "HQResize into a view " + t + " (GPU vs CPU)");
            }
        }
    }
}

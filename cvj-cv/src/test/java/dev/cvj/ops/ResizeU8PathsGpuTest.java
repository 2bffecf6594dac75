package dev.cvj.ops;

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
 * The U8 LINEAR and AREA kernels take different paths by alignment and shrink factor (resize.cu): LINEAR reads a
 * pixel pair as three aligned words when the row is 4-byte aligned and the words lie inside the row, else byte by
 * byte; AREA stages each source row span in the warp's shared memory when rows are 16-byte aligned and the span of
 * 32 outputs fits 64 chunks of 16 bytes inside the row, else reads per lane. Each path against the CPU path on fresh random
 * images (seed printed by {@link dev.cvj.cuda.test.Seeds}), bit for bit: both paths do the CPU's integer (LINEAR) or float (AREA) steps in its order.
 * Under memcheck ({@code scripts/gpu-test.sh --sanitizer memcheck --class dev.cvj.ops.ResizeU8PathsGpuTest}) it
 * also shows that no path reads past a tensor's last byte: it caught staged chunks running past the end of the
 * last row when the row length is not a multiple of 16 bytes (fixed: such spans take the per-lane path).
 */
@GpuTest
class ResizeU8PathsGpuTest {

    /** {srcW, srcH, dstW, dstH}: staged spans, partial last warps, spans too wide to stage, widths under 32. */
    private static final int[][] SIZES = {
        {1920, 1080, 224, 224},  // the benchmark's shrink: RGB spans of ~52 chunks (staged), RGBA ~70 (AREA: per lane)
        {1000, 700, 100, 90},    // 4 warps per row, the last one partial
        {1920, 1080, 60, 50},    // 32x: too wide to stage except for one channel
        {333, 257, 47, 31},      // odd sizes, 2 warps per row
        {97, 61, 13, 7},         // one partial warp
        {640, 480, 320, 240}     // exactly 2x: AREA's integer-factor kernel, LINEAR's ordinary path
    };

    @Test
    void alignedTensorsMatchCpu(Random rnd) {
        check(rnd, false);
    }

    /** Column views starting at x = 1: rows neither 4- nor 16-byte aligned, so the byte and per-lane paths run. */
    @Test
    void unalignedViewsMatchCpu(Random rnd) {
        check(rnd, true);
    }

    private static void check(Random rnd, boolean unaligned) {
        Device dev = Device.get(0);
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (int c : new int[] {1, 3, 4}) {
            for (int[] s : SIZES) {
                int batch = s[0] > 1000 ? 1 : 3;
                int srcW = s[0] + (unaligned ? 1 : 0);
                try (Tensor host = ImageTensors.randomHost(rnd, new long[] {batch, s[1], srcW, c}, DataType.U8,
                        TensorLayout.NHWC);
                     Tensor dev0 = host.toDevice(dev, null)) {
                    Tensor hostIn = unaligned ? host.slice(2, 1, s[0]) : host; // (dim, start, length)
                    Tensor devIn = unaligned ? dev0.slice(2, 1, s[0]) : dev0;
                    for (Interpolation interp : List.of(Interpolation.LINEAR, Interpolation.AREA)) {
                        try (Tensor want = Resize.resize(hostIn, s[3], s[2], interp, null);
                             Tensor gpu = Resize.resize(devIn, s[3], s[2], interp, null);
                             Tensor got = gpu.toHost()) {
                            cases++;
                            String m = ImageTensors.mismatch(got, want, 0, 0);
                            if (m != null) {
                                failures.add("c" + c + " " + s[0] + "x" + s[1] + "->" + s[2] + "x" + s[3] + " " + interp
                                        + (unaligned ? " unaligned" : "") + ": " + m);
                            }
                        }
                    }
                }
            }
        }
        System.out.println("ResizeU8PathsGpuTest: " + cases + " cases, " + failures.size() + " failing");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}

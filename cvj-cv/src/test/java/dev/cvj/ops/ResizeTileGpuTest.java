package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.ops.internal.HwcImages;
import dev.cvj.ops.internal.ResizeCpu;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The U8 tiled Resize kernels (LINEAR, AREA_UP, fractional AREA staged through shared memory) against the CPU
 * path, bit for bit, on fresh random inputs (seed printed). Source widths keep {@code w * c} a multiple of 4 (and
 * device rows are padded to 32 bytes), the condition for the tiled path; the cases cover several tiles per row
 * (output width over 256), shrinking and enlarging, batches, AREA with more source rows per output row than fit
 * shared memory at once (several chunks), one row per chunk, and the kernels' per-thread global-memory fallback.
 */
@GpuTest
class ResizeTileGpuTest {

    private static String check(Random rnd, Device dev, int n, int sh, int sw, int c, int dh, int dw, Interpolation interp,
                                boolean forceFallback) {
        try (Tensor host = OpsBTensors.randomHost(rnd, new long[] {n, sh, sw, c}, DataType.U8, TensorLayout.NHWC);
             Tensor src = host.toDevice(dev, null);
             Tensor want = Resize.resize(host, dw, dh, interp, null)) {
            Tensor gpu;
            if (forceFallback) {
                gpu = Tensor.allocate(new long[] {n, dh, dw, c}, DataType.U8, TensorLayout.NHWC);
                HwcImages.Geometry gs = HwcImages.geometry("test", "src", src);
                HwcImages.Geometry gd = HwcImages.geometry("test", "dst", gpu);
                ResizeCpu.Mode mode = ResizeCpu.mode(sw, sh, dw, dh, interp);
                boolean launched = Resize.launchTileU8(src, gs, gpu, gd, mode, HwcImages.stream("test", src, null), 1);
                assertTrue(launched, "tiled path not taken for " + sw + "x" + sh + " -> " + dw + "x" + dh + " " + interp);
            } else {
                gpu = Resize.resize(src, dw, dh, interp, null);
            }
            try (Tensor g = gpu; Tensor got = g.toHost()) {
                String m = OpsBTensors.mismatch(got, want, 0, 0);
                return m == null ? null : "c" + c + " n" + n + " " + sw + "x" + sh + " -> " + dw + "x" + dh + " " + interp
                        + (forceFallback ? " (fallback)" : "") + ": " + m;
            }
        }
    }

    private static int widthMultipleOf4Bytes(int w, int c) {
        while ((w * c) % 4 != 0) {
            w++;
        }
        return w;
    }

    @Test
    void randomSizesBitExact() {
        long seed = System.nanoTime();
        System.out.println("ResizeTileGpuTest seed " + seed);
        Random rnd = new Random(seed);
        Device dev = Device.get(0);
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (int c : new int[] {1, 3, 4}) {
            for (int i = 0; i < 12; i++) {
                int sw = widthMultipleOf4Bytes(1 + rnd.nextInt(900), c);
                int sh = 1 + rnd.nextInt(200);
                int n = 1 + rnd.nextInt(3);
                // LINEAR: any size (several tiles when dw > 256)
                int dw = 1 + rnd.nextInt(700), dh = 1 + rnd.nextInt(300);
                add(failures, check(rnd, dev, n, sh, sw, c, dh, dw, Interpolation.LINEAR, false));
                // AREA shrink by fractional factors (both axes)
                int aw = 1 + rnd.nextInt(sw), ah = 1 + rnd.nextInt(sh);
                add(failures, check(rnd, dev, n, sh, sw, c, ah, aw, Interpolation.AREA, false));
                // AREA enlarging (AREA_UP through the LINEAR kernel)
                add(failures, check(rnd, dev, n, sh, sw, c, sh + 1 + rnd.nextInt(100), sw + 1 + rnd.nextInt(400),
                        Interpolation.AREA, false));
                cases += 3;
            }
        }
        System.out.println("ResizeTileGpuTest: " + cases + " random cases, " + failures.size() + " failing");
        failures.forEach(System.out::println);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void edgeShapesBitExact() {
        Random rnd = new Random(11);
        Device dev = Device.get(0);
        List<String> failures = new ArrayList<>();
        // 1080p -> 224 (the benchmark's shape): 7 source rows per output row, one tile of 224 columns
        add(failures, check(rnd, dev, 2, 1080, 1920, 3, 224, 224, Interpolation.LINEAR, false));
        add(failures, check(rnd, dev, 2, 1080, 1920, 3, 224, 224, Interpolation.AREA, false));
        // AREA with ~200 source rows per output row: more than fit in shared memory at once (2 chunks)
        add(failures, check(rnd, dev, 1, 2000, 64, 4, 10, 9, Interpolation.AREA, false));
        // a row of 32 KiB: one source row per chunk
        add(failures, check(rnd, dev, 1, 20, 8192, 4, 3, 100, Interpolation.AREA, false));
        // several tiles per row, shrinking and enlarging, 1 channel
        add(failures, check(rnd, dev, 1, 33, 1000, 1, 17, 999, Interpolation.LINEAR, false));
        add(failures, check(rnd, dev, 1, 33, 1000, 1, 17, 333, Interpolation.AREA, false));
        add(failures, check(rnd, dev, 1, 5, 8, 4, 9, 600, Interpolation.LINEAR, false));
        // single column / single row sources and outputs
        add(failures, check(rnd, dev, 2, 7, 4, 1, 30, 1, Interpolation.LINEAR, false));
        add(failures, check(rnd, dev, 2, 1, 4, 3, 1, 300, Interpolation.LINEAR, false));
        add(failures, check(rnd, dev, 2, 9, 12, 1, 1, 5, Interpolation.AREA, false));
        // the kernels' per-thread global-memory path (capacity forced too small)
        add(failures, check(rnd, dev, 2, 120, 400, 3, 37, 301, Interpolation.LINEAR, true));
        add(failures, check(rnd, dev, 2, 120, 400, 3, 130, 900, Interpolation.AREA, true));
        add(failures, check(rnd, dev, 2, 120, 400, 4, 37, 53, Interpolation.AREA, true));
        add(failures, check(rnd, dev, 2, 121, 400, 1, 37, 301, Interpolation.AREA, true));
        failures.forEach(System.out::println);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void unalignedSourcesTakeTheGeneralKernels() {
        Random rnd = new Random(5);
        Device dev = Device.get(0);
        try (Tensor host = OpsBTensors.randomHost(rnd, new long[] {2, 40, 60, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor src = host.toDevice(dev, null);
             Tensor crop = src.slice(2, 1, 52);   // base address 3 bytes into the row: not the tiled path
             Tensor hostCrop = host.slice(2, 1, 52)) {
            HwcImages.Geometry gs = HwcImages.geometry("test", "src", crop);
            try (Tensor dst = Tensor.allocate(new long[] {2, 20, 30, 3}, DataType.U8, TensorLayout.NHWC)) {
                HwcImages.Geometry gd = HwcImages.geometry("test", "dst", dst);
                assertEquals(false, Resize.launchTileU8(crop, gs, dst, gd, ResizeCpu.Mode.LINEAR,
                        HwcImages.stream("test", crop, null), -1));
            }
            try (Tensor want = Resize.resize(hostCrop, 30, 20, Interpolation.AREA, null);
                 Tensor gpu = Resize.resize(crop, 30, 20, Interpolation.AREA, null);
                 Tensor got = gpu.toHost()) {
                String m = OpsBTensors.mismatch(got, want, 0, 0);
                assertTrue(m == null, m);
            }
        }
    }

    private static void add(List<String> failures, String m) {
        if (m != null) {
            failures.add(m);
        }
    }
}

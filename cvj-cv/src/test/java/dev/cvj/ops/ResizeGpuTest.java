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
 * Resize on the GPU against the CPU path on fresh random inputs (seed printed by {@link dev.cvj.cuda.test.Seeds}).
 * Tolerances: the exact paths, NEAREST and a same-size resize (a row copy, whatever the interpolation), bit-exact
 * for every type; interpolated integers within 1 (the kernels mirror the CPU steps, so they are expected exact);
 * F32 1e-5 relative; F16 1e-3 relative (F16 also against its own F32 result: Float16OracleGpuTest). Device
 * tensors have padded rows, so strides are exercised. Timings are the benchmark's (cvj-bench OpsBenchMain).
 */
@GpuTest
class ResizeGpuTest {

    @Test
    void matchesCpuPath(Random rnd) {
        Device dev = Device.get(0);
        int[][] sizes = {{37, 53, 20, 31}, {37, 53, 71, 97}, {40, 40, 20, 20}, {36, 30, 12, 10}, {37, 53, 13, 60},
                {19, 23, 19, 23}, {64, 48, 7, 5}};
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (DataType t : List.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32, DataType.F16)) {
            for (int c : new int[] {1, 3, 4}) {
                for (int[] s : sizes) {
                    try (Tensor host = ImageTensors.randomHost(rnd, new long[] {2, s[0], s[1], c}, t, TensorLayout.NHWC);
                         Tensor src = host.toDevice(dev, null)) {
                        for (Interpolation interp : Interpolation.values()) {
                            try (Tensor want = Resize.resize(host, s[3], s[2], interp, null);
                                 Tensor gpu = Resize.resize(src, s[3], s[2], interp, null);
                                 Tensor got = gpu.toHost()) {
                                boolean exact = interp == Interpolation.NEAREST || (s[0] == s[2] && s[1] == s[3]);
                                int intTol = exact ? 0 : 1;
                                double rel = exact ? 0 : t == DataType.F16 ? 1e-3 : 1e-5;
                                String m = ImageTensors.mismatch(got, want, intTol, rel);
                                cases++;
                                if (m != null) {
                                    failures.add(t + " c" + c + " " + s[0] + "x" + s[1] + "->" + s[2] + "x" + s[3] + " "
                                            + interp + ": " + m);
                                }
                            }
                        }
                    }
                }
            }
        }
        System.out.println("ResizeGpuTest: " + cases + " cases, " + failures.size() + " failing");
        failures.forEach(System.out::println);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void stridedViewsOnDevice(Random rnd) {
        Device dev = Device.get(0);
        try (Tensor host = ImageTensors.randomHost(rnd, new long[] {3, 30, 40, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor src = host.toDevice(dev, null)) {
            Tensor crop = src.slice(1, 3, 21).slice(2, 5, 29);   // rows and images keep their strides
            Tensor hostCrop = host.slice(1, 3, 21).slice(2, 5, 29);
            try (Tensor dst = Tensor.allocate(new long[] {3, 50, 61, 3}, DataType.U8, TensorLayout.NHWC);
                 Tensor want = Resize.resize(hostCrop, 61, 50, Interpolation.LINEAR, null)) {
                Resize.resizeInto(dst, crop, Interpolation.LINEAR, null);
                try (Tensor got = dst.toHost()) {
                    String m = ImageTensors.mismatch(got, want, 0, 0);
                    assertTrue(m == null, m);
                }
            }
            // Same size: the row-copy path, from the strided crop (odd row bytes, 40-px source pitch) into a
            // tensor, and into a view of a wider one (its own pitch), compared with the crop's pixels.
            try (Tensor dst = Tensor.allocate(new long[] {3, 21, 29, 3}, DataType.U8, TensorLayout.NHWC);
                 Tensor wide = Tensor.allocate(new long[] {3, 21, 36, 3}, DataType.U8, TensorLayout.NHWC)) {
                Tensor into = wide.slice(2, 3, 29);
                for (Tensor d : new Tensor[] {dst, into}) {
                    Resize.resizeInto(d, crop, Interpolation.CUBIC, null);
                    try (Tensor got = d.toHost()) {
                        String m = ImageTensors.mismatch(got, hostCrop, 0, 0);
                        assertTrue(m == null, m);
                    }
                }
            }
        }
    }
}

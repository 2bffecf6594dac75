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
 * Remap on the GPU equals the CPU path bit for bit (tolerance 0: both convert the map to OpenCV's fixed point with
 * the same float operations and sample with the warps' tables), on fresh random inputs: every type, interpolation
 * and border, absolute and relative maps, one map for the batch or one per image, every src layout, odd sizes, 1x1
 * sources, maps larger than the source, positions far outside it, NaN and huge map values, strided column views of
 * src and of the map, and a large image.
 */
class RemapGpuTest {
    private static final DataType[] TYPES = {DataType.U8, DataType.U16, DataType.S16, DataType.F32};
    private static final List<Interpolation> METHODS = List.of(Interpolation.NEAREST, Interpolation.LINEAR, Interpolation.CUBIC);

    /** Remap of host src and map on the CPU, and of device copies (then the views [start, start + length) along W of both). */
    private static void sameOnGpu(String what, Tensor src, Tensor map, boolean relative, Interpolation in, BorderType b,
                                  double[] v, int srcW, int mapW) {
        Stream s = CurrentStream.get();
        try (Tensor ds = src.toDevice(s.device(), s);
             Tensor dm = map.toDevice(s.device(), s);
             Tensor cpu = Remap.remap(src, map, relative, in, b, v);
             Tensor gpu = Remap.remap(ds, dm, relative, in, b, v, s)) {
            s.synchronize();
            assertBytesEqual(bytes(cpu), bytes(gpu), what + " (GPU vs CPU)");
            if (srcW > 4 && mapW > 4) {
                int sd = src.layout().indexOf('W'), md = map.layout().indexOf('W');
                try (Tensor hs = src.slice(sd, 2, srcW - 3); Tensor hm = map.slice(md, 1, mapW - 3);
                     Tensor vs = ds.slice(sd, 2, srcW - 3); Tensor vm = dm.slice(md, 1, mapW - 3);
                     Tensor cpuView = Remap.remap(hs, hm, relative, in, b, v);
                     Tensor gpuView = Remap.remap(vs, vm, relative, in, b, v, s)) {
                    s.synchronize();
                    assertBytesEqual(bytes(cpuView), bytes(gpuView), what + " views (GPU vs CPU)");
                }
            }
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuForEveryTypeMethodBorderAndLayout() {
        Random r = OpGpuSupport.seeded("Remap GPU");
        for (DataType t : TYPES) {
            for (Interpolation in : METHODS) {
                for (BorderType b : BorderType.values()) {
                    for (TensorLayout l : List.of(TensorLayout.NHWC, TensorLayout.HWC, TensorLayout.NCHW)) {
                        boolean tiny = r.nextInt(6) == 0, relative = r.nextBoolean();
                        int n = l.labels().startsWith("N") ? 1 + r.nextInt(3) : 1, c = 1 + r.nextInt(4);
                        int h = tiny ? 1 : 1 + r.nextInt(70), w = tiny ? 1 : 1 + r.nextInt(90);
                        long[] shape = switch (l.labels()) {
                            case "NHWC" -> new long[] {n, h, w, c};
                            case "NCHW" -> new long[] {n, c, h, w};
                            default -> new long[] {h, w, c};
                        };
                        int dh = 1 + r.nextInt(2 * h + 20), dw = 1 + r.nextInt(2 * w + 20);
                        boolean perImage = n > 1 && r.nextBoolean();
                        float[] values = RemapTest.randomMap(r, perImage ? n : 1, dh, dw, w, h, relative);
                        if (r.nextInt(4) == 0) { // far outside: the wrapping and reflecting borders repeat
                            for (int i = 0; i < values.length; i++) {
                                values[i] *= 40;
                            }
                        }
                        values[r.nextInt(values.length)] = Float.NaN;
                        values[r.nextInt(values.length)] = r.nextBoolean() ? 5e9f : -1e6f;
                        double[] v = {r.nextInt(300) - 20, r.nextDouble() * 1000 - 500, r.nextInt(70000), r.nextInt(256)};
                        String what = "Remap " + t + " " + in + " " + b + " " + l + " " + Arrays.toString(shape) + " map "
                                + dw + "x" + dh + (perImage ? " per image" : "") + (relative ? " relative" : "");
                        try (Tensor src = randomHost(r, t, l, shape);
                             Tensor map = perImage ? RemapTest.map(values, n, dh, dw, 2) : RemapTest.map(values, dh, dw, 2)) {
                            sameOnGpu(what, src, map, relative, in, b, v, w, dw);
                        }
                    }
                }
            }
        }
    }

    @GpuTest
    @Test
    void gpuEqualsCpuOnALargeImage() {
        Random r = OpGpuSupport.seeded("Remap GPU large");
        int h = 1080, w = 1920;
        float[] values = new float[h * w * 2];
        for (int y = 0; y < h; y++) { // a barrel-like distortion with sub-pixel positions
            for (int x = 0; x < w; x++) {
                double dx = (x - w / 2.0) / w, dy = (y - h / 2.0) / h, k = 1 + 0.2 * (dx * dx + dy * dy);
                values[(y * w + x) * 2] = (float) (w / 2.0 + (x - w / 2.0) * k);
                values[(y * w + x) * 2 + 1] = (float) (h / 2.0 + (y - h / 2.0) * k);
            }
        }
        try (Tensor src = randomHost(r, DataType.U8, TensorLayout.HWC, h, w, 3);
             Tensor map = RemapTest.map(values, h, w, 2)) {
            for (Interpolation in : METHODS) {
                sameOnGpu("1080p " + in, src, map, false, in, BorderType.CONSTANT, new double[] {1, 2, 3}, 0, 0);
            }
        }
    }
}

package dev.cvj.ops.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Dim3;
import dev.cvj.cuda.KernelArgs;
import dev.cvj.cuda.Module;
import dev.cvj.cuda.Program;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Parameter tables reach device memory intact at every size around the upload kernels' payloads (256 B, 4 KiB,
 * 32,736 B, and several launches beyond), in every element type, and without the host waiting for the stream.
 */
@GpuTest
class DeviceParametersGpuTest {
    /** Byte sizes on both sides of every payload size and of the multi-launch split. */
    private static final int[] SIZES = {0, 1, 15, 16, 17, 255, 256, 257, 4095, 4096, 4097, 32735, 32736, 32737,
            65472, 65473, 100_003};

    @Test
    void everySizeAndTypeArrivesIntact(Random r) {
        Device d = Device.get(0);
        try (Stream s = Stream.create(d)) {
            for (int bytes : SIZES) {
                byte[] b = new byte[bytes];
                r.nextBytes(b);
                try (Tensor t = DeviceParameters.upload(b, s)) {
                    assertEquals(DataType.U8, t.dtype());
                    s.synchronize();
                    byte[] got = new byte[bytes];
                    t.copyTo(got);
                    assertArrayEquals(b, got, bytes + " bytes");
                }
                int[] i = r.ints(bytes / 4, Integer.MIN_VALUE, Integer.MAX_VALUE).toArray();
                try (Tensor t = DeviceParameters.upload(i, s)) {
                    s.synchronize();
                    int[] got = new int[i.length];
                    t.copyTo(got);
                    assertArrayEquals(i, got, i.length + " ints");
                }
                float[] f = new float[bytes / 4];
                for (int k = 0; k < f.length; k++) {
                    f[k] = (float) r.nextGaussian() * 1000f;
                }
                try (Tensor t = DeviceParameters.upload(f, s)) {
                    s.synchronize();
                    float[] got = new float[f.length];
                    t.copyTo(got);
                    assertArrayEquals(f, got, f.length + " floats");
                }
                double[] g = r.doubles(bytes / 8).toArray();
                try (Tensor t = DeviceParameters.upload(g, s)) {
                    s.synchronize();
                    double[] got = new double[g.length];
                    t.copyTo(got);
                    assertArrayEquals(g, got, g.length + " doubles");
                }
            }
        }
    }

    @Test
    void theHostDoesNotWaitForTheStream(Random r) {
        Device d = Device.get(0);
        Module m = Program.compile("""
                extern "C" __global__ void spin(unsigned long long ns) {
                    unsigned long long t0, t;
                    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t0));
                    do { asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t)); } while (t - t0 < ns);
                }
                """, "spin.cu", List.of(), d).load(d);
        try (m; Stream s = Stream.create(d)) {
            double[] table = r.doubles(5000).toArray(); // 40,000 bytes: two launches
            m.kernel("spin").launch(Dim3.of(1), Dim3.of(1), 0, s, new KernelArgs().i64(500_000_000L)); // 0.5 s
            try (Tensor t = DeviceParameters.upload(table, s)) {
                assertFalse(s.isDone(), "the upload returned only after the stream had drained");
                s.synchronize();
                double[] got = new double[table.length];
                t.copyTo(got);
                assertArrayEquals(table, got);
            }
        }
    }
}

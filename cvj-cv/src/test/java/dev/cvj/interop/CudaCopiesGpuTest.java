package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.interop.DeviceArray;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.RandomArrays;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

@GpuTest
class CudaCopiesGpuTest {
    private static final Random RANDOM = new Random();

    @Test
    void everyHostArrayTypeRoundTrips() {
        int n = 1 + RANDOM.nextInt(1000);
        RandomArrays a = RandomArrays.of(RANDOM, n);
        byte[] b = a.b();
        short[] s = a.s();
        char[] c = a.c();
        int[] i = a.i();
        long[] l = a.l();
        float[] f = a.f();
        double[] d = a.d();
        long[] shape = {n};
        try (CudaBuffer u8 = new CudaBuffer(shape, DataType.U8); CudaBuffer s8 = new CudaBuffer(shape, DataType.S8);
             CudaBuffer i16 = new CudaBuffer(shape, DataType.S16); CudaBuffer f16 = new CudaBuffer(shape, DataType.F16);
             CudaBuffer u16 = new CudaBuffer(shape, DataType.U16); CudaBuffer i32 = new CudaBuffer(shape, DataType.S32);
             CudaBuffer u64 = new CudaBuffer(shape, DataType.U64); CudaBuffer f32 = new CudaBuffer(shape, DataType.F32);
             CudaBuffer f64 = new CudaBuffer(shape, DataType.F64)) {
            CudaCopies.h2d(b, u8);
            CudaCopies.h2d(b, s8);
            CudaCopies.h2d(s, i16);
            CudaCopies.h2d(s, f16);
            CudaCopies.h2d(c, u16);
            CudaCopies.h2d(i, i32);
            CudaCopies.h2d(l, u64);
            CudaCopies.h2d(f, f32);
            CudaCopies.h2d(d, f64);
            byte[] b2 = new byte[n];
            CudaCopies.d2h(u8, b2);
            assertArrayEquals(b, b2);
            CudaCopies.d2h(s8.cudaArrayInterface(), b2);
            assertArrayEquals(b, b2);
            short[] s2 = new short[n];
            CudaCopies.d2h(i16, s2);
            assertArrayEquals(s, s2);
            CudaCopies.d2h(f16, s2);
            assertArrayEquals(s, s2);
            char[] c2 = new char[n];
            CudaCopies.d2h(u16, c2);
            assertArrayEquals(c, c2);
            int[] i2 = new int[n];
            CudaCopies.d2h(i32, i2);
            assertArrayEquals(i, i2);
            long[] l2 = new long[n];
            CudaCopies.d2h(u64, l2);
            assertArrayEquals(l, l2);
            float[] f2 = new float[n];
            CudaCopies.d2h(f32, f2);
            assertArrayEquals(f, f2);
            double[] d2 = new double[n];
            CudaCopies.d2h(f64, d2);
            assertArrayEquals(d, d2);
            // Raw bytes of a float array, little-endian.
            byte[] raw = new byte[4 * n];
            CudaCopies.d2h(f32, raw);
            ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < n; k++) {
                assertEquals(f[k], bb.getFloat(4 * k));
            }
        }
    }

    @Test
    void segmentsAndBuffers() {
        int n = 1 + RANDOM.nextInt(4096);
        byte[] values = new byte[n];
        RANDOM.nextBytes(values);
        try (CudaBuffer dev = new CudaBuffer(new long[] {n}, DataType.U8); Arena arena = Arena.ofConfined()) {
            MemorySegment nativeSeg = arena.allocate(n);
            nativeSeg.copyFrom(MemorySegment.ofArray(values));
            CudaCopies.h2d(nativeSeg, dev);
            ByteBuffer direct = ByteBuffer.allocateDirect(n);
            CudaCopies.d2h(dev, direct);
            assertEquals(0, direct.position());
            byte[] got = new byte[n];
            direct.get(got);
            assertArrayEquals(values, got);

            byte[] other = new byte[n];
            RANDOM.nextBytes(other);
            CudaCopies.h2d(ByteBuffer.wrap(other), dev.cudaArrayInterface());
            MemorySegment out = arena.allocate(n);
            CudaCopies.d2h(dev.cudaArrayInterface(), out);
            assertArrayEquals(other, out.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    /** Padded HWC rows (the tensor's 32-byte row alignment): 2D copies both ways, heap and native hosts. */
    @Test
    void pitchedTensorRows() {
        int h = 2 + RANDOM.nextInt(40);
        int w = 2 + RANDOM.nextInt(40);
        long[] shape = {h, w, 3};
        byte[] host = new byte[h * w * 3];
        RANDOM.nextBytes(host);
        try (Tensor t = Tensor.allocate(shape, DataType.U8, TensorLayout.HWC)) {
            CudaCopies.h2d(host, t);
            byte[] back = new byte[host.length];
            CudaCopies.d2h(t.cuda(), back);
            assertArrayEquals(host, back);
            byte[] viaTensor = new byte[host.length];
            t.copyTo(viaTensor); // the tensor's own copy agrees on where each pixel is
            assertArrayEquals(host, viaTensor);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocate(host.length);
                CudaCopies.d2h(t, seg);
                assertArrayEquals(host, seg.toArray(ValueLayout.JAVA_BYTE));
            }
        }
    }

    /** A crop (rows of a wider image) and a single column. */
    @Test
    void cropsAndColumns() {
        int h = 5 + RANDOM.nextInt(20);
        int w = 5 + RANDOM.nextInt(20);
        float[] full = new float[h * w];
        for (int k = 0; k < full.length; k++) {
            full[k] = RANDOM.nextFloat();
        }
        try (DeviceMemory m = DeviceMemory.allocate(Device.current(), 4L * h * w)) {
            m.copyFrom(full);
            int x0 = RANDOM.nextInt(w - 2);
            int cw = 1 + RANDOM.nextInt(w - x0 - 1);
            int y0 = RANDOM.nextInt(h - 2);
            int ch = 1 + RANDOM.nextInt(h - y0 - 1);
            DeviceArray crop = new DeviceArray(m.slice(4L * (y0 * w + x0), 4L * (h * w - y0 * w - x0)),
                    new long[] {ch, cw}, "<f4", new long[] {4L * w, 4}, null);
            float[] got = new float[ch * cw];
            CudaCopies.d2h(crop, got);
            for (int y = 0; y < ch; y++) {
                for (int x = 0; x < cw; x++) {
                    assertEquals(full[(y0 + y) * w + x0 + x], got[y * cw + x], "crop pixel " + y + "," + x);
                }
            }
            // Write new values into the crop only: the rest of the image is untouched.
            float[] patch = new float[ch * cw];
            for (int k = 0; k < patch.length; k++) {
                patch[k] = -1 - RANDOM.nextFloat();
            }
            CudaCopies.h2d(patch, crop);
            float[] after = new float[h * w];
            m.copyTo(after);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean inside = y >= y0 && y < y0 + ch && x >= x0 && x < x0 + cw;
                    float want = inside ? patch[(y - y0) * cw + x - x0] : full[y * w + x];
                    assertEquals(want, after[y * w + x], "pixel " + y + "," + x);
                }
            }
            // One column.
            int col = RANDOM.nextInt(w);
            DeviceArray column = new DeviceArray(m.slice(4L * col, 4L * (h * w - col)), new long[] {h}, "<f4",
                    new long[] {4L * w}, null);
            float[] colValues = new float[h];
            CudaCopies.d2h(column, colValues);
            for (int y = 0; y < h; y++) {
                assertEquals(after[y * w + col], colValues[y]);
            }
        }
    }

    @Test
    void nonPitchedStridedRefused() {
        try (Tensor t = Tensor.allocate(new long[] {4, 5, 3}, DataType.U8, TensorLayout.HWC)) {
            Tensor twoChannels = t.slice(2, 0, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CudaCopies.h2d(new byte[40], twoChannels));
            assertEquals(true, e.getMessage().contains("strided"), e.getMessage());
        }
    }

    /** d2h waits for the stream the interface names (the producer's pending work). */
    @Test
    void honoursTheInterfaceStream() {
        int n = 16 << 20;
        Device dev = Device.current();
        try (DeviceMemory m = DeviceMemory.allocate(dev, n); Stream s = Stream.create(dev, true, 0)) {
            m.fill(0);
            int value = 1 + RANDOM.nextInt(255);
            m.fill(value, s); // queued on a non-blocking stream: a legacy-stream copy would not wait for it
            CudaArrayInterface cai = CudaArrayInterface.of(new long[] {n}, "|u1", m.address(), false, null,
                    OptionalLong.of(s.handle()));
            byte[] host = new byte[n];
            CudaCopies.d2h(cai, host);
            byte[] want = new byte[n];
            Arrays.fill(want, (byte) value);
            assertArrayEquals(want, host);
        }
    }
}

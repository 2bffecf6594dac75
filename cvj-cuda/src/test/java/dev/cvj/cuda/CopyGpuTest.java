package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.RandomArrays;
import dev.cvj.cuda.test.SanitizerMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Host <-> device round trips of every primitive type, sync and stream-ordered, on fresh random data. */
@GpuTest
class CopyGpuTest {
    private final Random random = new Random();

    @Test
    void everyTypeAtSizesZeroOneAndOdd() {
        Device dev = Device.get(0);
        for (int n : new int[] {0, 1, 1_000_003}) {
            RandomArrays a = RandomArrays.of(random, n);
            byte[] b = a.b();
            short[] s = a.s();
            char[] c = a.c();
            int[] i = a.i();
            long[] l = a.l();
            float[] f = a.f();
            double[] d = a.d();
            try (DeviceMemory m = DeviceMemory.allocate(dev, 8L * n)) {
                m.copyFrom(b); byte[] b2 = new byte[n]; m.copyTo(b2); assertArrayEquals(b, b2, "byte " + n);
                m.copyFrom(s); short[] s2 = new short[n]; m.copyTo(s2); assertArrayEquals(s, s2, "short " + n);
                m.copyFrom(c); char[] c2 = new char[n]; m.copyTo(c2); assertArrayEquals(c, c2, "char " + n);
                m.copyFrom(i); int[] i2 = new int[n]; m.copyTo(i2); assertArrayEquals(i, i2, "int " + n);
                m.copyFrom(l); long[] l2 = new long[n]; m.copyTo(l2); assertArrayEquals(l, l2, "long " + n);
                m.copyFrom(f); float[] f2 = new float[n]; m.copyTo(f2); assertArrayEquals(f, f2, "float " + n);
                m.copyFrom(d); double[] d2 = new double[n]; m.copyTo(d2); assertArrayEquals(d, d2, "double " + n);
            }
        }
    }

    @Test
    void streamOrderedArrayCopiesWithOffsets() {
        Device dev = Device.get(0);
        int n = 1_000_003;
        float[] f = new float[n];
        for (int k = 0; k < n; k++) {
            f[k] = random.nextFloat();
        }
        int from = 17;
        int len = n - 40;
        try (Stream st = Stream.create(dev); DeviceMemory m = DeviceMemory.allocateAsync(4L * n + 64, st)) {
            m.fill(0, st);
            m.copyFromAsync(f, from, len, 12, st);     // f[17 .. 17+len) -> bytes [12, 12 + 4 len)
            float[] back = new float[n];
            m.copyToAsync(12, back, 5, len, st);         // -> back[5 .. 5+len)
            st.synchronize();
            for (int k = 0; k < len; k++) {
                assertEquals(f[from + k], back[5 + k], "element " + k);
            }
            assertEquals(0f, back[0]);
            assertEquals(0f, back[4]);
            double[] d = random.doubles(n).toArray();
            m.copyFromAsync(d, 0, n / 2, 0, st);
            double[] d2 = new double[n / 2];
            m.copyToAsync(d2, st);
            st.synchronize();
            assertArrayEquals(java.util.Arrays.copyOf(d, n / 2), d2);
        }
    }

    @Test
    void byteBuffersDirectAndHeapAndSegments() {
        Device dev = Device.get(0);
        int n = 1_000_003;
        try (Stream st = Stream.create(dev); DeviceMemory m = DeviceMemory.allocate(dev, n); Arena arena = Arena.ofConfined()) {
            ByteBuffer direct = ByteBuffer.allocateDirect(n);
            byte[] src = new byte[n];
            random.nextBytes(src);
            direct.put(src).flip();
            m.copyFromAsync(direct, 0, st);
            assertEquals(0, direct.position(), "position unchanged");
            ByteBuffer heap = ByteBuffer.allocate(n);
            m.copyToAsync(0, heap, st);
            st.synchronize();
            assertArrayEquals(src, heap.array());
            MemorySegment off = arena.allocate(n);
            m.copyTo(off);
            assertArrayEquals(src, off.toArray(ValueLayout.JAVA_BYTE));
            // a slice: bytes [1000, 2000) of the device memory
            try (DeviceMemory view = m.slice(1000, 1000)) {
                byte[] part = new byte[1000];
                view.copyTo(part);
                assertArrayEquals(java.util.Arrays.copyOfRange(src, 1000, 2000), part);
            }
            assertFalse(m.isClosed(), "closing a view leaves the root open");
        }
    }

    @Test
    void heapCopiesLargerThanOneChunk() {
        Device dev = Device.get(0);
        int n = (int) (2 * HostCopies.HEAP_CHUNK + 12_345);
        byte[] src = new byte[n];
        random.nextBytes(src);
        try (Stream st = Stream.create(dev); DeviceMemory m = DeviceMemory.allocate(dev, n)) {
            m.copyFromAsync(src, st);
            byte[] back = new byte[n];
            m.copyToAsync(back, st); // heap copies return when done
            assertArrayEquals(src, back);
        }
    }

    @Test
    void oneGibibyteOffHeapAndOnHeap() {
        Device dev = Device.get(0);
        long n = SanitizerMode.pick(1L << 30, 64L << 20); // the same copies, smaller under a sanitizer
        try (Arena arena = Arena.ofShared(); DeviceMemory m = DeviceMemory.allocate(dev, n)) {
            MemorySegment src = arena.allocate(n, 64);
            long seed = random.nextLong();
            for (long k = 0; k < n; k += 8) {
                src.set(ValueLayout.JAVA_LONG, k, seed ^ (k * 0x9E3779B97F4A7C15L));
            }
            m.copyFrom(src);
            MemorySegment back = arena.allocate(n, 64);
            m.copyTo(back);
            assertEquals(-1, src.mismatch(back));
            byte[] heap = new byte[(int) Math.min(n, Integer.MAX_VALUE - 8)];
            m.copyTo(heap); // 1 GiB fits in an array
            assertEquals(-1, MemorySegment.ofArray(heap).mismatch(src.asSlice(0, heap.length)));
        }
    }

    @Test
    void deviceToDeviceAndFill() {
        Device dev = Device.get(0);
        int n = 4099;
        byte[] src = new byte[n];
        random.nextBytes(src);
        try (DeviceMemory a = DeviceMemory.allocate(dev, n); DeviceMemory b = DeviceMemory.allocate(dev, n + 10)) {
            a.copyFrom(src);
            b.fill(0x5A);
            b.copyFrom(a, 10, null);
            byte[] back = new byte[n + 10];
            b.copyTo(back);
            for (int k = 0; k < 10; k++) {
                assertEquals(0x5A, back[k]);
            }
            assertArrayEquals(src, java.util.Arrays.copyOfRange(back, 10, n + 10));
            assertThrows(IndexOutOfBoundsException.class, () -> a.copyFrom(b));
        }
    }
}

package dev.cvj.cuda.interop;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

@GpuTest
class DeviceArrayGpuTest {
    @Test
    void exposesTheInterface() {
        Device dev = Device.get(0);
        try (DeviceMemory m = DeviceMemory.allocate(dev, 480 * 640 * 3); Stream s = Stream.create(dev)) {
            DeviceArray a = DeviceArray.of(m, new long[] {480, 640, 3}, "|u1");
            CudaArrayInterface c = a.cudaArrayInterface();
            assertEquals(m.address(), c.data());
            assertArrayEquals(new long[] {480, 640, 3}, c.shape());
            assertTrue(c.stream().isEmpty());
            assertEquals(OptionalLong.of(s.handle()),
                    new DeviceArray(m, new long[] {10}, "<f4", null, s).cudaArrayInterface().stream());
            assertThrows(IllegalArgumentException.class, () -> DeviceArray.of(m, new long[] {481, 640, 3}, "|u1"));
            assertThrows(IllegalArgumentException.class,
                    () -> new DeviceArray(m, new long[] {480, 640}, "|u1", new long[] {2048, 1}, null));
            assertSame(dev, DeviceMemory.deviceOf(m.address() + 100));
            m.close();
            assertThrows(IllegalStateException.class, a::cudaArrayInterface);
        }
    }

    @Test
    void deviceOfRejectsHostMemory() {
        Device.get(0);
        try (Arena arena = Arena.ofConfined()) {
            long host = arena.allocate(64).address();
            assertThrows(IllegalArgumentException.class, () -> DeviceMemory.deviceOf(host));
        }
    }

    @Test
    void pitchedCopies() {
        Device dev = Device.get(0);
        int w = 21;
        int h = 10;
        int pitch = 32;
        byte[] src = new byte[w * h];
        new Random().nextBytes(src);
        try (Arena arena = Arena.ofConfined(); Stream s = Stream.create(dev);
             DeviceMemory d = DeviceMemory.allocate(dev, (long) pitch * h)) {
            MemorySegment host = arena.allocate(src.length);
            MemorySegment.copy(src, 0, host, ValueLayout.JAVA_BYTE, 0, src.length);
            d.fill(0);
            d.copy2DFrom(0, pitch, host, 0, w, w, h, s);
            byte[] raw = new byte[pitch * h];
            s.synchronize();
            d.copyTo(raw);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < pitch; x++) {
                    assertEquals(x < w ? src[y * w + x] : 0, raw[y * pitch + x], "(" + x + ", " + y + ")");
                }
            }
            MemorySegment back = arena.allocate(src.length);
            d.copy2DTo(0, pitch, back, 0, w, w, h, null);
            assertArrayEquals(src, back.toArray(ValueLayout.JAVA_BYTE));
            try (DeviceMemory d2 = DeviceMemory.allocate(dev, (long) w * h)) {
                d2.copy2DFrom(0, w, d, 0, pitch, w, h, null);
                byte[] dense = new byte[w * h];
                d2.copyTo(dense);
                assertArrayEquals(src, dense);
            }
            assertThrows(IndexOutOfBoundsException.class, () -> d.copy2DFrom(0, pitch, host, 0, w, w, h + 1, null));
            assertThrows(IndexOutOfBoundsException.class, () -> d.copy2DFrom(pitch, pitch, host, 0, w, w, h, null));
            assertThrows(IllegalArgumentException.class, () -> d.copy2DFrom(0, 16, host, 0, w, w, 2, null));
            // A Java array on the host side: the same rows, through the critical binding.
            d.fill(0);
            d.copy2DFrom(0, pitch, MemorySegment.ofArray(src), 0, w, w, h, s);
            byte[] heapBack = new byte[src.length];
            d.copy2DTo(0, pitch, MemorySegment.ofArray(heapBack), 0, w, w, h, s);
            assertArrayEquals(src, heapBack);
            byte[] padded = new byte[pitch * h];
            d.copyTo(padded);
            for (int y = 0; y < h; y++) {
                for (int x = w; x < pitch; x++) {
                    assertEquals(0, padded[y * pitch + x], "padding (" + x + ", " + y + ") untouched");
                }
            }
        }
    }
}

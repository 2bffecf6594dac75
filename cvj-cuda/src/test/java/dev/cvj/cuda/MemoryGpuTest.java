package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvj.cuda.test.GpuTest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pinned and stream-ordered memory, out-of-memory, pointer attributes. */
@GpuTest
class MemoryGpuTest {
    private final Random random = new Random();

    @Test
    void pinnedAllocatedAndRegistered() {
        Device dev = Device.get(0);
        int n = 3 << 20;
        try (PinnedMemory p = PinnedMemory.allocate(n); Arena arena = Arena.ofConfined(); Stream s = Stream.create(dev);
             DeviceMemory d = DeviceMemory.allocate(dev, n)) {
            MemorySegment native_ = arena.allocate(n, 4096);
            try (PinnedMemory reg = PinnedMemory.register(native_)) {
                byte[] src = new byte[n];
                random.nextBytes(src);
                MemorySegment.copy(src, 0, p.segment(), ValueLayout.JAVA_BYTE, 0, n);
                d.copyFrom(p.segment(), 0, s);
                d.copyTo(0, reg.segment(), s);
                s.synchronize();
                assertArrayEquals(src, native_.toArray(ValueLayout.JAVA_BYTE));
                assertEquals(PointerAttributes.MemoryType.HOST, PointerAttributes.of(p.segment().address()).type());
                assertEquals(PointerAttributes.MemoryType.HOST, PointerAttributes.of(native_.address()).type());
            }
            assertEquals(PointerAttributes.MemoryType.UNREGISTERED, PointerAttributes.of(native_.address()).type(),
                    "unregistered after close");
            MemorySegment seg = p.segment();
            p.close();
            assertThrows(IllegalStateException.class, () -> seg.get(ValueLayout.JAVA_BYTE, 0), "dead after close");
        }
    }

    @Test
    void streamOrderedAllocationAndPool() {
        Device dev = Device.get(0);
        MemoryPool pool = dev.memoryPool();
        assertSame(pool, dev.memoryPool());
        long n = 64L << 20;
        try (Stream s = Stream.create(dev); Stream other = Stream.create(dev)) {
            DeviceMemory m = DeviceMemory.allocateAsync(n, s);
            s.synchronize();
            assertTrue(pool.usedBytes() >= n, "used " + pool.usedBytes());
            m.fill(9, s);
            byte[] back = new byte[16];
            m.copyToAsync(n - 16, back, 0, 16, s);
            for (byte b : back) {
                assertEquals(9, b);
            }
            other.waitFor(s);
            m.close(other); // freed in the order of the stream that used it last
            m.close();
            other.synchronize();
            // memory whose allocating stream was closed first is still freed (synchronously)
            DeviceMemory orphan = DeviceMemory.allocateAsync(1 << 20, other);
            other.close();
            orphan.close();
            assertTrue(orphan.isClosed());
        }
        pool.trimTo(0);
        assertTrue(pool.reservedHighWater() >= n);
        long threshold = pool.releaseThreshold();
        pool.setReleaseThreshold(threshold);
        assertEquals(threshold, pool.releaseThreshold());
    }

    @Test
    void outOfMemoryFailsCleanlyAndTheNextAllocationWorks() {
        Device dev = Device.get(0);
        long total = dev.memoryInfo().total();
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class, () -> DeviceMemory.allocate(dev, total * 2));
        assertFalse(e.isSticky());
        assertTrue(e.getMessage().contains("cudaMalloc(" + total * 2 + " bytes)"), e.getMessage());
        try (Stream s = Stream.create(dev)) {
            assertThrows(CudaOutOfMemoryException.class, () -> DeviceMemory.allocateAsync(total * 2, s));
            int[] data = random.ints(1 << 20).toArray();
            try (DeviceMemory ok = DeviceMemory.allocate(dev, 4L << 20); DeviceMemory ok2 = DeviceMemory.allocateAsync(4L << 20, s)) {
                ok.copyFrom(data);
                ok2.copyFrom(ok, 0, s);
                int[] back = new int[data.length];
                ok2.copyToAsync(back, s);
                assertArrayEquals(data, back);
            }
        }
    }

    @Test
    void pointerAttributesAndWrap() {
        Device dev = Device.get(0);
        try (DeviceMemory m = DeviceMemory.allocate(dev, 4096)) {
            m.fill(0); // initialised: the whole 4 KiB is read back below (compute-sanitizer initcheck)
            PointerAttributes a = PointerAttributes.of(m.address());
            assertEquals(PointerAttributes.MemoryType.DEVICE, a.type());
            assertEquals(dev.ordinal(), a.device());
            assertEquals(m.address(), a.devicePointer());
            assertTrue(a.isOn(dev));
            try (DeviceMemory w = DeviceMemory.wrap(dev, m.address() + 1024, 1024)) {
                assertFalse(w.isOwner());
                w.fill(3);
            }
            assertFalse(m.isClosed(), "closing a wrapper frees nothing");
            byte[] back = new byte[4096];
            m.copyTo(back);
            assertEquals(0, back[1023] == 3 ? 1 : 0);
            assertEquals(3, back[1024]);
            assertEquals(3, back[2047]);
            try (Arena arena = Arena.ofConfined()) {
                long pageable = arena.allocate(64).address();
                assertEquals(PointerAttributes.MemoryType.UNREGISTERED, PointerAttributes.of(pageable).type());
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceMemory.wrap(dev, pageable, 64));
                assertTrue(e.getMessage().contains("not memory CUDA knows"), e.getMessage());
            }
        }
    }
}

package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Every check that must happen before any CUDA call. The devices here are objects that no CUDA call
 * touches (this machine may have no driver): if a method called CUDA before checking its arguments,
 * the test would see a {@link CudaException} (or a CUDA error) instead of the expected exception.
 */
class ArgumentChecksTest {
    private final Device dev = new Device(7);
    private final Device other = new Device(8);

    @Test
    void allocationSizes() {
        assertThrows(NullPointerException.class, () -> DeviceMemory.allocate(null, 16));
        assertThrows(IllegalArgumentException.class, () -> DeviceMemory.allocate(dev, -1));
        assertThrows(IllegalArgumentException.class, () -> DeviceMemory.allocate(dev, Long.MIN_VALUE));
        assertThrows(NullPointerException.class, () -> DeviceMemory.allocateAsync(16, null));
        assertThrows(IllegalArgumentException.class, () -> DeviceMemory.allocateAsync(-5, Stream.wrap(dev, 0x10)));
        Stream closed = Stream.wrap(dev, 0x10);
        closed.close();
        assertThrows(IllegalStateException.class, () -> DeviceMemory.allocateAsync(16, closed));
    }

    @Test
    void wrapChecks() {
        assertThrows(NullPointerException.class, () -> DeviceMemory.wrap(null, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> DeviceMemory.wrap(dev, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> DeviceMemory.wrap(dev, 0, -1));
        DeviceMemory m = DeviceMemory.wrap(dev, 0, 0);
        assertFalse(m.isOwner());
        assertEquals(0, m.byteSize());
        assertSame(dev, m.device());
    }

    @Test
    void zeroSizeMemoryNeedsNoCudaAndChecksBounds() {
        try (DeviceMemory m = DeviceMemory.allocate(dev, 0)) {
            assertTrue(m.isOwner());
            assertEquals(0, m.address());
            // zero-length copies are no-ops, one byte more is out of bounds
            m.copyFrom(new byte[0]);
            m.copyTo(new float[0]);
            m.copyFrom(MemorySegment.ofArray(new int[0]), 0, null);
            m.fill(1);
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyFrom(new byte[1]));
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyTo(new double[1]));
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyFrom(ByteBuffer.allocateDirect(1)));
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyFrom(MemorySegment.ofArray(new byte[0]), 1, null));
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyTo(-1, MemorySegment.ofArray(new byte[0]), null));
            assertThrows(IndexOutOfBoundsException.class, () -> m.slice(0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> m.slice(-1, 0));
            assertEquals(0, m.slice(0, 0).byteSize());
            assertThrows(NullPointerException.class, () -> m.copyFrom((byte[]) null));
            assertThrows(NullPointerException.class, () -> m.copyFrom((MemorySegment) null, 0, null));
            assertThrows(NullPointerException.class, () -> m.copyFrom((DeviceMemory) null));
        }
    }

    @Test
    void asyncArrayCopiesCheckEverythingFirst() {
        Stream s = Stream.wrap(dev, 0x10);
        Stream elsewhere = Stream.wrap(other, 0x20);
        try (DeviceMemory m = DeviceMemory.allocate(dev, 0)) {
            float[] a = new float[4];
            m.copyFromAsync(a, 0, 0, 0, s); // nothing to copy
            m.copyToAsync(0, new long[3], 3, 0, s);
            assertThrows(NullPointerException.class, () -> m.copyFromAsync(a, null));
            assertThrows(NullPointerException.class, () -> m.copyFromAsync((float[]) null, s));
            assertThrows(NullPointerException.class, () -> m.copyToAsync((int[]) null, s));
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyFromAsync(a, s), "16 bytes into 0");
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyFromAsync(a, 3, 2, 0, s), "past the array");
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyFromAsync(a, -1, 1, 0, s));
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyFromAsync(a, 0, -1, 0, s));
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyToAsync(0, new short[2], 1, 2, s));
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyToAsync(Long.MAX_VALUE, new char[0], 0, 0, s));
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyFromAsync(new byte[0], 0, 0, -1, s));
            assertThrows(IllegalArgumentException.class, () -> m.copyFromAsync(new double[0], elsewhere), "stream of another device");
            assertThrows(IllegalArgumentException.class, () -> m.copyToAsync(0, ByteBuffer.allocate(0).asReadOnlyBuffer(), s));
            assertThrows(NullPointerException.class, () -> m.copyFromAsync((ByteBuffer) null, 0, s));
            assertThrows(IndexOutOfBoundsException.class, () -> m.copyFromAsync(ByteBuffer.allocate(8), 0, s));
            assertThrows(IllegalArgumentException.class, () -> m.fill(0, elsewhere));
            Stream closed = Stream.wrap(dev, 0x30);
            closed.close();
            assertThrows(IllegalArgumentException.class, () -> m.close(elsewhere));
            assertThrows(IllegalStateException.class, () -> m.close(closed));
            assertFalse(m.isClosed(), "a refused close(stream) leaves the memory open");
        }
    }

    @Test
    void rangeCheckIsOverflowSafe() {
        DeviceMemory.checkRange(0, 0, 0);
        DeviceMemory.checkRange(0, 10, 10);
        DeviceMemory.checkRange(10, 0, 10);
        DeviceMemory.checkRange(3, 7, 10);
        assertThrows(IndexOutOfBoundsException.class, () -> DeviceMemory.checkRange(4, 7, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> DeviceMemory.checkRange(11, 0, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> DeviceMemory.checkRange(-1, 1, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> DeviceMemory.checkRange(1, -1, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> DeviceMemory.checkRange(Long.MAX_VALUE, Long.MAX_VALUE, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> DeviceMemory.checkRange(5, Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @Test
    void closedMemoryRefusesEverythingAndCloseIsIdempotent() {
        DeviceMemory m = DeviceMemory.allocate(dev, 0);
        DeviceMemory view = m.slice(0, 0);
        m.close();
        m.close();
        assertTrue(m.isClosed());
        assertTrue(view.isClosed(), "a view dies with its root");
        assertThrows(IllegalStateException.class, m::address);
        assertThrows(IllegalStateException.class, view::address);
        assertThrows(IllegalStateException.class, () -> m.copyFrom(new byte[0]));
        assertThrows(IllegalStateException.class, () -> m.copyToAsync(new byte[0], Stream.wrap(dev, 0x10)));
        assertThrows(IllegalStateException.class, () -> view.copyTo(new int[0]));
        assertThrows(IllegalStateException.class, () -> m.slice(0, 0));
        assertThrows(IllegalStateException.class, () -> m.fill(0));
        assertThrows(IllegalStateException.class, () -> new KernelArgs().pointer(m));
        DeviceMemory live = DeviceMemory.allocate(dev, 0);
        assertThrows(IllegalStateException.class, () -> live.copyFrom(m), "closed source");
        live.close();
        view.close();
        assertTrue(m.toString().contains("closed"), m.toString());
    }

    @Test
    void streamChecks() {
        assertThrows(NullPointerException.class, () -> Stream.create(null));
        assertThrows(NullPointerException.class, () -> Stream.wrap(null, 1));
        assertThrows(NullPointerException.class, () -> Stream.legacyDefault(null));
        assertThrows(NullPointerException.class, () -> Stream.perThreadDefault(null));
        Stream s = Stream.wrap(dev, 0x1234);
        assertFalse(s.isOwned());
        assertEquals(0x1234, s.handle());
        assertThrows(NullPointerException.class, () -> s.waitFor((Event) null));
        assertThrows(NullPointerException.class, () -> s.waitFor((Stream) null));
        assertThrows(NullPointerException.class, () -> s.launchHostFunc(null));
        s.close();
        s.close();
        assertTrue(s.isClosed());
        assertThrows(IllegalStateException.class, s::handle);
        assertThrows(IllegalStateException.class, s::synchronize);
        assertThrows(IllegalStateException.class, s::isDone);
        assertThrows(IllegalStateException.class, s::isCapturing);
        assertThrows(IllegalStateException.class, s::record);
        assertThrows(IllegalStateException.class, () -> s.launchHostFunc(() -> { }));
        assertThrows(IllegalStateException.class, () -> s.waitFor(Event.wrap(dev, 0x99, Event.DISABLE_TIMING)));
        assertEquals(Stream.PER_THREAD_HANDLE, Stream.perThreadDefault(dev).handle());
        assertEquals(Stream.LEGACY_HANDLE, Stream.legacyDefault(dev).handle());
    }

    @Test
    void eventChecks() {
        assertThrows(IllegalArgumentException.class, () -> Event.create(dev, 0x80));
        assertThrows(IllegalArgumentException.class, () -> Event.create(dev, Event.INTERPROCESS));
        assertThrows(NullPointerException.class, () -> Event.create(null, 0));
        Event timing = Event.wrap(dev, 0x1, Event.DEFAULT);
        Event noTiming = Event.wrap(dev, 0x2, Event.DISABLE_TIMING);
        Event onOther = Event.wrap(other, 0x3, Event.DEFAULT);
        assertThrows(IllegalArgumentException.class, () -> Event.elapsedMillis(timing, noTiming));
        assertThrows(IllegalArgumentException.class, () -> Event.elapsedMillis(timing, onOther));
        assertThrows(NullPointerException.class, () -> Event.elapsedMillis(null, timing));
        assertThrows(NullPointerException.class, () -> timing.record(null));
        assertThrows(IllegalArgumentException.class, () -> timing.record(Stream.wrap(other, 0x10)));
        timing.close();
        timing.close();
        assertTrue(timing.isClosed());
        assertThrows(IllegalStateException.class, timing::handle);
        assertThrows(IllegalStateException.class, () -> timing.record(Stream.wrap(dev, 0x10)));
        assertThrows(IllegalStateException.class, timing::synchronize);
        assertThrows(IllegalStateException.class, timing::isDone);
    }

    @Test
    void launchChecks() {
        Stream s = Stream.wrap(dev, 0x10);
        KernelArgs a = new KernelArgs();
        Kernel.checkLaunch(Dim3.of(1), Dim3.of(1024), 0, s, a);
        Kernel.checkLaunch(Dim3.of(Integer.MAX_VALUE, 65535, 65535), Dim3.of(16, 16, 4), 48 << 10, s, a);
        assertThrows(NullPointerException.class, () -> Kernel.checkLaunch(null, Dim3.of(1), 0, s, a));
        assertThrows(NullPointerException.class, () -> Kernel.checkLaunch(Dim3.of(1), null, 0, s, a));
        assertThrows(NullPointerException.class, () -> Kernel.checkLaunch(Dim3.of(1), Dim3.of(1), 0, null, a));
        assertThrows(NullPointerException.class, () -> Kernel.checkLaunch(Dim3.of(1), Dim3.of(1), 0, s, null));
        assertThrows(IllegalArgumentException.class, () -> Kernel.checkLaunch(Dim3.of(1), Dim3.of(1), -1, s, a));
        assertThrows(IllegalArgumentException.class, () -> Kernel.checkLaunch(Dim3.of(1), Dim3.of(1025), 0, s, a));
        assertThrows(IllegalArgumentException.class, () -> Kernel.checkLaunch(Dim3.of(1), Dim3.of(32, 32, 2), 0, s, a));
        assertThrows(IllegalArgumentException.class, () -> Kernel.checkLaunch(Dim3.of(1, 65536), Dim3.of(1), 0, s, a));
        assertThrows(IllegalArgumentException.class, () -> Kernel.checkLaunch(Dim3.of(1, 1, 65536), Dim3.of(1), 0, s, a));
        assertThrows(IllegalArgumentException.class, () -> Kernel.checkLaunch(Dim3.of(1), Dim3.of(1, 1, 65), 0, s, a));
    }

    @Test
    void graphChecks() {
        Stream s = Stream.wrap(dev, 0x10);
        assertThrows(NullPointerException.class, () -> Graph.record(null, () -> { }));
        assertThrows(NullPointerException.class, () -> Graph.record(s, null));
        assertThrows(NullPointerException.class, () -> Graph.capture(s, null));
        assertThrows(IllegalArgumentException.class, () -> Graph.capture(Stream.legacyDefault(dev), () -> { }));
        assertThrows(IllegalArgumentException.class, () -> Graph.capture(Stream.wrap(dev, 0), () -> { }));
        Stream closed = Stream.wrap(dev, 0x10);
        closed.close();
        assertThrows(IllegalStateException.class, () -> Graph.capture(closed, () -> { }));
    }

    @Test
    void deviceChecks() {
        assertEquals(7, dev.ordinal());
        assertEquals("cuda:7", dev.toString());
        assertThrows(NullPointerException.class, () -> dev.canAccessPeer(null));
        assertThrows(NullPointerException.class, () -> dev.enablePeerAccess(null));
        assertThrows(IllegalArgumentException.class, () -> dev.enablePeerAccess(dev));
    }

    @Test
    void moduleChecks() {
        assertThrows(NullPointerException.class, () -> Module.load(null, new byte[1]));
        assertThrows(NullPointerException.class, () -> Module.load(dev, null));
        assertThrows(IllegalArgumentException.class, () -> Module.load(dev, new byte[0]));
    }

    @Test
    void pinnedMemoryChecks() {
        assertThrows(IllegalArgumentException.class, () -> PinnedMemory.allocate(-1));
        assertThrows(NullPointerException.class, () -> PinnedMemory.register(null));
        assertThrows(IllegalArgumentException.class, () -> PinnedMemory.register(MemorySegment.ofArray(new byte[16])));
        PinnedMemory empty = PinnedMemory.allocate(0);
        assertEquals(0, empty.byteSize());
        assertEquals(0, empty.segment().byteSize());
        empty.close();
        empty.close();
        assertTrue(empty.isClosed());
        assertThrows(IllegalStateException.class, empty::segment);
        try (Arena arena = Arena.ofConfined()) {
            PinnedMemory none = PinnedMemory.register(arena.allocate(0));
            none.close();
        }
    }

    @Test
    void freedHostMemoryIsRefusedBeforeCopying() {
        MemorySegment dead;
        try (Arena arena = Arena.ofConfined()) {
            dead = arena.allocate(8);
        }
        MemorySegment finalDead = dead;
        assertThrows(IllegalStateException.class,
                () -> HostCopies.toDevice(0x1000, finalDead, 0, 8, null, "copy"));
        assertThrows(IllegalStateException.class,
                () -> HostCopies.toHost(finalDead, 0, 0x1000, 8, null, "copy"));
        assertThrows(IllegalArgumentException.class,
                () -> HostCopies.toHost(MemorySegment.ofArray(new byte[8]).asReadOnly(), 0, 0x1000, 8, null, "copy"));
    }
}

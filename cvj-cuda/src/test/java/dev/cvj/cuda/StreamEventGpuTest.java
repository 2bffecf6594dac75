package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.SanitizerMode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@GpuTest
class StreamEventGpuTest {
    @Test
    void asyncCopiesOnTwoStreamsOrderedByAnEvent() {
        Device dev = Device.get(0);
        // large enough that s2 would overtake s1 if it did not wait (under a sanitizer the copies are checked and
        // slow anyway: 64 MiB)
        long n = SanitizerMode.pick(256L << 20, 64L << 20);
        try (Stream s1 = Stream.create(dev); Stream s2 = Stream.create(dev);
             PinnedMemory in = PinnedMemory.allocate(n); PinnedMemory out = PinnedMemory.allocate(n);
             DeviceMemory a = DeviceMemory.allocate(dev, n); DeviceMemory b = DeviceMemory.allocate(dev, n)) {
            long seed = System.nanoTime();
            MemorySegment src = in.segment();
            for (long k = 0; k < n; k += 8) {
                src.set(ValueLayout.JAVA_LONG, k, seed + k * 31);
            }
            a.fill(0);
            a.copyFrom(src, 0, s1);
            try (Event done = s1.record()) {
                s2.waitFor(done);
                b.copyFrom(a, 0, s2);
                b.copyTo(0, out.segment(), s2);
            }
            s2.synchronize();
            assertTrue(s2.isDone());
            assertEquals(-1, src.mismatch(out.segment()));
        }
    }

    @Test
    void streamWaitsForStream() {
        Device dev = Device.get(0);
        int n = 1 << 24;
        try (Stream s1 = Stream.create(dev); Stream s2 = Stream.create(dev);
             PinnedMemory in = PinnedMemory.allocate(n); PinnedMemory out = PinnedMemory.allocate(n);
             DeviceMemory a = DeviceMemory.allocate(dev, n)) {
            in.segment().fill((byte) 0x3C);
            a.copyFrom(in.segment(), 0, s1);
            s2.waitFor(s1);
            a.copyTo(0, out.segment(), s2);
            s2.synchronize();
            assertEquals(-1, in.segment().mismatch(out.segment()));
        }
    }

    @Test
    void eventTimingAndQueries() {
        Device dev = Device.get(0);
        try (Stream s = Stream.create(dev); Event start = Event.create(dev, Event.DEFAULT); Event end = Event.create(dev, Event.DEFAULT);
             DeviceMemory m = DeviceMemory.allocate(dev, 64L << 20)) {
            assertTrue(start.isDone(), "a never-recorded event is done");
            start.record(s);
            m.fill(1, s);
            end.record(s);
            end.synchronize();
            assertTrue(end.isDone());
            float ms = Event.elapsedMillis(start, end);
            assertTrue(ms >= 0 && ms < 10_000, "elapsed " + ms);
        }
    }

    @Test
    void hostFunctionRunsInStreamOrder() throws InterruptedException {
        Device dev = Device.get(0);
        int n = 1 << 20;
        try (Stream s = Stream.create(dev); PinnedMemory host = PinnedMemory.allocate(n); DeviceMemory m = DeviceMemory.allocate(dev, n)) {
            m.fill(0x7F, s);
            m.copyTo(0, host.segment(), s);
            AtomicInteger seen = new AtomicInteger(-1);
            CountDownLatch ran = new CountDownLatch(1);
            MemorySegment h = host.segment();
            s.launchHostFunc(() -> {
                seen.set(h.get(ValueLayout.JAVA_BYTE, n - 1)); // the copy before it is done
                ran.countDown();
            });
            s.synchronize();
            assertTrue(ran.await(10, TimeUnit.SECONDS));
            assertEquals(0x7F, seen.get());
        }
    }

    @Test
    void streamPropertiesAndClose() {
        Device dev = Device.get(0);
        int[] range = Stream.priorityRange(dev);
        assertTrue(range[1] <= range[0], "greatest priority is numerically lowest");
        Stream s = Stream.create(dev, true, range[1]);
        assertEquals(range[1], s.priority());
        assertFalse(s.isCapturing());
        assertTrue(s.isOwned());
        assertSame(dev, s.device());
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, s::synchronize);
        Stream.perThreadDefault(dev).synchronize();
        Stream.legacyDefault(dev).synchronize();
    }

    @Test
    void deviceBasics() {
        Device dev = Device.get(0);
        assertSame(dev, Device.get(0));
        assertThrows(IllegalArgumentException.class, () -> Device.get(Device.count()));
        assertThrows(IllegalArgumentException.class, () -> Device.get(-1));
        assertTrue(dev.computeCapability() >= 75);
        assertTrue(dev.multiprocessorCount() > 0);
        assertFalse(dev.name().isBlank());
        assertTrue(dev.pciBusId().contains(":"), dev.pciBusId());
        Device.MemoryInfo info = dev.memoryInfo();
        assertTrue(info.total() > 0 && info.free() <= info.total());
        assertTrue(Device.driverVersion() >= 12000);
        assertTrue(Device.isAvailable());
        try (Device.Scope _ = dev.enter()) {
            assertSame(dev, Device.current());
        }
        Device.Scope sc = dev.enter();
        sc.close();
        sc.close(); // idempotent
        dev.synchronize();
    }
}

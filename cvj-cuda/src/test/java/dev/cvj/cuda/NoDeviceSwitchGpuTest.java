package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.test.GpuTest;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The calls that no longer switch the current device (Event.isDone / synchronize, allocateAsync and close(stream)
 * on a cvj stream): they work from a thread that never made any device current, keep the device the caller made
 * current, still move real data, and still refuse use after close.
 */
@GpuTest
class NoDeviceSwitchGpuTest {

    private static void onFreshThread(Runnable r) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void eventsAndAsyncMemoryFromAFreshThread() throws InterruptedException {
        Device dev = Device.get(0);
        try (Stream s = Stream.create(dev); Event e = Event.create(dev, Event.DEFAULT)) {
            onFreshThread(() -> {
                assertTrue(e.isDone(), "a never-recorded event is done");
                e.synchronize();
                byte[] data = new byte[1 << 20];
                new Random(7).nextBytes(data);
                for (int i = 0; i < 3; i++) {
                    DeviceMemory m = DeviceMemory.allocateAsync(data.length, s);
                    m.copyFrom(java.lang.foreign.MemorySegment.ofArray(data), 0, s);
                    byte[] back = new byte[data.length];
                    m.copyTo(0, java.lang.foreign.MemorySegment.ofArray(back), s);
                    e.record(s);
                    e.synchronize();
                    assertTrue(e.isDone());
                    assertArrayEquals(data, back);
                    m.close(s);
                    assertTrue(m.isClosed());
                    assertThrows(IllegalStateException.class, m::address, "use after close");
                    m.close(s); // idempotent
                }
                s.synchronize();
            });
        }
    }

    @Test
    void currentDeviceIsLeftAsTheCallerSetIt() {
        Device dev = Device.get(0);
        dev.makeCurrent();
        try (Stream s = Stream.create(dev); Event e = Event.create(dev, Event.DEFAULT)) {
            DeviceMemory m = DeviceMemory.allocateAsync(4096, s);
            m.fill(0x5A, s);
            e.record(s);
            e.synchronize();
            assertTrue(e.isDone());
            byte[] back = new byte[4096];
            m.copyTo(0, java.lang.foreign.MemorySegment.ofArray(back), s);
            s.synchronize();
            for (byte b : back) {
                assertEquals((byte) 0x5A, b);
            }
            m.close(s);
            s.synchronize();
            assertEquals(dev.ordinal(), Device.currentOrdinal());
        }
    }

    @Test
    void closedEventStillRefused() {
        Device dev = Device.get(0);
        Event e = Event.create(dev, Event.DEFAULT);
        e.close();
        assertThrows(IllegalStateException.class, e::isDone);
        assertThrows(IllegalStateException.class, e::synchronize);
    }
}

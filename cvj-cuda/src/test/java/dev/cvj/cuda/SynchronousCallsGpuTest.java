package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.SanitizerMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * The stream-less {@code DeviceMemory} calls documented as synchronous are complete when they return, so work
 * queued next on a non-blocking stream sees their result. cudaMemset, device-to-device cudaMemcpy and cudaMemcpy
 * from pageable memory may return before their work has run and are not ordered before non-blocking streams;
 * racecheck caught a test reading a buffer whose {@code fill(0)} had not run yet. Each check writes a large
 * buffer (so the write takes long enough to race), then reads its last bytes through a non-blocking stream.
 */
@GpuTest
class SynchronousCallsGpuTest {
    private static final long BYTES = SanitizerMode.pick(512L << 20, 16L << 20);
    private static final int TAIL = 4096;

    @Test
    void fillIsCompleteWhenItReturns() {
        Device dev = Device.get(0);
        try (Stream s = Stream.create(dev); DeviceMemory m = DeviceMemory.allocate(dev, BYTES)) {
            for (int v = 1; v <= 5; v++) {
                m.fill(v);
                assertTail(m, s, v, "fill(" + v + ")");
            }
        }
    }

    @Test
    void deviceToDeviceCopyIsCompleteWhenItReturns() {
        Device dev = Device.get(0);
        try (Stream s = Stream.create(dev); DeviceMemory a = DeviceMemory.allocate(dev, BYTES);
             DeviceMemory b = DeviceMemory.allocate(dev, BYTES)) {
            for (int v = 1; v <= 5; v++) {
                a.fill(v, s);
                s.synchronize();
                b.copyFrom(a);
                assertTail(b, s, v, "copyFrom(device memory) of " + v);
                b.fill(0, s); // 2D: the same copy as one pitched copy of 2 rows
                s.synchronize();
                b.copy2DFrom(0, BYTES / 2, a, 0, BYTES / 2, BYTES / 2, 2, null);
                assertTail(b, s, v, "copy2DFrom(device memory) of " + v);
            }
        }
    }

    @Test
    void copyFromPageableNativeMemoryIsCompleteWhenItReturns() {
        Device dev = Device.get(0);
        try (Arena arena = Arena.ofConfined(); Stream s = Stream.create(dev);
             DeviceMemory m = DeviceMemory.allocate(dev, BYTES)) {
            MemorySegment host = arena.allocate(BYTES, 64);
            for (int v = 1; v <= 3; v++) {
                host.fill((byte) v);
                m.copyFrom(host, 0, null);
                assertTail(m, s, v, "copyFrom(native segment) of " + v);
            }
        }
    }

    /** The last TAIL bytes of {@code m}, read on the non-blocking stream {@code s}, are all {@code v}. */
    private static void assertTail(DeviceMemory m, Stream s, int v, String what) {
        Device dev = m.device();
        try (Arena arena = Arena.ofConfined(); DeviceMemory tail = DeviceMemory.allocate(dev, TAIL)) {
            tail.copyFrom(m.slice(m.byteSize() - TAIL, TAIL), 0, s); // queued on s right after the call
            MemorySegment out = arena.allocate(TAIL);
            tail.copyTo(0, out, s);
            s.synchronize();
            for (int i = 0; i < TAIL; i++) {
                assertEquals((byte) v, out.get(ValueLayout.JAVA_BYTE, i), what + ": byte " + i + " of the tail");
            }
        }
    }
}

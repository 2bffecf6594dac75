package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvj.cuda.test.GpuTest;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Checks that need two devices. */
@GpuTest
@Tag("multigpu")
class MultiGpuTest {
    @Test
    void wrongDeviceIsRejected() {
        assumeTrue(Device.count() >= 2, "needs 2 GPUs, this machine has " + Device.count());
        Device d0 = Device.get(0);
        Device d1 = Device.get(1);
        try (Module m = TestKernels.load(d0); Stream s1 = Stream.create(d1); DeviceMemory on1 = DeviceMemory.allocate(d1, 1024)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.kernel("empty").launch(Dim3.of(1), Dim3.of(1), 0, s1, new KernelArgs()));
            assertTrue(e.getMessage().contains("lives on cuda:0"), e.getMessage());
            IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> DeviceMemory.wrap(d0, on1.address(), 1024));
            assertTrue(w.getMessage().contains("memory of cuda:1"), w.getMessage());
            assertThrows(IllegalArgumentException.class, () -> on1.copyFromAsync(new byte[4], Stream.perThreadDefault(d0)));
            try (Event e0 = Event.create(d0, Event.DISABLE_TIMING)) {
                assertThrows(IllegalArgumentException.class, () -> e0.record(s1));
            }
        }
    }

    @Test
    void peerCopyWithAndWithoutPeerAccess() {
        assumeTrue(Device.count() >= 2, "needs 2 GPUs, this machine has " + Device.count());
        Device d0 = Device.get(0);
        Device d1 = Device.get(1);
        byte[] src = new byte[1 << 20];
        new Random().nextBytes(src);
        try (DeviceMemory a = DeviceMemory.allocate(d0, src.length); DeviceMemory b = DeviceMemory.allocate(d1, src.length);
             Stream s1 = Stream.create(d1)) {
            a.copyFrom(src);
            b.copyFrom(a, 0, s1);
            byte[] back = new byte[src.length];
            b.copyToAsync(back, s1);
            assertArrayEquals(src, back);
            if (d1.canAccessPeer(d0)) {
                d1.enablePeerAccess(d0);
                assertFalse(d1.enablePeerAccess(d0), "already enabled");
            }
        }
    }
}

package dev.cvj.cuda;

import dev.cvj.cuda.test.TestKernels;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvj.cuda.test.ChildJvm;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.RequiresGpus;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Checks that need two devices; every test runs with device 0 current and checks it still is afterwards. */
@GpuTest
@Tag("multigpu")
@RequiresGpus(2)
class MultiGpuTest {
    private final Random random = new Random();

    @BeforeEach
    void deviceZeroIsCurrent() {
        Device.get(0).makeCurrent();
    }

    private static void stillOnDeviceZero() {
        assertEquals(0, Device.current().ordinal(), "the thread's current device changed");
    }

    @Test
    void wrongDeviceIsRejected() {
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
        stillOnDeviceZero();
    }

    @Test
    void memoryOnDeviceOneFromAThreadOnDeviceZero() {
        Device d1 = Device.get(1);
        byte[] src = new byte[(1 << 16) + random.nextInt(1000)];
        random.nextBytes(src);
        try (DeviceMemory m = DeviceMemory.allocate(d1, src.length); Stream s1 = Stream.create(d1)) {
            assertSame(d1, m.device());
            assertSame(d1, DeviceMemory.deviceOf(m.address()), "the driver says the memory is on device 1");
            m.copyFrom(src);
            byte[] back = new byte[src.length];
            m.copyTo(back);
            assertArrayEquals(src, back);
            try (DeviceMemory a = DeviceMemory.allocateAsync(src.length, s1)) {
                assertSame(d1, DeviceMemory.deviceOf(a.address()));
                a.copyFrom(m, 0, s1);
                byte[] again = new byte[src.length];
                a.copyToAsync(again, s1);
                assertArrayEquals(src, again);
            }
        }
        stillOnDeviceZero();
    }

    @Test
    void peerCopyWithoutPeerAccessInAFreshProcess() throws Exception {
        ChildJvm.Result r = ChildJvm.run(PeerCopyMain.class, 120, Device.class);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("OK peer copies"), r.output());
        System.out.println(r.output().strip());
    }

    @Test
    void peerCopyWithAndWithoutPeerAccess() {
        Device d0 = Device.get(0);
        Device d1 = Device.get(1);
        byte[] src = new byte[(1 << 20) + random.nextInt(4096)];
        random.nextBytes(src);
        try (DeviceMemory a = DeviceMemory.allocate(d0, src.length); DeviceMemory b = DeviceMemory.allocate(d1, src.length);
             DeviceMemory c = DeviceMemory.allocate(d0, src.length); Stream s1 = Stream.create(d1)) {
            a.copyFrom(src);
            // Peer copies before any peer access is enabled (cudaMemcpyPeer stages through the host if it must).
            b.copyFrom(a, 0, s1);
            byte[] back = new byte[src.length];
            b.copyToAsync(back, s1);
            assertArrayEquals(src, back, "0 -> 1 on a device-1 stream");
            c.fill(0);
            c.copyFrom(b); // synchronous, 1 -> 0
            byte[] round = new byte[src.length];
            c.copyTo(round);
            assertArrayEquals(src, round, "1 -> 0, synchronous");
            boolean p01 = d0.canAccessPeer(d1);
            boolean p10 = d1.canAccessPeer(d0);
            System.out.println("canAccessPeer 0->1 " + p01 + ", 1->0 " + p10);
            if (p10) {
                d1.enablePeerAccess(d0);
                assertFalse(d1.enablePeerAccess(d0), "already enabled");
            }
            if (p01) {
                d0.enablePeerAccess(d1);
                assertFalse(d0.enablePeerAccess(d1), "already enabled");
            }
            assertThrows(IllegalArgumentException.class, () -> d0.enablePeerAccess(d0));
            // The same copies with peer access (when the machine has it).
            random.nextBytes(src);
            a.copyFrom(src);
            b.copyFrom(a, 0, s1);
            b.copyToAsync(back, s1);
            assertArrayEquals(src, back, "0 -> 1 with peer access " + p10);
            c.fill(0);
            c.copyFrom(b);
            c.copyTo(round);
            assertArrayEquals(src, round, "1 -> 0 with peer access " + p01);
        }
        stillOnDeviceZero();
    }
}

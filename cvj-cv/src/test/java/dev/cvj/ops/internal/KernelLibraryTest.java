package dev.cvj.ops.internal;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvj.cuda.KernelArgs;
import org.junit.jupiter.api.Test;

class KernelLibraryTest {
    @Test
    void missingFatbinSaysHowTheJarWasBuilt() {
        KernelLibrary lib = new KernelLibrary("/dev/cvj/ops/kernels/does-not-exist.fatbin");
        var e = assertThrows(IllegalStateException.class, lib::image);
        assertTrue(e.getMessage().contains("skipKernels"), e.getMessage());
        assertTrue(e.getMessage().contains("does-not-exist.fatbin"), e.getMessage());
    }

    @Test
    void bundledFatbinIsAFatbinOrClearlyMissing() {
        if (KernelLibrary.isAvailable()) {
            byte[] b = KernelLibrary.fatbin();
            // fatbin magic 0xBA55ED50, little-endian
            assertEquals((byte) 0x50, b[0]);
            assertEquals((byte) 0xED, b[1]);
            assertEquals((byte) 0x55, b[2]);
            assertEquals((byte) 0xBA, b[3]);
        } else {
            var e = assertThrows(IllegalStateException.class, KernelLibrary::fatbin);
            assertTrue(e.getMessage().contains("skipKernels"), e.getMessage());
        }
    }

    @Test
    void imageGrids() {
        assertEquals(new dev.cvj.cuda.Dim3(20, 60, 2), Launch.imageGrid(640, 480, 2));
        assertEquals(new dev.cvj.cuda.Dim3(2, 2, 1), Launch.imageGrid(33, 9, 1));
        assertEquals(new dev.cvj.cuda.Dim3(1, 1, 1), Launch.imageGrid(32, 8, 0));
        assertEquals(new dev.cvj.cuda.Dim3(1, 1, 1), Launch.imageGrid(1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Launch.imageGrid(1, 65535L * 8 + 1, 1));
        assertEquals(65535, Launch.imageGrid(1, 65535L * 8, 1).y());
        assertThrows(IllegalArgumentException.class, () -> Launch.imageGrid(1, 1, 65536));
        assertThrows(IllegalArgumentException.class, () -> Launch.imageGrid(-1, 1, 1));
    }

    @Test
    void argsAreReusedPerThreadAndCleared() throws Exception {
        KernelArgs a = Launch.args().i32(1).i64(2);
        assertEquals(2, a.count());
        KernelArgs b = Launch.args();
        assertSame(a, b);
        assertEquals(0, b.count());
        KernelArgs[] other = new KernelArgs[1];
        Thread t = new Thread(() -> other[0] = Launch.args());
        t.start();
        t.join();
        assertNotSame(a, other[0]);
    }
}

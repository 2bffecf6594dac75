package dev.cvj.ops.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Dim3;
import org.junit.jupiter.api.Test;

/**
 * Grids CUDA would refuse, or that would wrap a kernel's 32-bit pixel index, are refused before any kernel is
 * touched (a null kernel: no GPU needed), with a message saying which limit.
 */
class LaunchLimitsTest {
    @Test
    void blocksOutsideCudasGridLimitsAreRefused() {
        for (int[] g : new int[][] {{0, 1, 1, 128}, {-5, 1, 1, 128}, {1, 65536, 1, 128}, {1, 1, 65536, 128},
                {1, 0, 1, 128}, {1, 1, 1, 0}, {1, 1, 1, 2048}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Launch.blocks(null, g[0], g[1], g[2], g[3], null, null));
            assertTrue(e.getMessage().contains("CUDA allows"), e.getMessage());
        }
    }

    @Test
    void pixelGridsRefuseHeightsBatchesAndWidthsPastTheLimits() {
        assertEquals(Dim3.of(1, 65535, 65535), Launch.pixelGrid(512, 65535, 65535));
        int widest = Integer.MAX_VALUE - Launch.PIXEL_BLOCK * Launch.PIXELS_PER_THREAD;
        assertEquals(Dim3.blocksFor(widest, 512), Launch.pixelGrid(widest, 1, 1).x());
        for (int[] s : new int[][] {{1, 65536, 1}, {1, 1, 65536}, {widest + 1, 1, 1}, {Integer.MAX_VALUE, 1, 1}, {-1, 1, 1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Launch.pixelGrid(s[0], s[1], s[2]));
            assertTrue(e.getMessage().contains("GPU launch"), e.getMessage());
        }
    }

    @Test
    void imageGridsRefuseTallImagesAndLargeBatches() {
        assertThrows(IllegalArgumentException.class, () -> Launch.imageGrid(1, 8L * 65536, 1));
        assertThrows(IllegalArgumentException.class, () -> Launch.imageGrid(1, 1, 65536));
        assertEquals(Dim3.of(1, 65535, 1), Launch.imageGrid(1, 8L * 65535, 1));
    }
}

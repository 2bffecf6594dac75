package dev.cvj.ops.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The checks of {@link Launch#warpSegments} that come before any kernel is touched (no GPU needed). */
class LaunchWarpSegmentsTest {

    @Test
    void emptyImagesLaunchNothing() {
        // A null kernel would throw if it were used: sizes of 0 must return first.
        assertDoesNotThrow(() -> Launch.warpSegments(null, 0, 10, 1, 8, null, null));
        assertDoesNotThrow(() -> Launch.warpSegments(null, 10, 0, 1, 8, null, null));
        assertDoesNotThrow(() -> Launch.warpSegments(null, 10, 10, 0, 8, null, null));
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Launch.warpSegments(null, -1, 10, 1, 8, null, null));
        assertThrows(IllegalArgumentException.class, () -> Launch.warpSegments(null, 10, 10, 1, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> Launch.warpSegments(null, 10, 10, 70_000, 8, null, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Launch.warpSegments(null, 1L << 20, 1L << 17, 1, 8, null, null));
        assertTrue(e.getMessage().contains("warps"), e.getMessage());
    }
}

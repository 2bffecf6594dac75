package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Grid sizes: ceil(n / block), with a clear error instead of a wrapped count. */
class Dim3Test {
    @Test
    void blocksForRoundsUp() {
        assertEquals(1, Dim3.blocksFor(0, 256));
        assertEquals(1, Dim3.blocksFor(1, 256));
        assertEquals(1, Dim3.blocksFor(256, 256));
        assertEquals(2, Dim3.blocksFor(257, 256));
        assertEquals(Integer.MAX_VALUE, Dim3.blocksFor(Integer.MAX_VALUE * 256L, 256));
    }

    @Test
    void hugeCountsAreRefusedNotWrapped() {
        // n + block - 1 overflowed to a negative count, which came back as one block
        assertThrows(IllegalArgumentException.class, () -> Dim3.blocksFor(Long.MAX_VALUE, 256));
        assertThrows(IllegalArgumentException.class, () -> Dim3.blocksFor(Integer.MAX_VALUE * 256L + 1, 256));
        assertThrows(IllegalArgumentException.class, () -> Dim3.blocksFor(-1, 256));
        assertThrows(IllegalArgumentException.class, () -> Dim3.blocksFor(10, 0));
    }
}

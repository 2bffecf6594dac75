package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.cuda.test.GpuTest;
import org.junit.jupiter.api.Test;

/**
 * Stream-ordered memory freed without its stream (closed after the stream, or by the cleaner) goes back to
 * the pool's counters too. It was freed with cudaFree, after which MemoryPool.usedBytes kept counting it.
 */
@GpuTest
class PoolAccountingGpuTest {
    @Test
    void closingAfterTheStreamClosedGivesTheBytesBackToThePool() {
        Device dev = Device.get(0);
        MemoryPool pool = dev.memoryPool();
        dev.synchronize();
        long before = pool.usedBytes();
        Stream s = Stream.create(dev);
        DeviceMemory m = DeviceMemory.allocateAsync(64L << 20, s);
        m.fill(7, s);
        s.synchronize();
        assertEquals(before + (64L << 20), pool.usedBytes());
        s.close();
        m.close(); // the allocating stream is gone
        dev.synchronize();
        assertEquals(before, pool.usedBytes());
    }
}

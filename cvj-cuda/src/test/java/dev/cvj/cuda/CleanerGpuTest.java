package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.test.ChildJvm;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.SanitizerMode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The safety net: device memory dropped without close is freed by the cleaner, with a warning that names
 * where it was allocated ({@code -Dcvj.trackAllocations=true}, read once per JVM, hence the child JVM).
 */
@GpuTest
class CleanerGpuTest {
    @Test
    void droppedMemoryIsFreedAndTheLogNamesTheAllocationSite() throws IOException, InterruptedException {
        ChildJvm.Result r = ChildJvm.run(CleanerMain.class, List.of("-Dcvj.trackAllocations=true"), List.of(), 120, Device.class);
        String text = r.output();
        assertEquals(0, r.exitCode(), text);
        assertTrue(text.contains("LINES=2"), text);
        assertTrue(text.contains("SITE=true"), "each warning names CleanerMain.dropAllocations: " + text);
        assertTrue(text.contains("never closed; freed by the cleaner"), text);
        if (!SanitizerMode.active()) {
            // cudaMemGetInfo is device-wide: under compute-sanitizer the tool's own allocations and the other
            // shards' processes move it, so there only the warnings and the (per-process) pool counter are checked.
            long held = value(text, "HELD=");
            long freed = value(text, "FREED=");
            assertTrue(held >= 2 * CleanerMain.BYTES, "the two allocations held 512 MiB: " + text);
            assertTrue(freed >= 2 * CleanerMain.BYTES, "the cleaner gave back what was dropped: " + text);
            assertTrue(Math.abs(value(text, "GROWTH=")) < (8 << 20), "device memory back to its starting level: " + text);
        }
        assertEquals(0, value(text, "POOL_USED_GROWTH="), text);
    }

    private static long value(String text, String key) {
        int i = text.indexOf(key);
        assertTrue(i >= 0, key + " missing: " + text);
        int e = text.indexOf('\n', i);
        return Long.parseLong(text.substring(i + key.length(), e < 0 ? text.length() : e).trim());
    }
}

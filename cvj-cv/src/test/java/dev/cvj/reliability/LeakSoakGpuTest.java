package dev.cvj.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.SanitizerMode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The leak soak: a short run in the gpu suite, the full 10^6 cycles under tag {@code soak}
 * ({@code bash scripts/gpu-test.sh --tag soak}; {@code -Dcvj.soak.cycles} changes the count).
 */
@GpuTest
class LeakSoakGpuTest {
    @Test
    void shortSoakReturnsToItsStartingLevel() {
        // under a sanitizer every cycle's kernel and CUDA calls are checked: 1,500 cycles (each of the 228 kinds of
        // cycle 6 times), with time to spare
        check(SanitizerMode.pick(30_000, 1_500), SanitizerMode.pick(120.0, 400.0));
    }

    @Test
    @Tag("soak")
    void millionCycles() {
        check(Long.getLong("cvj.soak.cycles", 1_000_000), Double.parseDouble(System.getProperty("cvj.soak.maxSeconds", "3600")));
    }

    private static void check(long cycles, double maxSeconds) {
        long seed = System.nanoTime();
        LeakSoak.Report r = LeakSoak.run(cycles, maxSeconds, seed, System.out);
        System.out.println("soak (seed " + seed + "): " + r);
        assertEquals(cycles, r.cycles(), "ran out of time: " + r);
        assertNull(SoakMain.verdict(r, !SanitizerMode.active()), r.toString());
    }
}

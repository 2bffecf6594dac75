package dev.cvj.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.SanitizerMode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The concurrency stress ({@link Stress}): 15 s in the gpu suite; the long run under tag {@code soak}
 * ({@code bash scripts/gpu-test.sh --tag soak}; {@code -Dcvj.stress.minutes}, default 10).
 */
@GpuTest
class ConcurrencyStressGpuTest {
    @Test
    void sixteenThreadsBriefly() throws InterruptedException {
        check(SanitizerMode.pick(15.0, 10.0));
    }

    @Test
    @Tag("soak")
    void sixteenThreadsForMinutes() throws InterruptedException {
        check(60 * Double.parseDouble(System.getProperty("cvj.stress.minutes", "10")));
    }

    private static void check(double seconds) throws InterruptedException {
        long seed = System.nanoTime();
        // the watchdog: no progress for 120 s is a hang (300 s under a sanitizer, which instruments each kernel
        // the first time it is launched)
        Stress.Report r = Stress.run(16, 2, seconds, seed, SanitizerMode.pick(120.0, 300.0), System.out);
        System.out.println("stress (seed " + seed + "): " + r);
        assertTrue(r.failures().isEmpty(), r + "\n" + String.join("\n", r.failures().subList(0, Math.min(20, r.failures().size()))));
        assertFalse(r.stalled(), r.toString());
        assertTrue(r.chains() > 0 && r.shared() > 0, "nothing ran: " + r);
    }
}

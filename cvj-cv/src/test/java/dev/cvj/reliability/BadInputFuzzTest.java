package dev.cvj.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10^5 random malformed calls on host tensors and the interface / DLPack / validation layers (no GPU needed):
 * each ends normally or in a documented exception (see {@link BadInputFuzzer}); a hang fails the timeout.
 * {@code -Dcvj.fuzz.calls} and {@code -Dcvj.fuzz.seed} change the count and the seed.
 */
class BadInputFuzzTest {
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void malformedCallsEndInDocumentedExceptions() {
        long calls = Long.getLong("cvj.fuzz.calls", 100_000);
        long seed = Long.getLong("cvj.fuzz.seed", System.nanoTime());
        BadInputFuzzer.Result r = BadInputFuzzer.run(calls, seed, false);
        System.out.println("fuzz (host, seed " + seed + "): " + r);
        r.defects().stream().limit(20).forEach(d -> System.out.println("fuzz: DEFECT " + d));
        assertEquals(calls, r.calls());
        assertTrue(r.defects().isEmpty(), r.defects().size() + " calls ended in an undocumented exception (seed " + seed
                + "), first: " + String.join("\n", r.defects().subList(0, Math.min(10, r.defects().size()))));
        assertTrue(r.exceptions().values().stream().mapToLong(Long::longValue).sum() > calls / 2,
                "most calls must be refused, or the generator makes valid calls: " + r);
    }
}

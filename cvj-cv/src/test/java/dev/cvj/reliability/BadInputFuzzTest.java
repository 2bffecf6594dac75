package dev.cvj.reliability;

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
        BadInputFuzzer.runChecked(100_000, false, r -> assertTrue(
                r.exceptions().values().stream().mapToLong(Long::longValue).sum() > r.calls() / 2,
                "most calls must be refused, or the generator makes valid calls: " + r));
    }
}

package dev.cvj.cuda.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** {@link Seeds}: a replayed seed gives the same inputs, and a failure carries the seed that made them. */
class SeedsTest {
    private static volatile long drawn;

    @ExtendWith(Seeds.class)
    static class FailsOnPurpose {
        @Test
        void draws(Random rnd) {
            drawn = rnd.nextLong();
            fail("on purpose");
        }
    }

    @Test
    void aReplayedSeedGivesTheSameInputsAndTheFailureNamesIt() {
        TestExecutionSummary s = InnerRun.run(FailsOnPurpose.class, Map.of(Seeds.SEED, "42"));
        assertEquals(1, s.getTestsFailedCount());
        assertEquals(new Random(42).nextLong(), drawn);
        String why = InnerRun.failures(s);
        assertTrue(why.contains("seed 42 for FailsOnPurpose#draws: rerun with -Dcvj.test.seed=42"), why);
    }

    @Test
    void withoutAReplayEachRunHasItsOwnSeed() {
        assumeTrue(System.getProperty(Seeds.SEED) == null, "this run replays a seed for every test");
        InnerRun.run(FailsOnPurpose.class, Map.of());
        long first = drawn;
        InnerRun.run(FailsOnPurpose.class, Map.of());
        assertNotEquals(first, drawn, "two fresh seeds drew the same first long");
    }
}

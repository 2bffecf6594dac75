package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DecodeSplit}'s checks and {@link SplitPolicy}'s choice of images and its adaptive share, on given times. */
class SplitPolicyTest {
    private static final List<Integer> TEN = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

    private static long[] equalSizes(int n) {
        long[] b = new long[n];
        Arrays.fill(b, 1000);
        return b;
    }

    @Test
    void hardwareOnlyMovesNothing() {
        SplitPolicy p = new SplitPolicy(DecodeSplit.hardwareOnly(), 8);
        assertEquals(List.of(), p.moveToHybrid(TEN, List.of(), equalSizes(10)));
        p.record(10_000, 5, 1000, 1, 5); // ignored
        assertEquals(0.0, p.share());
    }

    @Test
    void aFixedShareMovesTheLastImagesNearestToIt() {
        assertEquals(List.of(5, 6, 7, 8, 9), new SplitPolicy(DecodeSplit.fixed(0.5), 8).moveToHybrid(TEN, List.of(), equalSizes(10)));
        // 0.25 of 10 images is 2.5: the third image would overshoot by as much as it falls short, and is moved
        assertEquals(List.of(7, 8, 9), new SplitPolicy(DecodeSplit.fixed(0.25), 8).moveToHybrid(TEN, List.of(), equalSizes(10)));
        assertEquals(TEN, new SplitPolicy(DecodeSplit.fixed(1), 8).moveToHybrid(TEN, List.of(), equalSizes(10)));
        assertEquals(List.of(), new SplitPolicy(DecodeSplit.fixed(0), 8).moveToHybrid(TEN, List.of(), equalSizes(10)));
    }

    @Test
    void theImagesOnlyTheHybridBackendTakesCountTowardsItsShare() {
        long[] bytes = equalSizes(12);
        // 12 GPU images, half to the hybrid side: the 2 it must take already count, so 4 of the 10 move
        assertEquals(List.of(6, 7, 8, 9), new SplitPolicy(DecodeSplit.fixed(0.5), 8).moveToHybrid(TEN, List.of(10, 11), bytes));
        // the share is one of bytes: one large image is worth many small ones
        bytes[9] = 9000;
        assertEquals(List.of(9), new SplitPolicy(DecodeSplit.fixed(0.5), 8).moveToHybrid(TEN, List.of(), bytes));
    }

    @Test
    void anAdaptiveSplitLeavesSmallBatchesToTheEngines() {
        List<Integer> thirtyOne = java.util.stream.IntStream.range(0, 31).boxed().toList();
        SplitPolicy p = new SplitPolicy(DecodeSplit.adaptive(), 8);
        assertEquals(List.of(), p.moveToHybrid(thirtyOne, List.of(), equalSizes(32)));
        // with one image more than that only the engines take, the batch is split at the initial share (8 of 32)
        assertEquals(8, p.moveToHybrid(thirtyOne, List.of(31), equalSizes(32)).size() + 1);
        assertEquals(DecodeSplit.DEFAULT_INITIAL_SHARE, p.share());
    }

    @Test
    void theAdaptiveShareMakesBothSidesFinishTogether() {
        SplitPolicy p = new SplitPolicy(DecodeSplit.adaptive(0.25, 32), 8);
        // engines: 90,000 bytes in 30 ms = 3000 B/ms; hybrid: 30,000 bytes on 4 of 8 threads in 20 ms = 375 B/ms per
        // thread = 3000 B/ms on all 8: equal speeds, so half each
        p.record(90_000, 30, 30_000, 4, 20);
        assertEquals(0.5, p.share(), 1e-12);
        // next batch: engines 6000 B/ms, hybrid 250 B/ms per thread; averages 0.7 * old + 0.3 * new:
        // engines 0.7 * 3000 + 0.3 * 6000 = 3900, hybrid per thread 0.7 * 375 + 0.3 * 250 = 337.5, times 8 = 2700
        p.record(60_000, 10, 40_000, 8, 20);
        assertEquals(2700.0 / (2700 + 3900), p.share(), 1e-12);
    }

    @Test
    void aSideWithoutWorkKeepsItsAverage() {
        SplitPolicy p = new SplitPolicy(DecodeSplit.adaptive(0.25, 32), 2);
        p.record(10_000, 10, 0, 0, 0); // only the engines measured: no share yet
        assertEquals(0.25, p.share());
        p.record(0, 0, 1000, 1, 10); // hybrid 100 B/ms per thread, 200 on 2; engines still 1000
        assertEquals(200.0 / 1200, p.share(), 1e-12);
    }

    @Test
    void theAdaptiveShareStaysWhereBothSidesAreMeasured() {
        SplitPolicy slowHybrid = new SplitPolicy(DecodeSplit.adaptive(), 8);
        slowHybrid.record(1_000_000, 10, 100, 1, 100);
        assertEquals(SplitPolicy.MIN_ADAPTIVE_SHARE, slowHybrid.share());
        SplitPolicy slowEngines = new SplitPolicy(DecodeSplit.adaptive(), 8);
        slowEngines.record(100, 100, 1_000_000, 8, 10);
        assertEquals(SplitPolicy.MAX_ADAPTIVE_SHARE, slowEngines.share());
        assertEquals(SplitPolicy.MIN_ADAPTIVE_SHARE, new SplitPolicy(DecodeSplit.adaptive(0, 1), 8).share());
    }

    @Test
    void aFixedShareDoesNotAdapt() {
        SplitPolicy p = new SplitPolicy(DecodeSplit.fixed(0.3), 8);
        p.record(90_000, 30, 30_000, 4, 20);
        assertEquals(0.3, p.share());
    }

    @Test
    void badOptionsAreRejectedWithTheirValue() {
        for (double bad : new double[] {-0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DecodeSplit.fixed(bad));
            assertTrue(e.getMessage().startsWith("DecodeSplit.fixed: ") && e.getMessage().contains(String.valueOf(bad)), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> DecodeSplit.adaptive(bad, 32));
            assertTrue(e.getMessage().startsWith("DecodeSplit.adaptive: "), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DecodeSplit.adaptive(0.25, 0));
        assertEquals("DecodeSplit.adaptive: minBatch must be at least 1, got 0", e.getMessage());
        assertEquals(DecodeSplit.Mode.ADAPTIVE, DecodeSplit.adaptive().mode());
        assertEquals(32, DecodeSplit.adaptive().minBatch());
    }

    @Test
    void aHostDecoderTakesAndChecksTheOption() {
        try (ImageDecoder d = ImageDecoder.createHost(1)) {
            assertEquals(DecodeSplit.Mode.HARDWARE_ONLY, d.split().mode(), "the default");
            d.setSplit(DecodeSplit.adaptive());
            assertEquals(DecodeSplit.Mode.ADAPTIVE, d.split().mode());
            NullPointerException e = assertThrows(NullPointerException.class, () -> d.setSplit(null));
            assertEquals("ImageDecoder.setSplit: split", e.getMessage());
            d.close();
            assertThrows(IllegalStateException.class, () -> d.setSplit(DecodeSplit.fixed(0.5)));
        }
    }
}

package dev.cvj.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of a {@link DecodeSplit}: which hardware-decodable images of a batch the hybrid backend takes, and, for an
 * adaptive split, the moving averages of both sides' speeds that set the next share (see {@link DecodeSplit.Mode#ADAPTIVE}).
 * Work is counted in encoded bytes, which follow the decode time more closely than image counts in mixed batches.
 */
final class SplitPolicy {
    /** The weight of the newest batch in the moving averages (documented in {@link DecodeSplit.Mode#ADAPTIVE}). */
    static final double SMOOTHING = 0.3;
    /** The adaptive share's range: never 0 or 1, so that both sides keep being measured. */
    static final double MIN_ADAPTIVE_SHARE = 0.02;
    static final double MAX_ADAPTIVE_SHARE = 0.9;

    private final DecodeSplit split;
    private final int hybridThreads;
    private double share;
    private double hardwareRate = Double.NaN; // encoded bytes per ms
    private double hybridThreadRate = Double.NaN; // encoded bytes per ms on one hybrid thread

    /**
     * @param split the option
     * @param hybridThreads the decoder's hybrid threads (the hybrid side's speed is measured per thread)
     */
    SplitPolicy(DecodeSplit split, int hybridThreads) {
        this.split = split;
        this.hybridThreads = hybridThreads;
        this.share = split.mode() == DecodeSplit.Mode.ADAPTIVE ? clampAdaptive(split.share()) : split.share();
    }

    DecodeSplit split() {
        return split;
    }

    /** {@return the hybrid share the next split batch gets} */
    double share() {
        return share;
    }

    /**
     * The images of {@code hardware} (taken from its end) that the hybrid backend decodes instead, so that the hybrid
     * side's bytes ({@code hybrid}'s and the moved ones) come nearest to the share of all the GPU bytes.
     *
     * @param hardware the images the engines accept, in input order
     * @param hybrid the images only the hybrid backend takes
     * @param bytes the encoded size of each image, by input index
     * @return the moved images, in input order (empty when the split does not split this batch)
     */
    List<Integer> moveToHybrid(List<Integer> hardware, List<Integer> hybrid, long[] bytes) {
        if (split.mode() == DecodeSplit.Mode.HARDWARE_ONLY || hardware.isEmpty()
                || (split.mode() == DecodeSplit.Mode.ADAPTIVE && hardware.size() + hybrid.size() < split.minBatch())) {
            return List.of();
        }
        long hybridBytes = 0, total = 0;
        for (int i : hybrid) {
            hybridBytes += bytes[i];
        }
        total += hybridBytes;
        for (int i : hardware) {
            total += bytes[i];
        }
        double target = share * total;
        int first = hardware.size();
        // move the next image while that brings the hybrid bytes nearer the target (half an image or more short)
        while (first > 0 && hybridBytes + bytes[hardware.get(first - 1)] / 2.0 <= target) {
            first--;
            hybridBytes += bytes[hardware.get(first)];
        }
        return new ArrayList<>(hardware.subList(first, hardware.size()));
    }

    /**
     * Feeds one split batch's measured times to an adaptive split (the other modes ignore it): each side's speed joins
     * its moving average, and the share becomes the hybrid speed over the sum of both, within the adaptive range.
     * A side with no bytes or no measured time keeps its average.
     *
     * @param hardwareBytes the encoded bytes the engines decoded
     * @param hardwareMillis the time from the batch's start to the engines' end
     * @param hybridBytes the encoded bytes the hybrid backend decoded
     * @param hybridThreadsUsed the hybrid threads that had work (at most the decoder's)
     * @param hybridMillis the time from the batch's start to the last hybrid thread's end on the GPU
     */
    void record(long hardwareBytes, double hardwareMillis, long hybridBytes, int hybridThreadsUsed, double hybridMillis) {
        if (split.mode() != DecodeSplit.Mode.ADAPTIVE) {
            return;
        }
        if (hardwareBytes > 0 && hardwareMillis > 0) {
            hardwareRate = average(hardwareRate, hardwareBytes / hardwareMillis);
        }
        if (hybridBytes > 0 && hybridThreadsUsed > 0 && hybridMillis > 0) {
            // per thread: a batch that kept only some threads busy says nothing about the idle ones
            hybridThreadRate = average(hybridThreadRate, hybridBytes / (double) hybridThreadsUsed / hybridMillis);
        }
        if (!Double.isNaN(hardwareRate) && !Double.isNaN(hybridThreadRate)) {
            double hybridRate = hybridThreadRate * hybridThreads;
            share = clampAdaptive(hybridRate / (hybridRate + hardwareRate));
        }
    }

    private static double average(double old, double sample) {
        return Double.isNaN(old) ? sample : (1 - SMOOTHING) * old + SMOOTHING * sample;
    }

    private static double clampAdaptive(double s) {
        return Math.clamp(s, MIN_ADAPTIVE_SHARE, MAX_ADAPTIVE_SHARE);
    }
}

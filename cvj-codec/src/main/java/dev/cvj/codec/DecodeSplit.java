package dev.cvj.codec;

/**
 * How an nvJPEG decoder shares a batch's hardware-decodable JPEGs between the hardware JPEG engines and the hybrid
 * backend (Huffman decoding on the decoder's CPU threads, the rest on the GPU): both run at once, each on its own
 * stream, and write into the same output batch. {@link DecodeResult#path} says which one decoded each image.
 *
 * <ul>
 * <li>{@link #hardwareOnly()} (the default): every image the engines accept goes to them; the hybrid backend takes
 *     only what they refuse (progressive, gray, ...). Each image's backend depends on its bytes alone, so the same
 *     batch decodes to the same pixels every time.</li>
 * <li>{@link #fixed(double)}: a fixed share of the batch's GPU work (counted in encoded bytes) goes to the hybrid
 *     backend, whatever the batch size.</li>
 * <li>{@link #adaptive()}: the share starts at {@value #DEFAULT_INITIAL_SHARE} and follows the measured
 *     speed of each side (see {@link Mode#ADAPTIVE}); batches of fewer than {@value #DEFAULT_MIN_BATCH} GPU images go
 *     to the engines only, where splitting gains less than it costs.</li>
 * </ul>
 * On a GPU without JPEG engines, and for a decoder without nvJPEG, the split has no effect. Measured on an H200
 * (docs/BENCHMARKS.md), the adaptive split decodes 1080p batches of 128 about 4% faster than the engines alone and
 * 640x480 ones about 12% slower, and which backend decodes an image (they may differ by a few levels) then depends
 * on timing: hence hardware only by default.
 */
public final class DecodeSplit {
    /** The hybrid share an adaptive split starts from. */
    public static final double DEFAULT_INITIAL_SHARE = 0.25;
    /** The smallest batch (images nvJPEG decodes on the GPU) an adaptive split splits. */
    public static final int DEFAULT_MIN_BATCH = 32;

    /** The kinds of split. */
    public enum Mode {
        /** The engines take every image they accept. */
        HARDWARE_ONLY,
        /** A fixed hybrid share of each batch. */
        FIXED,
        /**
         * A hybrid share adapted per batch: after each split batch the decoder measures, with CUDA events, the time
         * from the batch's start to the end of each side; the speed of each side (the engines' encoded bytes per
         * millisecond, and the hybrid backend's per thread, times the threads) is a moving average (the newest batch
         * weighs 0.3), and the next share is the hybrid speed over the sum of both, so that
         * both sides finish together; it stays within [0.02, 0.9] so that both sides keep being measured.
         */
        ADAPTIVE
    }

    private final Mode mode;
    private final double share;
    private final int minBatch;

    private DecodeSplit(Mode mode, double share, int minBatch) {
        this.mode = mode;
        this.share = share;
        this.minBatch = minBatch;
    }

    /** {@return the split that gives the engines every image they accept} */
    public static DecodeSplit hardwareOnly() {
        return new DecodeSplit(Mode.HARDWARE_ONLY, 0, 1);
    }

    /**
     * A fixed split.
     *
     * @param hybridShare the share of each batch's GPU work (encoded bytes, the images the engines refuse included)
     *     that the hybrid backend decodes, in {@code [0, 1]}: 0 is {@link #hardwareOnly()}, 1 gives the engines nothing
     * @return the split
     * @throws IllegalArgumentException if {@code hybridShare} is not in {@code [0, 1]}
     */
    public static DecodeSplit fixed(double hybridShare) {
        checkShare("DecodeSplit.fixed", hybridShare);
        return new DecodeSplit(Mode.FIXED, hybridShare, 1);
    }

    /** {@return the adaptive split from {@value #DEFAULT_INITIAL_SHARE}, for batches of {@value #DEFAULT_MIN_BATCH} or more} */
    public static DecodeSplit adaptive() {
        return new DecodeSplit(Mode.ADAPTIVE, DEFAULT_INITIAL_SHARE, DEFAULT_MIN_BATCH);
    }

    /**
     * An adaptive split (see {@link Mode#ADAPTIVE}).
     *
     * @param initialShare the hybrid share before anything is measured, in {@code [0, 1]} (clamped to the adaptive
     *     range when used)
     * @param minBatch the fewest GPU images of a batch that are split, at least 1; smaller batches go to the engines
     * @return the split
     * @throws IllegalArgumentException if {@code initialShare} is not in {@code [0, 1]} or {@code minBatch < 1}
     */
    public static DecodeSplit adaptive(double initialShare, int minBatch) {
        checkShare("DecodeSplit.adaptive", initialShare);
        if (minBatch < 1) {
            throw new IllegalArgumentException("DecodeSplit.adaptive: minBatch must be at least 1, got " + minBatch);
        }
        return new DecodeSplit(Mode.ADAPTIVE, initialShare, minBatch);
    }

    private static void checkShare(String method, double share) {
        if (!(share >= 0 && share <= 1)) { // NaN fails too
            throw new IllegalArgumentException(method + ": the hybrid share must be in [0, 1], got " + share);
        }
    }

    /** {@return the kind of split} */
    public Mode mode() {
        return mode;
    }

    /** {@return the hybrid share: the fixed one, the initial one of an adaptive split, 0 for hardware only} */
    public double share() {
        return share;
    }

    /** {@return the fewest GPU images of a batch that an adaptive split splits (1 for the other modes)} */
    public int minBatch() {
        return minBatch;
    }

    @Override
    public String toString() {
        return switch (mode) {
            case HARDWARE_ONLY -> "hardware only";
            case FIXED -> "fixed hybrid share " + share;
            case ADAPTIVE -> "adaptive hybrid share from " + share + " for batches of " + minBatch + " or more";
        };
    }
}

package dev.cvj.ops;

/**
 * How pixels outside an image are made, OpenCV's {@code cv::BorderTypes} (same codes). For a source row
 * {@code abcdefgh}:
 * <pre>
 *   CONSTANT     iiiiii|abcdefgh|iiiiiii   (a given value i)
 *   REPLICATE    aaaaaa|abcdefgh|hhhhhhh
 *   REFLECT      fedcba|abcdefgh|hgfedcb
 *   WRAP         cdefgh|abcdefgh|abcdefg
 *   REFLECT_101  gfedcb|abcdefgh|gfedcba
 * </pre>
 * Borders wider than the image keep reflecting (wrapping) as {@code cv::borderInterpolate} does.
 */
public enum BorderType {
    /** A constant value ({@code BORDER_CONSTANT}). */
    CONSTANT(0),
    /** The edge pixel repeated: {@code aaa|abcd|ddd} ({@code BORDER_REPLICATE}). */
    REPLICATE(1),
    /** Mirrored with the edge: {@code cba|abcd|dcb} ({@code BORDER_REFLECT}). */
    REFLECT(2),
    /** Wrapped around: {@code bcd|abcd|abc} ({@code BORDER_WRAP}). */
    WRAP(3),
    /** Mirrored without the edge: {@code dcb|abcd|cba} ({@code BORDER_REFLECT_101}). */
    REFLECT_101(4);

    private final int code;

    BorderType(int code) {
        this.code = code;
    }

    /**
     * OpenCV's (and the kernels') code.
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    /**
     * {@return {@code cv::borderInterpolate}: the source index of index {@code p} of a row of {@code len >= 1}
     * pixels, or -1 for CONSTANT outside the row} Any {@code p} maps in constant time (REFLECT, REFLECT_101 and WRAP
     * are periodic: the index is reduced modulo the period in 64-bit arithmetic, so no {@code p} or {@code len} in
     * the int range overflows), with the results of OpenCV's loop.
     *
     * @param p the index, inside or outside the row
     * @param len the row's length, at least 1
     */
    public int interpolate(int p, int len) {
        if (p >= 0 && p < len) {
            return p;
        }
        return switch (this) {
            case CONSTANT -> -1;
            case REPLICATE -> p < 0 ? 0 : len - 1;
            case WRAP -> (int) Math.floorMod((long) p, (long) len);
            case REFLECT -> {
                long period = 2L * len; // abc|cba|abc...: the row, then the row reversed
                long q = Math.floorMod((long) p, period); // up to 2^32 - 3: a long
                yield (int) (q < len ? q : period - 1 - q);
            }
            case REFLECT_101 -> {
                if (len == 1) {
                    yield 0;
                }
                long period = 2L * len - 2; // abc|b|abc...: the row, then its inner pixels reversed
                long q = Math.floorMod((long) p, period);
                yield (int) (q < len ? q : period - q);
            }
        };
    }
}

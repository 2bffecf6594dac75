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
    CONSTANT(0),
    REPLICATE(1),
    REFLECT(2),
    WRAP(3),
    REFLECT_101(4);

    private final int code;

    BorderType(int code) {
        this.code = code;
    }

    /** OpenCV's (and the kernels') code. */
    public int code() {
        return code;
    }

    /**
     * {@code cv::borderInterpolate}: the source index of index {@code p} of a row of {@code len} pixels, or -1
     * for CONSTANT outside the row.
     */
    public int interpolate(int p, int len) {
        if (p >= 0 && p < len) {
            return p;
        }
        switch (this) {
            case CONSTANT:
                return -1;
            case REPLICATE:
                return p < 0 ? 0 : len - 1;
            case WRAP:
                if (p < 0) {
                    p -= ((p - len + 1) / len) * len;
                }
                if (p >= len) {
                    p %= len;
                }
                return p;
            default:
                if (len == 1) {
                    return 0;
                }
                int delta = this == REFLECT_101 ? 1 : 0;
                do {
                    if (p < 0) {
                        p = -p - 1 + delta;
                    } else {
                        p = len - 1 - (p - len) - delta;
                    }
                } while (p < 0 || p >= len);
                return p;
        }
    }
}

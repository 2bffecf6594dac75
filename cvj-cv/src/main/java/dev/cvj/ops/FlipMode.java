package dev.cvj.ops;

/**
 * Which axes {@link Flip} mirrors. {@link #code()} is OpenCV's / CV-CUDA's {@code flipCode}:
 * 0 = {@link #VERTICAL} (around the x-axis: rows upside down), 1 = {@link #HORIZONTAL} (around the
 * y-axis: columns mirrored), -1 = {@link #BOTH}.
 */
public enum FlipMode {
    /** Rows reversed, upside down (OpenCV's flip code 0). */
    VERTICAL(0),
    /** Columns reversed, left to right (flip code 1). */
    HORIZONTAL(1),
    /** Rows and columns reversed (flip code -1). */
    BOTH(-1);

    private final int code;

    FlipMode(int code) {
        this.code = code;
    }

    /** {@return the OpenCV / CV-CUDA flip code} */
    public int code() {
        return code;
    }

    /** {@return whether rows are reversed} */
    public boolean flipsRows() {
        return this != HORIZONTAL;
    }

    /** {@return whether columns are reversed} */
    public boolean flipsColumns() {
        return this != VERTICAL;
    }

    /**
     * {@return the mode of an OpenCV flip code (0, 1 or -1)}
     *
     * @param code the OpenCV flip code
     */
    public static FlipMode fromCode(int code) {
        return switch (code) {
            case 0 -> VERTICAL;
            case 1 -> HORIZONTAL;
            case -1 -> BOTH;
            default -> throw new IllegalArgumentException("flip code " + code + " is not 0 (vertical), 1 (horizontal) or -1 (both)");
        };
    }
}

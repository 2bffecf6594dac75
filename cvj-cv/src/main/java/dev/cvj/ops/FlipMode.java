package dev.cvj.ops;

/**
 * Which axes {@link Flip} mirrors. {@link #code()} is OpenCV's / CV-CUDA's {@code flipCode}:
 * 0 = {@link #VERTICAL} (around the x-axis: rows upside down), 1 = {@link #HORIZONTAL} (around the
 * y-axis: columns mirrored), -1 = {@link #BOTH}.
 */
public enum FlipMode {
    VERTICAL(0),
    HORIZONTAL(1),
    BOTH(-1);

    private final int code;

    FlipMode(int code) {
        this.code = code;
    }

    /** The OpenCV / CV-CUDA flip code. */
    public int code() {
        return code;
    }

    public boolean flipsRows() {
        return this != HORIZONTAL;
    }

    public boolean flipsColumns() {
        return this != VERTICAL;
    }

    /** The mode of an OpenCV flip code (0, 1 or -1). */
    public static FlipMode fromCode(int code) {
        return switch (code) {
            case 0 -> VERTICAL;
            case 1 -> HORIZONTAL;
            case -1 -> BOTH;
            default -> throw new IllegalArgumentException("flip code " + code + " is not 0 (vertical), 1 (horizontal) or -1 (both)");
        };
    }
}

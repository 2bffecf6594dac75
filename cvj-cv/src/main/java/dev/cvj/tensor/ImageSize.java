package dev.cvj.tensor;

/**
 * The size of an image in pixels, with named fields so width and height cannot be swapped by position.
 *
 * <pre>{@code
 * ImageSize s = batch.maxSize();   // the widest width and the tallest height in the batch
 * int w = s.width(), h = s.height();
 * }</pre>
 *
 * @param width  pixels per row (the {@code W} extent), {@code >= 0}
 * @param height rows (the {@code H} extent), {@code >= 0}
 */
public record ImageSize(int width, int height) {
    /** Refuses a negative width or height. */
    public ImageSize {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("ImageSize: width " + width + " and height " + height + " must be >= 0");
        }
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}

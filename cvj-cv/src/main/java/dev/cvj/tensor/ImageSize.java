package dev.cvj.tensor;

/**
 * The size of an image in pixels: its width (columns, the W of a shape) and its height (rows, the H). Shapes
 * list H before W ({@code [N, H, W, C]}); an {@code ImageSize} names both, so a resize cannot swap them:
 *
 * <pre>{@code
 * Tensor small = Resize.resize(frames, ImageSize.of(320, 180), Interpolation.LINEAR);   // 320 wide, 180 high
 * ImageSize max = batch.maxSize();                                                       // the widest, the tallest
 * }</pre>
 *
 * @param width  pixels per row (the {@code W} extent), {@code >= 0}
 * @param height rows (the {@code H} extent), {@code >= 0}
 */
public record ImageSize(int width, int height) {
    /** Refuses a negative width or height (an operator that needs at least 1 x 1 says so itself). */
    public ImageSize {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("ImageSize: width " + width + " and height " + height + " must be >= 0");
        }
    }

    /** {@return {@code width} pixels wide and {@code height} rows high} */
    public static ImageSize of(int width, int height) {
        return new ImageSize(width, height);
    }

    /** {@code "320 x 180 (W x H)"}. */
    @Override
    public String toString() {
        return width + " x " + height + " (W x H)";
    }
}

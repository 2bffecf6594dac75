package dev.cvj.ops;

/**
 * The size of an image in pixels: its width (columns, the W of a shape) and its height (rows, the H). Shapes
 * list H before W ({@code [N, H, W, C]}); an {@code ImageSize} names both, so a resize cannot swap them:
 *
 * <pre>{@code
 * Tensor small = Resize.resize(frames, ImageSize.of(320, 180), Interpolation.LINEAR);   // 320 wide, 180 high
 * }</pre>
 *
 * @param width  pixels per row, at least 1
 * @param height rows, at least 1
 */
public record ImageSize(int width, int height) {
    public ImageSize {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be at least 1 x 1 (W x H), got width " + width + ", height "
                    + height);
        }
    }

    /** {@code width} pixels wide and {@code height} rows high. */
    public static ImageSize of(int width, int height) {
        return new ImageSize(width, height);
    }

    /** {@code "320 x 180 (W x H)"}. */
    @Override
    public String toString() {
        return width + " x " + height + " (W x H)";
    }
}

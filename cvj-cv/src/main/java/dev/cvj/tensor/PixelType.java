package dev.cvj.tensor;

import java.util.Objects;

/**
 * What one pixel of a packed image is: its channel count and element type. It is what a batch of images
 * shares ({@link ImageBatchVarShape#uniqueFormat()}); an {@link ImageFormat} adds the meaning of the
 * channels (RGB or BGR), which pixels alone cannot tell.
 *
 * <pre>{@code
 * PixelType p = batch.uniqueFormat();          // e.g. 3 x U8
 * p.matches(ImageFormat.RGB8);                 // true: RGB8 pixels are 3 x U8 (so are BGR8's)
 * }</pre>
 *
 * @param channels  values per pixel, {@code >= 1}
 * @param dataType  the type of each value
 */
public record PixelType(int channels, DataType dataType) {
    /** Refuses a channel count below 1 and a null type. */
    public PixelType {
        Objects.requireNonNull(dataType, "PixelType: dataType is null");
        if (channels < 1) {
            throw new IllegalArgumentException("PixelType: channels must be >= 1, got " + channels);
        }
    }

    /**
     * {@return the pixels of {@code format}: its channel count and element type}
     *
     * @param format the image format
     */
    public static PixelType of(ImageFormat format) {
        Objects.requireNonNull(format, "PixelType.of: format is null");
        return new PixelType(format.channels(), format.dataType());
    }

    /**
     * {@return whether images of {@code format} have pixels of this type}
     *
     * @param format the image format
     */
    public boolean matches(ImageFormat format) {
        return format != null && format.channels() == channels && format.dataType() == dataType;
    }

    /** {@return bytes per pixel: {@code channels * dataType.byteSize()}} */
    public int byteSize() {
        return channels * dataType.byteSize();
    }

    @Override
    public String toString() {
        return channels + " x " + dataType;
    }
}

package dev.cvj.tensor;

/**
 * Pixel formats of images held in tensors: channel order and element type. Planar YUV formats
 * ({@code NV12}, {@code NV21}, {@code I420}) are stored as one-channel {@code U8} tensors of height
 * {@code H * 3 / 2}, as CV-CUDA stores them; their {@link #channels()} is 1.
 *
 * <pre>{@code
 * Tensor img = Tensor.allocate(new long[] {480, 640, ImageFormat.RGB8.channels()},
 *                              ImageFormat.RGB8.dataType(), TensorLayout.HWC);
 * }</pre>
 */
public enum ImageFormat {
    /** Red, green, blue: 3 U8 channels. */
    RGB8(3, DataType.U8),
    /** Blue, green, red: 3 U8 channels. */
    BGR8(3, DataType.U8),
    /** Red, green, blue, alpha: 4 U8 channels. */
    RGBA8(4, DataType.U8),
    /** Blue, green, red, alpha: 4 U8 channels. */
    BGRA8(4, DataType.U8),
    /** Gray: 1 U8 channel. */
    Y8(1, DataType.U8),
    /** YUV 4:2:0, a Y plane then interleaved U, V. */
    NV12(1, DataType.U8),
    /** YUV 4:2:0, a Y plane then interleaved V, U. */
    NV21(1, DataType.U8),
    /** YUV 4:2:0, Y, U and V planes. */
    I420(1, DataType.U8),
    /** Hue, saturation, value: 3 U8 channels. */
    HSV8(3, DataType.U8),
    /** Red, green, blue: 3 F32 channels. */
    RGBf32(3, DataType.F32);

    private final int channels;
    private final DataType dataType;

    ImageFormat(int channels, DataType dataType) {
        this.channels = channels;
        this.dataType = dataType;
    }

    /**
     * Channels per pixel in the tensor (1 for the planar YUV formats, whose planes are stacked in H).
     *
     * @return the channels per pixel
     */
    public int channels() {
        return channels;
    }

    /** {@return the element type} */
    public DataType dataType() {
        return dataType;
    }

    /** {@return whether the format is planar YUV 4:2:0 (NV12, NV21, I420): a tensor of height {@code H * 3 / 2}} */
    public boolean isYuv420() {
        return this == NV12 || this == NV21 || this == I420;
    }
}

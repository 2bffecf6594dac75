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
    RGB8(3, DataType.U8),
    BGR8(3, DataType.U8),
    RGBA8(4, DataType.U8),
    BGRA8(4, DataType.U8),
    Y8(1, DataType.U8),
    NV12(1, DataType.U8),
    NV21(1, DataType.U8),
    I420(1, DataType.U8),
    HSV8(3, DataType.U8),
    RGBf32(3, DataType.F32);

    private final int channels;
    private final DataType dataType;

    ImageFormat(int channels, DataType dataType) {
        this.channels = channels;
        this.dataType = dataType;
    }

    /** Channels per pixel in the tensor (1 for the planar YUV formats, whose planes are stacked in H). */
    public int channels() {
        return channels;
    }

    /** The element type. */
    public DataType dataType() {
        return dataType;
    }

    /** Whether the format is planar YUV 4:2:0 (NV12, NV21, I420): a tensor of height {@code H * 3 / 2}. */
    public boolean isYuv420() {
        return this == NV12 || this == NV21 || this == I420;
    }
}

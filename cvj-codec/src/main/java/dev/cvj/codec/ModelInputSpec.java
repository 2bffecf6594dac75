package dev.cvj.codec;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.TensorLayout;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What a model takes as input, and how {@link ModelInputPipeline} makes it from an image: resize every image to
 * {@code resize} x {@code resize} (bilinear), crop {@code size} x {@code size} (the center, or nothing), normalize
 * {@code (pixel / 255 - mean) / std} per RGB channel, and write {@code dtype} in {@code layout}. For {@link DataType#U8}
 * the pixels are written as they are (mean 0 and std 1 are required: nothing is normalized).
 *
 * <p>Serializable so that it can travel to the executors of a Spark job. The arrays are copied in and out.
 *
 * @param size the output width and height, at least 1
 * @param resize the width and height every image is resized to before the crop, at least {@code size}
 * @param crop the crop after the resize ({@link Crop#NONE} needs {@code resize == size})
 * @param mean the mean of each of R, G, B in pixel / 255 units (3 values)
 * @param std the standard deviation of each of R, G, B in pixel / 255 units (3 values, each above 0)
 * @param layout {@link TensorLayout#NCHW} or {@link TensorLayout#NHWC}
 * @param dtype {@link DataType#F32}, {@link DataType#F16} or {@link DataType#U8}
 */
public record ModelInputSpec(int size, int resize, Crop crop, float[] mean, float[] std, TensorLayout layout,
                             DataType dtype) implements Serializable {
    /** The crop after the resize. */
    public enum Crop {
        /** The centered {@code size} x {@code size} square (offset {@code (resize - size) / 2}, rounded down). */
        CENTER,
        /** No crop: the resized image is the output ({@code resize == size}). */
        NONE
    }

    /**
     * Checks and copies the arguments.
     *
     * @throws IllegalArgumentException naming the argument when one is out of range, or null
     */
    public ModelInputSpec {
        if (size < 1 || resize < 1) {
            throw new IllegalArgumentException("ModelInputSpec: size and resize must be >= 1, got " + size + " and " + resize);
        }
        if (resize < size) {
            throw new IllegalArgumentException("ModelInputSpec: resize " + resize + " is smaller than size " + size);
        }
        Objects.requireNonNull(crop, "ModelInputSpec: crop");
        if (crop == Crop.NONE && resize != size) {
            throw new IllegalArgumentException("ModelInputSpec: crop NONE needs resize equal to size (" + resize + " vs " + size + ")");
        }
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("ModelInputSpec: mean and std take 3 values (R, G, B), got "
                    + (mean == null ? "null" : mean.length) + " and " + (std == null ? "null" : std.length));
        }
        for (int c = 0; c < 3; c++) {
            if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("ModelInputSpec: std values must be finite and > 0, mean values finite; got mean "
                        + Arrays.toString(mean) + ", std " + Arrays.toString(std));
            }
        }
        if (layout != TensorLayout.NCHW && layout != TensorLayout.NHWC) {
            throw new IllegalArgumentException("ModelInputSpec: layout must be NCHW or NHWC, got " + layout);
        }
        if (dtype != DataType.F32 && dtype != DataType.F16 && dtype != DataType.U8) {
            throw new IllegalArgumentException("ModelInputSpec: dtype must be F32, F16 or U8, got " + dtype);
        }
        if (dtype == DataType.U8 && (mean[0] != 0 || mean[1] != 0 || mean[2] != 0 || std[0] != 1 || std[1] != 1 || std[2] != 1)) {
            throw new IllegalArgumentException("ModelInputSpec: dtype U8 writes the pixels: mean must be 0,0,0 and std 1,1,1");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * ImageNet's input, as torchvision and {@code cvj preprocess --preset imagenet} make it: resize to 256, center crop
     * 224, mean 0.485, 0.456, 0.406, std 0.229, 0.224, 0.225, NCHW, F32.
     *
     * @return the ImageNet spec
     */
    public static ModelInputSpec imagenet() {
        return new ModelInputSpec(224, 256, Crop.CENTER, new float[] {0.485f, 0.456f, 0.406f},
                new float[] {0.229f, 0.224f, 0.225f}, TensorLayout.NCHW, DataType.F32);
    }

    /**
     * {@code size} x {@code size} F32 NCHW pixels / 255: resized to the size, no crop, mean 0, std 1.
     *
     * @param size the output width and height, at least 1
     * @return the spec
     */
    public static ModelInputSpec of(int size) {
        return new ModelInputSpec(size, size, Crop.NONE, new float[] {0, 0, 0}, new float[] {1, 1, 1}, TensorLayout.NCHW,
                DataType.F32);
    }

    /** {@return a copy of the mean of R, G, B} */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** {@return a copy of the standard deviation of R, G, B} */
    @Override
    public float[] std() {
        return std.clone();
    }

    /** {@return the shape of one image's output: {@code [3, size, size]} (NCHW) or {@code [size, size, 3]} (NHWC)} */
    public long[] rowShape() {
        return layout == TensorLayout.NCHW ? new long[] {3, size, size} : new long[] {size, size, 3};
    }

    /** {@return the number of elements of one image's output: 3 x size x size} */
    public int rowElements() {
        return 3 * size * size;
    }

    /** {@return the number of bytes of one image's output} */
    public long rowBytes() {
        return (long) rowElements() * dtype.byteSize();
    }

    /**
     * Serialized as a {@link SerialForm}: {@link TensorLayout} is not serializable, its labels are.
     *
     * @return the serialized form
     */
    @java.io.Serial
    private Object writeReplace() {
        return new SerialForm(size, resize, crop, mean, std, layout.labels(), dtype);
    }

    /**
     * The serialized form: the components, with the layout as its labels; read back through the checks.
     *
     * @param size the output size
     * @param resize the size before the crop
     * @param crop the crop
     * @param mean the mean of R, G, B
     * @param std the standard deviation of R, G, B
     * @param layout the layout's labels
     * @param dtype the output type
     */
    private record SerialForm(int size, int resize, Crop crop, float[] mean, float[] std, String layout, DataType dtype)
            implements Serializable {
        /** {@return the spec, through the same checks as a new one} */
        @java.io.Serial
        private Object readResolve() {
            return new ModelInputSpec(size, resize, crop, mean, std, TensorLayout.of(layout), dtype);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelInputSpec s && size == s.size && resize == s.resize && crop == s.crop
                && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std) && layout == s.layout && dtype == s.dtype;
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, resize, crop, Arrays.hashCode(mean), Arrays.hashCode(std), layout, dtype);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ModelInputSpec[size=%d, resize=%d, crop=%s, mean=%s, std=%s, layout=%s, dtype=%s]",
                size, resize, crop, Arrays.toString(mean), Arrays.toString(std), layout, dtype);
    }
}

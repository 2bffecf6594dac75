package dev.cvj.codec;

import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * What one decode call produced: the images that decoded, in input order without the failed ones, and one
 * {@link DecodeFailure} per image that did not (its index in the input, its name, why). Good images are never
 * dropped because another image of the batch failed.
 *
 * <p>{@link #images()} holds U8 HWC images (3 channels for RGB8/BGR8, 1 for Y8) on the decoder's device, or on the host
 * for a host decoder; {@link #tensor()} is the NHWC tensor of {@link ImageDecoder#decodeToTensor} (whose rows the
 * batch's images are), else null. The result owns both: closing it closes both, and the caller closes neither.
 *
 * <p>One exception to "failed ones left out": in the result of {@link ImageDecoder#decodeToTensor}, an image that
 * passed the first checks but then failed both on the GPU and on the CPU retry keeps its row of the tensor (zeros)
 * and its entry in {@link #images()}, and is also listed in {@link #failures()} (its {@link #path} is null).
 */
public final class DecodeResult implements AutoCloseable {
    private final ImageBatchVarShape images;
    private final Tensor tensor;
    private final int[] inputIndices;
    private final DecodePath[] paths;
    private final List<DecodeFailure> failures;

    DecodeResult(ImageBatchVarShape images, Tensor tensor, int[] inputIndices, DecodePath[] paths, List<DecodeFailure> failures) {
        this.images = images;
        this.tensor = tensor;
        this.inputIndices = inputIndices;
        this.paths = paths;
        this.failures = List.copyOf(failures);
    }

    /**
     * The decoded images, in input order, failed ones left out ({@link #inputIndex} maps back).
     *
     * @return the batch of U8 HWC images, owned by this result (valid until {@link #close()}; do not close it)
     */
    public ImageBatchVarShape images() {
        return images;
    }

    /**
     * The NHWC U8 tensor of {@link ImageDecoder#decodeToTensor}: one row per entry of {@link #images()}.
     *
     * @return the tensor, owned by this result (valid until {@link #close()}; do not close it), or null for the
     *     result of {@link ImageDecoder#decode}
     */
    public Tensor tensor() {
        return tensor;
    }

    /**
     * The number of entries of {@link #images()}: the images that decoded (plus, for
     * {@link ImageDecoder#decodeToTensor}, the zero rows of images that failed late; see the class comment).
     *
     * @return the number of images in {@link #images()}, 0 or more
     */
    public int size() {
        return inputIndices.length;
    }

    /**
     * The position in the input list of entry {@code i} of {@link #images()}.
     *
     * @param i an index into {@link #images()}, in {@code [0, size())}
     * @return the index of that image in the list passed to the decode call
     * @throws ArrayIndexOutOfBoundsException if {@code i} is outside {@code [0, size())}
     */
    public int inputIndex(int i) {
        return inputIndices[i];
    }

    /**
     * The images that could not be decoded, in input order.
     *
     * @return an unmodifiable list, empty when every image decoded
     */
    public List<DecodeFailure> failures() {
        return failures;
    }

    /**
     * Which decoder produced an input image.
     *
     * @param inputIndex the image's index in the list passed to the decode call (not an index into
     *     {@link #images()}), in {@code [0, number of input images)}
     * @return the decoder that produced it, or null when it failed
     * @throws ArrayIndexOutOfBoundsException if {@code inputIndex} is outside the input list
     */
    public DecodePath path(int inputIndex) {
        return paths[inputIndex];
    }

    /**
     * How many images one decoder produced.
     *
     * @param path the decoder to count; null counts the failed images
     * @return the number of input images whose {@link #path} is {@code path}
     */
    public int count(DecodePath path) {
        return (int) Arrays.stream(paths).filter(p -> p == path).count();
    }

    /**
     * One line for a log: the decoded images per decoder and the failures.
     *
     * @return e.g. {@code "126 decoded (HARDWARE 120, GPU_HYBRID 4, CPU 2), 2 failed"}
     */
    public String summary() {
        // not size(): a zero row that decodeToTensor keeps for a failed image was not decoded
        StringBuilder s = new StringBuilder(paths.length - count(null) + " decoded (");
        for (DecodePath p : DecodePath.values()) {
            s.append(p == DecodePath.HARDWARE ? "" : ", ").append(p).append(' ').append(count(p));
        }
        return s.append("), ").append(failures.size()).append(" failed").toString();
    }

    /** Closes {@link #images()} and {@link #tensor()}; idempotent. */
    @Override
    public void close() {
        images.close();
        if (tensor != null) {
            tensor.close();
        }
    }
}

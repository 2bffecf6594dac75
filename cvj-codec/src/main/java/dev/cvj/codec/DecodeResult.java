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
 * batch's images are), else null. Closing the result closes both.
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

    /** The decoded images, in input order, failed ones left out ({@link #inputIndex} maps back). */
    public ImageBatchVarShape images() {
        return images;
    }

    /** The NHWC U8 tensor of the decoded images (one row per entry of {@link #images()}), or null (see class doc). */
    public Tensor tensor() {
        return tensor;
    }

    /** The number of images that decoded. */
    public int size() {
        return inputIndices.length;
    }

    /** The position in the input list of decoded image {@code i} (an index into {@link #images()}). */
    public int inputIndex(int i) {
        return inputIndices[i];
    }

    /** The images that could not be decoded, in input order; empty when all did. */
    public List<DecodeFailure> failures() {
        return failures;
    }

    /** Which decoder produced input image {@code inputIndex}, or null when it failed. */
    public DecodePath path(int inputIndex) {
        return paths[inputIndex];
    }

    /** How many images {@code path} decoded. */
    public int count(DecodePath path) {
        return (int) Arrays.stream(paths).filter(p -> p == path).count();
    }

    /** E.g. {@code "126 decoded (HARDWARE 120, GPU_HYBRID 4, CPU 2), 2 failed"}. */
    public String summary() {
        StringBuilder s = new StringBuilder(size() + " decoded (");
        for (DecodePath p : DecodePath.values()) {
            s.append(p == DecodePath.HARDWARE ? "" : ", ").append(p).append(' ').append(count(p));
        }
        return s.append("), ").append(failures.size()).append(" failed").toString();
    }

    @Override
    public void close() {
        images.close();
        if (tensor != null) {
            tensor.close();
        }
    }
}

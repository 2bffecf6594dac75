package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of an operator on an {@link ImageBatchVarShape}, made by {@link OperatorInfo#sampleVarShape} for one
 * source batch: the batch call and, as its oracle, the single-image call that must give image i's output.
 *
 * @param description      the operator and its parameters, e.g. {@code "Flip per image [0, 1, -1]"}
 * @param integerTolerance how far GPU and CPU may differ on integer outputs (floats: 1e-5 relative)
 * @param apply            the batch call
 * @param perImage         the single-image call on image i (the batch's HWC view), giving what image i of the
 *                         batch call's output must hold
 */
public record VarShapeCall(String description, int integerTolerance, Apply apply, PerImage perImage) {
    /** The batch call: the output of every image of {@code src}. */
    @FunctionalInterface
    public interface Apply {
        /**
         * Calls the operator on a batch.
         *
         * @param src the batch
         * @param stream the stream; null: the current stream
         * @return the output
         */
        Output apply(ImageBatchVarShape src, Stream stream);
    }

    /** The single-image call on image {@code index} of the batch ({@code image}, an HWC view). */
    @FunctionalInterface
    public interface PerImage {
        /**
         * Calls the operator on one image.
         *
         * @param image the image, an HWC view of the batch's image {@code index}
         * @param index the image's index in the batch
         * @param stream the stream; null: the current stream
         * @return the new output
         */
        Tensor apply(Tensor image, int index, Stream stream);
    }

    /**
     * What a batch call wrote, image by image: a varshape batch's images, or the images (N = 1 slices) of one
     * batched tensor. Closing it closes what the call allocated.
     *
     * @param images image i's output
     * @param owner  what the call allocated (a batch or a tensor)
     */
    public record Output(List<Tensor> images, AutoCloseable owner) implements AutoCloseable {
        /**
         * {@return the images of {@code batch}, which this output owns}
         *
         * @param batch the batch
         */
        public static Output of(ImageBatchVarShape batch) {
            List<Tensor> images = new ArrayList<>();
            batch.forEach(images::add);
            return new Output(List.copyOf(images), batch);
        }

        /**
         * {@return the images of the batched tensor {@code t} (its N = 1 slices), which this output owns}
         *
         * @param t the batched tensor
         */
        public static Output of(Tensor t) {
            List<Tensor> images = new ArrayList<>();
            for (long i = 0; i < t.shape(0); i++) {
                images.add(t.slice(0, i, 1));
            }
            return new Output(List.copyOf(images), t);
        }

        @Override
        public void close() {
            try {
                owner.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public String toString() {
        return description;
    }
}

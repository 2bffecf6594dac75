package dev.cvj.ops;

import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.Tensor;
import java.util.Objects;
import java.util.Random;

/**
 * One operator as the registry ({@link Operators}) lists it: its name, its support table (the one of its
 * Javadoc) and a way to call it on a sample image, so that the tests, the fuzzer, the stress runs, the
 * benchmarks and docs/OPERATORS.md all iterate over one list.
 *
 * @param name      the class name ({@code "Flip"})
 * @param layouts   src layouts accepted (and dst, when it differs)
 * @param dataTypes src data types accepted (and dst, when it differs)
 * @param channels  channel counts accepted
 * @param sampler   makes a valid call for a sample image (see {@link #sample})
 * @param inPlace   whether dst may be the very same view as src (documented as correct in place); any other
 *                  overlap is refused by every operator
 * @param varShape  makes a valid call on an {@link ImageBatchVarShape} (see {@link #sampleVarShape}), or null when
 *                  the operator does not take varshape batches
 */
public record OperatorInfo(String name, String layouts, String dataTypes, String channels, Sampler sampler,
                           boolean inPlace, VarShapeSampler varShape) {
    /** Makes a call of the operator, parameters drawn from {@code random}, for a sample image. */
    @FunctionalInterface
    public interface Sampler {
        /**
         * Makes a call.
         *
         * @param random the source of the parameters
         * @param src the sample image
         * @return the call
         */
        OperatorCall sample(Random random, Tensor src);
    }

    /** Makes a call of the operator on a varshape batch, parameters drawn from {@code random}. */
    @FunctionalInterface
    public interface VarShapeSampler {
        /**
         * Makes a call.
         *
         * @param random the source of the parameters
         * @param src the batch
         * @return the call
         */
        VarShapeCall sample(Random random, ImageBatchVarShape src);
    }

    /**
     * Checks that the name and the sampler are given.
     *
     * @throws NullPointerException if {@code name} or {@code sampler} is null
     */
    public OperatorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sampler, "sampler");
    }

    /**
     * An operator that cannot work in place (dst must not share memory with src).
     *
     * @param name the operator's name
     * @param layouts the layouts it accepts, as its support table lists them
     * @param dataTypes the data types it accepts, as its support table lists them
     * @param channels the channel counts it accepts, as its support table lists them
     * @param sampler what makes a varshape call
     */
    public OperatorInfo(String name, String layouts, String dataTypes, String channels, Sampler sampler) {
        this(name, layouts, dataTypes, channels, sampler, false, null);
    }

    /**
     * An operator that may work in place ({@code inPlace}) and takes no varshape batch.
     *
     * @param name the operator's name
     * @param layouts the layouts it accepts, as its support table lists them
     * @param dataTypes the data types it accepts, as its support table lists them
     * @param channels the channel counts it accepts, as its support table lists them
     * @param sampler what makes a varshape call
     * @param inPlace whether dst may be the very same view as src
     */
    public OperatorInfo(String name, String layouts, String dataTypes, String channels, Sampler sampler,
                        boolean inPlace) {
        this(name, layouts, dataTypes, channels, sampler, inPlace, null);
    }

    /**
     * {@return this operator, taking varshape batches as {@code sampler} calls it}
     *
     * @param sampler what makes a varshape call
     */
    public OperatorInfo withVarShape(VarShapeSampler sampler) {
        return new OperatorInfo(name, layouts, dataTypes, channels, this.sampler, inPlace,
                Objects.requireNonNull(sampler, "sampler"));
    }

    /** {@return whether the operator takes {@link ImageBatchVarShape} batches} */
    public boolean takesVarShape() {
        return varShape != null;
    }

    /**
     * {@return a valid call for {@code src}: a U8 image of 3 channels in NHWC or HWC, at least 1 x 1, in any place
     * (only its shape is read)} Parameters (sizes, modes, rectangles) are drawn from {@code random}.
     *
     * @param random the source of the random parameters
     * @param src the batch to call the operator on
     */
    public OperatorCall sample(Random random, Tensor src) {
        return sampler.sample(random, src);
    }

    /**
     * {@return a valid call on {@code src}: a batch of U8 images of 3 channels of any sizes, in any place (only the
     * sizes are read)} Per-image parameters are drawn from {@code random}. Throws when the operator takes no batches.
     *
     * @param random the source of the random parameters
     * @param src the batch to call the operator on
     */
    public VarShapeCall sampleVarShape(Random random, ImageBatchVarShape src) {
        if (varShape == null) {
            throw new UnsupportedOperationException(name + " takes no ImageBatchVarShape");
        }
        return varShape.sample(random, src);
    }
}

package dev.cvj.ops;

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
 */
public record OperatorInfo(String name, String layouts, String dataTypes, String channels, Sampler sampler,
                           boolean inPlace) {
    /** Makes a call of the operator, parameters drawn from {@code random}, for a sample image. */
    @FunctionalInterface
    public interface Sampler {
        OperatorCall sample(Random random, Tensor src);
    }

    public OperatorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sampler, "sampler");
    }

    /** An operator that cannot work in place (dst must not share memory with src). */
    public OperatorInfo(String name, String layouts, String dataTypes, String channels, Sampler sampler) {
        this(name, layouts, dataTypes, channels, sampler, false);
    }

    /**
     * A valid call for {@code src}: a U8 image of 3 channels in NHWC or HWC, at least 1 x 1, in any place
     * (only its shape is read). Parameters (sizes, modes, rectangles) are drawn from {@code random}.
     */
    public OperatorCall sample(Random random, Tensor src) {
        return sampler.sample(random, src);
    }
}

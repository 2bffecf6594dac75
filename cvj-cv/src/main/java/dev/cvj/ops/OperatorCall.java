package dev.cvj.ops;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Arrays;

/**
 * One call of an operator with its parameters fixed, made by {@link OperatorInfo#sample} for one source image:
 * what it writes (shape, type, layout), how far the GPU may differ from the CPU on integer outputs, and the
 * call in both forms (allocating, and into a caller's dst).
 *
 * @param description      the operator and its parameters, e.g. {@code "Flip HORIZONTAL"}
 * @param dstShape         the output's shape
 * @param dstType          the output's data type
 * @param dstLayout        the output's layout
 * @param integerTolerance how far GPU and CPU may differ on integer outputs (floats: 1e-5 relative)
 * @param apply            the allocating form
 * @param into             the form writing into a caller's dst
 */
public record OperatorCall(String description, long[] dstShape, DataType dstType, TensorLayout dstLayout,
                           int integerTolerance, Apply apply, Into into) {
    /** The allocating form of a call: a new output for {@code src}. */
    @FunctionalInterface
    public interface Apply {
        /**
         * Calls the operator.
         *
         * @param src the input
         * @param stream the stream; null: the current stream
         * @return the new output
         */
        Tensor apply(Tensor src, Stream stream);
    }

    /** The "into" form of a call: writes {@code src}'s output into {@code dst}. */
    @FunctionalInterface
    public interface Into {
        /**
         * Calls the operator.
         *
         * @param dst the caller's output
         * @param src the input
         * @param stream the stream; null: the current stream
         */
        void run(Tensor dst, Tensor src, Stream stream);
    }

    /** Keeps a copy of {@code dstShape}. */
    public OperatorCall {
        dstShape = dstShape.clone();
    }

    /** {@return the output's shape (a copy)} */
    @Override
    public long[] dstShape() {
        return dstShape.clone();
    }

    /**
     * {@return whether the output has {@code src}'s data type, layout and rank, with 3 channels (so calls can chain)}
     *
     * @param src the input of the call
     */
    public boolean keepsFormat(Tensor src) {
        return dstType == src.dtype() && dstLayout.equals(src.layout()) && dstShape.length == src.rank()
                && dstShape[dstShape.length - 1] == 3;
    }

    @Override
    public String toString() {
        return description + " -> " + dstLayout + " " + dstType + " " + Arrays.toString(dstShape);
    }
}

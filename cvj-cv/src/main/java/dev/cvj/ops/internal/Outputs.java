package dev.cvj.ops.internal;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.function.Consumer;

/** The output of an operator's allocating form: made beside its input, closed again when filling it fails. */
public final class Outputs {
    private Outputs() {}

    /**
     * A new tensor in {@code like}'s place (the host, or {@code like}'s device, allocated in order on the stream
     * {@link OpCheck#stream} picks), passed to {@code fill}; if {@code fill} throws, the tensor is closed and the
     * exception goes on.
     */
    public static Tensor allocate(OpCheck op, Tensor like, long[] shape, DataType dtype, TensorLayout layout, Stream stream,
                                  Consumer<Tensor> fill) {
        Tensor dst = like.isHost() ? Tensor.allocateHost(shape, dtype, layout)
                : Tensor.allocate(shape, dtype, layout, op.stream(like, stream));
        try {
            fill.accept(dst);
        } catch (RuntimeException | Error e) {
            dst.close();
            throw e;
        }
        return dst;
    }
}

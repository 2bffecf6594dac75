package dev.cvj.ops.internal;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntFunction;

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
        checkSize(op, shape, dtype, layout, !like.isHost());
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

    /**
     * A new batch of {@code like.size()} HWC images beside {@code like} (the host, or its device), image i of
     * {@code sizes.apply(i)} pixels and {@code channels} channels of {@code dtype}, passed to {@code fill}. The batch
     * owns its images (closing it frees them); if allocating or {@code fill} throws, everything made is closed and the
     * exception goes on.
     */
    public static ImageBatchVarShape allocateBatch(OpCheck op, ImageBatchVarShape like, IntFunction<ImageSize> sizes,
                                                   int channels, DataType dtype, Stream stream,
                                                   Consumer<ImageBatchVarShape> fill) {
        int n = like.size();
        long[][] shapes = new long[n][];
        for (int i = 0; i < n; i++) { // every size checked before anything is allocated
            ImageSize s = sizes.apply(i);
            shapes[i] = new long[] {s.height(), s.width(), channels};
            checkSize(op, shapes[i], dtype, TensorLayout.HWC, !like.isHost());
        }
        Tensor first = like.image(0);
        Stream st = like.isHost() ? null : op.stream(first, stream);
        ImageBatchVarShape out = like.isHost() ? ImageBatchVarShape.createHost(n) : ImageBatchVarShape.create(n, like.device());
        try {
            for (long[] shape : shapes) {
                try (Tensor t = like.isHost() ? Tensor.allocateHost(shape, dtype, TensorLayout.HWC)
                        : Tensor.allocate(shape, dtype, TensorLayout.HWC, st)) {
                    out.pushBack(t); // the batch holds the memory; this handle is closed
                }
            }
            fill.accept(out);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * The output's size, checked before it exists: its byte count fits a long, and on a device its image rows fit
     * what the kernels address ({@link PixelGrid#MAX_DEVICE_ROW_BYTES}). A message names the operator and the shape.
     */
    static void checkSize(OpCheck op, long[] shape, DataType dtype, TensorLayout layout, boolean device) {
        long bytes = dtype.byteSize();
        for (long s : shape) {
            if (s < 0) {
                throw op.fail("the output shape " + Arrays.toString(shape) + " has a negative extent");
            }
            bytes = s == 0 || bytes == 0 ? 0 : bytes <= Long.MAX_VALUE / s ? bytes * s : -1;
            if (bytes < 0) {
                throw op.fail("the output of shape " + Arrays.toString(shape) + " of " + dtype
                        + " would hold more than 2^63-1 bytes");
            }
        }
        int w = layout == null ? -1 : layout.indexOf('W'), c = layout == null ? -1 : layout.indexOf('C');
        if (device && w >= 0 && c >= 0) {
            long row;
            try {
                row = Math.multiplyExact(Math.multiplyExact(shape[w], shape[c]), dtype.byteSize());
            } catch (ArithmeticException e) {
                row = Long.MAX_VALUE;
            }
            op.deviceRows("the output", row);
        }
    }
}

package dev.cvj.samples;

import static dev.cvj.samples.Sample.check;

import dev.cvj.interop.CudaCopies;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;

/**
 * CV-CUDA's interop guide, CUDA Python "Approach 2: Using CV-CUDA Tensor as Buffer", in Java: cvj allocates
 * the tensor, the application copies its data into the tensor's CUDA Array Interface with {@code h2d} and
 * back with {@code d2h}. The HWC tensor's rows are padded (10 x 3 bytes in a 32-byte pitch), so both copies
 * go row by row ({@code cudaMemcpy2D}).
 */
public final class InteropApproach2 implements Sample {
    @Override
    public String name() {
        return "InteropApproach2";
    }

    @Override
    public boolean needsGpu() {
        return true;
    }

    @Override
    public void run(PrintStream out) {
        long[] shape = {10, 10, 3};
        byte[] host = new byte[10 * 10 * 3];
        new Random().nextBytes(host);

        try (Tensor tensor = Tensor.allocate(shape, DataType.U8, TensorLayout.HWC)) {
            CudaCopies.h2d(host, tensor.cuda());
            check(Arrays.equals(tensor.shape(), shape), "tensor shape " + Arrays.toString(tensor.shape()));
            out.println(name() + ": host byte[300] -> Tensor " + Arrays.toString(tensor.shape()) + " " + tensor.layout()
                    + " " + tensor.dtype() + " (row pitch " + tensor.strides()[0] + " bytes) with h2d");

            byte[] result = new byte[host.length];
            CudaCopies.d2h(tensor.cuda(), result);
            check(Arrays.equals(result, host), "values read back differ from the host array");
            out.println(name() + ": Tensor.cuda() -> d2h: shape " + Arrays.toString(shape) + " and all 300 values equal the original");
        }
    }
}

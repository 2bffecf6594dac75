package dev.cvj.samples;

import static dev.cvj.samples.Sample.check;

import dev.cvj.interop.CudaBuffer;
import dev.cvj.interop.CudaCopies;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;

/**
 * CV-CUDA's interop guide, CUDA Python "Approach 1: Custom CudaBuffer", in Java: memory allocated by the
 * application ({@link CudaBuffer}, {@code cudaMalloc}), filled with {@code h2d}, wrapped as a tensor without
 * a copy, then wrapped back and read with {@code d2h}.
 */
public final class InteropApproach1 implements Sample {
    @Override
    public String name() {
        return "InteropApproach1";
    }

    @Override
    public boolean needsGpu() {
        return true;
    }

    @Override
    public void run(PrintStream out) {
        // Host data: a random 10x10 float32 image.
        long[] shape = {10, 10};
        float[] host = new float[100];
        Random random = new Random();
        for (int i = 0; i < host.length; i++) {
            host[i] = random.nextFloat();
        }

        // CUDA to cvj: allocate, copy in, wrap as a tensor (zero copy).
        try (CudaBuffer buffer = new CudaBuffer(shape, DataType.F32)) {
            CudaCopies.h2d(host, buffer);
            Tensor tensor = Tensor.asTensor(buffer, TensorLayout.HW);
            check(tensor.address() == buffer.address(), "the tensor copied the buffer: address 0x"
                    + Long.toHexString(tensor.address()) + " != 0x" + Long.toHexString(buffer.address()));
            check(Arrays.equals(tensor.shape(), shape), "tensor shape " + Arrays.toString(tensor.shape()));
            check(tensor.dtype() == DataType.F32, "tensor dtype " + tensor.dtype());
            out.println(name() + ": CudaBuffer " + Arrays.toString(shape) + " <f4 -> Tensor " + tensor.layout()
                    + " without a copy (same address 0x" + Long.toHexString(tensor.address()) + ")");

            // cvj to CUDA: the tensor's interface, wrapped as a buffer (zero copy), copied out.
            try (CudaBuffer back = CudaBuffer.fromCuda(tensor.cuda())) {
                check(back.address() == buffer.address(), "fromCuda copied the tensor");
                float[] result = new float[100];
                CudaCopies.d2h(back, result);
                check(Arrays.equals(result, host), "values read back differ from the host array");
                out.println(name() + ": Tensor.cuda() -> CudaBuffer.fromCuda -> d2h: all 100 values equal the original");
            }
        }
    }
}

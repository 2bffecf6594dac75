package dev.cvj.cuda.interop;

/**
 * Anything that exposes device memory through the CUDA Array Interface (v3), the Java counterpart of
 * Python's {@code __cuda_array_interface__} attribute. A consumer wraps it without copying:
 *
 * <pre>{@code
 * CudaArray x = DeviceArray.of(memory, new long[] {480, 640, 3}, "|u1");
 * CudaArrayInterface cai = x.cudaArrayInterface();
 * long pointer = cai.data();
 * }</pre>
 */
public interface CudaArray {
    /** {@return the interface describing this array now: shape, element type, pointer, strides and stream} */
    CudaArrayInterface cudaArrayInterface();
}

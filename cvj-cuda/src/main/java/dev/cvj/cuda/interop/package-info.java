/**
 * The CUDA array interface (version 3): the value with which CuPy, PyTorch, Numba, CV-CUDA and cvj describe
 * device arrays to each other, and what CUDA IPC needs to share one between processes.
 *
 * <p>{@link dev.cvj.cuda.interop.CudaArrayInterface} is Python's {@code __cuda_array_interface__} dict as a
 * checked record, read from and written to a {@link java.util.Map} of the same keys or JSON;
 * {@link dev.cvj.cuda.interop.CudaArray} is anything that exposes one; {@link dev.cvj.cuda.interop.DeviceArray}
 * gives a {@link dev.cvj.cuda.DeviceMemory} a shape and an element type; {@link dev.cvj.cuda.interop.IpcDescriptor}
 * is what another process needs to open an exported array.
 *
 * <p>Describe a 2 x 3 float array at a device address (from another library, say) and read it back:
 * <pre>{@code
 * CudaArrayInterface cai = CudaArrayInterface.fromMap(Map.of(
 *         "shape", List.of(2, 3), "typestr", "<f4", "data", List.of(address, false), "version", 3));
 * cai.elementCount();   // 6
 * cai.byteSpan();       // 24
 * String json = cai.toJson();
 * }</pre>
 */
package dev.cvj.cuda.interop;

/**
 * CUDA from Java: devices, streams, events, memory, modules, kernels, NVRTC programs and graphs.
 *
 * <p>This is the API to use for CUDA itself. Resources are {@link java.lang.AutoCloseable} and closing twice is
 * harmless; device memory knows its device and is freed in stream order. Every failing CUDA call becomes a
 * {@link dev.cvj.cuda.CudaException} (a {@link dev.cvj.cuda.CudaOutOfMemoryException} when memory runs out, a
 * {@link dev.cvj.cuda.CompileException} with the compiler's log when NVRTC fails) whose message reads
 * {@code cudaErrorName: explanation}. Without a usable device, {@link dev.cvj.cuda.Device#unavailableReason()}
 * says why instead of failing later.
 *
 * <p>Copy bytes to the first GPU and back:
 * <pre>{@code
 * if (!Device.isAvailable()) {
 *     System.out.println("no GPU: " + Device.unavailableReason());
 *     return;
 * }
 * Device gpu = Device.get(0);
 * byte[] in = {1, 2, 3, 4}, out = new byte[4];
 * try (Stream stream = Stream.create(gpu);
 *      DeviceMemory memory = DeviceMemory.allocate(gpu, in.length)) {
 *     memory.copyFrom(MemorySegment.ofArray(in));
 *     memory.copyTo(MemorySegment.ofArray(out));     // out is {1, 2, 3, 4}
 *     stream.synchronize();
 * }
 * }</pre>
 *
 * <p>The native calls need {@code --enable-native-access=dev.cvj.cuda} on the module path
 * ({@code --enable-native-access=ALL-UNNAMED} on the class path).
 */
package dev.cvj.cuda;

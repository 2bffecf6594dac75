/**
 * Raw bindings to the CUDA Runtime ({@link dev.cvj.cuda.raw.Runtime}), Driver ({@link dev.cvj.cuda.raw.Driver}) and
 * NVRTC ({@link dev.cvj.cuda.raw.Nvrtc}): one static method per C function, with the C name and arguments.
 *
 * <p>Use it for a call that {@link dev.cvj.cuda} does not cover. Each method returns the C status code
 * ({@code 0} is success) and takes device addresses and handles as {@code long}, host memory (out-parameters,
 * arrays, strings) as {@link java.lang.foreign.MemorySegment}. Nothing is checked or converted: the caller
 * reads out-parameters and turns a status into an error. The classes are generated from a list of C
 * signatures by {@code tools/gen-raw-bindings.py}; the libraries are found as
 * {@link dev.cvj.cuda.raw.CudaLibrary} describes.
 *
 * <p>Ask the runtime how many devices it sees:
 * <pre>{@code
 * try (Arena arena = Arena.ofConfined()) {
 *     MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
 *     int status = Runtime.cudaGetDeviceCount(count);
 *     System.out.println(status == 0 ? count.get(ValueLayout.JAVA_INT, 0) + " devices" : "cudaError " + status);
 * }
 * }</pre>
 */
package dev.cvj.cuda.raw;

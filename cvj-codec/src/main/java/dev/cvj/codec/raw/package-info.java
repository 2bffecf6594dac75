/**
 * Raw bindings to nvJPEG ({@link dev.cvj.codec.raw.NvJpeg}): one static method per C function, with the C name and
 * arguments, plus the enum values and the {@code nvjpegImage_t} layout it needs ({@link dev.cvj.codec.raw.NvJpegTypes})
 * and whether libnvjpeg loads ({@link dev.cvj.codec.raw.NvJpegLibrary}).
 *
 * <p>Use it for an nvJPEG call that {@link dev.cvj.codec} does not make. Each method returns the
 * {@code nvjpegStatus_t} ({@code 0} is success) and takes opaque handles, device addresses and CUDA streams as
 * {@code long}, host memory (out-parameters, arrays, the encoded bytes) as {@link java.lang.foreign.MemorySegment}.
 * Nothing is checked or converted: the caller reads out-parameters, turns a status into an error
 * ({@link dev.cvj.codec.raw.NvJpegTypes#statusName} names it) and destroys what it created. {@code NvJpeg} is
 * generated from a list of C signatures by {@code tools/gen-raw-bindings.py}; libnvjpeg is found as
 * {@link dev.cvj.cuda.raw.CudaLibrary} describes.
 *
 * <p>Ask nvJPEG for its version ({@code libraryPropertyType}: 0 is the major, 1 the minor version):
 * <pre>{@code
 * if (!NvJpegLibrary.isAvailable()) {
 *     System.out.println("no nvJPEG: " + NvJpegLibrary.describe());
 *     return;
 * }
 * try (Arena arena = Arena.ofConfined()) {
 *     MemorySegment major = arena.allocate(ValueLayout.JAVA_INT), minor = arena.allocate(ValueLayout.JAVA_INT);
 *     int status = NvJpeg.nvjpegGetProperty(0, major);
 *     if (status == NvJpegTypes.STATUS_SUCCESS) {
 *         status = NvJpeg.nvjpegGetProperty(1, minor);
 *     }
 *     System.out.println(status == NvJpegTypes.STATUS_SUCCESS
 *             ? "nvJPEG " + major.get(ValueLayout.JAVA_INT, 0) + "." + minor.get(ValueLayout.JAVA_INT, 0)
 *             : NvJpegTypes.statusName(status));
 * }
 * }</pre>
 */
package dev.cvj.codec.raw;

/**
 * Sharing GPU memory with other libraries and processes without copying: the CUDA array interface, DLPack and
 * CUDA IPC.
 *
 * <p>{@link dev.cvj.interop.CudaBuffer} is a plain device array (allocated here or wrapped from another library's
 * CUDA array interface); {@link dev.cvj.interop.CudaCopies} copies Java arrays to and from any CUDA array;
 * {@link dev.cvj.interop.DLPack} exports and imports DLPack 1.x tensors (C and C++ libraries, and Python through a
 * capsule); {@link dev.cvj.interop.CudaIpc} shares an allocation with another process (e.g. PyTorch in Python).
 *
 * <p>Fill a device buffer from Java and hand it to another library:
 * <pre>{@code
 * try (CudaBuffer buffer = CudaBuffer.allocate(new long[] {2, 3}, DataType.F32)) {
 *     CudaCopies.h2d(new float[] {1, 2, 3, 4, 5, 6}, buffer);
 *     CudaArrayInterface cai = buffer.cudaArrayInterface();   // its __cuda_array_interface__
 *     MemorySegment dlpack = DLPack.export(buffer);           // a DLManagedTensorVersioned*
 * }
 * }</pre>
 */
package dev.cvj.interop;

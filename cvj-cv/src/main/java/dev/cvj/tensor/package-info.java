/**
 * Tensors in the style of CV-CUDA: a {@link dev.cvj.tensor.Tensor} is an element type, a layout, a shape and byte
 * strides over device or host memory, and batches of them.
 *
 * <p>A tensor is allocated on a device (stream-ordered) or on the host (the CPU backend), or wraps memory that
 * someone else owns without copying (another library's CUDA array, a {@link java.lang.foreign.MemorySegment}).
 * Views ({@code slice}, {@code reshape}, {@code withLayout}) share memory; closing a tensor frees what it owns after
 * its last use. {@link dev.cvj.tensor.ImageBatchVarShape} holds images of different sizes,
 * {@link dev.cvj.tensor.TensorBatch} tensors of different shapes; operators take them in one call.
 * {@link dev.cvj.tensor.CurrentStream} is the thread's stream for work that names none.
 *
 * <p>A host image, filled and read back (no GPU needed):
 * <pre>{@code
 * try (Tensor image = Tensor.allocateHost(new long[] {480, 640, 3}, DataType.U8, TensorLayout.HWC)) {
 *     image.copyFrom(new byte[480 * 640 * 3]);
 *     Tensor row = image.slice(0, 10, 1);        // a view of row 10: shape [1, 640, 3]
 *     long bytes = image.byteSize();            // 921600
 * }
 * }</pre>
 */
package dev.cvj.tensor;

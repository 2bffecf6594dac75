/**
 * Computer-vision operators in the style of CV-CUDA: resize, colour conversion, normalize, crops, flips, borders,
 * warps, filters, morphology, thresholds and fused pre-processing.
 *
 * <p>One class per operator. {@code op(src, ...)} allocates and returns its output, {@code opInto(dst, src, ...)}
 * writes into the caller's tensor; a null stream, or the overload without one, means the current stream. Device
 * tensors run on the GPU, host tensors on the CPU path, which has the same semantics and is the tests' oracle.
 * Each class's Javadoc has its support table (layouts, data types, channels) and every check happens before any
 * GPU work: bad input is an {@link java.lang.IllegalArgumentException} (or {@link java.lang.NullPointerException})
 * whose message names the operator and the argument. {@link dev.cvj.ops.Operators#all()} lists every operator;
 * {@link dev.cvj.ops.Backend} says which backend runs here, and why.
 *
 * <p>Resize an image and normalize it to float, on the CPU (the same calls with a device tensor run on the GPU):
 * <pre>{@code
 * try (Tensor image = Tensor.allocateHost(new long[] {480, 640, 3}, DataType.U8, TensorLayout.HWC);
 *      Tensor small = Resize.resize(image, ImageSize.of(224, 224), Interpolation.LINEAR);
 *      Tensor input = Normalize.normalize(small, new float[] {123.675f, 116.28f, 103.53f},
 *              new float[] {58.395f, 57.12f, 57.375f}, 1f, 0f, 0f, true, DataType.F32)) {
 *     System.out.println(Backend.describe());
 * }
 * }</pre>
 */
package dev.cvj.ops;

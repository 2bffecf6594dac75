package dev.cvj.cuda;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Copies between Java arrays and device memory: typed shapes of {@link DeviceMemory}'s two segment copies,
 * {@link #copyFrom(MemorySegment, long, Stream)} and {@link #copyTo(long, MemorySegment, Stream)}, over
 * {@link MemorySegment#ofArray}. Each method is one line into one private path per direction,
 * so copying itself is written once, in {@code HostCopies}.
 *
 * <p>Without a stream the copy is synchronous. The {@code xxxAsync} copies are queued on the stream after the
 * work already there; since a Java array may move with the garbage collector, they wait for the stream and
 * return when done (see {@link DeviceMemory}). Indexes and lengths are in elements of the array; device
 * offsets are in bytes.
 */
public sealed interface HostArrayCopies permits DeviceMemory {

    /**
     * Copies all of {@code src} to byte {@code dstOffset}; with a stream, in its order (null: synchronously).
     *
     * @param src the host memory to copy from
     * @param dstOffset the byte offset in this memory to copy to
     * @param stream the stream whose order the copy takes, or null to copy synchronously
     */
    void copyFrom(MemorySegment src, long dstOffset, Stream stream);

    /**
     * Fills all of {@code dst} from byte {@code srcOffset}; with a stream, in its order (null: synchronously).
     *
     * @param srcOffset the byte offset in this memory to copy from
     * @param dst the host memory to fill
     * @param stream the stream whose order the copy takes, or null to copy synchronously
     */
    void copyTo(long srcOffset, MemorySegment dst, Stream stream);

    // ---- byte[] ----

    /**
     * Copies all of {@code src} to the start of this memory, synchronously.
     *
     * @param src the array to copy from
     */
    default void copyFrom(byte[] src) { fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Byte.BYTES, 0, src.length, 0, null); }

    /**
     * Fills all of {@code dst} from the start of this memory, synchronously.
     *
     * @param dst the array to fill
     */
    default void copyTo(byte[] dst) { toArray(0, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Byte.BYTES, 0, dst.length, null); }

    /**
     * Copies all of {@code src} to the start of this memory, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(byte[] src, Stream stream) { copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream); }

    /**
     * Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param srcIndex the index of the first element to copy
     * @param length the number of elements
     * @param dstOffset the byte offset in this memory to copy to
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(byte[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Byte.BYTES, srcIndex, length, dstOffset, ordered(stream));
    }

    /**
     * Fills all of {@code dst} from the start of this memory, in the order of {@code stream}.
     *
     * @param dst the array to fill
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(byte[] dst, Stream stream) { copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream); }

    /**
     * Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code
     * stream}.
     *
     * @param srcOffset the byte offset in this memory to copy from
     * @param dst the array to fill
     * @param dstIndex the index of the first element to fill
     * @param length the number of elements
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(long srcOffset, byte[] dst, int dstIndex, int length, Stream stream) {
        toArray(srcOffset, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Byte.BYTES, dstIndex, length, ordered(stream));
    }

    // ---- short[] ----

    /**
     * Copies all of {@code src} to the start of this memory, synchronously.
     *
     * @param src the array to copy from
     */
    default void copyFrom(short[] src) { fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Short.BYTES, 0, src.length, 0, null); }

    /**
     * Fills all of {@code dst} from the start of this memory, synchronously.
     *
     * @param dst the array to fill
     */
    default void copyTo(short[] dst) { toArray(0, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Short.BYTES, 0, dst.length, null); }

    /**
     * Copies all of {@code src} to the start of this memory, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(short[] src, Stream stream) { copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream); }

    /**
     * Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param srcIndex the index of the first element to copy
     * @param length the number of elements
     * @param dstOffset the byte offset in this memory to copy to
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(short[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Short.BYTES, srcIndex, length, dstOffset, ordered(stream));
    }

    /**
     * Fills all of {@code dst} from the start of this memory, in the order of {@code stream}.
     *
     * @param dst the array to fill
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(short[] dst, Stream stream) { copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream); }

    /**
     * Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code
     * stream}.
     *
     * @param srcOffset the byte offset in this memory to copy from
     * @param dst the array to fill
     * @param dstIndex the index of the first element to fill
     * @param length the number of elements
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(long srcOffset, short[] dst, int dstIndex, int length, Stream stream) {
        toArray(srcOffset, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Short.BYTES, dstIndex, length, ordered(stream));
    }

    // ---- char[] ----

    /**
     * Copies all of {@code src} to the start of this memory, synchronously.
     *
     * @param src the array to copy from
     */
    default void copyFrom(char[] src) { fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Character.BYTES, 0, src.length, 0, null); }

    /**
     * Fills all of {@code dst} from the start of this memory, synchronously.
     *
     * @param dst the array to fill
     */
    default void copyTo(char[] dst) { toArray(0, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Character.BYTES, 0, dst.length, null); }

    /**
     * Copies all of {@code src} to the start of this memory, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(char[] src, Stream stream) { copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream); }

    /**
     * Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param srcIndex the index of the first element to copy
     * @param length the number of elements
     * @param dstOffset the byte offset in this memory to copy to
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(char[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Character.BYTES, srcIndex, length, dstOffset, ordered(stream));
    }

    /**
     * Fills all of {@code dst} from the start of this memory, in the order of {@code stream}.
     *
     * @param dst the array to fill
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(char[] dst, Stream stream) { copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream); }

    /**
     * Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code
     * stream}.
     *
     * @param srcOffset the byte offset in this memory to copy from
     * @param dst the array to fill
     * @param dstIndex the index of the first element to fill
     * @param length the number of elements
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(long srcOffset, char[] dst, int dstIndex, int length, Stream stream) {
        toArray(srcOffset, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Character.BYTES, dstIndex, length, ordered(stream));
    }

    // ---- int[] ----

    /**
     * Copies all of {@code src} to the start of this memory, synchronously.
     *
     * @param src the array to copy from
     */
    default void copyFrom(int[] src) { fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Integer.BYTES, 0, src.length, 0, null); }

    /**
     * Fills all of {@code dst} from the start of this memory, synchronously.
     *
     * @param dst the array to fill
     */
    default void copyTo(int[] dst) { toArray(0, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Integer.BYTES, 0, dst.length, null); }

    /**
     * Copies all of {@code src} to the start of this memory, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(int[] src, Stream stream) { copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream); }

    /**
     * Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param srcIndex the index of the first element to copy
     * @param length the number of elements
     * @param dstOffset the byte offset in this memory to copy to
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(int[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Integer.BYTES, srcIndex, length, dstOffset, ordered(stream));
    }

    /**
     * Fills all of {@code dst} from the start of this memory, in the order of {@code stream}.
     *
     * @param dst the array to fill
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(int[] dst, Stream stream) { copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream); }

    /**
     * Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code
     * stream}.
     *
     * @param srcOffset the byte offset in this memory to copy from
     * @param dst the array to fill
     * @param dstIndex the index of the first element to fill
     * @param length the number of elements
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(long srcOffset, int[] dst, int dstIndex, int length, Stream stream) {
        toArray(srcOffset, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Integer.BYTES, dstIndex, length, ordered(stream));
    }

    // ---- long[] ----

    /**
     * Copies all of {@code src} to the start of this memory, synchronously.
     *
     * @param src the array to copy from
     */
    default void copyFrom(long[] src) { fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Long.BYTES, 0, src.length, 0, null); }

    /**
     * Fills all of {@code dst} from the start of this memory, synchronously.
     *
     * @param dst the array to fill
     */
    default void copyTo(long[] dst) { toArray(0, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Long.BYTES, 0, dst.length, null); }

    /**
     * Copies all of {@code src} to the start of this memory, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(long[] src, Stream stream) { copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream); }

    /**
     * Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param srcIndex the index of the first element to copy
     * @param length the number of elements
     * @param dstOffset the byte offset in this memory to copy to
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(long[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Long.BYTES, srcIndex, length, dstOffset, ordered(stream));
    }

    /**
     * Fills all of {@code dst} from the start of this memory, in the order of {@code stream}.
     *
     * @param dst the array to fill
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(long[] dst, Stream stream) { copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream); }

    /**
     * Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code
     * stream}.
     *
     * @param srcOffset the byte offset in this memory to copy from
     * @param dst the array to fill
     * @param dstIndex the index of the first element to fill
     * @param length the number of elements
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(long srcOffset, long[] dst, int dstIndex, int length, Stream stream) {
        toArray(srcOffset, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Long.BYTES, dstIndex, length, ordered(stream));
    }

    // ---- float[] ----

    /**
     * Copies all of {@code src} to the start of this memory, synchronously.
     *
     * @param src the array to copy from
     */
    default void copyFrom(float[] src) { fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Float.BYTES, 0, src.length, 0, null); }

    /**
     * Fills all of {@code dst} from the start of this memory, synchronously.
     *
     * @param dst the array to fill
     */
    default void copyTo(float[] dst) { toArray(0, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Float.BYTES, 0, dst.length, null); }

    /**
     * Copies all of {@code src} to the start of this memory, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(float[] src, Stream stream) { copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream); }

    /**
     * Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param srcIndex the index of the first element to copy
     * @param length the number of elements
     * @param dstOffset the byte offset in this memory to copy to
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(float[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Float.BYTES, srcIndex, length, dstOffset, ordered(stream));
    }

    /**
     * Fills all of {@code dst} from the start of this memory, in the order of {@code stream}.
     *
     * @param dst the array to fill
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(float[] dst, Stream stream) { copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream); }

    /**
     * Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code
     * stream}.
     *
     * @param srcOffset the byte offset in this memory to copy from
     * @param dst the array to fill
     * @param dstIndex the index of the first element to fill
     * @param length the number of elements
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(long srcOffset, float[] dst, int dstIndex, int length, Stream stream) {
        toArray(srcOffset, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Float.BYTES, dstIndex, length, ordered(stream));
    }

    // ---- double[] ----

    /**
     * Copies all of {@code src} to the start of this memory, synchronously.
     *
     * @param src the array to copy from
     */
    default void copyFrom(double[] src) { fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Double.BYTES, 0, src.length, 0, null); }

    /**
     * Fills all of {@code dst} from the start of this memory, synchronously.
     *
     * @param dst the array to fill
     */
    default void copyTo(double[] dst) { toArray(0, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Double.BYTES, 0, dst.length, null); }

    /**
     * Copies all of {@code src} to the start of this memory, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(double[] src, Stream stream) { copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream); }

    /**
     * Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}.
     *
     * @param src the array to copy from
     * @param srcIndex the index of the first element to copy
     * @param length the number of elements
     * @param dstOffset the byte offset in this memory to copy to
     * @param stream the stream whose order the copy takes
     */
    default void copyFromAsync(double[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        fromArray(MemorySegment.ofArray(Objects.requireNonNull(src, "src")), Double.BYTES, srcIndex, length, dstOffset, ordered(stream));
    }

    /**
     * Fills all of {@code dst} from the start of this memory, in the order of {@code stream}.
     *
     * @param dst the array to fill
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(double[] dst, Stream stream) { copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream); }

    /**
     * Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code
     * stream}.
     *
     * @param srcOffset the byte offset in this memory to copy from
     * @param dst the array to fill
     * @param dstIndex the index of the first element to fill
     * @param length the number of elements
     * @param stream the stream whose order the copy takes
     */
    default void copyToAsync(long srcOffset, double[] dst, int dstIndex, int length, Stream stream) {
        toArray(srcOffset, MemorySegment.ofArray(Objects.requireNonNull(dst, "dst")), Double.BYTES, dstIndex, length, ordered(stream));
    }

    // ---- the one path ----

    /** {@code array[index, index + length)} (elements of {@code elementBytes}) to byte {@code dstOffset}. */
    private void fromArray(MemorySegment array, int elementBytes, int index, int length, long dstOffset, Stream stream) {
        Objects.checkFromIndexSize(index, length, array.byteSize() / elementBytes);
        copyFrom(array.asSlice((long) index * elementBytes, (long) length * elementBytes), dstOffset, stream);
    }

    /** From byte {@code srcOffset} into {@code array[index, index + length)} (elements of {@code elementBytes}). */
    private void toArray(long srcOffset, MemorySegment array, int elementBytes, int index, int length, Stream stream) {
        Objects.checkFromIndexSize(index, length, array.byteSize() / elementBytes);
        copyTo(srcOffset, array.asSlice((long) index * elementBytes, (long) length * elementBytes), stream);
    }

    private static Stream ordered(Stream stream) {
        return Objects.requireNonNull(stream, "stream");
    }
}

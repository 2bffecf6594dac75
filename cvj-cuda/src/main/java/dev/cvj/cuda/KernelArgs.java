package dev.cvj.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The arguments of one kernel launch, in order, each with its exact byte size, so that
 * {@link Kernel#launch} can check them against the kernel's own parameter list.
 *
 * <pre>{@code
 * KernelArgs args = new KernelArgs().pointer(x).pointer(y).f32(2.0f).i32(n);
 * saxpy.launch(Dim3.of(blocks), Dim3.of(256), 0, stream, args);
 * }</pre>
 *
 * An instance may be reused ({@link #clear()}) but not shared between threads.
 */
public final class KernelArgs {
    private static final int MAX_BYTES = 32764; // CUDA 12.1+ kernel parameter limit

    private byte[] values = new byte[128];
    private int[] offsets = new int[16];
    private int[] sizes = new int[16];
    private int count;
    private int used;
    /**
     * Each thread's native buffer for launches (the {@code void*[]} then the values), grown when too small: the
     * driver copies the values when a launch is issued, so one buffer per thread serves every launch, whether the
     * caller reuses its {@code KernelArgs} or makes one per launch.
     */
    private static final ThreadLocal<MemorySegment> NATIVE = new ThreadLocal<>();

    /** An empty argument list. */
    public KernelArgs() {}

    /**
     * Forgets all arguments, for reuse.
     *
     * @return these arguments, empty
     */
    public KernelArgs clear() {
        count = 0;
        used = 0;
        return this;
    }

    /** {@return the number of arguments} */
    public int count() {
        return count;
    }

    /**
     * Byte size of argument {@code i}.
     *
     * @param i the argument's index, from 0
     * @return the argument's byte size
     */
    public int size(int i) {
        java.util.Objects.checkIndex(i, count);
        return sizes[i];
    }

    private int add(int size, int align) {
        int off = (used + align - 1) & -align;
        if (off + size > MAX_BYTES) {
            throw new IllegalArgumentException("kernel arguments exceed " + MAX_BYTES + " bytes");
        }
        if (off + size > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, off + size));
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        offsets[count] = off;
        sizes[count] = size;
        count++;
        used = off + size;
        return off;
    }

    /**
     * {@return these arguments, with an {@code int} (or {@code unsigned}) one added}
     *
     * @param v the value
     */
    public KernelArgs i32(int v) {
        int o = add(4, 4);
        MemorySegment.ofArray(values).set(ValueLayout.JAVA_INT_UNALIGNED, o, v);
        return this;
    }

    /**
     * {@return these arguments, with a 64-bit integer one added ({@code long long}, {@code size_t})}
     *
     * @param v the value
     */
    public KernelArgs i64(long v) {
        int o = add(8, 8);
        MemorySegment.ofArray(values).set(ValueLayout.JAVA_LONG_UNALIGNED, o, v);
        return this;
    }

    /**
     * {@return these arguments, with a {@code float} one added}
     *
     * @param v the value
     */
    public KernelArgs f32(float v) {
        int o = add(4, 4);
        MemorySegment.ofArray(values).set(ValueLayout.JAVA_FLOAT_UNALIGNED, o, v);
        return this;
    }

    /**
     * {@return these arguments, with a {@code double} one added}
     *
     * @param v the value
     */
    public KernelArgs f64(double v) {
        int o = add(8, 8);
        MemorySegment.ofArray(values).set(ValueLayout.JAVA_DOUBLE_UNALIGNED, o, v);
        return this;
    }

    /**
     * Adds a raw device address (a {@code T*} parameter).
     *
     * @param deviceAddress the device address
     * @return these arguments
     */
    public KernelArgs pointer(long deviceAddress) {
        return i64(deviceAddress);
    }

    /**
     * Adds the address of {@code memory} (a {@code T*} parameter).
     *
     * @param memory the device memory
     * @return these arguments
     * @throws IllegalStateException if the memory is closed
     */
    public KernelArgs pointer(DeviceMemory memory) {
        return i64(memory.address());
    }

    /**
     * Adds a struct passed by value: its bytes exactly as the kernel's C++ type lays them out.
     *
     * @param bytes the struct's bytes
     * @param alignment the struct's alignment in bytes
     * @return these arguments
     */
    public KernelArgs struct(byte[] bytes, int alignment) {
        if (Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two, got " + alignment);
        }
        int o = add(bytes.length, alignment);
        System.arraycopy(bytes, 0, values, o, bytes.length);
        return this;
    }

    /**
     * The values and the {@code void*[]} pointing at them, in the calling thread's native buffer; returns the
     * array. Valid until the thread's next {@code marshal}: a launch issues it at once.
     */
    MemorySegment marshal() {
        long ptrBytes = (Math.max(count, 1) * 8L + 15) & -16L;
        long need = ptrBytes + Math.max(used, 1);
        MemorySegment buf = NATIVE.get();
        if (buf == null || buf.byteSize() < need) {
            buf = Arena.ofAuto().allocate(Math.max(need, 1024), 16);
            NATIVE.set(buf);
        }
        MemorySegment.copy(values, 0, buf, ValueLayout.JAVA_BYTE, ptrBytes, used);
        long vals = buf.address() + ptrBytes;
        for (int i = 0; i < count; i++) {
            buf.setAtIndex(ValueLayout.JAVA_LONG, i, vals + offsets[i]);
        }
        return buf;
    }
}

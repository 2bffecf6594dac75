package dev.cvj.tensor;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.PinnedMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.interop.DeviceArray;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An n-dimensional array on a CUDA device or in host memory, as CV-CUDA describes one: element type,
 * layout (the meaning of each dimension, possibly none), shape, byte strides and the address of element 0.
 * Device tensors feed the GPU operators, host tensors the CPU path of the same operators.
 *
 * <pre>{@code
 * try (Tensor img = Tensor.allocate(new long[] {1, 480, 640, 3}, DataType.U8, TensorLayout.NHWC)) {
 *     img.copyFrom(pixels);                      // byte[] of 480*640*3
 *     Tensor row = img.slice(1, 100, 1);         // a view: shares memory, frees nothing
 *     Map<String, Object> cai = img.cuda().toMap();   // hand it to another library, zero copy
 * }
 * }</pre>
 *
 * <h2>Memory</h2>
 * {@link #allocate} takes stream-ordered memory from the device's pool ({@code cudaMallocAsync}) and
 * {@link #close()} gives it back in the same stream's order, so closing a tensor that queued work still
 * uses is safe. Device tensors whose layout ends in {@code HW} or {@code HWC} (NHWC, HWC, NCHW, CHW, ...)
 * get their rows (the {@code H} stride) padded to a multiple of {@link #ROW_ALIGNMENT} bytes, as CV-CUDA pads
 * image rows: then {@link #isContiguous()} is false unless the row happens to be a multiple already. Use
 * {@link #allocate(long[], DataType, TensorLayout, Stream, int)} with {@code rowAlignment = 1} for dense rows.
 * Host tensors are always dense.
 *
 * <h2>Views and lifetime</h2>
 * {@link #slice}, {@link #reshape} and {@link #asTensor} of a tensor return views that share the memory and
 * never free it; once the tensor that owns the memory is closed, every use of a view throws
 * {@link IllegalStateException}. Wrapped foreign memory ({@link #asTensor}, {@link #wrapHost}) is never freed
 * by cvj.
 *
 * <h2>Layout when none is given</h2>
 * Like CV-CUDA's Python {@code as_tensor}, wrapping without a layout leaves the layout absent
 * ({@link #layout()} is null), except that wrapping a cvj tensor keeps its layout. cvj does not guess (a rank-4
 * array from PyTorch is as often NCHW as NHWC); {@link TensorLayout#implicitFor(int)} gives CV-CUDA's implicit
 * layouts for callers who want them. A shape whose rank differs from its layout's is an error naming both.
 *
 * <h2>Streams</h2>
 * Operations without a stream use {@link CurrentStream#get()} (when that stream is on another device than the
 * tensor, the tensor device's per-thread default stream). Copies that involve host memory return when the
 * host memory is ready (the stream is synchronized); device-to-device copies are asynchronous on the stream.
 */
public final class Tensor implements CudaArray, AutoCloseable {
    /** Row alignment of device image tensors, in bytes: the 32-byte L2 sector, and {@code cudaDevAttrTexturePitchAlignment} on Pascal to Hopper. */
    public static final int ROW_ALIGNMENT = 32;
    private static final long HOST_ALIGNMENT = 64;

    private final long[] shape;
    private final long[] strides;
    private final DataType dtype;
    private final TensorLayout layout;
    private final boolean readOnly;
    private final Tensor root; // null for a root
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long offset; // of element 0, in memory or segment
    // device tensors
    private final Device device;
    private final DeviceMemory memory;
    private final boolean ownsMemory;
    // host tensors
    private final MemorySegment segment;
    private final AutoCloseable hostOwner; // Arena or PinnedMemory; null when borrowed
    private final Object keepAlive; // the wrapped object, kept reachable

    private Tensor(long[] shape, long[] strides, DataType dtype, TensorLayout layout, boolean readOnly, Tensor root,
                   long offset, Device device, DeviceMemory memory, boolean ownsMemory, MemorySegment segment,
                   AutoCloseable hostOwner, Object keepAlive) {
        this.shape = shape;
        this.strides = strides;
        this.dtype = dtype;
        this.layout = layout;
        this.readOnly = readOnly;
        this.root = root;
        this.offset = offset;
        this.device = device;
        this.memory = memory;
        this.ownsMemory = ownsMemory;
        this.segment = segment;
        this.hostOwner = hostOwner;
        this.keepAlive = keepAlive;
    }

    // ---- creation ------------------------------------------------------------------------------------

    /** A device tensor on the current stream's device, from its pool, in its order (see {@link CurrentStream}). */
    public static Tensor allocate(long[] shape, DataType dtype, TensorLayout layout) {
        return allocate(shape, dtype, layout, CurrentStream.get());
    }

    /**
     * A device tensor on {@code s}'s device, from the device's stream-ordered pool: usable by work on
     * {@code s} (or on streams that wait for it), freed by {@link #close()} after the work queued on {@code s}.
     * Image layouts get rows padded to {@link #ROW_ALIGNMENT}; {@code layout} may be null (no labels, dense).
     */
    public static Tensor allocate(long[] shape, DataType dtype, TensorLayout layout, Stream s) {
        return allocate(shape, dtype, layout, s, ROW_ALIGNMENT);
    }

    /**
     * As {@link #allocate(long[], DataType, TensorLayout, Stream)} with the row alignment chosen: a power of two;
     * 1 gives dense (C-contiguous) strides whatever the layout.
     */
    public static Tensor allocate(long[] shape, DataType dtype, TensorLayout layout, Stream s, int rowAlignment) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(s, "stream");
        long[] sh = checkShape(shape, layout);
        if (rowAlignment < 1 || Integer.bitCount(rowAlignment) != 1) {
            throw new IllegalArgumentException("row alignment must be a power of two >= 1, got " + rowAlignment);
        }
        long[] st = deviceStrides(sh, dtype.byteSize(), layout, rowAlignment);
        long span = span(sh, st, dtype.byteSize());
        DeviceMemory mem = DeviceMemory.allocateAsync(span, s);
        return new Tensor(sh, st, dtype, layout, false, null, 0, s.device(), mem, true, null, null, null);
    }

    /**
     * A dense host tensor in native memory (64-byte aligned), freed by {@link #close()}. More than the system can
     * give is an {@link OutOfMemoryError} ("Unable to allocate N bytes ..."), as for any native allocation.
     */
    public static Tensor allocateHost(long[] shape, DataType dtype, TensorLayout layout) {
        return allocateHost(shape, dtype, layout, false);
    }

    /**
     * A dense host tensor; {@code pinned} takes page-locked memory ({@link PinnedMemory}), the fastest for
     * copies to and from the device.
     */
    public static Tensor allocateHost(long[] shape, DataType dtype, TensorLayout layout, boolean pinned) {
        Objects.requireNonNull(dtype, "dtype");
        long[] sh = checkShape(shape, layout);
        long[] st = CudaArrayInterface.contiguousStrides(sh, dtype.byteSize());
        long span = span(sh, st, dtype.byteSize());
        if (pinned) {
            PinnedMemory p = PinnedMemory.allocate(span);
            return new Tensor(sh, st, dtype, layout, false, null, 0, null, null, false, p.segment(), p, null);
        }
        Arena arena = Arena.ofShared();
        MemorySegment seg;
        try {
            seg = arena.allocate(Math.max(span, 1), HOST_ALIGNMENT).asSlice(0, span);
        } catch (OutOfMemoryError e) {
            arena.close(); // or every failed allocation would leave an open arena behind
            OutOfMemoryError named = new OutOfMemoryError("Unable to allocate " + span + " bytes of host memory for a "
                    + dtype + Arrays.toString(sh) + " tensor");
            named.initCause(e);
            throw named;
        }
        return new Tensor(sh, st, dtype, layout, false, null, 0, null, null, false, seg, arena, null);
    }

    /**
     * A host tensor over {@code seg} (native or a Java array's heap segment), element 0 at its start; never
     * freed by cvj. {@code strides} in bytes, or null for dense.
     *
     * <pre>{@code
     * float[] pixels = new float[480 * 640 * 3];
     * Tensor t = Tensor.wrapHost(MemorySegment.ofArray(pixels), new long[] {480, 640, 3}, DataType.F32, TensorLayout.HWC, null);
     * }</pre>
     */
    public static Tensor wrapHost(MemorySegment seg, long[] shape, DataType dtype, TensorLayout layout, long[] strides) {
        Objects.requireNonNull(seg, "segment");
        Objects.requireNonNull(dtype, "dtype");
        long[] sh = checkShape(shape, layout);
        long[] st = checkStrides(sh, strides, dtype);
        long span = span(sh, st, dtype.byteSize());
        if (span > seg.byteSize()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(sh) + " of " + dtype + " with strides "
                    + Arrays.toString(st) + " spans " + span + " bytes, but the segment has " + seg.byteSize());
        }
        return new Tensor(sh, st, dtype, layout, seg.isReadOnly(), null, 0, null, null, false, seg, null, seg);
    }

    /**
     * Wraps anything exposing the CUDA Array Interface, without copying. A cvj {@link Tensor} gives a view
     * of it (its layout kept when {@code layout} is null); a {@link DeviceArray} gives a tensor that stops
     * working when its memory is closed. The caller keeps the memory alive (the object is referenced, not
     * owned). See {@link #asTensor(CudaArrayInterface, TensorLayout)} for the stream.
     */
    public static Tensor asTensor(CudaArray x, TensorLayout layout) {
        Objects.requireNonNull(x, "array");
        if (x instanceof Tensor t) {
            t.ensureOpen();
            if (t.isHost()) {
                throw new IllegalArgumentException("asTensor wraps device arrays; " + t + " is a host tensor");
            }
            TensorLayout l = layout != null ? layout : t.layout;
            checkShape(t.shape, l);
            return t.view(t.shape, t.strides, l, t.offset);
        }
        if (x instanceof DeviceArray da) {
            return fromInterface(da.cudaArrayInterface(), layout, da.memory(), da);
        }
        return fromInterface(x.cudaArrayInterface(), layout, null, x);
    }

    /**
     * Wraps the memory an interface describes, without copying. The device is the one that owns
     * {@code data}. When the interface names a stream other than the current stream ({@link CurrentStream}),
     * the current stream is made to wait for the producer's work with an event (no host synchronization).
     * Data and strides must be multiples of the element size.
     */
    public static Tensor asTensor(CudaArrayInterface cai, TensorLayout layout) {
        Objects.requireNonNull(cai, "interface");
        return fromInterface(cai, layout, null, null);
    }

    /** {@link #asTensor(CudaArrayInterface, TensorLayout)} of Python's dict shape (see {@link CudaArrayInterface#fromMap}). */
    public static Tensor asTensor(Map<String, ?> cai, TensorLayout layout) {
        return fromInterface(CudaArrayInterface.fromMap(cai), layout, null, null);
    }

    private static Tensor fromInterface(CudaArrayInterface cai, TensorLayout layout, DeviceMemory base, Object keepAlive) {
        DataType dt = DataType.fromTypestr(cai.typestr());
        long[] sh = checkShape(cai.shape(), layout);
        long[] st = checkStrides(sh, cai.strides(), dt);
        long span = cai.byteSpan();
        Device dev;
        DeviceMemory mem;
        long off = 0;
        if (base != null) {
            dev = base.device();
            mem = base;
            off = cai.elementCount() == 0 ? 0 : cai.data() - base.address();
        } else if (cai.elementCount() == 0) {
            dev = CurrentStream.get().device();
            mem = DeviceMemory.wrap(dev, 0, 0);
        } else {
            if (cai.data() % dt.byteSize() != 0) {
                throw new IllegalArgumentException("data pointer 0x" + Long.toHexString(cai.data())
                        + " is not aligned to the " + dt.byteSize() + "-byte elements of " + dt);
            }
            dev = DeviceMemory.deviceOf(cai.data());
            mem = DeviceMemory.wrap(dev, cai.data(), span);
        }
        if (cai.stream().isPresent()) {
            waitForProducer(cai.stream().getAsLong(), dev);
        }
        return new Tensor(sh, st, dt, layout, cai.readOnly(), null, off, dev, mem, false, null, null, keepAlive);
    }

    /** Makes the consumer's stream wait for the producer's (v3 {@code stream} field), with an event. */
    private static void waitForProducer(long producer, Device dev) {
        Stream consumer = streamFor(dev, null);
        if (consumer.handle() == producer) {
            return; // same stream: already ordered
        }
        Stream p = producer == CudaArrayInterface.STREAM_LEGACY ? Stream.legacyDefault(dev)
                : producer == CudaArrayInterface.STREAM_PER_THREAD ? Stream.perThreadDefault(dev)
                : Stream.wrap(dev, producer);
        consumer.waitFor(p); // records an event on the producer, the consumer waits on it
    }

    // ---- checks --------------------------------------------------------------------------------------

    private static long[] checkShape(long[] shape, TensorLayout layout) {
        Objects.requireNonNull(shape, "shape");
        long[] sh = shape.clone();
        if (layout != null && layout.rank() != sh.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(sh) + " has rank " + sh.length
                    + " but layout " + layout + " has rank " + layout.rank());
        }
        if (sh.length > TensorLayout.MAX_RANK) {
            throw new IllegalArgumentException("shape " + Arrays.toString(sh) + " has more than " + TensorLayout.MAX_RANK + " dimensions");
        }
        for (int d = 0; d < sh.length; d++) {
            if (sh[d] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(sh) + ": dimension " + d + " is negative");
            }
        }
        return sh;
    }

    private static long[] checkStrides(long[] shape, long[] strides, DataType dt) {
        if (strides == null) {
            return CudaArrayInterface.contiguousStrides(shape, dt.byteSize());
        }
        if (strides.length != shape.length) {
            throw new IllegalArgumentException(strides.length + " strides " + Arrays.toString(strides)
                    + " for shape " + Arrays.toString(shape) + " of rank " + shape.length);
        }
        for (int d = 0; d < strides.length; d++) {
            if (strides[d] < 0 || strides[d] % dt.byteSize() != 0) {
                throw new IllegalArgumentException("stride " + strides[d] + " of dimension " + d
                        + " is not a non-negative multiple of the " + dt.byteSize() + "-byte elements of " + dt);
            }
        }
        return strides.clone();
    }

    static long[] deviceStrides(long[] shape, int item, TensorLayout layout, int rowAlignment) {
        long[] st = new long[shape.length];
        int h = layout == null || rowAlignment == 1 ? -1 : rowDim(layout);
        long step = item;
        try {
            for (int d = shape.length - 1; d >= 0; d--) {
                if (d == h) {
                    step = Math.multiplyExact(Math.ceilDiv(step, (long) rowAlignment), (long) rowAlignment);
                }
                st[d] = step;
                step = Math.multiplyExact(step, Math.max(shape[d], 1));
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
        }
        return st;
    }

    /** The dimension whose stride is padded: H, when the layout ends with HW or HWC. */
    private static int rowDim(TensorLayout layout) {
        if (layout.endsWith("HWC")) {
            return layout.rank() - 3;
        }
        if (layout.endsWith("HW")) {
            return layout.rank() - 2;
        }
        return -1;
    }

    private static long span(long[] shape, long[] strides, int item) {
        long last = 0;
        try {
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] == 0) {
                    return 0;
                }
                last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, strides[d]));
            }
            return Math.addExact(last, item);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " with strides "
                    + Arrays.toString(strides) + " spans more than 2^63-1 bytes");
        }
    }

    /** The stream for work on {@code dev}: {@code s} (checked), else the current stream when it is on {@code dev}, else {@code dev}'s per-thread default. */
    private static Stream streamFor(Device dev, Stream s) {
        if (s != null) {
            if (s.device() != dev) {
                throw new IllegalArgumentException("stream " + s + " is not on the tensor's device " + dev);
            }
            return s;
        }
        Stream cur = CurrentStream.explicit();
        if (cur != null && cur.device() == dev) {
            return cur;
        }
        return Stream.perThreadDefault(dev);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("tensor " + describe() + " is closed");
        }
        if (root != null && root.closed.get()) {
            throw new IllegalStateException("tensor " + describe() + " is a view of a tensor that was closed");
        }
        if (memory != null && memory.isClosed()) {
            throw new IllegalStateException("tensor " + describe() + " wraps device memory that was closed");
        }
        if (hostOwner instanceof PinnedMemory p && p.isClosed()) {
            throw new IllegalStateException("tensor " + describe() + " is closed");
        }
    }

    // ---- description ---------------------------------------------------------------------------------

    /** The extents, outermost first (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    /** The extent of dimension {@code dim}. */
    public long shape(int dim) {
        return shape[Objects.checkIndex(dim, shape.length)];
    }

    /** The extent of the dimension labelled {@code label} (e.g. {@code 'H'}); throws if the layout lacks it. */
    public long shape(char label) {
        if (layout == null) {
            throw new IllegalStateException("tensor " + describe() + " has no layout, so no dimension '" + label + "'");
        }
        int d = layout.indexOf(label);
        if (d < 0) {
            throw new IllegalArgumentException("layout " + layout + " has no dimension '" + label + "'");
        }
        return shape[d];
    }

    public int rank() {
        return shape.length;
    }

    public DataType dtype() {
        return dtype;
    }

    /** The layout, or {@code null} when the tensor has none. */
    public TensorLayout layout() {
        return layout;
    }

    /** Byte strides, outermost first (a copy). */
    public long[] strides() {
        return strides.clone();
    }

    /** Whether the tensor may not be written (a read-only interface, or a read-only segment). */
    public boolean isReadOnly() {
        return readOnly;
    }

    public boolean isHost() {
        return device == null;
    }

    /** The device, or {@code null} for a host tensor. */
    public Device device() {
        return device;
    }

    /** The address of element 0: a device pointer, or the native host address. */
    public long address() {
        ensureOpen();
        if (device != null) {
            return memory.address() + offset;
        }
        if (!segment.isNative()) {
            throw new IllegalStateException("tensor " + describe() + " lives in a Java array: it has no stable address");
        }
        return segment.address() + offset;
    }

    /** The device memory the elements span (a view: closing it frees nothing). Device tensors only. */
    public DeviceMemory deviceMemory() {
        ensureOpen();
        if (device == null) {
            throw new IllegalStateException("tensor " + describe() + " is a host tensor; use hostSegment()");
        }
        return memory.slice(offset, byteSpan());
    }

    /** The host memory the elements span, element 0 at offset 0. Host tensors only. */
    public MemorySegment hostSegment() {
        ensureOpen();
        if (device != null) {
            throw new IllegalStateException("tensor " + describe() + " is a device tensor; use deviceMemory()");
        }
        return segment.asSlice(offset, byteSpan());
    }

    /** Whether the elements are densely packed in C order (strides of extent-1 dimensions do not matter). */
    public boolean isContiguous() {
        if (elementCount() == 0) {
            return true;
        }
        long[] c = CudaArrayInterface.contiguousStrides(shape, dtype.byteSize());
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 1 && strides[d] != c[d]) {
                return false;
            }
        }
        return true;
    }

    /** The number of elements. */
    public long elementCount() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Bytes of element data: {@code elementCount() * dtype().byteSize()} (padding not counted; see {@link #byteSpan()}). */
    public long byteSize() {
        return elementCount() * dtype.byteSize();
    }

    /** Bytes from element 0 to one past the last element, padding included. */
    public long byteSpan() {
        return span(shape, strides, dtype.byteSize());
    }

    // ---- views ---------------------------------------------------------------------------------------

    private Tensor view(long[] sh, long[] st, TensorLayout l, long off) {
        return new Tensor(sh, st, dtype, l, readOnly, root == null ? this : root, off, device, memory, false, segment,
                null, keepAlive);
    }

    /**
     * The same elements with another shape (same count) and layout (may be null), sharing memory. The
     * tensor must be contiguous ({@link #isContiguous()}); copy a padded or strided tensor first.
     */
    public Tensor reshape(long[] shape, TensorLayout layout) {
        ensureOpen();
        long[] sh = checkShape(shape, layout);
        long n = 1;
        try {
            for (long s : sh) {
                n = Math.multiplyExact(n, s);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(this.shape) + " to " + Arrays.toString(sh)
                    + ": more than 2^63-1 elements");
        }
        if (n != elementCount()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(this.shape) + " (" + elementCount()
                    + " elements) to " + Arrays.toString(sh) + " (" + n + " elements)");
        }
        if (!isContiguous()) {
            throw new IllegalStateException("cannot reshape a non-contiguous tensor (shape " + Arrays.toString(this.shape)
                    + ", strides " + Arrays.toString(strides) + "): copy it into a dense tensor first");
        }
        return view(sh, CudaArrayInterface.contiguousStrides(sh, dtype.byteSize()), layout, offset);
    }

    /** Elements {@code [start, start + length)} of dimension {@code dim}, sharing memory; the layout is kept. */
    public Tensor slice(int dim, long start, long length) {
        ensureOpen();
        Objects.checkIndex(dim, shape.length);
        if (start < 0 || length < 0 || start > shape[dim] - length) {
            throw new IndexOutOfBoundsException("slice [" + start + ", " + start + " + " + length + ") of dimension "
                    + dim + " with extent " + shape[dim]);
        }
        long[] sh = shape.clone();
        sh[dim] = length;
        long off = length == 0 ? offset : offset + start * strides[dim];
        return view(sh, strides.clone(), layout, off);
    }

    // ---- interop -------------------------------------------------------------------------------------

    /**
     * The CUDA Array Interface of this device tensor, with {@code stream} the current stream's handle
     * (1 or 2 for the default streams): a consumer on another stream waits for it. Strides are null
     * when the tensor is contiguous.
     */
    public CudaArrayInterface cuda() {
        ensureOpen();
        if (device == null) {
            throw new IllegalStateException("tensor " + describe() + " is a host tensor: it has no CUDA Array Interface");
        }
        long n = elementCount();
        return CudaArrayInterface.of(shape, dtype.typestr(), n == 0 ? 0 : address(), readOnly,
                isContiguous() ? null : strides, OptionalLong.of(streamFor(device, null).handle()));
    }

    /** Same as {@link #cuda()}. */
    @Override
    public CudaArrayInterface cudaArrayInterface() {
        return cuda();
    }

    // ---- copies --------------------------------------------------------------------------------------

    public void copyFrom(byte[] a) { copyFromArray(MemorySegment.ofArray(a), a.length, 1, false); }
    public void copyFrom(short[] a) { copyFromArray(MemorySegment.ofArray(a), a.length, 2, false); }
    public void copyFrom(int[] a) { copyFromArray(MemorySegment.ofArray(a), a.length, 4, false); }
    public void copyFrom(long[] a) { copyFromArray(MemorySegment.ofArray(a), a.length, 8, false); }
    public void copyFrom(float[] a) { copyFromArray(MemorySegment.ofArray(a), a.length, 4, true); }
    public void copyFrom(double[] a) { copyFromArray(MemorySegment.ofArray(a), a.length, 8, true); }

    public void copyTo(byte[] a) { copyToArray(MemorySegment.ofArray(a), a.length, 1, false); }
    public void copyTo(short[] a) { copyToArray(MemorySegment.ofArray(a), a.length, 2, false); }
    public void copyTo(int[] a) { copyToArray(MemorySegment.ofArray(a), a.length, 4, false); }
    public void copyTo(long[] a) { copyToArray(MemorySegment.ofArray(a), a.length, 8, false); }
    public void copyTo(float[] a) { copyToArray(MemorySegment.ofArray(a), a.length, 4, true); }
    public void copyTo(double[] a) { copyToArray(MemorySegment.ofArray(a), a.length, 8, true); }

    /**
     * Which Java arrays go with which type: {@code float[]} with F32, {@code double[]} with F64,
     * {@code byte[]}/{@code short[]}/{@code int[]}/{@code long[]} with the integer types of that size (signed or
     * not, bits copied as they are), and {@code short[]} also with F16 and BF16 (raw bits). The array holds
     * exactly {@link #elementCount()} elements in C order.
     */
    private void checkArray(long length, int size, boolean floating) {
        ensureOpen();
        boolean ok = dtype.byteSize() == size && (floating ? dtype.isFloatingPoint() && dtype != DataType.F16
                && dtype != DataType.BF16 : !dtype.isFloatingPoint() || size == 2);
        if (!ok) {
            String arr = switch (size) {
                case 1 -> "byte[]";
                case 2 -> "short[]";
                case 4 -> floating ? "float[]" : "int[]";
                default -> floating ? "double[]" : "long[]";
            };
            throw new IllegalArgumentException("a " + arr + " cannot hold " + dtype + " elements of tensor " + describe());
        }
        if (length != elementCount()) {
            throw new IllegalArgumentException("array of " + length + " elements for tensor " + describe() + " of "
                    + elementCount() + " elements");
        }
    }

    private void copyFromArray(MemorySegment a, long length, int size, boolean floating) {
        checkArray(length, size, floating);
        copyFrom(wrapHost(a, shape, dtype, null, null), null);
    }

    private void copyToArray(MemorySegment a, long length, int size, boolean floating) {
        checkArray(length, size, floating);
        wrapHost(a, shape, dtype, null, null).copyFrom(this, null);
    }

    /**
     * Copies {@code other}'s elements into this tensor: same shape and type, any strides, host or device on
     * either side. Work goes on {@code s} (null: the current stream, see the class notes), which must be on the
     * device tensor's device (the destination's, device to device). A copy involving host memory returns when
     * it is done; a device copy is asynchronous. Device copies between two devices need both contiguous.
     */
    public void copyFrom(Tensor other, Stream s) {
        Objects.requireNonNull(other, "other");
        ensureOpen();
        other.ensureOpen();
        if (readOnly) {
            throw new IllegalStateException("tensor " + describe() + " is read-only");
        }
        if (!Arrays.equals(shape, other.shape) || dtype != other.dtype) {
            throw new IllegalArgumentException("copy from " + other.describe() + " to " + describe()
                    + ": shape and type must match");
        }
        if (elementCount() == 0) {
            return;
        }
        int item = dtype.byteSize();
        if (isHost() && other.isHost()) {
            MemorySegment src = other.segment;
            MemorySegment dst = segment;
            long so = other.offset;
            long dof = offset;
            CopyPlan.run(shape, item, other.strides, strides, (sOff, sp, dOff, dp, w, h) -> {
                for (long r = 0; r < h; r++) {
                    MemorySegment.copy(src, so + sOff + r * sp, dst, dof + dOff + r * dp, w);
                }
            });
            return;
        }
        if (!isHost() && !other.isHost()) {
            Stream st = streamFor(device, s);
            if (device != other.device) {
                if (!isContiguous() || !other.isContiguous()) {
                    throw new IllegalArgumentException("copies between devices (" + other.device + " -> " + device
                            + ") need contiguous tensors; copy to a dense tensor on the same device first");
                }
                memory.copyFrom(other.memory.slice(other.offset, byteSize()), offset, st);
                return;
            }
            CopyPlan.run(shape, item, other.strides, strides, (sOff, sp, dOff, dp, w, h) ->
                    memory.copy2DFrom(offset + dOff, dp, other.memory, other.offset + sOff, sp, w, h, st));
            return;
        }
        Tensor dev = isHost() ? other : this;
        Tensor host = isHost() ? this : other;
        Stream st = streamFor(dev.device, s);
        if (!host.segment.isNative()) {
            if (host.isContiguous() && dev.isContiguous()) {
                // Java array <-> dense device memory: DeviceMemory handles heap segments directly
                MemorySegment h = host.segment.asSlice(host.offset, byteSize());
                if (host == other) {
                    memory.copyFrom(h, offset, st);
                } else {
                    other.memory.copyTo(other.offset, h, st);
                }
                st.synchronize();
                return;
            }
            // stage through dense native memory
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment tmp = arena.allocate(byteSize(), HOST_ALIGNMENT);
                Tensor staged = wrapHost(tmp, shape, dtype, null, null);
                if (host == other) {
                    staged.copyFrom(other, null);
                    copyFrom(staged, st);
                } else {
                    staged.copyFrom(other, st);
                    copyFrom(staged, null);
                }
            }
            return;
        }
        if (host == other) {
            CopyPlan.run(shape, item, other.strides, strides, (sOff, sp, dOff, dp, w, h) ->
                    memory.copy2DFrom(offset + dOff, dp, other.segment, other.offset + sOff, sp, w, h, st));
        } else {
            CopyPlan.run(shape, item, other.strides, strides, (sOff, sp, dOff, dp, w, h) ->
                    other.memory.copy2DTo(other.offset + sOff, sp, segment, offset + dOff, dp, w, h, st));
        }
        st.synchronize();
    }

    /** A dense host copy of this tensor (also of a host tensor). */
    public Tensor toHost() {
        ensureOpen();
        Tensor h = allocateHost(shape, dtype, layout);
        try {
            h.copyFrom(this, null);
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
        return h;
    }

    /**
     * A copy on device {@code d}, allocated and copied on {@code s} (null: the current stream if it is on
     * {@code d}, else {@code d}'s per-thread default stream).
     */
    public Tensor toDevice(Device d, Stream s) {
        Objects.requireNonNull(d, "device");
        ensureOpen();
        Stream st = streamFor(d, s);
        Tensor t = allocate(shape, dtype, layout, st);
        try {
            t.copyFrom(this, st);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    // ---- lifetime ------------------------------------------------------------------------------------

    /** Whether this tensor, or the tensor it views, was closed. */
    public boolean isClosed() {
        return closed.get() || (root != null && root.closed.get());
    }

    /**
     * Frees owned memory: device memory in the order of the stream it was allocated on (after the work queued
     * there), host memory at once. Views and wrapped memory are not freed; they just stop working. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || root != null) {
            return;
        }
        if (ownsMemory) {
            memory.close();
        } else if (hostOwner != null) {
            try {
                hostOwner.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing host memory of " + describe(), e);
            }
        }
    }

    /** Frees owned device memory in the order of {@code s} (when the last work on it ran on another stream). Idempotent. */
    public void close(Stream s) {
        Objects.requireNonNull(s, "stream");
        if (ownsMemory && root == null && closed.compareAndSet(false, true)) {
            memory.close(s);
        } else {
            close();
        }
    }

    private String describe() {
        return (device == null ? "host" : device.toString()) + " " + dtype + Arrays.toString(shape)
                + (layout == null ? "" : " " + layout);
    }

    @Override
    public String toString() {
        return "Tensor[" + describe() + ", strides " + Arrays.toString(strides) + (readOnly ? ", read-only" : "")
                + (isClosed() ? ", closed" : "") + "]";
    }

    /** Reads element {@code index} (C order) of a host tensor as a double (tests and debugging). */
    double hostElementAsDouble(long[] index) {
        long o = offset;
        for (int d = 0; d < index.length; d++) {
            o += Objects.checkIndex(index[d], shape[d]) * strides[d];
        }
        MemorySegment s = segment;
        return switch (dtype) {
            case U8 -> Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, o));
            case S8 -> s.get(ValueLayout.JAVA_BYTE, o);
            case U16 -> Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT_UNALIGNED, o));
            case S16 -> s.get(ValueLayout.JAVA_SHORT_UNALIGNED, o);
            case U32 -> Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT_UNALIGNED, o));
            case S32 -> s.get(ValueLayout.JAVA_INT_UNALIGNED, o);
            case U64, S64 -> s.get(ValueLayout.JAVA_LONG_UNALIGNED, o);
            case F16 -> Float.float16ToFloat(s.get(ValueLayout.JAVA_SHORT_UNALIGNED, o));
            case BF16 -> Float.intBitsToFloat(s.get(ValueLayout.JAVA_SHORT_UNALIGNED, o) << 16);
            case F32 -> s.get(ValueLayout.JAVA_FLOAT_UNALIGNED, o);
            case F64 -> s.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, o);
        };
    }
}

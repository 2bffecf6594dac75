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
 * Host tensors are always dense. Shapes and strides whose element count or byte span does not fit in a
 * {@code long} are refused by every method that makes a tensor.
 *
 * <h2>Lifetime: who holds the memory</h2>
 * Memory cvj allocates ({@link #allocate}, {@link #allocateHost}) is counted: the tensor that allocated it holds
 * it until {@link #close()}, every {@link MemoryHold} ({@link #hold()}) holds it until closed, and every copy
 * running on it holds it until the copy returns. It is freed when the last holder lets go, so:
 * <ul>
 * <li>closing a tensor while another thread copies into it lets the copy finish (or refuses it with
 *     "tensor ... is closed" if it had not started); it never frees memory under a running copy;</li>
 * <li>a DLPack export ({@code dev.cvj.interop.DLPack#export}) holds the memory until the consumer calls the
 *     export's deleter, so the consumer may outlive this tensor;</li>
 * <li>the CUDA Array Interface ({@link #cuda()}) has no deleter: it holds nothing, and the consumer must stop
 *     using the pointer before this tensor is closed; the same for {@link #address()}, {@link #hostSegment()}
 *     and {@link #deviceMemory()}, which are views of memory this tensor holds.</li>
 * </ul>
 * {@link #slice}, {@link #reshape} and {@link #asTensor} of a tensor return views that share the memory and
 * hold none of it: a view works while the tensor it views is open, and once that tensor is closed every use of
 * the view throws {@link IllegalStateException} ("... is a view of a tensor that was closed"), never touching
 * freed memory. Wrapped foreign memory ({@link #asTensor}, {@link #wrapHost}) is never
 * freed by cvj and cannot be held by it: its owner decides; a wrapped segment whose arena was closed makes
 * the tensor throw "tensor ... is closed: its memory's arena was closed". Adopted foreign memory
 * ({@link #adoptHost}, {@link #adoptDevice}) is counted like allocated memory, its owner's release run in
 * place of a free.
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

    private final TensorGeometry geometry;
    private final DataType dtype;
    private final TensorLayout layout;
    private final boolean readOnly;
    private final Tensor root; // null for a root; a view works while its root is open
    private final long offset; // of element 0, in the memory
    private final TensorMemory memory;
    private final AtomicBoolean closed = new AtomicBoolean();

    Tensor(TensorGeometry geometry, DataType dtype, TensorLayout layout, boolean readOnly, Tensor root, long offset,
           TensorMemory memory) {
        this.geometry = geometry;
        this.dtype = dtype;
        this.layout = layout;
        this.readOnly = readOnly;
        this.root = root;
        this.offset = offset;
        this.memory = memory;
    }

    // ---- creation ------------------------------------------------------------------------------------

    /**
     * A device tensor on the current stream's device, from its pool, in its order (see {@link CurrentStream}).
     *
     * @param shape the extent of each dimension
     * @param dtype the element type
     * @param layout the dimension labels (null: none)
     * @return the new tensor
     */
    public static Tensor allocate(long[] shape, DataType dtype, TensorLayout layout) {
        return allocate(shape, dtype, layout, CurrentStream.get());
    }

    /**
     * A device tensor on {@code s}'s device, from the device's stream-ordered pool: usable by work on
     * {@code s} (or on streams that wait for it), freed by {@link #close()} after the work queued on {@code s}.
     * Image layouts get rows padded to {@link #ROW_ALIGNMENT}; {@code layout} may be null (no labels, dense).
     *
     * @param shape the extent of each dimension
     * @param dtype the element type
     * @param layout the dimension labels (null: none)
     * @param s the stream in whose order the memory is allocated, on its device (not null)
     * @return the new tensor
     */
    public static Tensor allocate(long[] shape, DataType dtype, TensorLayout layout, Stream s) {
        return allocate(shape, dtype, layout, s, ROW_ALIGNMENT);
    }

    /**
     * As {@link #allocate(long[], DataType, TensorLayout, Stream)} with the row alignment chosen: a power of two;
     * 1 gives dense (C-contiguous) strides whatever the layout.
     *
     * @param shape the extent of each dimension
     * @param dtype the element type
     * @param layout the dimension labels (null: none)
     * @param s the stream in whose order the memory is allocated, on its device (not null)
     * @param rowAlignment the row alignment in bytes, a power of two
     * @return the new tensor
     */
    public static Tensor allocate(long[] shape, DataType dtype, TensorLayout layout, Stream s, int rowAlignment) {
        Objects.requireNonNull(dtype, "Tensor.allocate: dtype is null");
        Objects.requireNonNull(s, "Tensor.allocate: stream is null");
        TensorGeometry g = TensorGeometry.padded("Tensor.allocate", shape, layout, dtype, rowAlignment);
        DeviceMemory mem = DeviceMemory.allocateAsync(g.byteSpan(), s);
        return new Tensor(g, dtype, layout, false, null, 0, TensorMemory.device(mem, mem, null));
    }

    /**
     * {@return a dense host tensor in native memory (64-byte aligned), freed when it is closed and no {@link
     * MemoryHold} remains} More than the system can give is an {@link OutOfMemoryError} ("Unable to allocate N bytes
     * ..."), as for any native allocation.
     *
     * @param shape the extent of each dimension
     * @param dtype the element type
     * @param layout the dimension labels (null: none)
     */
    public static Tensor allocateHost(long[] shape, DataType dtype, TensorLayout layout) {
        return allocateHost(shape, dtype, layout, false);
    }

    /**
     * {@return a dense host tensor; {@code pinned} takes page-locked memory ({@link PinnedMemory}), the fastest for
     * copies to and from the device}
     *
     * @param shape the extent of each dimension
     * @param dtype the element type
     * @param layout the dimension labels (null: none)
     * @param pinned whether to take page-locked memory
     */
    public static Tensor allocateHost(long[] shape, DataType dtype, TensorLayout layout, boolean pinned) {
        Objects.requireNonNull(dtype, "Tensor.allocateHost: dtype is null");
        TensorGeometry g = TensorGeometry.dense("Tensor.allocateHost", shape, layout, dtype);
        long span = g.byteSpan();
        if (pinned) {
            PinnedMemory p = PinnedMemory.allocate(span);
            return new Tensor(g, dtype, layout, false, null, 0, TensorMemory.host(p.segment(), p, null));
        }
        Arena arena = Arena.ofShared();
        MemorySegment seg;
        try {
            seg = arena.allocate(Math.max(span, 1), TensorCopies.HOST_ALIGNMENT).asSlice(0, span);
        } catch (OutOfMemoryError e) {
            arena.close(); // or every failed allocation would leave an open arena behind
            OutOfMemoryError named = new OutOfMemoryError("Unable to allocate " + span + " bytes of host memory for a "
                    + dtype + g + " tensor");
            named.initCause(e);
            throw named;
        }
        return new Tensor(g, dtype, layout, false, null, 0, TensorMemory.host(seg, arena, null));
    }

    /**
     * {@return a host tensor over {@code seg} (native or a Java array's heap segment), element 0 at its start; never
     * freed by cvj, and usable only while {@code seg}'s arena is open} {@code strides} in bytes, or null for dense.
     * <pre>{@code float[] pixels = new float[480 * 640 * 3]; Tensor t =
     * Tensor.wrapHost(MemorySegment.ofArray(pixels), new long[] {480, 640, 3}, DataType.F32, TensorLayout.HWC, null);
     * }</pre>
     *
     * @param seg the host memory
     * @param shape the extent of each dimension
     * @param dtype the element type
     * @param layout the dimension labels (null: none)
     * @param strides the byte step of each dimension, or null for C-contiguous
     */
    public static Tensor wrapHost(MemorySegment seg, long[] shape, DataType dtype, TensorLayout layout, long[] strides) {
        return overHost("Tensor.wrapHost", seg, shape, dtype, layout, strides, null);
    }

    /**
     * {@return a host tensor that takes ownership of foreign memory: as {@link #wrapHost}, but cvj runs {@code
     * release} once, when this tensor is closed and no {@link MemoryHold} or running copy needs the memory any more
     * (on the thread that lets go last)} An importer uses it to free a producer's memory only when cvj is done with
     * it. If this method throws, nothing was adopted and {@code release} is not run.
     *
     * @param seg the host memory
     * @param shape the extent of each dimension
     * @param dtype the element type
     * @param layout the dimension labels (null: none)
     * @param strides the byte step of each dimension, or null for C-contiguous
     * @param release what frees the memory, run once after its last use
     */
    public static Tensor adoptHost(MemorySegment seg, long[] shape, DataType dtype, TensorLayout layout, long[] strides,
                                   Runnable release) {
        Objects.requireNonNull(release, "Tensor.adoptHost: release is null");
        return overHost("Tensor.adoptHost", seg, shape, dtype, layout, strides, release::run);
    }

    private static Tensor overHost(String who, MemorySegment seg, long[] shape, DataType dtype, TensorLayout layout,
                                   long[] strides, AutoCloseable freer) {
        Objects.requireNonNull(seg, () -> who + ": segment is null");
        Objects.requireNonNull(dtype, () -> who + ": dtype is null");
        TensorGeometry g = TensorGeometry.strided(who, shape, strides, layout, dtype);
        if (g.byteSpan() > seg.byteSize()) {
            throw new IllegalArgumentException(who + ": shape " + g + " of " + dtype + " with strides "
                    + Arrays.toString(g.strides()) + " spans " + g.byteSpan() + " bytes, but the segment has "
                    + seg.byteSize());
        }
        return new Tensor(g, dtype, layout, seg.isReadOnly(), null, 0, TensorMemory.host(seg, freer, seg));
    }

    /**
     * {@return a device tensor that takes ownership of foreign device memory ({@code memory}, usually a {@link
     * DeviceMemory#wrap} of another library's pointer), element 0 at its start, without copying} When this tensor is
     * closed and no {@link MemoryHold} or running copy needs the memory any more, cvj closes {@code memory} and runs
     * {@code release} once. {@code strides} in bytes, or null for dense; {@code readOnly} refuses copies into it. If
     * this method throws, nothing was adopted and {@code release} is not run.
     *
     * @param memory the device memory to own
     * @param shape the extent of each dimension
     * @param dtype the element type
     * @param layout the dimension labels (null: none)
     * @param strides the byte step of each dimension, or null for C-contiguous
     * @param readOnly whether the tensor may only be read
     * @param release what frees the memory, run once after its last use
     */
    public static Tensor adoptDevice(DeviceMemory memory, long[] shape, DataType dtype, TensorLayout layout,
                                     long[] strides, boolean readOnly, Runnable release) {
        String who = "Tensor.adoptDevice";
        Objects.requireNonNull(memory, () -> who + ": memory is null");
        Objects.requireNonNull(dtype, () -> who + ": dtype is null");
        Objects.requireNonNull(release, () -> who + ": release is null");
        TensorGeometry g = TensorGeometry.strided(who, shape, strides, layout, dtype);
        if (g.byteSpan() > memory.byteSize()) {
            throw new IllegalArgumentException(who + ": shape " + g + " of " + dtype + " with strides "
                    + Arrays.toString(g.strides()) + " spans " + g.byteSpan() + " bytes, but the memory has "
                    + memory.byteSize());
        }
        if (memory.address() % dtype.byteSize() != 0) { // address() throws when the memory is closed
            throw new IllegalArgumentException(who + ": address 0x" + Long.toHexString(memory.address())
                    + " is not aligned to the " + dtype.byteSize() + "-byte elements of " + dtype);
        }
        AutoCloseable freer = () -> {
            memory.close(); // first: views of it stop working before the owner frees it
            release.run();
        };
        return new Tensor(g, dtype, layout, readOnly, null, 0, TensorMemory.device(memory, freer, null));
    }

    /**
     * Wraps anything exposing the CUDA Array Interface, without copying. A cvj {@link Tensor} gives a view
     * of it (its layout kept when {@code layout} is null); a {@link DeviceArray} gives a tensor that stops
     * working when its memory is closed. The caller keeps the memory alive (the object is referenced, not
     * owned). See {@link #asTensor(CudaArrayInterface, TensorLayout)} for the stream.
     *
     * @param x the array to wrap
     * @param layout the dimension labels (null: none)
     * @return the tensor, a view of the interface's memory
     */
    public static Tensor asTensor(CudaArray x, TensorLayout layout) {
        Objects.requireNonNull(x, "Tensor.asTensor: array is null");
        if (x instanceof Tensor t) {
            t.ensureOpen();
            if (t.isHost()) {
                throw new IllegalArgumentException("Tensor.asTensor wraps device arrays; " + t + " is a host tensor");
            }
            TensorLayout l = layout != null ? layout : t.layout;
            return t.withLayout(l);
        }
        if (x instanceof DeviceArray da) {
            return TensorInterop.fromInterface("Tensor.asTensor", da.cudaArrayInterface(), layout, da.memory(), da);
        }
        return TensorInterop.fromInterface("Tensor.asTensor", x.cudaArrayInterface(), layout, null, x);
    }

    /**
     * Wraps the memory an interface describes, without copying. The device is the one that owns
     * {@code data}. When the interface names a stream other than the current stream ({@link CurrentStream}),
     * the current stream is made to wait for the producer's work with an event (no host synchronization).
     * Data and strides must be multiples of the element size.
     *
     * @param cai the interface in Python's dict shape
     * @param layout the dimension labels (null: none)
     * @return the tensor, a view of the interface's memory
     */
    public static Tensor asTensor(CudaArrayInterface cai, TensorLayout layout) {
        Objects.requireNonNull(cai, "Tensor.asTensor: interface is null");
        return TensorInterop.fromInterface("Tensor.asTensor", cai, layout, null, null);
    }

    /**
     * {@link #asTensor(CudaArrayInterface, TensorLayout)} of Python's dict shape (see {@link
     * CudaArrayInterface#fromMap}).
     *
     * @param cai the interface in Python's dict shape
     * @param layout the dimension labels (null: none)
     * @return the tensor, a view of the interface's memory
     */
    public static Tensor asTensor(Map<String, ?> cai, TensorLayout layout) {
        return TensorInterop.fromInterface("Tensor.asTensor", CudaArrayInterface.fromMap(cai), layout, null, null);
    }

    // ---- description ---------------------------------------------------------------------------------

    /** {@return the extents, outermost first (a copy)} */
    public long[] shape() {
        return geometry.shape();
    }

    /**
     * {@return the extent of dimension {@code dim}}
     *
     * @param dim the dimension, from 0
     */
    public long shape(int dim) {
        return geometry.shape(geometry.checkDim("Tensor.shape", dim));
    }

    /**
     * {@return the extent of the dimension labelled {@code label} (e.g. {@code 'H'}); throws if the layout lacks it}
     *
     * @param label the dimension's label, e.g. {@code 'H'}
     */
    public long shape(char label) {
        if (layout == null) {
            throw new IllegalStateException("tensor " + describe() + " has no layout, so no dimension '" + label + "'");
        }
        int d = layout.indexOf(label);
        if (d < 0) {
            throw new IllegalArgumentException("layout " + layout + " has no dimension '" + label + "'");
        }
        return geometry.shape(d);
    }

    /** {@return the number of dimensions} */
    public int rank() {
        return geometry.rank();
    }

    /** {@return the element type} */
    public DataType dtype() {
        return dtype;
    }

    /** {@return the layout, or {@code null} when the tensor has none} */
    public TensorLayout layout() {
        return layout;
    }

    /**
     * Byte strides, outermost first (a copy).
     *
     * @return the byte strides
     */
    public long[] strides() {
        return geometry.strides();
    }

    /**
     * {@return the byte stride of dimension {@code dim}} Unlike {@link #strides()} it copies nothing: for code that
     * runs on every call.
     *
     * @param dim the dimension, 0 to rank - 1
     */
    public long stride(int dim) {
        return geometry.stride(geometry.checkDim("Tensor.stride", dim));
    }

    /** {@return whether the tensor may not be written (a read-only interface, or a read-only segment)} */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** {@return whether the tensor is in host memory (the CPU backend's)} */
    public boolean isHost() {
        return memory.device() == null;
    }

    /** {@return the device, or {@code null} for a host tensor} */
    public Device device() {
        return memory.device();
    }

    /** {@return whether the elements are densely packed in C order (strides of extent-1 dimensions do not matter)} */
    public boolean isContiguous() {
        return geometry.isContiguous();
    }

    /** {@return the number of elements} */
    public long elementCount() {
        return geometry.elementCount();
    }

    /**
     * {@return bytes of element data: {@code elementCount() * dtype().byteSize()} (padding not counted; see {@link
     * #byteSpan()})}
     */
    public long byteSize() {
        return geometry.byteSize();
    }

    /** {@return bytes from element 0 to one past the last element, padding included} */
    public long byteSpan() {
        return geometry.byteSpan();
    }

    // ---- memory --------------------------------------------------------------------------------------

    /**
     * {@return the address of element 0: a device pointer, or the native host address} It stays valid while this
     * tensor is open (see the lifetime notes); for longer, take a {@link #hold()}.
     */
    public long address() {
        ensureOpen();
        if (!isHost()) {
            return memory.deviceMemory().address() + offset;
        }
        if (!memory.segment().isNative()) {
            throw new IllegalStateException("tensor " + describe() + " lives in a Java array: it has no stable address");
        }
        return memory.segment().address() + offset;
    }

    /** {@return the device memory the elements span (a view: closing it frees nothing)} Device tensors only. */
    public DeviceMemory deviceMemory() {
        ensureOpen();
        if (isHost()) {
            throw new IllegalStateException("tensor " + describe() + " is a host tensor; use hostSegment()");
        }
        return memory.deviceMemory().slice(offset, byteSpan());
    }

    /**
     * {@return the host memory the elements span, element 0 at offset 0} Host tensors only. Once the memory is freed
     * (the tensor closed and no hold left), accessing the segment throws {@link IllegalStateException}.
     */
    public MemorySegment hostSegment() {
        ensureOpen();
        if (!isHost()) {
            throw new IllegalStateException("tensor " + describe() + " is a device tensor; use deviceMemory()");
        }
        return hostSpan();
    }

    /**
     * {@return a hold on this tensor's memory: memory cvj allocated stays allocated until the hold is closed, even
     * after this tensor (or the tensor it views) is closed} An export that hands the memory to a consumer who may
     * outlive the tensor takes one (DLPack's export does, until the consumer calls the deleter). Wrapped foreign
     * memory cannot be held: its owner decides when it ends.
     */
    public MemoryHold hold() {
        acquire("Tensor.hold");
        return new MemoryHold(memory);
    }

    /**
     * A tensor over the same elements that holds the memory (as a {@link #hold()} does) until it is closed, and
     * keeps working after this tensor, or the tensor it views, is closed: how a batch keeps its elements.
     */
    Tensor retain(String who) {
        acquire(who);
        return new Tensor(geometry, dtype, layout, readOnly, null, offset, memory);
    }

    // ---- views ---------------------------------------------------------------------------------------

    private Tensor view(TensorGeometry g, TensorLayout l, long off) {
        return new Tensor(g, dtype, l, readOnly, root == null ? this : root, off, memory);
    }

    /**
     * {@return the same elements with another shape (same count) and layout (may be null), sharing memory} The tensor
     * must be contiguous ({@link #isContiguous()}); copy a padded or strided tensor first.
     *
     * @param shape the extent of each dimension
     * @param layout the dimension labels (null: none)
     */
    public Tensor reshape(long[] shape, TensorLayout layout) {
        ensureOpen();
        return view(geometry.reshape("Tensor.reshape", shape, layout, dtype), layout, offset);
    }

    /**
     * Elements {@code [start, start + length)} of dimension {@code dim}, sharing memory; the layout is kept.
     *
     * @param dim the dimension, from 0
     * @param start the first index
     * @param length the number of indexes
     * @return the view
     */
    public Tensor slice(int dim, long start, long length) {
        ensureOpen();
        TensorGeometry g = geometry.slice("Tensor.slice", dim, start, length);
        return view(g, layout, offset + geometry.sliceOffset(dim, start, length));
    }

    /**
     * {@return a view of the same elements labelled with {@code layout} (null: none), whose rank must be the
     * tensor's}
     *
     * @param layout the dimension labels (null: none)
     */
    public Tensor withLayout(TensorLayout layout) {
        ensureOpen();
        return view(TensorGeometry.strided("Tensor.withLayout", geometry.shape(), geometry.strides(), layout, dtype),
                layout, offset);
    }

    /** This image as HWC: a view without N of an NHWC tensor of one image; any other tensor as {@link #withLayout}. */
    Tensor imageView() {
        ensureOpen();
        if (layout == TensorLayout.NHWC && geometry.shape(0) == 1) {
            long[] sh = geometry.shape(), st = geometry.strides();
            return view(TensorGeometry.strided("Tensor.imageView", new long[] {sh[1], sh[2], sh[3]},
                    new long[] {st[1], st[2], st[3]}, TensorLayout.HWC, dtype), TensorLayout.HWC, offset);
        }
        return withLayout(layout);
    }

    // ---- interop -------------------------------------------------------------------------------------

    /**
     * {@return the CUDA Array Interface of this device tensor, with {@code stream} the current stream's handle (1 or
     * 2 for the default streams): a consumer on another stream waits for it} Strides are null when the tensor is
     * contiguous. The interface holds no memory (it has no deleter): the consumer must be done with the pointer
     * before this tensor is closed.
     */
    public CudaArrayInterface cuda() {
        ensureOpen();
        if (isHost()) {
            throw new IllegalStateException("tensor " + describe() + " is a host tensor: it has no CUDA Array Interface");
        }
        return TensorInterop.interfaceOf(this);
    }

    /** Same as {@link #cuda()}. */
    @Override
    public CudaArrayInterface cudaArrayInterface() {
        return cuda();
    }

    // ---- copies --------------------------------------------------------------------------------------

    /**
     * Copies a Java array into this tensor: the array holds exactly {@link #elementCount()} elements in C
     * order, of a type that goes with {@link #dtype()}: {@code float[]} F32, {@code double[]} F64,
     * {@code byte[]}/{@code short[]}/{@code int[]}/{@code long[]} the integer types of that size (signed or not,
     * bits copied as they are), {@code short[]} also F16 and BF16 (raw bits). For raw bytes of any type see
     * {@link #copyFromBytes(byte[])}.
     *
     * @param a the array
     */
    public void copyFrom(byte[] a) { copyFromArray(a); }
    /**
     * As {@link #copyFrom(byte[])}.
     *
     * @param a the array
     */
    public void copyFrom(short[] a) { copyFromArray(a); }
    /**
     * As {@link #copyFrom(byte[])}.
     *
     * @param a the array
     */
    public void copyFrom(int[] a) { copyFromArray(a); }
    /**
     * As {@link #copyFrom(byte[])}.
     *
     * @param a the array
     */
    public void copyFrom(long[] a) { copyFromArray(a); }
    /**
     * As {@link #copyFrom(byte[])}.
     *
     * @param a the array
     */
    public void copyFrom(float[] a) { copyFromArray(a); }
    /**
     * As {@link #copyFrom(byte[])}.
     *
     * @param a the array
     */
    public void copyFrom(double[] a) { copyFromArray(a); }

    /**
     * Copies this tensor's elements into a Java array, in C order; the array types are those of {@link
     * #copyFrom(byte[])}.
     *
     * @param a the array
     */
    public void copyTo(byte[] a) { copyToArray(a); }
    /**
     * As {@link #copyTo(byte[])}.
     *
     * @param a the array
     */
    public void copyTo(short[] a) { copyToArray(a); }
    /**
     * As {@link #copyTo(byte[])}.
     *
     * @param a the array
     */
    public void copyTo(int[] a) { copyToArray(a); }
    /**
     * As {@link #copyTo(byte[])}.
     *
     * @param a the array
     */
    public void copyTo(long[] a) { copyToArray(a); }
    /**
     * As {@link #copyTo(byte[])}.
     *
     * @param a the array
     */
    public void copyTo(float[] a) { copyToArray(a); }
    /**
     * As {@link #copyTo(byte[])}.
     *
     * @param a the array
     */
    public void copyTo(double[] a) { copyToArray(a); }

    private void copyFromArray(Object a) {
        copyFromHost("Tensor.copyFrom", HostArray.segment("Tensor.copyFrom", a, this));
    }

    private void copyToArray(Object a) {
        copyToHost("Tensor.copyTo", HostArray.segment("Tensor.copyTo", a, this));
    }

    /**
     * Copies raw element bytes into this tensor, whatever its type: {@code bytes} holds exactly
     * {@link #byteSize()} bytes, the elements in C order, each in little-endian byte order (the order of every
     * platform cvj runs on; e.g. the bytes of a float32 file for an F32 tensor).
     *
     * @param bytes the element bytes, little-endian
     */
    public void copyFromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "Tensor.copyFromBytes: bytes is null");
        copyFromBytes(MemorySegment.ofArray(bytes));
    }

    /**
     * As {@link #copyFromBytes(byte[])}, from a segment of exactly {@link #byteSize()} bytes.
     *
     * @param bytes the element bytes, little-endian
     */
    public void copyFromBytes(MemorySegment bytes) {
        Objects.requireNonNull(bytes, "Tensor.copyFromBytes: bytes is null");
        checkByteCount("Tensor.copyFromBytes", bytes);
        copyFromHost("Tensor.copyFromBytes", bytes);
    }

    /**
     * Copies this tensor's elements as raw little-endian bytes in C order into {@code bytes}, of exactly {@link
     * #byteSize()} bytes.
     *
     * @param bytes the element bytes, little-endian
     */
    public void copyToBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "Tensor.copyToBytes: bytes is null");
        copyToBytes(MemorySegment.ofArray(bytes));
    }

    /**
     * As {@link #copyToBytes(byte[])}, into a writable segment of exactly {@link #byteSize()} bytes.
     *
     * @param bytes the element bytes, little-endian
     */
    public void copyToBytes(MemorySegment bytes) {
        Objects.requireNonNull(bytes, "Tensor.copyToBytes: bytes is null");
        if (bytes.isReadOnly()) {
            throw new IllegalArgumentException("Tensor.copyToBytes: the segment is read-only");
        }
        checkByteCount("Tensor.copyToBytes", bytes);
        copyToHost("Tensor.copyToBytes", bytes);
    }

    private void checkByteCount(String who, MemorySegment bytes) {
        if (bytes.byteSize() != byteSize()) {
            throw new IllegalArgumentException(who + ": " + bytes.byteSize() + " bytes for tensor " + describe()
                    + " of " + byteSize() + " bytes (" + elementCount() + " elements of " + dtype.byteSize() + ")");
        }
    }

    /** From dense host memory of exactly {@link #byteSize()} bytes: the one path every host-to-tensor copy takes. */
    private void copyFromHost(String who, MemorySegment src) {
        copy(who, dense(src), this, null);
    }

    /** Into dense host memory of exactly {@link #byteSize()} bytes: the one path every tensor-to-host copy takes. */
    private void copyToHost(String who, MemorySegment dst) {
        copy(who, this, dense(dst), null);
    }

    private Tensor dense(MemorySegment seg) {
        return new Tensor(TensorGeometry.dense("Tensor.copy", geometry.shape(), null, dtype), dtype, null,
                seg.isReadOnly(), null, 0, TensorMemory.host(seg, null, null));
    }

    /**
     * Copies {@code other}'s elements into this tensor: same shape and type, any strides, host or device on
     * either side. Work goes on {@code s} (null: the current stream, see the class notes), which must be on the
     * device tensor's device (the destination's, device to device). A copy involving host memory returns when
     * it is done; a device copy is asynchronous. Device copies between two devices need both contiguous.
     * When the two tensors' memory overlaps (two views of one tensor), the result is that of a copy through a
     * temporary.
     *
     * @param other the tensor to copy from
     * @param s the stream; null: the current stream
     */
    public void copyFrom(Tensor other, Stream s) {
        Objects.requireNonNull(other, "Tensor.copyFrom: other is null");
        copy("Tensor.copyFrom", other, this, s);
    }

    private static void copy(String who, Tensor src, Tensor dst, Stream s) {
        dst.ensureOpen();
        src.ensureOpen();
        if (dst.readOnly) {
            throw new IllegalStateException(who + ": tensor " + dst.describe() + " is read-only");
        }
        if (!src.geometry.sameShape(dst.geometry) || src.dtype != dst.dtype) {
            throw new IllegalArgumentException(who + ": copy from " + src.describe() + " to " + dst.describe()
                    + ": shape and type must match");
        }
        dst.acquire(who);
        try {
            src.acquire(who);
            try {
                TensorCopies.copy(src, dst, s);
            } catch (IllegalStateException e) {
                throw src.memory.isLive() && dst.memory.isLive() ? e
                        : new IllegalStateException(who + ": " + (dst.memory.isLive() ? src : dst).closedMessage(), e);
            } finally {
                src.memory.release();
            }
        } finally {
            dst.memory.release();
        }
    }

    /** {@return a dense host copy of this tensor (also of a host tensor)} */
    public Tensor toHost() {
        ensureOpen();
        Tensor h = allocateHost(geometry.shape(), dtype, layout);
        try {
            h.copyFrom(this, null);
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
        return h;
    }

    /**
     * {@return a copy on device {@code d}, allocated and copied on {@code s} (null: the current stream if it is on
     * {@code d}, else {@code d}'s per-thread default stream)}
     *
     * @param d the device to copy to
     * @param s the stream; null: the current stream
     */
    public Tensor toDevice(Device d, Stream s) {
        Objects.requireNonNull(d, "Tensor.toDevice: device is null");
        ensureOpen();
        Stream st = CurrentStream.forDevice(d, s);
        Tensor t = allocate(geometry.shape(), dtype, layout, st);
        try {
            t.copyFrom(this, st);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    // ---- lifetime ------------------------------------------------------------------------------------

    /**
     * {@return whether this tensor, or the tensor it views, was closed, or its wrapped memory was ended by its owner}
     */
    public boolean isClosed() {
        return closed.get() || (root != null && root.closed.get()) || !memory.isLive();
    }

    /**
     * Drops this tensor's hold on its memory: owned memory is freed when no {@link MemoryHold} and no running
     * copy holds it any more (device memory in the order of the stream it was allocated on, host memory at
     * once). Views hold nothing and wrapped memory is never freed; both just stop working. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && root == null) {
            memory.release();
        }
    }

    /**
     * As {@link #close()}, with owned device memory freed in the order of {@code s} (when the last work on it ran
     * there). Idempotent.
     *
     * @param s the stream in whose order owned device memory is freed, on the memory's device (not null)
     */
    public void close(Stream s) {
        Objects.requireNonNull(s, "Tensor.close: stream is null");
        if (root == null && !isHost() && memory.device() != s.device()) {
            throw new IllegalArgumentException("Tensor.close: memory on " + memory.device() + " cannot be freed on " + s);
        }
        if (root == null && !isHost()) {
            memory.freeOn(s);
        }
        close();
    }

    /** Throws cvj's "tensor ... is closed" when this tensor cannot be used. */
    private void ensureOpen() {
        if (isClosed()) {
            throw new IllegalStateException(closedMessage());
        }
    }

    /** Holds the memory for one operation, or throws as {@link #ensureOpen()} does. */
    private void acquire(String who) {
        if (isClosed() || !memory.tryAcquire()) {
            throw new IllegalStateException(who + ": " + closedMessage());
        }
    }

    private String closedMessage() {
        if (closed.get()) {
            return "tensor " + describe() + " is closed";
        }
        if (root != null && root.closed.get()) {
            return "tensor " + describe() + " is a view of a tensor that was closed";
        }
        String cause = memory.deathCause();
        return "tensor " + describe() + " is closed" + (cause == null ? "" : ": " + cause);
    }

    // ---- for the collaborators -----------------------------------------------------------------------

    TensorGeometry geometry() {
        return geometry;
    }

    TensorMemory memory() {
        return memory;
    }

    long offset() {
        return offset;
    }

    /** The host bytes the elements span, without the open check (the caller holds the memory). */
    MemorySegment hostSpan() {
        return memory.segment().asSlice(offset, byteSpan());
    }

    String describe() {
        return (isHost() ? "host" : device().toString()) + " " + dtype + geometry + (layout == null ? "" : " " + layout);
    }

    @Override
    public String toString() {
        return "Tensor[" + describe() + ", strides " + Arrays.toString(geometry.strides())
                + (readOnly ? ", read-only" : "") + (isClosed() ? ", closed" : "") + "]";
    }

    /** Reads element {@code index} (C order) of a host tensor as a double (tests and debugging). */
    double hostElementAsDouble(long[] index) {
        long o = offset + geometry.offsetOf(index);
        MemorySegment s = memory.segment();
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

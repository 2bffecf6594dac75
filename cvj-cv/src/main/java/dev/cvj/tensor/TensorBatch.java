package dev.cvj.tensor;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A batch of tensors of one rank, element type and layout but different shapes, CV-CUDA's {@code TensorBatch}:
 * up to {@link #capacity()} tensors, the first fixing the rank, type and layout (the layout may be none), on one
 * device or all in host memory. Each tensor keeps its own shape and strides (any strides: views, padded rows).
 * An operator processes the whole batch in one launch, reading each tensor's place from the batch's descriptors.
 *
 * <pre>{@code
 * try (TensorBatch batch = TensorBatch.create(16, Device.get(0))) {
 *     batch.pushBack(a);                       // [480, 640, 3] U8 HWC
 *     batch.pushBack(b);                       // [720, 1280, 3] U8 HWC: same rank, type and layout
 *     long table = batch.descriptors(stream);  // for a kernel launched on stream next
 * }
 * }</pre>
 *
 * <h2>Lifetime</h2>
 * As for {@link ImageBatchVarShape}: the tensors are views, the batch holds each one's memory from
 * {@link #pushBack} until it is removed or the batch is closed (memory cvj does not own must be kept alive by
 * its owner), and device memory the batch lets go of is freed in the order of the last stream its descriptors
 * were asked for. Host tensors must be in native memory.
 *
 * <h2>Descriptors</h2>
 * One {@value #DESCRIPTOR_BYTES}-byte entry per tensor, in push order, little-endian, 8-byte aligned; the layout of
 * CV-CUDA's {@code NVCVTensorBatchElementStrided}, room for {@value TensorLayout#MAX_RANK} dimensions:
 * <pre>
 * offset  type      field
 *   0     u64       data          address of element 0
 *   8     i64[15]   shape         extents, outermost first; entries past the rank are 0
 * 128     i64[15]   strides       byte strides, outermost first; entries past the rank are 0
 * </pre>
 * A device batch keeps the table in device memory ({@link #descriptors(Stream)}), uploaded in stream order only
 * when the tensors changed since the last upload ({@link #uploadCount()}); a host batch keeps it in native memory
 * ({@link #hostDescriptors()}); uploads go through a pinned staging buffer as {@link ImageBatchVarShape}'s do. Methods
 * are synchronized.
 */
public final class TensorBatch implements Iterable<Tensor>, AutoCloseable {
    /** Bytes of one tensor descriptor. */
    public static final int DESCRIPTOR_BYTES = 8 + 2 * 8 * TensorLayout.MAX_RANK;
    /** Offset of {@code data} (u64) in a descriptor. */
    public static final int DATA_OFFSET = 0;
    /** Offset of {@code shape} (i64[{@value TensorLayout#MAX_RANK}]) in a descriptor. */
    public static final int SHAPE_OFFSET = 8;
    /** Offset of {@code strides} (i64[{@value TensorLayout#MAX_RANK}], bytes) in a descriptor. */
    public static final int STRIDES_OFFSET = SHAPE_OFFSET + 8 * TensorLayout.MAX_RANK;

    private final BatchElements elements;
    private final DescriptorTable table;
    private Tensor first; // fixes rank, type and layout; null while the batch is empty

    private TensorBatch(String who, int capacity, Device device) {
        this.elements = new BatchElements(who, "tensor", capacity, device);
        this.table = new DescriptorTable(device, DESCRIPTOR_BYTES, capacity);
    }

    // ---- creation ------------------------------------------------------------------------------------

    /**
     * {@return an empty batch of device tensors on {@code device}, for up to {@code capacity} tensors ({@code >= 0});
     * nothing is allocated up front}
     *
     * @param capacity the most tensors the batch takes
     * @param device the device of the tensors
     */
    public static TensorBatch create(int capacity, Device device) {
        if (device == null) {
            throw new NullPointerException("TensorBatch.create: device is null");
        }
        return new TensorBatch("TensorBatch.create", capacity, device);
    }

    /**
     * {@return an empty batch of device tensors on the current stream's device ({@link CurrentStream})}
     *
     * @param capacity the most tensors the batch takes
     */
    public static TensorBatch create(int capacity) {
        return create(capacity, CurrentStream.get().device());
    }

    /**
     * {@return an empty batch of host tensors (the CPU paths), for up to {@code capacity} tensors ({@code >= 0})}
     *
     * @param capacity the most tensors the batch takes
     */
    public static TensorBatch createHost(int capacity) {
        return new TensorBatch("TensorBatch.createHost", capacity, null);
    }

    /**
     * {@return a device batch of the arrays, in order, without copying: each wrapped with {@link
     * Tensor#asTensor(CudaArray, TensorLayout)} and pushed; capacity the list's length, device the first array's} The
     * arrays' owners keep foreign memory alive while the batch holds it. Throws, holding nothing, when an array is
     * refused, naming it by its index.
     *
     * @param arrays the arrays
     * @param layout the layout of every tensor (null: as each array gives it)
     */
    public static TensorBatch fromCudaArrays(List<? extends CudaArray> arrays, TensorLayout layout) {
        return BatchImports.build("TensorBatch.fromCudaArrays", arrays, a -> Tensor.asTensor(a, layout),
                TensorBatch::deviceBatch, TensorBatch::add);
    }

    /**
     * As {@link #fromCudaArrays}, from CUDA Array Interface values.
     *
     * @param interfaces the interfaces
     * @param layout the layout of every tensor (null: as each array gives it)
     * @return the batch
     */
    public static TensorBatch fromCudaArrayInterfaces(List<CudaArrayInterface> interfaces, TensorLayout layout) {
        return BatchImports.build("TensorBatch.fromCudaArrayInterfaces", interfaces, cai -> Tensor.asTensor(cai, layout),
                TensorBatch::deviceBatch, TensorBatch::add);
    }

    /**
     * As {@link #fromCudaArrays}, from interfaces in Python's dict shape ({@link CudaArrayInterface#fromMap}).
     *
     * @param maps the interfaces in Python's dict shape
     * @param layout the layout of every tensor (null: as each array gives it)
     * @return the batch
     */
    public static TensorBatch fromCudaArrayMaps(List<? extends Map<String, ?>> maps, TensorLayout layout) {
        return BatchImports.build("TensorBatch.fromCudaArrayMaps", maps, m -> Tensor.asTensor(m, layout),
                TensorBatch::deviceBatch, TensorBatch::add);
    }

    private static TensorBatch deviceBatch(int capacity, Device device) {
        return new TensorBatch("TensorBatch.fromCudaArrays", capacity, device);
    }

    // ---- contents ------------------------------------------------------------------------------------

    /**
     * Appends {@code tensor} as a view: the batch holds its memory until it is removed. Throws, leaving the batch as
     * it was, when the batch is closed or full, or the tensor is null, closed, elsewhere (host or another device),
     * or of another rank, type or layout than the batch's first tensor.
     *
     * @param tensor the tensor to append
     */
    public synchronized void pushBack(Tensor tensor) {
        add("TensorBatch.pushBack", tensor);
    }

    private synchronized void add(String who, Tensor tensor) {
        elements.checkAdd(who, tensor);
        if (first != null) {
            String what = "tensor " + elements.size() + " (" + tensor.describe() + ")";
            String fixed = " (set by tensor 0, " + first.describe() + ")";
            if (tensor.rank() != first.rank()) {
                throw new IllegalArgumentException(who + ": " + what + " has rank " + tensor.rank()
                        + ", but the batch's tensors have rank " + first.rank() + fixed);
            }
            if (tensor.dtype() != first.dtype()) {
                throw new IllegalArgumentException(who + ": " + what + " is " + tensor.dtype()
                        + ", but the batch's tensors are " + first.dtype() + fixed);
            }
            if (tensor.layout() != first.layout()) {
                throw new IllegalArgumentException(who + ": " + what + " has " + layoutName(tensor.layout())
                        + ", but the batch's tensors have " + layoutName(first.layout()) + fixed);
            }
        }
        elements.add(who, tensor);
        first = elements.retained().getFirst();
        table.markChanged();
    }

    private static String layoutName(TensorLayout l) {
        return l == null ? "no layout" : "layout " + l;
    }

    /** Removes the last tensor, dropping the batch's hold on it. Throws when the batch is empty or closed. */
    public synchronized void popBack() {
        popBack(1);
    }

    /**
     * Removes the last {@code count} tensors ({@code 1 <= count <= size()}).
     *
     * @param count the number of tensors to remove
     */
    public synchronized void popBack(int count) {
        elements.removeLast("TensorBatch.popBack", count, table.lastStream());
        changed();
    }

    /** Removes every tensor; the next tensor may have another rank, type or layout. */
    public synchronized void clear() {
        elements.clear("TensorBatch.clear", table.lastStream());
        changed();
    }

    private void changed() {
        if (elements.size() == 0) {
            first = null;
        }
        table.markChanged();
    }

    // ---- description ---------------------------------------------------------------------------------

    /** {@return the number of tensors (0 once closed)} */
    public synchronized int size() {
        return elements.size();
    }

    /** {@return the most tensors the batch takes} */
    public int capacity() {
        return elements.capacity();
    }

    /** {@return whether the tensors are in host memory (the CPU paths)} */
    public boolean isHost() {
        return elements.isHost();
    }

    /** {@return the device of the tensors, or null for a host batch} */
    public Device device() {
        return elements.device();
    }

    /** {@return the rank of the tensors, or -1 while the batch is empty} */
    public synchronized int rank() {
        return first == null ? -1 : first.rank();
    }

    /** {@return the element type of the tensors, or null while the batch is empty} */
    public synchronized DataType dtype() {
        return first == null ? null : first.dtype();
    }

    /** {@return the layout of the tensors, or null while the batch is empty or when they have none} */
    public synchronized TensorLayout layout() {
        return first == null ? null : first.layout();
    }

    /**
     * {@return a view of tensor {@code index} as it was pushed: it reads the batch's hold on the memory, so it works
     * after the pushed tensor was closed, and throws once the tensor is removed or the batch closed}
     *
     * @param index the tensor's index, from 0
     */
    public synchronized Tensor tensor(int index) {
        return elements.view("TensorBatch.tensor", index);
    }

    /**
     * The tensors in order, as {@link #tensor(int)} views: a snapshot of the list (later pushes and pops do not change
     * what it yields; the view of a tensor removed since throws on use).
     */
    @Override
    public synchronized Iterator<Tensor> iterator() {
        return elements.views("TensorBatch.iterator").iterator();
    }

    /** {@return the CUDA Array Interface of each tensor, in order (device batches); they hold nothing} */
    public synchronized List<CudaArrayInterface> cudaArrayInterfaces() {
        return elements.cudaArrayInterfaces("TensorBatch.cudaArrayInterfaces");
    }

    // ---- descriptors ---------------------------------------------------------------------------------

    /**
     * {@return the device address of the descriptor table (see the class notes), for launches queued on {@code s}
     * (null: the current stream) after this call; 0 for an empty batch} Uploaded first, on {@code s}, only when the
     * tensors changed since the last upload. Device batches only.
     *
     * @param s the stream the launches go on; null: the current stream
     */
    public synchronized long descriptors(Stream s) {
        String who = "TensorBatch.descriptors";
        return table.device(who, elements, s, (i, entry) -> writeDescriptor(who, i, entry));
    }

    /**
     * {@return the descriptor table of a host batch, read-only, {@code size() * }{@value #DESCRIPTOR_BYTES} bytes,
     * rewritten first when the tensors changed; valid until the batch changes or is closed}
     */
    public synchronized MemorySegment hostDescriptors() {
        String who = "TensorBatch.hostDescriptors";
        return table.host(who, elements, (i, entry) -> writeDescriptor(who, i, entry));
    }

    /** {@return the number of descriptor uploads to the device so far} */
    public synchronized long uploadCount() {
        return table.uploadCount();
    }

    private void writeDescriptor(String who, int index, MemorySegment entry) {
        long data = elements.address(who, index);
        TensorGeometry g = elements.retained().get(index).geometry();
        entry.set(ValueLayout.JAVA_LONG, DATA_OFFSET, data);
        long[] strides = g.strides();
        for (int d = 0; d < g.rank(); d++) {
            entry.set(ValueLayout.JAVA_LONG, SHAPE_OFFSET + 8L * d, g.shape(d));
            entry.set(ValueLayout.JAVA_LONG, STRIDES_OFFSET + 8L * d, strides[d]);
        }
    }

    // ---- lifetime ------------------------------------------------------------------------------------

    /** {@return whether {@link #close()} was called} */
    public synchronized boolean isClosed() {
        return elements.isClosed();
    }

    /**
     * Drops the batch's hold on every tensor and frees the descriptor table, device memory in the order of the last
     * stream the descriptors were asked for; never waits for the device. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (!elements.isClosed()) {
            elements.close(table.lastStream());
            table.close();
        }
    }

    @Override
    public synchronized String toString() {
        return "TensorBatch[" + (isHost() ? "host" : device().toString()) + ", " + elements.size() + "/" + capacity()
                + " tensors" + (first == null ? "" : " of rank " + first.rank() + " " + first.dtype()
                + (first.layout() == null ? "" : " " + first.layout())) + (elements.isClosed() ? ", closed" : "") + "]";
    }
}

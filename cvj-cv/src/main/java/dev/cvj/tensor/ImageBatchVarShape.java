package dev.cvj.tensor;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A batch of images of different sizes, CV-CUDA's {@code ImageBatchVarShape}: up to {@link #capacity()} images,
 * each with its own width, height and row pitch, all with the same pixels ({@link #uniqueFormat()}: channel
 * count and element type, fixed by the first image), on one device or all in host memory. An operator processes
 * the whole batch in one launch, reading each image's place from the batch's descriptors.
 *
 * <pre>{@code
 * try (ImageBatchVarShape batch = ImageBatchVarShape.create(64, Device.get(0))) {
 *     for (Tensor photo : photos) {            // HWC U8 images of any size, on cuda:0
 *         batch.pushBack(photo);               // a view: no pixel is copied
 *     }
 *     ImageSize max = batch.maxSize();         // the widest width, the tallest height
 *     long table = batch.descriptors(stream);  // for a kernel launched on stream next
 * }
 * }</pre>
 *
 * <h2>Images</h2>
 * An image is a tensor of layout {@code HWC}, or {@code NHWC} with {@code N = 1}, with packed pixels (the
 * {@code C} stride is the element size and the {@code W} stride {@code C} elements); the row pitch (the
 * {@code H} stride) is free, so padded images and crops of larger images ({@link Tensor#slice}) can be pushed
 * as they are. Width and height are at least 1 and at most {@code 2^31 - 1}. Host images must be in native
 * memory (a batch keeps their addresses). A refused image leaves the batch as it was.
 *
 * <h2>Lifetime</h2>
 * The batch holds each image's memory ({@link Tensor#hold()}) from {@link #pushBack} until the image is removed
 * ({@link #popBack}, {@link #clear}) or the batch is closed, so the image's tensor may be closed meanwhile: the
 * batch's view ({@link #image(int)}) still reads the pixels. Memory cvj does not own (a wrapped segment, a
 * foreign pointer from {@link #fromCudaArrays}) cannot be held: its owner must keep it alive while the batch
 * holds the image; a wrapped segment whose arena was closed makes the batch throw "... its memory's arena was
 * closed", never read freed memory. Device memory whose last hold the batch drops is freed in the order of the
 * last stream the batch's descriptors were asked for, after the launches queued there, as is the descriptor
 * table when the batch is closed: closing a batch that queued launches still read is safe.
 *
 * <h2>Descriptors</h2>
 * One {@value #DESCRIPTOR_BYTES}-byte entry per image, in push order, little-endian, 8-byte aligned:
 * <pre>
 * offset  type  field
 *  0      u64   data      address of the image's first pixel (row 0, column 0, channel 0)
 *  8      i64   rowPitch  bytes from one row to the next (the H stride)
 * 16      i32   height    rows
 * 20      i32   width     pixels per row
 * 24      8 bytes         zero (reserved)
 * </pre>
 * A device batch keeps the table in device memory ({@link #descriptors(Stream)}), uploaded in stream order only
 * when the images changed since the last upload ({@link #uploadCount()} counts them); a host batch keeps it in
 * native memory ({@link #hostDescriptors()}) for the CPU paths. An upload goes through one pinned staging buffer:
 * when the images change again before the previous upload's copy has run (its stream is still busy with earlier
 * work), {@link #descriptors} waits on the host for that copy rather than overwrite what it reads.
 *
 * <p>Methods are synchronized: the batch may be filled on one thread and used on another, but a batch is one
 * ordered list, not a concurrent collection. Descriptors are not meant for CUDA graph capture: ask for them
 * before capturing.
 */
public final class ImageBatchVarShape implements Iterable<Tensor>, AutoCloseable {
    /** Bytes of one image descriptor. */
    public static final int DESCRIPTOR_BYTES = 32;
    /** Offset of {@code data} (u64) in a descriptor. */
    public static final int DATA_OFFSET = 0;
    /** Offset of {@code rowPitch} (i64, bytes) in a descriptor. */
    public static final int ROW_PITCH_OFFSET = 8;
    /** Offset of {@code height} (i32) in a descriptor. */
    public static final int HEIGHT_OFFSET = 16;
    /** Offset of {@code width} (i32) in a descriptor. */
    public static final int WIDTH_OFFSET = 20;

    private final BatchElements elements;
    private final DescriptorTable table;
    private PixelType format; // of the images; null while the batch is empty

    private ImageBatchVarShape(String who, int capacity, Device device) {
        this.elements = new BatchElements(who, "image", capacity, device);
        this.table = new DescriptorTable(device, DESCRIPTOR_BYTES, capacity);
    }

    // ---- creation ------------------------------------------------------------------------------------

    /**
     * {@return an empty batch of device images on {@code device}, for up to {@code capacity} images ({@code >= 0})}
     * Nothing is allocated before the descriptors are first asked for, so a large capacity costs nothing up front.
     *
     * @param capacity the most images the batch takes
     * @param device the device of the images
     */
    public static ImageBatchVarShape create(int capacity, Device device) {
        if (device == null) {
            throw new NullPointerException("ImageBatchVarShape.create: device is null");
        }
        return new ImageBatchVarShape("ImageBatchVarShape.create", capacity, device);
    }

    /**
     * {@return an empty batch of device images on the current stream's device ({@link CurrentStream})}
     *
     * @param capacity the most images the batch takes
     */
    public static ImageBatchVarShape create(int capacity) {
        return create(capacity, CurrentStream.get().device());
    }

    /**
     * {@return an empty batch of host images (the CPU paths), for up to {@code capacity} images ({@code >= 0})}
     *
     * @param capacity the most images the batch takes
     */
    public static ImageBatchVarShape createHost(int capacity) {
        return new ImageBatchVarShape("ImageBatchVarShape.createHost", capacity, null);
    }

    /**
     * {@return a device batch of the arrays, in order, without copying: each wrapped with {@link
     * Tensor#asTensor(CudaArray, TensorLayout)} (a cvj tensor keeps its layout when {@code layout} is null) and
     * pushed} The capacity is the list's length and the device the first array's. The arrays' owners keep the memory
     * alive while the batch holds it (memory of cvj tensors is held by the batch). Throws, holding nothing, when an
     * array is refused, naming it by its index.
     *
     * @param arrays the arrays
     * @param layout the layout of every image (null: as each array gives it)
     */
    public static ImageBatchVarShape fromCudaArrays(List<? extends CudaArray> arrays, TensorLayout layout) {
        return BatchImports.build("ImageBatchVarShape.fromCudaArrays", arrays, a -> Tensor.asTensor(a, layout),
                ImageBatchVarShape::deviceBatch, ImageBatchVarShape::add);
    }

    /**
     * As {@link #fromCudaArrays}, from CUDA Array Interface values.
     *
     * @param interfaces the interfaces
     * @param layout the layout of every image (null: as each array gives it)
     * @return the batch
     */
    public static ImageBatchVarShape fromCudaArrayInterfaces(List<CudaArrayInterface> interfaces, TensorLayout layout) {
        return BatchImports.build("ImageBatchVarShape.fromCudaArrayInterfaces", interfaces,
                cai -> Tensor.asTensor(cai, layout), ImageBatchVarShape::deviceBatch, ImageBatchVarShape::add);
    }

    /**
     * As {@link #fromCudaArrays}, from interfaces in Python's dict shape ({@link CudaArrayInterface#fromMap}).
     *
     * @param maps the interfaces in Python's dict shape
     * @param layout the layout of every image (null: as each array gives it)
     * @return the batch
     */
    public static ImageBatchVarShape fromCudaArrayMaps(List<? extends Map<String, ?>> maps, TensorLayout layout) {
        return BatchImports.build("ImageBatchVarShape.fromCudaArrayMaps", maps, m -> Tensor.asTensor(m, layout),
                ImageBatchVarShape::deviceBatch, ImageBatchVarShape::add);
    }

    private static ImageBatchVarShape deviceBatch(int capacity, Device device) {
        return new ImageBatchVarShape("ImageBatchVarShape.fromCudaArrays", capacity, device);
    }

    // ---- contents ------------------------------------------------------------------------------------

    /**
     * Appends {@code image} (see the class notes for what an image is) as a view: the batch holds its memory until
     * it is removed. Throws, leaving the batch as it was, when the batch is closed or full, or the image is null,
     * closed, elsewhere (host or another device), not an image, not packed, or of other pixels than the batch's.
     *
     * @param image the image to append
     */
    public synchronized void pushBack(Tensor image) {
        add("ImageBatchVarShape.pushBack", image);
    }

    private synchronized void add(String who, Tensor image) {
        elements.checkAdd(who, image);
        int index = elements.size();
        String what = "image " + index + " (" + image.describe() + ", strides " + Arrays.toString(image.strides()) + ")";
        TensorLayout l = image.layout();
        long[] shape = image.shape();
        if (l != TensorLayout.HWC && l != TensorLayout.NHWC) {
            throw new IllegalArgumentException(who + ": " + what + " has " + (l == null ? "no layout" : "layout " + l)
                    + ": an image is HWC, or NHWC with N = 1");
        }
        if (l == TensorLayout.NHWC && shape[0] != 1) {
            throw new IllegalArgumentException(who + ": " + what + " holds N = " + shape[0] + " images: push them one"
                    + " by one (slice(0, n, 1)), or pass an HWC image");
        }
        int r = shape.length;
        long h = shape[r - 3];
        long w = shape[r - 2];
        long c = shape[r - 1];
        if (h < 1 || w < 1 || c < 1) {
            throw new IllegalArgumentException(who + ": " + what + " is empty: H, W and C must be >= 1");
        }
        if (h > Integer.MAX_VALUE || w > Integer.MAX_VALUE || c > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(who + ": " + what + ": H, W and C must be at most 2^31 - 1 (the"
                    + " descriptor's 32-bit fields)");
        }
        long[] st = image.strides();
        long item = image.dtype().byteSize();
        if (c > 1 && st[r - 1] != item) {
            throw new IllegalArgumentException(who + ": " + what + " has channel stride " + st[r - 1] + " bytes: pixels"
                    + " must be packed (channel stride = the " + item + "-byte element size)");
        }
        if (w > 1 && st[r - 2] != c * item) {
            throw new IllegalArgumentException(who + ": " + what + " has pixel stride " + st[r - 2] + " bytes: pixels"
                    + " must be packed (pixel stride = C * element size = " + c * item + " bytes)");
        }
        if (h > 1 && st[r - 3] < w * c * item) {
            throw new IllegalArgumentException(who + ": " + what + " has row pitch " + st[r - 3] + " bytes, less than"
                    + " its row of " + w * c * item + " bytes: rows overlap");
        }
        PixelType pixels = new PixelType((int) c, image.dtype());
        if (format != null && !format.equals(pixels)) {
            throw new IllegalArgumentException(who + ": " + what + " has pixels of " + pixels + ", but the batch's are "
                    + format + " (set by image 0): every image of a batch has the same channel count and type");
        }
        elements.add(who, image);
        format = pixels;
        table.markChanged();
    }

    /** Removes the last image, dropping the batch's hold on it. Throws when the batch is empty or closed. */
    public synchronized void popBack() {
        popBack(1);
    }

    /**
     * Removes the last {@code count} images ({@code 1 <= count <= size()}).
     *
     * @param count the number of images to remove
     */
    public synchronized void popBack(int count) {
        elements.removeLast("ImageBatchVarShape.popBack", count, table.lastStream());
        changed();
    }

    /** Removes every image; the next image may have other pixels. */
    public synchronized void clear() {
        elements.clear("ImageBatchVarShape.clear", table.lastStream());
        changed();
    }

    private void changed() {
        if (elements.size() == 0) {
            format = null;
        }
        table.markChanged();
    }

    // ---- description ---------------------------------------------------------------------------------

    /** {@return the number of images (0 once closed)} */
    public synchronized int size() {
        return elements.size();
    }

    /** {@return the most images the batch takes} */
    public int capacity() {
        return elements.capacity();
    }

    /** {@return whether the images are in host memory (the CPU paths)} */
    public boolean isHost() {
        return elements.isHost();
    }

    /** {@return the device of the images, or null for a host batch} */
    public Device device() {
        return elements.device();
    }

    /**
     * {@return the widest width and the tallest height of the images (not necessarily of one image); 0x0 when empty}
     */
    public synchronized ImageSize maxSize() {
        elements.ensureOpen("ImageBatchVarShape.maxSize");
        int w = 0;
        int h = 0;
        for (Tensor t : elements.retained()) {
            ImageSize s = sizeOf(t);
            w = Math.max(w, s.width());
            h = Math.max(h, s.height());
        }
        return new ImageSize(w, h);
    }

    /**
     * {@return the size of image {@code index}}
     *
     * @param index the image's index, from 0
     */
    public synchronized ImageSize imageSize(int index) {
        return sizeOf(elements.get("ImageBatchVarShape.imageSize", index));
    }

    private static ImageSize sizeOf(Tensor image) {
        int r = image.rank();
        return new ImageSize((int) image.geometry().shape(r - 2), (int) image.geometry().shape(r - 3));
    }

    /**
     * {@return the pixels every image has (channel count and element type), or null while the batch is empty} An
     * {@link ImageFormat} with these pixels applies when {@link PixelType#matches} says so.
     */
    public synchronized PixelType uniqueFormat() {
        elements.ensureOpen("ImageBatchVarShape.uniqueFormat");
        return format;
    }

    /**
     * {@return a view of image {@code index} as an HWC image (the pixels, strides and row pitch pushed; an image
     * pushed as NHWC with N = 1 loses its N): it reads the batch's hold on the memory, so it works after the pushed
     * tensor was closed, and stops working (throws) once the image is removed or the batch closed} Closing the view
     * changes nothing in the batch.
     *
     * @param index the image's index, from 0
     */
    public synchronized Tensor image(int index) {
        return elements.get("ImageBatchVarShape.image", index).imageView();
    }

    /**
     * The images in order, as {@link #image(int)} views: a snapshot of the list (later pushes and pops do not change
     * what it yields; the view of an image removed since throws on use).
     */
    @Override
    public synchronized Iterator<Tensor> iterator() {
        return elements.views("ImageBatchVarShape.iterator").stream().map(Tensor::imageView).toList().iterator();
    }

    /**
     * {@return the CUDA Array Interface of each image, in order (device batches): zero-copy handles for another
     * library} They hold nothing: the consumer is done with them before the image is removed or the batch closed.
     */
    public synchronized List<CudaArrayInterface> cudaArrayInterfaces() {
        return elements.cudaArrayInterfaces("ImageBatchVarShape.cudaArrayInterfaces");
    }

    // ---- descriptors ---------------------------------------------------------------------------------

    /**
     * {@return the device address of the descriptor table (see the class notes), for launches queued on {@code s}
     * (null: the current stream) after this call; 0 for an empty batch} When the images changed since the last
     * upload, the table is uploaded first, on {@code s}; otherwise nothing is copied. Device batches only.
     *
     * @param s the stream the launches go on; null: the current stream
     */
    public synchronized long descriptors(Stream s) {
        String who = "ImageBatchVarShape.descriptors";
        return table.device(who, elements, s, (i, entry) -> writeDescriptor(who, i, entry));
    }

    /**
     * {@return the descriptor table of a host batch (see the class notes), read-only, {@code size() * }{@value
     * #DESCRIPTOR_BYTES} bytes; rewritten first when the images changed} Valid until the batch changes or is closed
     * (a table outgrown by later images throws on access).
     */
    public synchronized MemorySegment hostDescriptors() {
        String who = "ImageBatchVarShape.hostDescriptors";
        return table.host(who, elements, (i, entry) -> writeDescriptor(who, i, entry));
    }

    /**
     * {@return the number of descriptor uploads to the device so far: one per change that was followed by {@link
     * #descriptors}}
     */
    public synchronized long uploadCount() {
        return table.uploadCount();
    }

    private void writeDescriptor(String who, int index, MemorySegment entry) {
        Tensor t = elements.retained().get(index);
        long data = elements.address(who, index);
        ImageSize s = sizeOf(t);
        entry.set(ValueLayout.JAVA_LONG, DATA_OFFSET, data);
        entry.set(ValueLayout.JAVA_LONG, ROW_PITCH_OFFSET, t.geometry().strides()[t.rank() - 3]);
        entry.set(ValueLayout.JAVA_INT, HEIGHT_OFFSET, s.height());
        entry.set(ValueLayout.JAVA_INT, WIDTH_OFFSET, s.width());
    }

    // ---- lifetime ------------------------------------------------------------------------------------

    /** {@return whether {@link #close()} was called} */
    public synchronized boolean isClosed() {
        return elements.isClosed();
    }

    /**
     * Drops the batch's hold on every image and frees the descriptor table, device memory in the order of the
     * last stream the descriptors were asked for (after the launches queued there); never waits for the device.
     * Idempotent.
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
        return "ImageBatchVarShape[" + (isHost() ? "host" : device().toString()) + ", " + elements.size() + "/"
                + capacity() + " images" + (format == null ? "" : " of " + format)
                + (elements.isClosed() ? ", closed" : "") + "]";
    }
}

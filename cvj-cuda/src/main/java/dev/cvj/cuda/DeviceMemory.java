package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A range of device memory: owned (allocated here, freed on {@link #close()}), or borrowed (a view of
 * another object's memory, {@link #slice}, or {@link #wrap} of a foreign pointer).
 *
 * <p>Like a {@link MemorySegment}, it knows its size and its lifetime: every copy is bounds-checked and
 * any use after close throws {@link IllegalStateException}. Views stop working when their root closes.
 *
 * <p>Two kinds of allocation: {@link #allocate} ({@code cudaMalloc}; {@code close} is synchronous) and
 * {@link #allocateAsync} (stream-ordered {@code cudaMallocAsync} from the device's {@link MemoryPool};
 * {@code close} frees in the order of the allocating stream, or of the stream given to
 * {@link #close(Stream)}, so memory that queued work still uses is freed after that work).
 *
 * <pre>{@code
 * float[] host = new float[1024];
 * try (DeviceMemory m = DeviceMemory.allocate(Device.get(0), host.length * 4L)) {
 *     m.copyFrom(host);
 *     m.copyTo(host);
 * }
 * }</pre>
 *
 * Copies between Java arrays and device memory are the typed shapes of {@link HostArrayCopies}; 2D
 * (pitched) copies are {@link #copy2DFrom} and {@link #copy2DTo}. How owned memory goes back is
 * {@code MemoryRelease}'s job.
 *
 * <p>A {@link Cleaner} frees memory that was never closed, and logs a warning naming where it was
 * allocated (with {@code -Dcvj.trackAllocations=true}); it is a safety net, not the way to free.
 */
public final class DeviceMemory implements HostArrayCopies, AutoCloseable {
    private static final Cleaner CLEANER = CudaResource.CLEANER; // one cleaner thread for cvj-cuda
    static final boolean TRACK = Boolean.getBoolean("cvj.trackAllocations");

    private final Device device;
    private final long address;
    private final long byteSize;
    private final DeviceMemory root; // null for a root
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MemoryRelease freer; // null unless owned
    private final Cleaner.Cleanable cleanable;

    private DeviceMemory(Device device, long address, long byteSize, DeviceMemory root, MemoryRelease freer) {
        this.device = device;
        this.address = address;
        this.byteSize = byteSize;
        this.root = root;
        this.freer = freer;
        this.cleanable = freer == null ? null : CLEANER.register(this, freer);
    }

    /**
     * Allocates {@code bytes} on {@code device} with {@code cudaMalloc}. Zero bytes is allowed (address 0).
     *
     * @param device the device the memory is on
     * @param bytes the bytes to allocate
     * @return the new memory
     */
    public static DeviceMemory allocate(Device device, long bytes) {
        Objects.requireNonNull(device, "device");
        checkSize(bytes);
        if (bytes == 0) {
            return new DeviceMemory(device, 0, 0, null, release(device, 0, MemoryRelease.Kind.MALLOC, null));
        }
        try (Device.Scope _ = device.enter()) {
            MemorySegment out = Scratch.get();
            int rc = Runtime.cudaMalloc(out, bytes);
            if (rc != 0) {
                Runtime.cudaGetLastError(); // an OOM is recorded as the last error; it is not sticky
                throw CudaException.runtime(rc, "cudaMalloc(" + bytes + " bytes) on " + device);
            }
            long p = Scratch.readLong(out);
            return new DeviceMemory(device, p, bytes, null, release(device, p, MemoryRelease.Kind.MALLOC, null));
        }
    }

    /**
     * Allocates {@code bytes} in stream order on {@code stream}'s device ({@code cudaMallocAsync}): usable
     * by work queued on {@code stream} after this call, or on other streams once they wait for it.
     *
     * @param bytes the bytes to allocate
     * @param stream the stream in whose order the memory is allocated (not null)
     * @return the new memory, freed in stream order when closed
     */
    public static DeviceMemory allocateAsync(long bytes, Stream stream) {
        Objects.requireNonNull(stream, "stream");
        checkSize(bytes);
        Device device = stream.device();
        long streamHandle = stream.handle(); // throws if the stream is closed, before any CUDA call
        if (bytes == 0) {
            return new DeviceMemory(device, 0, 0, null, release(device, 0, MemoryRelease.Kind.STREAM_ORDERED, stream));
        }
        // cudaMallocAsync takes the memory pool current to the stream's device, so a stream cvj created or wrapped
        // needs no device switch; the special handles (0: legacy, 1, 2: per-thread) mean the current device's.
        try (Device.Scope _ = Stream.isSpecialHandle(streamHandle) ? device.enter() : Device.Scope.NONE) {
            MemorySegment out = Scratch.get();
            int rc = Runtime.cudaMallocAsync(out, bytes, streamHandle);
            if (rc != 0) {
                Runtime.cudaGetLastError();
                throw CudaException.runtime(rc, "cudaMallocAsync(" + bytes + " bytes) on " + stream);
            }
            long p = Scratch.readLong(out);
            return new DeviceMemory(device, p, bytes, null, release(device, p, MemoryRelease.Kind.STREAM_ORDERED, stream));
        }
    }

    /**
     * Borrows memory that something else owns (another library's pointer): never freed by cvj. The caller
     * keeps the owner alive for as long as this view is used. A non-null address is checked with
     * {@link PointerAttributes}: memory of another device, and addresses CUDA does not know (pageable host
     * memory, garbage), are refused with {@link IllegalArgumentException}; pinned host and managed memory
     * are accepted.
     *
     * @param device the device the memory is on
     * @param address a device address
     * @param byteSize the bytes the view covers
     * @return a view that never frees the memory
     */
    public static DeviceMemory wrap(Device device, long address, long byteSize) {
        Objects.requireNonNull(device, "device");
        checkSize(byteSize);
        if (address == 0 && byteSize != 0) {
            throw new IllegalArgumentException("null device address for " + byteSize + " bytes");
        }
        if (address != 0) {
            PointerAttributes a = PointerAttributes.of(address);
            String at = "0x" + Long.toHexString(address);
            switch (a.type()) {
                case UNREGISTERED -> throw new IllegalArgumentException(at + " is not memory CUDA knows"
                        + " (pageable host memory, freed memory, or not an address); cannot wrap it as memory of " + device);
                case DEVICE -> {
                    if (a.device() != device.ordinal()) {
                        throw new IllegalArgumentException(at + " is memory of cuda:" + a.device() + ", not of " + device);
                    }
                }
                default -> { } // pinned host or managed memory: usable from the device
            }
        }
        return new DeviceMemory(device, address, byteSize, null, null);
    }

    private static void checkSize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("byte size must be >= 0, got " + bytes);
        }
    }

    private static MemoryRelease release(Device device, long address, MemoryRelease.Kind kind, Stream stream) {
        return new MemoryRelease(device.ordinal(), address, kind, stream, MemoryRelease.site());
    }

    /**
     * Memory of another process mapped into this one ({@code cudaIpcOpenMemHandle}): {@code close} unmaps it
     * ({@code cudaIpcCloseMemHandle}); see {@link IpcMemoryHandle#open}.
     */
    static DeviceMemory ipcMapping(Device device, long address, long byteSize) {
        return new DeviceMemory(device, address, byteSize, null, release(device, address, MemoryRelease.Kind.IPC_MAPPING, null));
    }

    /** {@return the device address (throws if closed)} */
    public long address() {
        ensureOpen();
        return address;
    }

    /** {@return the size in bytes} */
    public long byteSize() {
        return byteSize;
    }

    /** {@return the device this memory is on} */
    public Device device() {
        return device;
    }

    /** {@return whether closing this object frees the memory} */
    public boolean isOwner() {
        return freer != null;
    }

    /** {@return whether this object, or the root it views, was closed} */
    public boolean isClosed() {
        return closed.get() || (root != null && root.isClosed());
    }

    /** Throws {@link IllegalStateException} if closed. */
    public void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("device memory " + this + " is closed");
        }
        if (root != null && root.closed.get()) {
            throw new IllegalStateException("device memory " + this + " views memory that was closed");
        }
    }

    /**
     * {@return a view of {@code [offset, offset + length)}: shares memory, never frees it, dies with its root}
     *
     * @param offset the byte offset of the view
     * @param length the bytes of the view
     */
    public DeviceMemory slice(long offset, long length) {
        ensureOpen();
        Objects.checkFromIndexSize(offset, length, byteSize);
        return new DeviceMemory(device, address + offset, length, root == null ? this : root, null);
    }

    // ---- host -> device ----------------------------------------------------------------------------

    /**
     * Copies all of {@code src} to the start of this memory.
     *
     * @param src what to copy from
     */
    public void copyFrom(MemorySegment src) {
        copyFrom(src, 0, null);
    }

    /** Copies all of {@code src} to {@code dstOffset}; with a stream, asynchronously on it (see class notes). */
    public void copyFrom(MemorySegment src, long dstOffset, Stream stream) {
        Objects.requireNonNull(src, "src");
        long n = src.byteSize();
        checkRange(dstOffset, n);
        checkStream(stream);
        if (n == 0) {
            return;
        }
        try (Device.Scope _ = device.enter()) {
            HostCopies.toDevice(address + dstOffset, src, 0, n, stream, "copy of " + n + " bytes to " + this);
        }
    }

    /** Copies into {@code dst} (all of it) from {@code srcOffset}; with a stream, asynchronously on it. */
    public void copyTo(long srcOffset, MemorySegment dst, Stream stream) {
        Objects.requireNonNull(dst, "dst");
        long n = dst.byteSize();
        checkRange(srcOffset, n);
        checkStream(stream);
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination host memory is read-only");
        }
        if (n == 0) {
            return;
        }
        try (Device.Scope _ = device.enter()) {
            HostCopies.toHost(dst, 0, address + srcOffset, n, stream, "copy of " + n + " bytes from " + this);
        }
    }

    /**
     * Copies from the start of this memory into all of {@code dst}.
     *
     * @param dst what to copy into
     */
    public void copyTo(MemorySegment dst) {
        copyTo(0, dst, null);
    }

    /**
     * Copies the remaining bytes of {@code src} (position to limit); the buffer's position is unchanged.
     *
     * @param src what to copy from
     */
    public void copyFrom(ByteBuffer src) {
        copyFrom(MemorySegment.ofBuffer(src));
    }

    /**
     * Fills {@code dst}'s remaining bytes (position to limit); the buffer's position is unchanged.
     *
     * @param dst what to copy into
     */
    public void copyTo(ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination ByteBuffer is read-only");
        }
        copyTo(MemorySegment.ofBuffer(dst));
    }

    // ---- device -> device --------------------------------------------------------------------------

    /**
     * Copies all of {@code src} to {@code dstOffset}, on {@code stream} (null: synchronously). Between
     * devices this is a peer copy, which works with or without peer access enabled.
     *
     * @param src what to copy from
     * @param dstOffset the byte offset in the destination to copy to
     * @param stream the stream whose order the operation takes (null: synchronously)
     */
    public void copyFrom(DeviceMemory src, long dstOffset, Stream stream) {
        Objects.requireNonNull(src, "src");
        src.ensureOpen();
        long n = src.byteSize;
        checkRange(dstOffset, n);
        if (stream != null && stream.device() != device && stream.device() != src.device) {
            throw new IllegalArgumentException("copy between " + src.device + " and " + device + " cannot run on " + stream);
        }
        if (n == 0) {
            return;
        }
        String what = "device copy of " + n + " bytes from " + src + " to " + this;
        try (Device.Scope _ = device.enter()) {
            int rc;
            if (src.device == device) {
                rc = stream == null ? Runtime.cudaMemcpy(address + dstOffset, src.address, n, HostCopies.D2D)
                        : Runtime.cudaMemcpyAsync(address + dstOffset, src.address, n, HostCopies.D2D, stream.handle());
            } else {
                rc = stream == null
                        ? Runtime.cudaMemcpyPeer(address + dstOffset, device.ordinal(), src.address, src.device.ordinal(), n)
                        : Runtime.cudaMemcpyPeerAsync(address + dstOffset, device.ordinal(), src.address,
                                src.device.ordinal(), n, stream.handle());
            }
            CudaException.check(rc, what);
            if (stream == null) {
                HostCopies.completeLegacy(what); // device-to-device cudaMemcpy returns before the copy is done
            }
        }
    }

    /**
     * Copies all of {@code src} to the start of this memory, synchronously.
     *
     * @param src what to copy from
     */
    public void copyFrom(DeviceMemory src) {
        copyFrom(src, 0, null);
    }

    /**
     * Sets every byte to {@code value} (low 8 bits); with a stream, asynchronously.
     *
     * @param value the byte value (low 8 bits)
     * @param stream the stream whose order the operation takes (null: synchronously)
     */
    public void fill(int value, Stream stream) {
        ensureOpen();
        checkStream(stream);
        if (byteSize == 0) {
            return;
        }
        try (Device.Scope _ = device.enter()) {
            int rc = stream == null ? Runtime.cudaMemset(address, value, byteSize)
                    : Runtime.cudaMemsetAsync(address, value, byteSize, stream.handle());
            CudaException.check(rc, "cudaMemset(" + this + ")");
            if (stream == null) {
                HostCopies.completeLegacy("cudaMemset(" + this + ")"); // cudaMemset returns before it has run
            }
        }
    }

    /**
     * Sets every byte to {@code value}, synchronously.
     *
     * @param value the byte value (low 8 bits)
     */
    public void fill(int value) {
        fill(value, null);
    }


    // ---- stream-ordered copies of buffers (Java arrays: HostArrayCopies) ---------------------------

    /**
     * Copies the remaining bytes of {@code src} to byte {@code dstOffset}, in stream order; the position is
     * unchanged.
     *
     * @param src what to copy from
     * @param dstOffset the byte offset in the destination to copy to
     * @param stream the stream whose order the copy takes (not null)
     */
    public void copyFromAsync(ByteBuffer src, long dstOffset, Stream stream) {
        Objects.requireNonNull(src, "src");
        copyFrom(MemorySegment.ofBuffer(src), dstOffset, Objects.requireNonNull(stream, "stream"));
    }

    /**
     * Fills the remaining bytes of {@code dst} from byte {@code srcOffset}, in stream order; the position is
     * unchanged.
     *
     * @param srcOffset the byte offset in the source to copy from
     * @param dst what to copy into
     * @param stream the stream whose order the copy takes (not null)
     */
    public void copyToAsync(long srcOffset, ByteBuffer dst, Stream stream) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination ByteBuffer is read-only");
        }
        copyTo(srcOffset, MemorySegment.ofBuffer(dst), Objects.requireNonNull(stream, "stream"));
    }

    private void checkStream(Stream stream) {
        if (stream != null && stream.device() != device) {
            throw new IllegalArgumentException("memory on " + device + " cannot be copied on " + stream);
        }
    }

    // ---- 2D (pitched) copies: PitchedCopies ---------------------------------------------------------

    /**
     * Copies {@code height} rows of {@code widthBytes} from device memory {@code src} (rows {@code srcPitch}
     * apart, from {@code srcOffset}) to this memory (rows {@code dstPitch} apart, from {@code dstOffset}),
     * with {@code cudaMemcpy2DAsync} on {@code stream} (null: {@code cudaMemcpy2D}, synchronous). Both
     * memories must be on the same device. Pitches must be at least {@code widthBytes}.
     *
     * <pre>{@code
     * // copy a 640x480 RGB image out of a buffer whose rows are padded to 2048 bytes
     * dense.copy2DFrom(0, 640 * 3, padded, 0, 2048, 640 * 3, 480, stream);
     * }</pre>
     *
     * @param dstOffset the byte offset in the destination to copy to
     * @param dstPitch the bytes from one destination row to the next
     * @param src what to copy from
     * @param srcOffset the byte offset in the source to copy from
     * @param srcPitch the bytes from one source row to the next
     * @param widthBytes the bytes of each row to copy
     * @param height the number of rows
     * @param stream the stream whose order the operation takes (null: synchronously)
     */
    public void copy2DFrom(long dstOffset, long dstPitch, DeviceMemory src, long srcOffset, long srcPitch,
                           long widthBytes, long height, Stream stream) {
        Objects.requireNonNull(src, "src");
        if (src.device != device) {
            throw new IllegalArgumentException("2D copy between devices (" + src.device + " -> " + device + ") is not supported");
        }
        checkPitched(dstOffset, dstPitch, widthBytes, height, "destination");
        src.checkPitched(srcOffset, srcPitch, widthBytes, height, "source");
        checkStream(stream);
        try (Device.Scope _ = device.enter()) {
            PitchedCopies.deviceToDevice(address + dstOffset, dstPitch, src.address + srcOffset, srcPitch, widthBytes,
                    height, stream, "2D device copy " + widthBytes + "x" + height + " from " + src + " to " + this);
        }
    }

    /**
     * Host to device 2D copy (see {@link #copy2DFrom(long, long, DeviceMemory, long, long, long, long, Stream)}).
     * A Java heap segment (an array) is copied synchronously, whatever the stream.
     *
     * @param dstOffset the byte offset in the destination to copy to
     * @param dstPitch the bytes from one destination row to the next
     * @param src what to copy from
     * @param srcOffset the byte offset in the source to copy from
     * @param srcPitch the bytes from one source row to the next
     * @param widthBytes the bytes of each row to copy
     * @param height the number of rows
     * @param stream the stream whose order the operation takes (null: synchronously)
     */
    public void copy2DFrom(long dstOffset, long dstPitch, MemorySegment src, long srcOffset, long srcPitch,
                           long widthBytes, long height, Stream stream) {
        Objects.requireNonNull(src, "src");
        checkPitched(dstOffset, dstPitch, widthBytes, height, "destination");
        PitchedCopies.checkHost(src, srcOffset, srcPitch, widthBytes, height, "source");
        checkStream(stream);
        try (Device.Scope _ = device.enter()) {
            PitchedCopies.toDevice(address + dstOffset, dstPitch, src, srcOffset, srcPitch, widthBytes, height, stream,
                    "2D copy " + widthBytes + "x" + height + " from host to " + this);
        }
    }

    /**
     * Device to host 2D copy (see {@link #copy2DFrom(long, long, MemorySegment, long, long, long, long, Stream)}).
     * A Java heap segment (an array) is filled synchronously, whatever the stream.
     *
     * @param srcOffset the byte offset in the source to copy from
     * @param srcPitch the bytes from one source row to the next
     * @param dst what to copy into
     * @param dstOffset the byte offset in the destination to copy to
     * @param dstPitch the bytes from one destination row to the next
     * @param widthBytes the bytes of each row to copy
     * @param height the number of rows
     * @param stream the stream whose order the operation takes (null: synchronously)
     */
    public void copy2DTo(long srcOffset, long srcPitch, MemorySegment dst, long dstOffset, long dstPitch,
                         long widthBytes, long height, Stream stream) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination host memory is read-only");
        }
        checkPitched(srcOffset, srcPitch, widthBytes, height, "source");
        PitchedCopies.checkHost(dst, dstOffset, dstPitch, widthBytes, height, "destination");
        checkStream(stream);
        try (Device.Scope _ = device.enter()) {
            PitchedCopies.toHost(dst, dstOffset, dstPitch, address + srcOffset, srcPitch, widthBytes, height, stream,
                    "2D copy " + widthBytes + "x" + height + " from " + this + " to host");
        }
    }

    private void checkPitched(long offset, long pitch, long width, long height, String which) {
        ensureOpen();
        PitchedCopies.checkDevice(offset, pitch, width, height, byteSize, which);
    }

    /**
     * {@return the device that owns device address {@code address} ({@code cudaPointerGetAttributes}), for memory
     * allocated by CUDA on any device (including managed memory)} Throws {@link IllegalArgumentException} for host
     * memory or an address CUDA does not know, and {@link CudaException} (saying so) when there is no driver or no
     * device to ask.
     *
     * @param address a device address
     */
    public static Device deviceOf(long address) {
        return PointerAttributes.deviceOf(address, "DeviceMemory.deviceOf");
    }

    private void checkRange(long offset, long length) {
        ensureOpen();
        checkRange(offset, length, byteSize);
    }

    /** Throws unless {@code [offset, offset + length)} lies in {@code [0, size)}; overflow-safe. */
    static void checkRange(long offset, long length, long size) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + offset + " + " + length
                    + ") is outside device memory of " + size + " bytes");
        }
    }

    // ---- lifetime ----------------------------------------------------------------------------------

    /**
     * Frees owned memory: stream-ordered memory on its allocating stream (after the work queued there),
     * other memory synchronously. Views and borrowed memory just become unusable. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && cleanable != null) {
            freer.explicit = true;
            cleanable.clean();
        }
    }

    /**
     * Frees owned memory in the order of {@code stream}: after all work queued on it so far. Use it when
     * the last work on this memory ran on a stream other than the allocating one. Idempotent.
     *
     * @param stream the stream in whose order the memory is freed (not null)
     */
    public void close(Stream stream) {
        Objects.requireNonNull(stream, "stream");
        if (stream.device() != device) {
            throw new IllegalArgumentException("memory on " + device + " cannot be freed on " + stream);
        }
        stream.ensureOpen();
        if (closed.compareAndSet(false, true) && cleanable != null) {
            freer.explicit = true;
            if (freer.kind == MemoryRelease.Kind.MALLOC) {
                freer.kind = MemoryRelease.Kind.STREAM_ORDERED; // cudaFreeAsync frees cudaMalloc memory in stream order too
            }
            freer.stream = stream;
            cleanable.clean();
        }
    }

    @Override
    public String toString() {
        return "DeviceMemory[" + device + ", 0x" + Long.toHexString(address) + ", " + byteSize + " bytes"
                + (freer != null ? "" : ", borrowed") + (closed.get() ? ", closed" : "") + "]";
    }
}

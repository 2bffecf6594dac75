package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

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
 * A {@link Cleaner} frees memory that was never closed, and logs a warning naming where it was
 * allocated (with {@code -Dcvj.trackAllocations=true}); it is a safety net, not the way to free.
 */
public final class DeviceMemory implements AutoCloseable {
    private static final Cleaner CLEANER = CudaResource.CLEANER; // one cleaner thread for cvj-cuda
    private static final Logger LOG = Logger.getLogger(DeviceMemory.class.getName());
    static final boolean TRACK = Boolean.getBoolean("cvj.trackAllocations");

    private final Device device;
    private final long address;
    private final long byteSize;
    private final DeviceMemory root; // null for a root
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Freer freer; // null unless owned
    private final Cleaner.Cleanable cleanable;

    private DeviceMemory(Device device, long address, long byteSize, DeviceMemory root, Freer freer) {
        this.device = device;
        this.address = address;
        this.byteSize = byteSize;
        this.root = root;
        this.freer = freer;
        this.cleanable = freer == null ? null : CLEANER.register(this, freer);
    }

    /** Allocates {@code bytes} on {@code device} with {@code cudaMalloc}. Zero bytes is allowed (address 0). */
    public static DeviceMemory allocate(Device device, long bytes) {
        Objects.requireNonNull(device, "device");
        checkSize(bytes);
        if (bytes == 0) {
            return new DeviceMemory(device, 0, 0, null, new Freer(device.ordinal(), 0, false, null, site()));
        }
        try (Device.Scope _ = device.enter()) {
            MemorySegment out = Scratch.get();
            int rc = Runtime.cudaMalloc(out, bytes);
            if (rc != 0) {
                Runtime.cudaGetLastError(); // an OOM is recorded as the last error; it is not sticky
                throw CudaException.runtime(rc, "cudaMalloc(" + bytes + " bytes) on " + device);
            }
            long p = Scratch.readLong(out);
            return new DeviceMemory(device, p, bytes, null, new Freer(device.ordinal(), p, false, null, site()));
        }
    }

    /**
     * Allocates {@code bytes} in stream order on {@code stream}'s device ({@code cudaMallocAsync}): usable
     * by work queued on {@code stream} after this call, or on other streams once they wait for it.
     */
    public static DeviceMemory allocateAsync(long bytes, Stream stream) {
        Objects.requireNonNull(stream, "stream");
        checkSize(bytes);
        Device device = stream.device();
        long streamHandle = stream.handle(); // throws if the stream is closed, before any CUDA call
        if (bytes == 0) {
            return new DeviceMemory(device, 0, 0, null, new Freer(device.ordinal(), 0, true, stream, site()));
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
            return new DeviceMemory(device, p, bytes, null, new Freer(device.ordinal(), p, true, stream, site()));
        }
    }

    /**
     * Borrows memory that something else owns (another library's pointer): never freed by cvj. The caller
     * keeps the owner alive for as long as this view is used. A non-null address is checked with
     * {@link PointerAttributes}: memory of another device, and addresses CUDA does not know (pageable host
     * memory, garbage), are refused with {@link IllegalArgumentException}; pinned host and managed memory
     * are accepted.
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

    private static String site() {
        if (!TRACK) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (!e.getClassName().startsWith("dev.cvj.cuda.DeviceMemory")) {
                sb.append("\n\tat ").append(e);
            }
        }
        return sb.toString();
    }

    /** The device address (throws if closed). */
    public long address() {
        ensureOpen();
        return address;
    }

    public long byteSize() {
        return byteSize;
    }

    public Device device() {
        return device;
    }

    /** Whether closing this object frees the memory. */
    public boolean isOwner() {
        return freer != null;
    }

    /** Whether this object, or the root it views, was closed. */
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

    /** A view of {@code [offset, offset + length)}: shares memory, never frees it, dies with its root. */
    public DeviceMemory slice(long offset, long length) {
        ensureOpen();
        Objects.checkFromIndexSize(offset, length, byteSize);
        return new DeviceMemory(device, address + offset, length, root == null ? this : root, null);
    }

    // ---- host -> device ----------------------------------------------------------------------------

    /** Copies all of {@code src} to the start of this memory. */
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

    /** Copies from the start of this memory into all of {@code dst}. */
    public void copyTo(MemorySegment dst) {
        copyTo(0, dst, null);
    }

    public void copyFrom(byte[] src) { copyFrom(MemorySegment.ofArray(src)); }
    public void copyFrom(short[] src) { copyFrom(MemorySegment.ofArray(src)); }
    public void copyFrom(char[] src) { copyFrom(MemorySegment.ofArray(src)); }
    public void copyFrom(int[] src) { copyFrom(MemorySegment.ofArray(src)); }
    public void copyFrom(long[] src) { copyFrom(MemorySegment.ofArray(src)); }
    public void copyFrom(float[] src) { copyFrom(MemorySegment.ofArray(src)); }
    public void copyFrom(double[] src) { copyFrom(MemorySegment.ofArray(src)); }

    public void copyTo(byte[] dst) { copyTo(MemorySegment.ofArray(dst)); }
    public void copyTo(short[] dst) { copyTo(MemorySegment.ofArray(dst)); }
    public void copyTo(char[] dst) { copyTo(MemorySegment.ofArray(dst)); }
    public void copyTo(int[] dst) { copyTo(MemorySegment.ofArray(dst)); }
    public void copyTo(long[] dst) { copyTo(MemorySegment.ofArray(dst)); }
    public void copyTo(float[] dst) { copyTo(MemorySegment.ofArray(dst)); }
    public void copyTo(double[] dst) { copyTo(MemorySegment.ofArray(dst)); }

    /** Copies the remaining bytes of {@code src} (position to limit); the buffer's position is unchanged. */
    public void copyFrom(ByteBuffer src) {
        copyFrom(MemorySegment.ofBuffer(src));
    }

    /** Fills {@code dst}'s remaining bytes (position to limit); the buffer's position is unchanged. */
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

    /** Copies all of {@code src} to the start of this memory, synchronously. */
    public void copyFrom(DeviceMemory src) {
        copyFrom(src, 0, null);
    }

    /** Sets every byte to {@code value} (low 8 bits); with a stream, asynchronously. */
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

    /** Sets every byte to {@code value}, synchronously. */
    public void fill(int value) {
        fill(value, null);
    }


    // ---- stream-ordered copies of Java arrays and buffers -------------------------------------------

    /*
     * The xxxAsync copies are queued on the stream after the work already there. Java arrays may move
     * with the GC, so their copies wait for the stream and return when done (see HostCopies); native
     * memory (direct buffers) returns at once and must stay untouched until the stream gets there.
     * Indexes and lengths are in elements of the array; device offsets are in bytes.
     */

    /** Copies all of {@code src} to the start of this memory, in the order of {@code stream}. */
    public void copyFromAsync(byte[] src, Stream stream) {
        copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream);
    }

    /** Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}. */
    public void copyFromAsync(byte[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        Objects.requireNonNull(src, "src");
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        copyFrom(MemorySegment.ofArray(src).asSlice((long) srcIndex * 1, (long) length * 1), dstOffset, Objects.requireNonNull(stream, "stream"));
    }

    /** Fills all of {@code dst} from the start of this memory, in the order of {@code stream}. */
    public void copyToAsync(byte[] dst, Stream stream) {
        copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream);
    }

    /** Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code stream}. */
    public void copyToAsync(long srcOffset, byte[] dst, int dstIndex, int length, Stream stream) {
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        copyTo(srcOffset, MemorySegment.ofArray(dst).asSlice((long) dstIndex * 1, (long) length * 1), Objects.requireNonNull(stream, "stream"));
    }

    /** Copies all of {@code src} to the start of this memory, in the order of {@code stream}. */
    public void copyFromAsync(short[] src, Stream stream) {
        copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream);
    }

    /** Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}. */
    public void copyFromAsync(short[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        Objects.requireNonNull(src, "src");
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        copyFrom(MemorySegment.ofArray(src).asSlice((long) srcIndex * 2, (long) length * 2), dstOffset, Objects.requireNonNull(stream, "stream"));
    }

    /** Fills all of {@code dst} from the start of this memory, in the order of {@code stream}. */
    public void copyToAsync(short[] dst, Stream stream) {
        copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream);
    }

    /** Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code stream}. */
    public void copyToAsync(long srcOffset, short[] dst, int dstIndex, int length, Stream stream) {
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        copyTo(srcOffset, MemorySegment.ofArray(dst).asSlice((long) dstIndex * 2, (long) length * 2), Objects.requireNonNull(stream, "stream"));
    }

    /** Copies all of {@code src} to the start of this memory, in the order of {@code stream}. */
    public void copyFromAsync(char[] src, Stream stream) {
        copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream);
    }

    /** Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}. */
    public void copyFromAsync(char[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        Objects.requireNonNull(src, "src");
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        copyFrom(MemorySegment.ofArray(src).asSlice((long) srcIndex * 2, (long) length * 2), dstOffset, Objects.requireNonNull(stream, "stream"));
    }

    /** Fills all of {@code dst} from the start of this memory, in the order of {@code stream}. */
    public void copyToAsync(char[] dst, Stream stream) {
        copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream);
    }

    /** Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code stream}. */
    public void copyToAsync(long srcOffset, char[] dst, int dstIndex, int length, Stream stream) {
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        copyTo(srcOffset, MemorySegment.ofArray(dst).asSlice((long) dstIndex * 2, (long) length * 2), Objects.requireNonNull(stream, "stream"));
    }

    /** Copies all of {@code src} to the start of this memory, in the order of {@code stream}. */
    public void copyFromAsync(int[] src, Stream stream) {
        copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream);
    }

    /** Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}. */
    public void copyFromAsync(int[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        Objects.requireNonNull(src, "src");
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        copyFrom(MemorySegment.ofArray(src).asSlice((long) srcIndex * 4, (long) length * 4), dstOffset, Objects.requireNonNull(stream, "stream"));
    }

    /** Fills all of {@code dst} from the start of this memory, in the order of {@code stream}. */
    public void copyToAsync(int[] dst, Stream stream) {
        copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream);
    }

    /** Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code stream}. */
    public void copyToAsync(long srcOffset, int[] dst, int dstIndex, int length, Stream stream) {
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        copyTo(srcOffset, MemorySegment.ofArray(dst).asSlice((long) dstIndex * 4, (long) length * 4), Objects.requireNonNull(stream, "stream"));
    }

    /** Copies all of {@code src} to the start of this memory, in the order of {@code stream}. */
    public void copyFromAsync(long[] src, Stream stream) {
        copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream);
    }

    /** Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}. */
    public void copyFromAsync(long[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        Objects.requireNonNull(src, "src");
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        copyFrom(MemorySegment.ofArray(src).asSlice((long) srcIndex * 8, (long) length * 8), dstOffset, Objects.requireNonNull(stream, "stream"));
    }

    /** Fills all of {@code dst} from the start of this memory, in the order of {@code stream}. */
    public void copyToAsync(long[] dst, Stream stream) {
        copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream);
    }

    /** Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code stream}. */
    public void copyToAsync(long srcOffset, long[] dst, int dstIndex, int length, Stream stream) {
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        copyTo(srcOffset, MemorySegment.ofArray(dst).asSlice((long) dstIndex * 8, (long) length * 8), Objects.requireNonNull(stream, "stream"));
    }

    /** Copies all of {@code src} to the start of this memory, in the order of {@code stream}. */
    public void copyFromAsync(float[] src, Stream stream) {
        copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream);
    }

    /** Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}. */
    public void copyFromAsync(float[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        Objects.requireNonNull(src, "src");
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        copyFrom(MemorySegment.ofArray(src).asSlice((long) srcIndex * 4, (long) length * 4), dstOffset, Objects.requireNonNull(stream, "stream"));
    }

    /** Fills all of {@code dst} from the start of this memory, in the order of {@code stream}. */
    public void copyToAsync(float[] dst, Stream stream) {
        copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream);
    }

    /** Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code stream}. */
    public void copyToAsync(long srcOffset, float[] dst, int dstIndex, int length, Stream stream) {
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        copyTo(srcOffset, MemorySegment.ofArray(dst).asSlice((long) dstIndex * 4, (long) length * 4), Objects.requireNonNull(stream, "stream"));
    }

    /** Copies all of {@code src} to the start of this memory, in the order of {@code stream}. */
    public void copyFromAsync(double[] src, Stream stream) {
        copyFromAsync(src, 0, Objects.requireNonNull(src, "src").length, 0, stream);
    }

    /** Copies {@code src[srcIndex, srcIndex + length)} to byte {@code dstOffset}, in the order of {@code stream}. */
    public void copyFromAsync(double[] src, int srcIndex, int length, long dstOffset, Stream stream) {
        Objects.requireNonNull(src, "src");
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        copyFrom(MemorySegment.ofArray(src).asSlice((long) srcIndex * 8, (long) length * 8), dstOffset, Objects.requireNonNull(stream, "stream"));
    }

    /** Fills all of {@code dst} from the start of this memory, in the order of {@code stream}. */
    public void copyToAsync(double[] dst, Stream stream) {
        copyToAsync(0, dst, 0, Objects.requireNonNull(dst, "dst").length, stream);
    }

    /** Copies from byte {@code srcOffset} into {@code dst[dstIndex, dstIndex + length)}, in the order of {@code stream}. */
    public void copyToAsync(long srcOffset, double[] dst, int dstIndex, int length, Stream stream) {
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        copyTo(srcOffset, MemorySegment.ofArray(dst).asSlice((long) dstIndex * 8, (long) length * 8), Objects.requireNonNull(stream, "stream"));
    }

    /** Copies the remaining bytes of {@code src} to byte {@code dstOffset}, in stream order; the position is unchanged. */
    public void copyFromAsync(ByteBuffer src, long dstOffset, Stream stream) {
        Objects.requireNonNull(src, "src");
        copyFrom(MemorySegment.ofBuffer(src), dstOffset, Objects.requireNonNull(stream, "stream"));
    }

    /** Fills the remaining bytes of {@code dst} from byte {@code srcOffset}, in stream order; the position is unchanged. */
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

    // ---- 2D (pitched) copies ------------------------------------------------------------------------

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
     */
    public void copy2DFrom(long dstOffset, long dstPitch, DeviceMemory src, long srcOffset, long srcPitch,
                           long widthBytes, long height, Stream stream) {
        Objects.requireNonNull(src, "src");
        if (src.device != device) {
            throw new IllegalArgumentException("2D copy between devices (" + src.device + " -> " + device + ") is not supported");
        }
        checkPitched(dstOffset, dstPitch, widthBytes, height, byteSize, "destination");
        src.checkPitched(srcOffset, srcPitch, widthBytes, height, src.byteSize, "source");
        if (widthBytes == 0 || height == 0) {
            return;
        }
        copy2D(address + dstOffset, dstPitch, src.address + srcOffset, srcPitch, widthBytes, height, HostCopies.D2D,
                stream, "2D device copy " + widthBytes + "x" + height + " from " + src + " to " + this);
    }

    /**
     * Host to device 2D copy from a native segment (see {@link #copy2DFrom(long, long, DeviceMemory, long, long, long, long, Stream)}).
     * A Java heap segment is refused: copy it to native memory first.
     */
    public void copy2DFrom(long dstOffset, long dstPitch, MemorySegment src, long srcOffset, long srcPitch,
                           long widthBytes, long height, Stream stream) {
        Objects.requireNonNull(src, "src");
        if (!src.isNative()) {
            throw new IllegalArgumentException("2D copies need native (off-heap) host memory, not a Java array");
        }
        checkPitched(dstOffset, dstPitch, widthBytes, height, byteSize, "destination");
        checkHostPitched(src, srcOffset, srcPitch, widthBytes, height, "source");
        if (widthBytes == 0 || height == 0) {
            return;
        }
        copy2D(address + dstOffset, dstPitch, src.address() + srcOffset, srcPitch, widthBytes, height, HostCopies.H2D,
                stream, "2D copy " + widthBytes + "x" + height + " from host to " + this);
    }

    /** Device to host 2D copy into a native segment (see {@link #copy2DFrom(long, long, MemorySegment, long, long, long, long, Stream)}). */
    public void copy2DTo(long srcOffset, long srcPitch, MemorySegment dst, long dstOffset, long dstPitch,
                         long widthBytes, long height, Stream stream) {
        Objects.requireNonNull(dst, "dst");
        if (!dst.isNative()) {
            throw new IllegalArgumentException("2D copies need native (off-heap) host memory, not a Java array");
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination host memory is read-only");
        }
        checkPitched(srcOffset, srcPitch, widthBytes, height, byteSize, "source");
        checkHostPitched(dst, dstOffset, dstPitch, widthBytes, height, "destination");
        if (widthBytes == 0 || height == 0) {
            return;
        }
        copy2D(dst.address() + dstOffset, dstPitch, address + srcOffset, srcPitch, widthBytes, height, HostCopies.D2H,
                stream, "2D copy " + widthBytes + "x" + height + " from " + this + " to host");
    }

    private void copy2D(long dst, long dpitch, long src, long spitch, long width, long height, int kind, Stream stream,
                        String what) {
        if (height == 1) {
            // One row: the pitches mean nothing (checkPitch lets them be anything), but CUDA refuses pitch < width.
            dpitch = width;
            spitch = width;
        }
        try (Device.Scope _ = device.enter()) {
            int rc = stream == null ? Runtime.cudaMemcpy2D(dst, dpitch, src, spitch, width, height, kind)
                    : Runtime.cudaMemcpy2DAsync(dst, dpitch, src, spitch, width, height, kind, stream.handle());
            CudaException.check(rc, what);
            if (stream == null && kind != HostCopies.D2H) {
                HostCopies.completeLegacy(what); // only a copy to the host is complete when cudaMemcpy2D returns
            }
        }
    }

    private void checkPitched(long offset, long pitch, long width, long height, long size, String which) {
        ensureOpen();
        checkPitch(pitch, width, height, which);
        long extent = extent(pitch, width, height, which);
        if (offset < 0 || offset > size - extent) {
            throw new IndexOutOfBoundsException(which + " rows [" + offset + ", " + offset + " + " + extent
                    + ") are outside device memory of " + size + " bytes");
        }
    }

    private static void checkHostPitched(MemorySegment seg, long offset, long pitch, long width, long height, String which) {
        checkPitch(pitch, width, height, which);
        long extent = extent(pitch, width, height, which);
        if (offset < 0 || offset > seg.byteSize() - extent) {
            throw new IndexOutOfBoundsException(which + " rows [" + offset + ", " + offset + " + " + extent
                    + ") are outside host memory of " + seg.byteSize() + " bytes");
        }
    }

    private static void checkPitch(long pitch, long width, long height, String which) {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("2D copy of " + width + " x " + height + ": sizes must be >= 0");
        }
        if (height > 1 && pitch < width) {
            throw new IllegalArgumentException(which + " pitch " + pitch + " is smaller than the row width " + width);
        }
    }

    private static long extent(long pitch, long width, long height, String which) {
        if (width == 0 || height == 0) {
            return 0;
        }
        try {
            return Math.addExact(Math.multiplyExact(height - 1, pitch), width);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(which + " extent of " + height + " rows of pitch " + pitch + " overflows");
        }
    }

    /**
     * The device that owns device address {@code address} ({@code cudaPointerGetAttributes}), for memory
     * allocated by CUDA on any device (including managed memory). Throws {@link IllegalArgumentException}
     * for host memory or an address CUDA does not know.
     */
    public static Device deviceOf(long address) {
        PointerAttributes attrs;
        try {
            attrs = PointerAttributes.of(address);
        } catch (CudaException e) {
            dev.cvj.cuda.raw.Runtime.cudaGetLastError();
            throw new IllegalArgumentException("0x" + Long.toHexString(address) + " is not a CUDA address: " + e.getMessage(), e);
        }
        if (attrs.type() != PointerAttributes.MemoryType.DEVICE && attrs.type() != PointerAttributes.MemoryType.MANAGED) {
            throw new IllegalArgumentException("0x" + Long.toHexString(address) + " is not device memory (" + attrs.type() + ")");
        }
        return Device.get(attrs.device());
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
     */
    public void close(Stream stream) {
        Objects.requireNonNull(stream, "stream");
        if (stream.device() != device) {
            throw new IllegalArgumentException("memory on " + device + " cannot be freed on " + stream);
        }
        stream.ensureOpen();
        if (closed.compareAndSet(false, true) && cleanable != null) {
            freer.explicit = true;
            freer.async = true;
            freer.stream = stream;
            cleanable.clean();
        }
    }

    /**
     * Frees once, whether called by close or by the cleaner; holds no reference to the memory object (the
     * stream it holds is another object, which the memory does not own).
     */
    private static final class Freer implements Runnable {
        final int device;
        final long address;
        final String site;
        volatile boolean async;
        volatile Stream stream;
        volatile boolean explicit;

        Freer(int device, long address, boolean async, Stream stream, String site) {
            this.device = device;
            this.address = address;
            this.async = async;
            this.stream = stream;
            this.site = site;
        }

        @Override
        public void run() {
            if (address == 0) {
                return;
            }
            if (!explicit) {
                LOG.warning("cvj: device memory 0x" + Long.toHexString(address) + " on cuda:" + device
                        + " was never closed; freed by the cleaner. Allocated"
                        + (site != null ? ":" + site : " at an unknown place (run with -Dcvj.trackAllocations=true to record it)"));
            }
            int rc;
            Stream s = stream;
            long sh = s == null ? 0 : s.rawHandle();
            if (async && explicit && s != null && !s.isClosed() && !Stream.isSpecialHandle(sh)) {
                // A stream-ordered free on the stream's own device's pool: the stream carries the device, so
                // no device switch (no cudaGetDevice / cudaSetDevice pair around it).
                rc = Runtime.cudaFreeAsync(address, sh);
            } else {
                int previous = Device.currentOrdinal();
                boolean switched = previous != device;
                if (switched) {
                    Runtime.cudaSetDevice(device);
                }
                if (async && explicit && s != null && !s.isClosed()) {
                    rc = Runtime.cudaFreeAsync(address, sh); // a default-stream handle: the device must be current
                } else if (async) {
                    // The cleaner, or the allocating stream is gone: nobody can say which streams still use the
                    // memory, so wait for the whole device, then give it back to its pool in stream order. (cudaFree
                    // would free it too, but the pool would go on counting it as used.)
                    rc = Runtime.cudaDeviceSynchronize();
                    if (rc == 0) {
                        rc = Runtime.cudaFreeAsync(address, Stream.LEGACY_HANDLE);
                    }
                    if (rc == 0) {
                        rc = Runtime.cudaStreamSynchronize(Stream.LEGACY_HANDLE);
                    }
                } else {
                    rc = Runtime.cudaFree(address);
                }
                if (switched) {
                    Runtime.cudaSetDevice(previous);
                }
            }
            if (rc != 0 && explicit) {
                throw CudaException.runtime(rc, (async ? "cudaFreeAsync" : "cudaFree") + "(0x" + Long.toHexString(address) + ")");
            }
        }
    }

    @Override
    public String toString() {
        return "DeviceMemory[" + device + ", 0x" + Long.toHexString(address) + ", " + byteSize + " bytes"
                + (freer != null ? "" : ", borrowed") + (closed.get() ? ", closed" : "") + "]";
    }
}

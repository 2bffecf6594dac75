package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Page-locked host memory, seen from Java as a {@link MemorySegment}: the fastest source and target
 * of host-device copies, and the only host memory that asynchronous copies really overlap with.
 *
 * <p>Either allocated ({@link #allocate}, {@code cudaMallocHost}) or an existing native segment
 * page-locked in place ({@link #register}, {@code cudaHostRegister}). After {@link #close()} the
 * segment is dead: any access to it throws, as for a closed {@link Arena}.
 *
 * <pre>{@code
 * try (PinnedMemory host = PinnedMemory.allocate(1 << 20)) {
 *     host.segment().fill((byte) 7);
 *     deviceMemory.copyFrom(host.segment(), 0, stream);
 * }
 * }</pre>
 */
public final class PinnedMemory implements AutoCloseable {
    private static final Cleaner CLEANER = CudaResource.CLEANER; // one cleaner thread for cvj-cuda

    private final MemorySegment segment;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Cleaner.Cleanable cleanable;

    private PinnedMemory(long address, long bytes, boolean registered) {
        Arena arena = Arena.ofShared();
        this.segment = MemorySegment.ofAddress(address).reinterpret(bytes, arena, null);
        this.cleanable = CLEANER.register(this, new Release(arena, address, registered));
    }

    private record Release(Arena arena, long address, boolean registered) implements Runnable {
        @Override
        public void run() {
            arena.close(); // first: no Java access can reach the memory once it is released
            if (address != 0) {
                if (registered) {
                    Runtime.cudaHostUnregister(address);
                } else {
                    Runtime.cudaFreeHost(address);
                }
            }
        }
    }

    /**
     * Allocates {@code bytes} of pinned host memory.
     *
     * @param bytes the bytes to allocate
     * @return the pinned memory
     */
    public static PinnedMemory allocate(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("byte size must be >= 0, got " + bytes);
        }
        if (bytes == 0) {
            return new PinnedMemory(0, 0, false);
        }
        MemorySegment out = Scratch.get();
        int rc = Runtime.cudaMallocHost(out, bytes);
        if (rc != 0) {
            Runtime.cudaGetLastError();
            throw CudaException.runtime(rc, "cudaMallocHost(" + bytes + " bytes)");
        }
        return new PinnedMemory(Scratch.readLong(out), bytes, false);
    }

    /**
     * Page-locks an existing native segment in place. The caller keeps {@code segment} alive until this
     * object is closed; the returned {@link #segment()} views the same memory.
     *
     * @param segment the native segment to page-lock
     * @return the registration (close it to unregister)
     */
    public static PinnedMemory register(MemorySegment segment) {
        Objects.requireNonNull(segment, "segment");
        if (!segment.isNative()) {
            throw new IllegalArgumentException("only native (off-heap) segments can be registered; a Java array may move");
        }
        if (segment.byteSize() == 0) {
            return new PinnedMemory(0, 0, true);
        }
        int rc = Runtime.cudaHostRegister(segment.address(), segment.byteSize(), 0);
        if (rc != 0) {
            Runtime.cudaGetLastError();
            throw CudaException.runtime(rc, "cudaHostRegister(" + segment.byteSize() + " bytes)");
        }
        return new PinnedMemory(segment.address(), segment.byteSize(), true);
    }

    /** {@return the memory; throws on access after {@link #close()}} */
    public MemorySegment segment() {
        if (closed.get()) {
            throw new IllegalStateException("pinned memory is closed");
        }
        return segment;
    }

    /** {@return the size in bytes} */
    public long byteSize() {
        return segment.byteSize();
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed.get();
    }

    /** Releases the memory (frees or unregisters it). Idempotent. Pending async copies must be finished. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            cleanable.clean();
        }
    }
}

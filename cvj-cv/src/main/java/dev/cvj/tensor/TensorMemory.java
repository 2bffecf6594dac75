package dev.cvj.tensor;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.PinnedMemory;
import dev.cvj.cuda.Stream;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory a tensor's elements live in and a count of who holds it: the tensor that made it, each
 * {@link MemoryHold} (a DLPack export holds one until its deleter runs) and each copy running on it. Memory
 * cvj allocated is freed when the count drops to zero, so closing the tensor while an export or a copy still
 * uses the memory only drops the tensor's own hold. Borrowed memory (a wrapped segment or pointer) is never
 * freed here; its owner may end it at any time, which {@link #isLive()} reports.
 */
final class TensorMemory {
    private final Device device; // null: host memory
    private final DeviceMemory deviceMemory;
    private final MemorySegment segment;
    private final AutoCloseable freer; // frees owned memory (DeviceMemory, Arena, PinnedMemory); null when borrowed
    private final Object keepAlive; // a wrapped object, kept reachable while the memory is used
    private final AtomicLong holds = new AtomicLong(1); // the creating tensor's
    private volatile Stream freeStream;

    private TensorMemory(Device device, DeviceMemory deviceMemory, MemorySegment segment, AutoCloseable freer,
                         Object keepAlive) {
        this.device = device;
        this.deviceMemory = deviceMemory;
        this.segment = segment;
        this.freer = freer;
        this.keepAlive = keepAlive;
    }

    /** Device memory freed by {@code freer} (the memory itself when cvj allocated it) with the last hold, or borrowed when null. */
    static TensorMemory device(DeviceMemory memory, AutoCloseable freer, Object keepAlive) {
        return new TensorMemory(memory.device(), memory, null, freer, keepAlive);
    }

    /** Host memory freed by {@code freer} (an {@code Arena}, {@link PinnedMemory}, an adopter's release) with the last hold, or borrowed when null. */
    static TensorMemory host(MemorySegment segment, AutoCloseable freer, Object keepAlive) {
        return new TensorMemory(null, null, segment, freer, keepAlive);
    }

    Device device() {
        return device;
    }

    DeviceMemory deviceMemory() {
        return deviceMemory;
    }

    MemorySegment segment() {
        return segment;
    }

    Object keepAlive() {
        return keepAlive;
    }

    /** Takes one more hold, unless the memory was already given up (then false). */
    boolean tryAcquire() {
        while (true) {
            long n = holds.get();
            if (n == 0) {
                return false;
            }
            if (holds.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Drops one hold; the last frees owned memory (device memory in the order of {@link #freeOn}'s stream, if any). */
    void release() {
        long n = holds.decrementAndGet();
        if (n == 0) {
            free();
        } else if (n < 0) {
            throw new IllegalStateException("tensor memory released more often than held");
        }
    }

    /** Frees device memory in the order of {@code s} rather than its allocating stream, when it is freed. */
    void freeOn(Stream s) {
        freeStream = s;
    }

    private void free() {
        if (freer == null) {
            return;
        }
        Stream s = freeStream;
        if (freer == deviceMemory && s != null && !s.isClosed()) {
            deviceMemory.close(s);
            return;
        }
        try {
            freer.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("freeing tensor memory", e);
        }
    }

    /** Whether the memory can still be used: held, and (when borrowed) not ended by its owner. */
    boolean isLive() {
        return holds.get() > 0 && deathCause() == null;
    }

    /** Why borrowed memory can no longer be used (its arena, device memory or pinned memory was closed), or null. */
    String deathCause() {
        if (deviceMemory != null && deviceMemory.isClosed()) {
            return "its device memory was closed";
        }
        if (segment != null && !segment.scope().isAlive()) {
            return "its memory's arena was closed";
        }
        if (freer instanceof PinnedMemory p && p.isClosed()) {
            return "its pinned memory was closed";
        }
        return null;
    }
}

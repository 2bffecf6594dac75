package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A device's stream-ordered memory pool ({@code cudaMemPool_t}), which serves
 * {@link DeviceMemory#allocateAsync}. Memory freed to the pool stays reserved up to the release
 * threshold, so that the next allocation costs microseconds; {@link #trimTo(long)} hands the rest back.
 */
public final class MemoryPool {
    private static final int ATTR_RELEASE_THRESHOLD = 4;
    private static final int ATTR_RESERVED_CURRENT = 5;
    private static final int ATTR_RESERVED_HIGH = 6;
    private static final int ATTR_USED_CURRENT = 7;
    private static final int ATTR_USED_HIGH = 8;

    private final Device device;
    private final long handle;

    private MemoryPool(Device device, long handle) {
        this.device = device;
        this.handle = handle;
    }

    static MemoryPool defaultOf(Device device) {
        MemorySegment out = Scratch.get();
        CudaException.check(Runtime.cudaDeviceGetDefaultMemPool(out, device.ordinal()),
                "cudaDeviceGetDefaultMemPool(" + device.ordinal() + ")");
        return new MemoryPool(device, Scratch.readLong(out));
    }

    /** {@return the device whose memory this pool holds} */
    public Device device() {
        return device;
    }

    /** {@return the raw {@code cudaMemPool_t}} */
    public long handle() {
        return handle;
    }

    /** {@return bytes the pool keeps reserved after frees instead of returning them to the system} */
    public long releaseThreshold() {
        return get(ATTR_RELEASE_THRESHOLD);
    }

    /**
     * Sets the release threshold ({@code Long.MAX_VALUE}: keep everything).
     *
     * @param bytes the threshold in bytes
     */
    public void setReleaseThreshold(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("release threshold must be >= 0, got " + bytes);
        }
        MemorySegment v = Scratch.get();
        v.set(ValueLayout.JAVA_LONG, 0, bytes);
        CudaException.check(Runtime.cudaMemPoolSetAttribute(handle, ATTR_RELEASE_THRESHOLD, v),
                "cudaMemPoolSetAttribute(ReleaseThreshold, " + bytes + ")");
    }

    /**
     * Releases reserved memory down to {@code minBytesToKeep} (after synchronizing pending frees).
     *
     * @param minBytesToKeep the reserved bytes to keep
     */
    public void trimTo(long minBytesToKeep) {
        if (minBytesToKeep < 0) {
            throw new IllegalArgumentException("minBytesToKeep must be >= 0, got " + minBytesToKeep);
        }
        CudaException.check(Runtime.cudaMemPoolTrimTo(handle, minBytesToKeep), "cudaMemPoolTrimTo(" + minBytesToKeep + ")");
    }

    /** {@return bytes currently allocated from the pool} */
    public long usedBytes() {
        return get(ATTR_USED_CURRENT);
    }

    /** {@return bytes currently reserved by the pool (used or cached)} */
    public long reservedBytes() {
        return get(ATTR_RESERVED_CURRENT);
    }

    /**
     * Peak of {@link #usedBytes()}.
     *
     * @return the peak used bytes
     */
    public long usedHighWater() {
        return get(ATTR_USED_HIGH);
    }

    /**
     * Peak of {@link #reservedBytes()}.
     *
     * @return the peak reserved bytes
     */
    public long reservedHighWater() {
        return get(ATTR_RESERVED_HIGH);
    }

    private long get(int attr) {
        MemorySegment v = Scratch.get();
        CudaException.check(Runtime.cudaMemPoolGetAttribute(handle, attr, v), "cudaMemPoolGetAttribute(" + attr + ")");
        return Scratch.readLong(v);
    }

    @Override
    public String toString() {
        return "MemoryPool[" + device + "]";
    }
}

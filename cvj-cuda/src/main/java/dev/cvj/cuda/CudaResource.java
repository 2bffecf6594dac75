package dev.cvj.cuda;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every CUDA object cvj may own has in common: the device it lives on, a {@link #close()} that
 * releases once (with that device current, whatever device the calling thread has), an exception on use
 * after close, and a {@link Cleaner} as the safety net for objects that were never closed.
 *
 * <p>The release action must not refer to the resource object itself (the cleaner could never run); it
 * holds the raw handle and device ordinal only.
 */
abstract class CudaResource implements AutoCloseable {
    /** One cleaner thread for all of cvj-cuda. */
    static final Cleaner CLEANER = Cleaner.create();

    private final Device device;
    private final String kind;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Cleaner.Cleanable cleanable; // null for borrowed handles: nothing to release

    /**
     * @param kind    what the object is, for messages ("stream", "event", ...)
     * @param release frees the native object; null when cvj does not own it
     */
    CudaResource(Device device, String kind, Runnable release) {
        this.device = device;
        this.kind = kind;
        this.cleanable = release == null ? null : CLEANER.register(this, release);
    }

    /** {@return the device this object lives on} */
    public Device device() {
        return device;
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed.get();
    }

    /** Throws {@link IllegalStateException} if closed. */
    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException(kind + " " + this + " is closed");
        }
    }

    /** Releases what cvj owns (borrowed handles are only marked closed). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && cleanable != null) {
            try (Device.Scope _ = device.enter()) {
                cleanable.clean();
            }
        }
    }
}

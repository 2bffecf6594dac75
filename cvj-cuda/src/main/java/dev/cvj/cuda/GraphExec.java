package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An executable CUDA graph ({@code cudaGraphExec_t}), made by {@link Graph#capture} or
 * {@link Graph#instantiate()}: replays the captured work with one launch. One instance runs at most
 * once at a time (CUDA orders launches of the same instance).
 */
public final class GraphExec implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Device device;
    private final long handle;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Cleaner.Cleanable cleanable;

    GraphExec(Device device, long handle) {
        this.device = device;
        this.handle = handle;
        this.cleanable = CLEANER.register(this, new Destroyer(device.ordinal(), handle));
    }

    private record Destroyer(int device, long handle) implements Runnable {
        @Override
        public void run() {
            Runtime.cudaSetDevice(device);
            Runtime.cudaGraphExecDestroy(handle);
        }
    }

    /** Queues one replay of the graph on {@code stream}, which must be on the graph's device. */
    public void launch(Stream stream) {
        Objects.requireNonNull(stream, "stream");
        ensureOpen();
        if (stream.device() != device) {
            throw new IllegalArgumentException("graph of " + device + " cannot be launched on " + stream);
        }
        long s = stream.handle();
        try (Device.Scope _ = device.enter()) {
            CudaException.check(Runtime.cudaGraphLaunch(handle, s), "cudaGraphLaunch(" + stream + ")");
        }
    }

    /** Uploads the graph to the device ahead of its first launch, so that launch costs less. */
    public void upload(Stream stream) {
        Objects.requireNonNull(stream, "stream");
        ensureOpen();
        if (stream.device() != device) {
            throw new IllegalArgumentException("graph of " + device + " cannot be uploaded on " + stream);
        }
        long s = stream.handle();
        try (Device.Scope _ = device.enter()) {
            CudaException.check(Runtime.cudaGraphUpload(handle, s), "cudaGraphUpload(" + stream + ")");
        }
    }

    /** The raw {@code cudaGraphExec_t}. */
    public long handle() {
        ensureOpen();
        return handle;
    }

    public Device device() {
        return device;
    }

    public boolean isClosed() {
        return closed.get();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("graph exec is closed");
        }
    }

    /** Destroys the executable graph (launches already queued complete). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try (Device.Scope _ = device.enter()) {
                cleanable.clean();
            }
        }
    }

    @Override
    public String toString() {
        return "GraphExec[" + device + ", 0x" + Long.toHexString(handle) + (closed.get() ? ", closed" : "") + "]";
    }
}

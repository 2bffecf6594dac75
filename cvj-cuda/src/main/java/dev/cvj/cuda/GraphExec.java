package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.util.Objects;

/**
 * An executable CUDA graph ({@code cudaGraphExec_t}), made by {@link Graph#capture} or
 * {@link Graph#instantiate()}: replays the captured work with one launch. One instance runs at most
 * once at a time (CUDA orders launches of the same instance).
 */
public final class GraphExec extends CudaResource {
    private final long handle;

    GraphExec(Device device, long handle) {
        super(device, "graph exec", new Destroyer(device.ordinal(), handle));
        this.handle = handle;
    }

    private record Destroyer(int device, long handle) implements Runnable {
        @Override
        public void run() {
            Runtime.cudaSetDevice(device);
            Runtime.cudaGraphExecDestroy(handle);
        }
    }

    /**
     * Queues one replay of the graph on {@code stream}, which must be on the graph's device.
     *
     * @param stream the stream to queue on (on the graph's device)
     */
    public void launch(Stream stream) {
        Objects.requireNonNull(stream, "stream");
        ensureOpen();
        if (stream.device() != device()) {
            throw new IllegalArgumentException("graph of " + device() + " cannot be launched on " + stream);
        }
        long s = stream.handle();
        try (Device.Scope _ = device().enter()) {
            CudaException.check(Runtime.cudaGraphLaunch(handle, s), "cudaGraphLaunch(" + stream + ")");
        }
    }

    /**
     * Uploads the graph to the device ahead of its first launch, so that launch costs less.
     *
     * @param stream the stream to queue on (on the graph's device)
     */
    public void upload(Stream stream) {
        Objects.requireNonNull(stream, "stream");
        ensureOpen();
        if (stream.device() != device()) {
            throw new IllegalArgumentException("graph of " + device() + " cannot be uploaded on " + stream);
        }
        long s = stream.handle();
        try (Device.Scope _ = device().enter()) {
            CudaException.check(Runtime.cudaGraphUpload(handle, s), "cudaGraphUpload(" + stream + ")");
        }
    }

    /** {@return the raw {@code cudaGraphExec_t}} */
    public long handle() {
        ensureOpen();
        return handle;
    }

    @Override
    public String toString() {
        return "GraphExec[" + device() + ", 0x" + Long.toHexString(handle) + (isClosed() ? ", closed" : "") + "]";
    }
}

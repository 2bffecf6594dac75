package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.MemorySegment;

/**
 * A CUDA stream: an ordered queue of work on one device.
 *
 * <pre>{@code
 * try (Stream s = Stream.create(Device.get(0))) {
 *     mem.copyFromAsync(data, s);
 *     s.synchronize();
 * }
 * }</pre>
 *
 * Streams created by cvj are non-blocking (they do not synchronize with the legacy default stream),
 * as in {@code cuda.core}. {@link #wrap} adopts another library's stream without owning it.
 * {@link #close()} destroys a stream cvj created; CUDA lets its queued work finish first.
 */
public final class Stream extends CudaResource {
    /** The legacy default stream ({@code cudaStreamLegacy}, the interface's {@code stream: 1}). */
    public static final long LEGACY_HANDLE = 0x1;
    /** The per-thread default stream ({@code cudaStreamPerThread}, the interface's {@code stream: 2}). */
    public static final long PER_THREAD_HANDLE = 0x2;

    private final long handle;
    private final boolean owned;

    private Stream(Device device, long handle, boolean owned) {
        super(device, "stream", owned ? new Destroyer(device.ordinal(), handle) : null);
        this.handle = handle;
        this.owned = owned;
    }

    private record Destroyer(int device, long handle) implements Runnable {
        @Override
        public void run() {
            Runtime.cudaSetDevice(device);
            Runtime.cudaStreamDestroy(handle); // best effort: nothing to report to from a cleaner
        }
    }

    /**
     * {@return a new non-blocking stream on {@code device}, default priority}
     *
     * @param device the device
     */
    public static Stream create(Device device) {
        return create(device, true, 0);
    }

    /**
     * {@return a new stream on {@code device}}
     *
     * @param device the device
     * @param nonBlocking whether it runs concurrently with the legacy default stream
     * @param priority    lower numbers run first; see {@link #priorityRange(Device)}
     */
    public static Stream create(Device device, boolean nonBlocking, int priority) {
        java.util.Objects.requireNonNull(device, "device");
        try (Device.Scope _ = device.enter()) {
            MemorySegment out = Scratch.get();
            CudaException.check(Runtime.cudaStreamCreateWithPriority(out, nonBlocking ? 1 : 0, priority),
                    "cudaStreamCreateWithPriority(device " + device.ordinal() + ")");
            return new Stream(device, Scratch.readLong(out), true);
        }
    }

    /**
     * {@return {@code {least, greatest}} stream priorities of the device (greatest is numerically lowest)}
     *
     * @param device the device
     */
    public static int[] priorityRange(Device device) {
        try (Device.Scope _ = device.enter(); var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment least = arena.allocate(4);
            MemorySegment greatest = arena.allocate(4);
            CudaException.check(Runtime.cudaDeviceGetStreamPriorityRange(least, greatest), "cudaDeviceGetStreamPriorityRange");
            return new int[] {least.get(java.lang.foreign.ValueLayout.JAVA_INT, 0),
                    greatest.get(java.lang.foreign.ValueLayout.JAVA_INT, 0)};
        }
    }

    /**
     * Adopts a stream created elsewhere (another library's); closing it does not destroy it.
     *
     * @param device the device
     * @param handle the {@code cudaStream_t}
     * @return the stream
     */
    public static Stream wrap(Device device, long handle) {
        java.util.Objects.requireNonNull(device, "device");
        return new Stream(device, handle, false);
    }

    /**
     * {@return the legacy default stream of {@code device}}
     *
     * @param device the device
     */
    public static Stream legacyDefault(Device device) {
        java.util.Objects.requireNonNull(device, "device");
        return new Stream(device, LEGACY_HANDLE, false);
    }

    /**
     * {@return the calling thread's default stream on {@code device} ({@code cudaStreamPerThread})}
     *
     * @param device the device
     */
    public static Stream perThreadDefault(Device device) {
        java.util.Objects.requireNonNull(device, "device");
        return new Stream(device, PER_THREAD_HANDLE, false);
    }

    /** {@return the raw {@code cudaStream_t}} Throws if the stream was closed. */
    public long handle() {
        ensureOpen();
        return handle;
    }

    /** {@return whether closing this object destroys the CUDA stream} */
    public boolean isOwned() {
        return owned;
    }

    /** Blocks until all work queued on this stream is done. */
    public void synchronize() {
        ensureOpen();
        try (Device.Scope _ = device().enter()) {
            int rc = Runtime.cudaStreamSynchronize(handle);
            if (rc != 0) { // the message is built on failure only
                CudaException.check(rc, "cudaStreamSynchronize(" + this + ")");
            }
        }
    }

    /** {@return whether all work queued so far is done (does not block)} */
    public boolean isDone() {
        ensureOpen();
        try (Device.Scope _ = device().enter()) {
            int rc = Runtime.cudaStreamQuery(handle);
            if (rc == CudaError.ERROR_NOT_READY) {
                return false;
            }
            if (rc != 0) { // the message is built on failure only
                CudaException.check(rc, "cudaStreamQuery(" + this + ")");
            }
            return true;
        }
    }

    /**
     * Makes later work on this stream wait until {@code event} has completed (no host blocking).
     *
     * @param event the event to wait for
     */
    public void waitFor(Event event) {
        java.util.Objects.requireNonNull(event, "event");
        ensureOpen();
        try (Device.Scope _ = device().enter()) {
            int rc = Runtime.cudaStreamWaitEvent(handle, event.handle(), 0);
            if (rc != 0) { // the message is built on failure only
                CudaException.check(rc, "cudaStreamWaitEvent(" + this + ", " + event + ")");
            }
        }
    }

    /**
     * Makes later work on this stream wait for the work queued so far on {@code other}.
     *
     * @param other the other stream
     */
    public void waitFor(Stream other) {
        java.util.Objects.requireNonNull(other, "other");
        ensureOpen();
        if (other.handle() == handle && other.device() == device()) {
            return;
        }
        try (Event e = Event.create(other.device(), Event.DISABLE_TIMING)) {
            e.record(other);
            waitFor(e);
        }
    }

    /**
     * Records a new event on this stream (caller closes it).
     *
     * @return the new event
     */
    public Event record() {
        ensureOpen();
        Event e = Event.create(device(), Event.DISABLE_TIMING);
        try {
            e.record(this);
        } catch (RuntimeException x) {
            e.close();
            throw x;
        }
        return e;
    }

    /**
     * Runs {@code task} on a CUDA-owned thread once all earlier work on this stream is done; later work
     * waits for it. The task must not call CUDA. An exception it throws is reported to the default
     * uncaught-exception handler.
     *
     * @param task the code to run
     */
    public void launchHostFunc(Runnable task) {
        java.util.Objects.requireNonNull(task, "task");
        ensureOpen();
        HostFunctions.launch(this, task);
    }

    /** {@return whether the stream is being captured into a {@link Graph} right now} */
    public boolean isCapturing() {
        ensureOpen();
        try (Device.Scope _ = device().enter()) {
            MemorySegment out = Scratch.get();
            int rc = Runtime.cudaStreamIsCapturing(handle, out);
            if (rc != 0) { // the message is built on failure only
                CudaException.check(rc, "cudaStreamIsCapturing(" + this + ")");
            }
            return Scratch.readInt(out) == 1; // cudaStreamCaptureStatusActive
        }
    }

    /** {@return the stream's priority (lower numbers run first)} */
    public int priority() {
        ensureOpen();
        try (Device.Scope _ = device().enter()) {
            MemorySegment out = Scratch.get();
            int rc = Runtime.cudaStreamGetPriority(handle, out);
            if (rc != 0) { // the message is built on failure only
                CudaException.check(rc, "cudaStreamGetPriority(" + this + ")");
            }
            return Scratch.readInt(out);
        }
    }

    /** The handle without the open check: for a freer that has checked {@link #isClosed()} itself. */
    long rawHandle() {
        return handle;
    }

    /**
     * Whether {@code handle} is one of CUDA's special stream handles (0: the legacy default stream, 1:
     * {@code cudaStreamLegacy}, 2: {@code cudaStreamPerThread}), which name a stream of whatever device is
     * current: calls on them need the right device current.
     */
    static boolean isSpecialHandle(long handle) {
        return handle >= 0 && handle <= PER_THREAD_HANDLE;
    }

    @Override
    public String toString() {
        return "Stream[" + device() + ", 0x" + Long.toHexString(handle) + (owned ? "" : ", borrowed") + "]";
    }
}

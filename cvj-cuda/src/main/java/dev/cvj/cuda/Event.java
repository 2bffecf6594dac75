package dev.cvj.cuda;

import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A CUDA event: a marker in a stream, to wait on, to order other streams after, or to time GPU work.
 *
 * <pre>{@code
 * try (Event start = Event.create(dev, Event.DEFAULT); Event end = Event.create(dev, Event.DEFAULT)) {
 *     start.record(s); ...work on s...; end.record(s);
 *     float ms = Event.elapsedMillis(start, end);
 * }
 * }</pre>
 */
public final class Event extends CudaResource {
    /** Timing enabled, spin-waits on synchronize. */
    public static final int DEFAULT = 0;
    /** {@link #synchronize()} blocks the thread instead of spinning. */
    public static final int BLOCKING_SYNC = 1;
    /** No timing: cheapest, for ordering streams. */
    public static final int DISABLE_TIMING = 2;
    /** Shareable with another process (requires {@link #DISABLE_TIMING}). */
    public static final int INTERPROCESS = 4;

    private final long handle;
    private final int flags;

    private Event(Device device, long handle, int flags, boolean owned) {
        super(device, "event", owned ? new Destroyer(device.ordinal(), handle) : null);
        this.handle = handle;
        this.flags = flags;
    }

    private record Destroyer(int device, long handle) implements Runnable {
        @Override
        public void run() {
            Runtime.cudaSetDevice(device);
            Runtime.cudaEventDestroy(handle);
        }
    }

    /**
     * {@return a new event on {@code device} with {@code flags} ({@link #DEFAULT}, {@link #DISABLE_TIMING}, ...)}
     *
     * @param device the device the event belongs to
     * @param flags the event's flags
     */
    public static Event create(Device device, int flags) {
        java.util.Objects.requireNonNull(device, "device");
        if ((flags & ~(BLOCKING_SYNC | DISABLE_TIMING | INTERPROCESS)) != 0) {
            throw new IllegalArgumentException("unknown event flags 0x" + Integer.toHexString(flags));
        }
        if ((flags & INTERPROCESS) != 0 && (flags & DISABLE_TIMING) == 0) {
            throw new IllegalArgumentException("an INTERPROCESS event must also be DISABLE_TIMING (CUDA requires it)");
        }
        try (Device.Scope _ = device.enter()) {
            MemorySegment out = Scratch.get();
            int rc = Runtime.cudaEventCreateWithFlags(out, flags);
            if (rc != 0) { // the message is built on failure only
                CudaException.check(rc, "cudaEventCreateWithFlags(" + flags + ")");
            }
            return new Event(device, Scratch.readLong(out), flags, true);
        }
    }

    /**
     * Adopts an event created elsewhere (e.g. opened from an IPC handle); closing does not destroy it.
     *
     * @param device the device the event belongs to
     * @param handle the {@code cudaEvent_t}
     * @param flags the event's flags
     * @return the event
     */
    public static Event wrap(Device device, long handle, int flags) {
        return new Event(device, handle, flags, false);
    }

    /** {@return the raw {@code cudaEvent_t}} */
    public long handle() {
        ensureOpen();
        return handle;
    }

    /** {@return the flags the event was created with} */
    public int flags() {
        return flags;
    }

    /**
     * Records this event at the current end of {@code stream}.
     *
     * @param stream the stream
     */
    public void record(Stream stream) {
        java.util.Objects.requireNonNull(stream, "stream");
        ensureOpen();
        if (stream.device() != device()) {
            throw new IllegalArgumentException("event on " + device() + " cannot be recorded on " + stream);
        }
        try (Device.Scope _ = device().enter()) {
            int rc = Runtime.cudaEventRecord(handle, stream.handle());
            if (rc != 0) { // the message is built on failure only
                CudaException.check(rc, "cudaEventRecord(" + stream + ")");
            }
        }
    }

    /** Blocks until the work before the last record is done. */
    public void synchronize() {
        ensureOpen();
        // No device switch: cudaEventSynchronize succeeds whatever device is current (CUDA C++ Programming
        // Guide, "Stream and Event Behavior"); the event carries its device.
        CudaException.check(Runtime.cudaEventSynchronize(handle), "cudaEventSynchronize");
    }

    /** {@return whether the work before the last record is done (a never-recorded event is done)} */
    public boolean isDone() {
        ensureOpen();
        // No device switch, as in synchronize(): cudaEventQuery succeeds whatever device is current.
        int rc = Runtime.cudaEventQuery(handle);
        if (rc == CudaError.ERROR_NOT_READY) {
            return false;
        }
        CudaException.check(rc, "cudaEventQuery");
        return true;
    }

    /**
     * Milliseconds of GPU time between two recorded, completed timing events.
     *
     * @param start the event recorded first
     * @param end the event recorded second
     * @return the milliseconds between the two events
     */
    public static float elapsedMillis(Event start, Event end) {
        java.util.Objects.requireNonNull(start, "start");
        java.util.Objects.requireNonNull(end, "end");
        if ((start.flags & DISABLE_TIMING) != 0 || (end.flags & DISABLE_TIMING) != 0) {
            throw new IllegalArgumentException("elapsed time needs events created without DISABLE_TIMING");
        }
        if (start.device() != end.device()) {
            throw new IllegalArgumentException("events on different devices: " + start + ", " + end);
        }
        long s = start.handle();
        long e = end.handle();
        try (Device.Scope _ = start.device().enter()) {
            MemorySegment out = Scratch.get(); // after enter(), which uses the scratch itself
            CudaException.check(Runtime.cudaEventElapsedTime(out, s, e), "cudaEventElapsedTime");
            return out.get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    @Override
    public String toString() {
        return "Event[" + device() + ", 0x" + Long.toHexString(handle) + "]";
    }
}

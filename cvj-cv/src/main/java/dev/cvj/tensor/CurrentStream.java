package dev.cvj.tensor;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import java.util.Objects;

/**
 * The calling thread's current stream: where cvj queues work when no stream is given. By default it is
 * the per-thread default stream ({@code cudaStreamPerThread}) of the thread's current device, so threads
 * do not serialize on the legacy default stream.
 *
 * <pre>{@code
 * try (Stream s = Stream.create(Device.get(0)); var _ = CurrentStream.use(s)) {
 *     Tensor t = Tensor.allocate(new long[] {480, 640, 3}, DataType.U8, TensorLayout.HWC); // on s
 * }   // the previous current stream is back
 * }</pre>
 */
public final class CurrentStream {
    private static final ThreadLocal<Stream> CURRENT = new ThreadLocal<>();

    private CurrentStream() {}

    /**
     * {@return the thread's current stream: the one of the innermost open {@link #use} scope, else the per-thread
     * default stream of {@link Device#current()}}
     */
    public static Stream get() {
        Stream s = CURRENT.get();
        return s != null ? s : Stream.perThreadDefault(Device.current());
    }

    /**
     * {@return the stream set by {@link #use}, or {@code null} when the thread uses its default} Never touches the
     * driver.
     */
    public static Stream explicit() {
        return CURRENT.get();
    }

    /**
     * The stream for work on {@code device}: {@code s} when given (it must be on that device), else the current
     * stream when it is on that device, else the device's per-thread default stream.
     */
    static Stream forDevice(Device device, Stream s) {
        if (s != null) {
            if (s.device() != device) {
                throw new IllegalArgumentException("stream " + s + " is not on the tensor's device " + device);
            }
            return s;
        }
        Stream cur = CURRENT.get();
        if (cur != null && cur.device() == device) {
            return cur;
        }
        return Stream.perThreadDefault(device);
    }

    /**
     * Makes {@code stream} current on this thread until the returned scope is closed, which restores the previous
     * one.
     *
     * @param stream the stream to make current
     * @return the scope that restores the previous stream when closed
     */
    public static Scope use(Stream stream) {
        Objects.requireNonNull(stream, "stream");
        Stream previous = CURRENT.get();
        CURRENT.set(stream);
        return new Scope(previous, stream);
    }

    /** Restores the previous current stream; close it on the thread that opened it. Idempotent. */
    public static final class Scope implements AutoCloseable {
        private final Stream previous;
        private final Stream mine;
        private final Thread owner = Thread.currentThread();
        private boolean closed;

        private Scope(Stream previous, Stream mine) {
            this.previous = previous;
            this.mine = mine;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("a CurrentStream scope must be closed on the thread that opened it");
            }
            if (CURRENT.get() != mine) {
                throw new IllegalStateException("CurrentStream scopes closed out of order: close the inner scope first");
            }
            closed = true;
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}

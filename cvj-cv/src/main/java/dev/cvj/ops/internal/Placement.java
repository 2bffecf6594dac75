package dev.cvj.ops.internal;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.Tensor;

/**
 * Where an operator's tensors live, checked before any GPU work: all on the host (CPU path) or all on one
 * device. A mix names both places ({@code src is on cuda:1 but dst is on cuda:0}); the GPU path then runs on
 * the tensors' device whatever device is current on the calling thread.
 */
public final class Placement {
    /** The "ordinal" of host memory in {@link #mismatch}. */
    public static final int HOST = -1;

    private Placement() {}

    /** Device ordinal of {@code t}, or {@link #HOST}. */
    public static int ordinal(Tensor t) {
        return t.isHost() ? HOST : t.device().ordinal();
    }

    /** {@code cuda:N}, or {@code the host}. */
    public static String where(int ordinal) {
        return ordinal == HOST ? "the host" : "cuda:" + ordinal;
    }

    /**
     * Why tensors at {@code a} and {@code b} (device ordinals, {@link #HOST} for host memory) cannot be used
     * together, or null when they can.
     */
    public static String mismatch(String roleA, int a, String roleB, int b) {
        if (a == b) {
            return null;
        }
        String head = roleA + " is on " + where(a) + " but " + roleB + " is on " + where(b);
        if (a == HOST || b == HOST) {
            return head + ": host and device tensors cannot be mixed (all host: the CPU path; all on one device: the GPU)";
        }
        return head + ": an operator's tensors must all be on one device (move one with Tensor.toDevice)";
    }

    /** Throws {@link IllegalArgumentException} (prefixed with {@code op}, if not null) unless both are in one place. */
    public static void requireSame(String op, String roleA, Tensor a, String roleB, Tensor b) {
        String why = mismatch(roleA, ordinal(a), roleB, ordinal(b));
        if (why != null) {
            throw new IllegalArgumentException(op == null ? why : op + ": " + why);
        }
    }

    /**
     * The one way operators choose a stream. For a host tensor: {@code stream}, else the thread's current
     * stream. For a device tensor: {@code stream} when given (it must be on {@code t}'s device), else the
     * thread's current stream when that is on {@code t}'s device, else the per-thread default stream of
     * {@code t}'s device (so a device-1 tensor works from a thread whose current device is 0). Messages are
     * prefixed with {@code op} when it is not null.
     */
    public static Stream stream(String op, Tensor t, Stream stream) {
        if (t.isHost()) {
            return stream != null ? stream : CurrentStream.get();
        }
        Device d = t.device();
        if (stream != null) {
            if (stream.device().ordinal() != d.ordinal()) {
                String why = "the stream is on " + stream.device() + " but the tensors are on " + d;
                throw new IllegalArgumentException(op == null ? why : op + ": " + why);
            }
            return stream;
        }
        Stream cur = CurrentStream.explicit();
        if (cur != null && cur.device().ordinal() == d.ordinal()) {
            return cur;
        }
        return Stream.perThreadDefault(d);
    }
}

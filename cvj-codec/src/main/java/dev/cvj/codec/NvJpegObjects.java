package dev.cvj.codec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The nvJPEG objects (and other resources) one owner created, destroyed in reverse order of creation by
 * {@link #close()}: each destroy runs even when an earlier one failed, and the first failure is thrown with the
 * others suppressed. An owner whose construction fails closes what it had created so far.
 */
final class NvJpegObjects implements AutoCloseable {
    /** An nvJPEG create call writing the new handle into {@code out}; returns its status. */
    @FunctionalInterface
    interface Creator {
        int create(MemorySegment out);
    }

    /** An nvJPEG destroy call; returns its status. */
    @FunctionalInterface
    interface Destroyer {
        int destroy(long handle);
    }

    private final Deque<Runnable> teardown = new ArrayDeque<>();

    /** Runs {@code create}, checks it ({@link NvJpegException} naming {@code call}), and registers its destroy. */
    long create(String call, Creator create, String destroyCall, Destroyer destroy) {
        long h;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.JAVA_LONG);
            NvJpegException.check(create.create(out), call);
            h = out.get(ValueLayout.JAVA_LONG, 0);
        }
        teardown.push(() -> NvJpegException.check(destroy.destroy(h), destroyCall));
        return h;
    }

    /** Registers another release, run by {@link #close()} in the same reverse order. */
    void onClose(Runnable release) {
        teardown.push(release);
    }

    /** Closes everything, in reverse order; throws the first failure. */
    @Override
    public void close() {
        RuntimeException first = null;
        while (!teardown.isEmpty()) {
            try {
                teardown.pop().run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Closes everything after {@code cause} (a failed construction), adding any further failure to it. */
    void closeAfter(RuntimeException cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}

package dev.cvj.tensor;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hold on a tensor's memory ({@link Tensor#hold()}): memory cvj allocated stays allocated until every
 * hold is closed, whether or not the tensor itself was closed. This is how an export keeps memory for a
 * consumer that outlives the exporting tensor (a DLPack export holds one until the consumer calls its
 * deleter). A hold does not keep the tensor usable (a closed tensor still throws), and it cannot keep
 * memory that cvj only borrows (a wrapped segment or foreign pointer) alive: that memory's owner decides.
 *
 * <p>Close it exactly when the memory is no longer needed; {@link #close()} may be called from any thread
 * and more than once (only the first call counts).
 */
public final class MemoryHold implements AutoCloseable {
    private final TensorMemory memory;
    private final AtomicBoolean released = new AtomicBoolean();

    MemoryHold(TensorMemory memory) {
        this.memory = memory;
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isReleased() {
        return released.get();
    }

    /** Drops this hold; if it was the last, the memory is freed now (device memory in stream order). Idempotent. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            memory.release();
        }
    }
}

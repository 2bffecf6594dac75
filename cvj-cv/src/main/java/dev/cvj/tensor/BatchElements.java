package dev.cvj.tensor;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArrayInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The elements of a batch ({@link ImageBatchVarShape}, {@link TensorBatch}): at most a capacity of tensors, each
 * kept as a retained tensor ({@link Tensor#retain}) that holds its memory until it is removed or the batch is
 * closed; and the checks every batch makes of a new element: the batch open and not full, the element non-null,
 * open, on the batch's device (or host), and with an address (native memory, not a Java array).
 */
final class BatchElements {
    private final String noun; // "image" or "tensor", in messages
    private final int capacity;
    private final Device device; // null: a host batch
    private final ArrayList<Tensor> retained = new ArrayList<>(); // not sized by capacity: it may be huge
    private boolean closed;

    BatchElements(String who, String noun, int capacity, Device device) {
        if (capacity < 0) {
            throw new IllegalArgumentException(who + ": capacity must be >= 0, got " + capacity);
        }
        this.noun = noun;
        this.capacity = capacity;
        this.device = device;
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return retained.size();
    }

    Device device() {
        return device;
    }

    boolean isHost() {
        return device == null;
    }

    boolean isClosed() {
        return closed;
    }

    /** The retained elements, in order (read-only; the batch uses them without copying). */
    List<Tensor> retained() {
        return Collections.unmodifiableList(retained);
    }

    void ensureOpen(String who) {
        if (closed) {
            throw new IllegalStateException(who + ": the batch is closed");
        }
    }

    /** The checks every batch makes before its own, in the order a caller would fix them. */
    void checkAdd(String who, Tensor t) {
        ensureOpen(who);
        int index = retained.size();
        if (index >= capacity) {
            throw new IllegalStateException(who + ": the batch is full (capacity " + capacity + "): " + noun + " "
                    + index + " does not fit");
        }
        Objects.requireNonNull(t, () -> who + ": " + noun + " " + index + " is null");
        String what = noun + " " + index + " (" + t.describe() + ")";
        if (t.isClosed()) {
            throw new IllegalStateException(who + ": " + what + " is closed");
        }
        if (device == null && !t.isHost()) {
            throw new IllegalArgumentException(who + ": " + what + " is on " + t.device() + ", but the batch is a host batch");
        }
        if (device != null && t.isHost()) {
            throw new IllegalArgumentException(who + ": " + what + " is in host memory, but the batch is on " + device);
        }
        if (device != null && t.device() != device) {
            throw new IllegalArgumentException(who + ": " + what + " is on " + t.device() + ", but the batch is on " + device);
        }
        if (t.isHost() && !t.memory().segment().isNative()) {
            throw new IllegalArgumentException(who + ": " + what + " lives in a Java array: a batch keeps each " + noun
                    + "'s address, so it needs native memory (Tensor.allocateHost, or wrapHost of a native segment)");
        }
    }

    /** Appends {@code t} (checked by {@link #checkAdd}), holding its memory. */
    void add(String who, Tensor t) {
        retained.add(t.retain(who));
    }

    /** Element {@code index}, retained (the batch's own: never hand it out, it would be closed by its receiver). */
    Tensor get(String who, int index) {
        ensureOpen(who);
        if (index < 0 || index >= retained.size()) {
            throw new IndexOutOfBoundsException(who + ": index " + index + " is outside the batch of " + retained.size()
                    + " " + noun + "s");
        }
        return retained.get(index);
    }

    /** The address of element {@code index}, or cvj's closed error naming the batch method and the element. */
    long address(String who, int index) {
        try {
            return retained.get(index).address();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(who + ": " + noun + " " + index + ": " + e.getMessage(), e);
        }
    }

    /** The CUDA Array Interface of each element, in order (device batches); they hold nothing. */
    List<CudaArrayInterface> cudaArrayInterfaces(String who) {
        ensureOpen(who);
        if (device == null) {
            throw new IllegalStateException(who + ": a host batch has no CUDA Array Interfaces");
        }
        List<CudaArrayInterface> out = new ArrayList<>(retained.size());
        for (int i = 0; i < retained.size(); i++) {
            try {
                out.add(retained.get(i).cuda());
            } catch (IllegalStateException e) {
                throw new IllegalStateException(who + ": " + noun + " " + i + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    /** A view of element {@code index} for a caller: closing it leaves the batch's element alone. */
    Tensor view(String who, int index) {
        Tensor t = get(who, index);
        return t.withLayout(t.layout());
    }

    /** Views of all elements, in order: a snapshot of the list (a removed element's view throws). */
    List<Tensor> views(String who) {
        ensureOpen(who);
        List<Tensor> out = new ArrayList<>(retained.size());
        for (Tensor t : retained) {
            out.add(t.withLayout(t.layout()));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Removes the last {@code count} elements, dropping their holds; device memory whose last hold this was is
     * freed in the order of {@code freeOn} (the stream the batch was last used on; null: the memory's own).
     */
    void removeLast(String who, int count, Stream freeOn) {
        ensureOpen(who);
        if (retained.isEmpty()) {
            throw new IllegalStateException(who + ": the batch is empty");
        }
        if (count < 1 || count > retained.size()) {
            throw new IllegalArgumentException(who + ": count " + count + " must be in [1, " + retained.size()
                    + "] (the batch holds " + retained.size() + " " + noun + "s)");
        }
        for (int i = 0; i < count; i++) {
            release(retained.removeLast(), freeOn);
        }
    }

    /** Removes every element, as {@link #removeLast} does. */
    void clear(String who, Stream freeOn) {
        ensureOpen(who);
        releaseAll(freeOn);
    }

    /** Releases every element and refuses all later use. Idempotent. */
    void close(Stream freeOn) {
        if (!closed) {
            closed = true;
            releaseAll(freeOn);
        }
    }

    private void releaseAll(Stream freeOn) {
        while (!retained.isEmpty()) {
            release(retained.removeLast(), freeOn);
        }
    }

    private static void release(Tensor t, Stream freeOn) {
        if (freeOn != null && !t.isHost() && !freeOn.isClosed()) {
            t.close(freeOn);
        } else {
            t.close();
        }
    }
}

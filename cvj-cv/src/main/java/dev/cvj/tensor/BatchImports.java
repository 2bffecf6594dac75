package dev.cvj.tensor;

import dev.cvj.cuda.Device;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A batch built from a list of foreign arrays without copying: each array wrapped as a tensor
 * ({@link Tensor#asTensor}), the batch made on the first one's device with the list's length as its capacity,
 * every element pushed, and the batch closed again when one is refused, so a failed build leaves nothing held.
 */
final class BatchImports {
    private BatchImports() {}

    /** Makes an empty batch. */
    interface Factory<B> {
        B create(int capacity, Device device);
    }

    /** Pushes one element, naming {@code who} in its errors. */
    interface Adder<B> {
        void add(B batch, String who, Tensor element);
    }

    static <T, B extends AutoCloseable> B build(String who, List<? extends T> items, Function<? super T, Tensor> wrap,
                                                Factory<B> factory, Adder<B> adder) {
        Objects.requireNonNull(items, () -> who + ": the list is null");
        if (items.isEmpty()) {
            throw new IllegalArgumentException(who + ": the list is empty (a batch takes its device from its first array)");
        }
        B batch = null;
        try {
            for (int i = 0; i < items.size(); i++) {
                T item = items.get(i);
                if (item == null) {
                    throw new NullPointerException(who + ": element " + i + " is null");
                }
                Tensor t;
                try {
                    t = wrap.apply(item);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new IllegalArgumentException(who + ": element " + i + ": " + e.getMessage(), e);
                }
                try {
                    if (batch == null) {
                        batch = factory.create(items.size(), t.device());
                    }
                    adder.add(batch, who, t);
                } finally {
                    t.close(); // the wrapper only: the batch holds its own
                }
            }
            return batch;
        } catch (RuntimeException e) {
            if (batch != null) {
                try {
                    batch.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }
}

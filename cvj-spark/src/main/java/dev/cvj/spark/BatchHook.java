package dev.cvj.spark;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.Tensor;
import java.io.Serializable;

/**
 * User code that sees each batch's model input where it was made, before anything is copied back: a device tensor on
 * the task's GPU (ready on {@code stream}), or a host tensor on the CPU backend. An inference step runs here, on the
 * same GPU and stream, and its result may replace the output column.
 *
 * <p>Serializable: Spark ships it to the executors with the job. It runs in executor tasks, possibly in several
 * threads at once (one per task; batches of one GPU take turns), so keep it stateless or thread-safe; per-executor
 * state such as a loaded model belongs in a static, lazily made holder.
 */
@FunctionalInterface
public interface BatchHook extends Serializable {
    /**
     * Called once per batch that has at least one decoded image.
     *
     * @param batch the rows, {@code [n, rowShape...]} as the {@link dev.cvj.codec.ModelInputSpec} says, row {@code i}
     *     for the {@code i}-th decoded image of the batch; owned by cvj (do not close it), valid during the call
     * @param stream the stream the batch is ready on and the hook's GPU work should be queued on; null on the host
     * @return null to output {@code batch} itself, or a new tensor of {@code n} rows (same device or host; any shape
     *     {@code [n, ...]}, type F32, F16 or U8) that becomes the output instead; cvj copies it back and closes it
     */
    Tensor apply(Tensor batch, Stream stream);
}

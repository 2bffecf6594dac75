package dev.cvj.spark;

import dev.cvj.codec.DecodeSplit;
import dev.cvj.codec.ImageDecoder;
import dev.cvj.codec.ModelInputPipeline;
import dev.cvj.cuda.Device;
import dev.cvj.ops.Backend;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The pipelines of one executor JVM, made on first use and kept for the JVM's life, so that the decoder, its threads,
 * nvJPEG's buffers and the stream serve every task and partition: one pipeline per GPU (tasks on the same GPU take
 * turns; {@link ModelInputPipeline#run} is synchronized), and a pool of host pipelines for the CPU backend (one per
 * concurrent task, each decoding with the task's CPUs).
 */
final class ExecutorPipelines {
    private static final Map<Integer, ModelInputPipeline> GPU = new ConcurrentHashMap<>();
    private static final Queue<ModelInputPipeline> HOST = new ConcurrentLinkedQueue<>();

    private ExecutorPipelines() {}

    /**
     * Runs {@code work} with the pipeline of {@code ordinal} (made on first use), or with a host pipeline taken from
     * the pool and given back after.
     *
     * @param ordinal the GPU, or -1 for the CPU backend
     * @param hostThreads the decoding threads of a host pipeline made now
     * @param work what to do with the pipeline
     */
    static void with(int ordinal, int hostThreads, Consumer<ModelInputPipeline> work) {
        if (ordinal >= 0) {
            work.accept(GPU.computeIfAbsent(ordinal, o -> {
                ModelInputPipeline p = ModelInputPipeline.create(Device.get(o), ImageDecoder.defaultThreads());
                // one backend per image whatever the timing: a retried or speculative task gives the same values
                p.setDecodeSplit(DecodeSplit.hardwareOnly());
                return p;
            }));
            return;
        }
        ModelInputPipeline host = HOST.poll();
        if (host == null) {
            host = ModelInputPipeline.createHost(Math.clamp(hostThreads, 1, 256));
        }
        try {
            work.accept(host);
        } finally {
            HOST.add(host);
        }
    }

    /**
     * The GPU a task runs on.
     *
     * @param assigned the first GPU address Spark assigned to the task, or null
     * @param choice the user's choice
     * @return the GPU ordinal, or -1 for the CPU backend
     * @throws IllegalArgumentException if Spark's address is not a device ordinal
     */
    static int ordinal(String assigned, DeviceChoice choice) {
        if (choice == DeviceChoice.CPU || !Backend.gpuAvailable()) {
            return -1;
        }
        if (assigned != null) {
            try {
                return Integer.parseInt(assigned.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cvj-spark: the GPU address Spark assigned, '" + assigned
                        + "', is not a CUDA device ordinal (the discovery script should list ordinals)", e);
            }
        }
        return choice == DeviceChoice.ASSIGNED_OR_FIRST_GPU ? 0 : -1;
    }

    /** {@return the pipelines made so far in this JVM, e.g. {@code "GPU 0: ...; 2 host"}, for logs and tests} */
    static String describe() {
        StringBuilder b = new StringBuilder();
        GPU.forEach((o, p) -> b.append("GPU ").append(o).append(": ").append(p.describe()).append("; "));
        return b.append(HOST.size()).append(" host").toString();
    }
}

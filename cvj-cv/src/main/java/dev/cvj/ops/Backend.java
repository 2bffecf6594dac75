package dev.cvj.ops;

import dev.cvj.cuda.Device;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.tensor.Tensor;
import java.util.Objects;

/**
 * Which backend runs the operators, and why. An operator runs on the CPU for host tensors and on the GPU for
 * device tensors; the GPU needs both a usable CUDA device and a cvj-cv jar that carries the kernels (a jar
 * built with {@code -Dcvj.skipKernels=true} has none).
 *
 * <pre>{@code
 * String why = Backend.gpuUnavailableReason();
 * Tensor in = why == null ? frames.toDevice(Device.get(0), null) : frames;   // else: the CPU path
 * System.out.println(Backend.describe());
 * }</pre>
 */
public final class Backend {
    /** Where an operator's work runs. */
    public enum Kind {
        /** The CPU path: host tensors, rows in parallel across cores. */
        CPU,
        /** The GPU kernels: device tensors, on a stream. */
        GPU
    }

    private Backend() {}

    /**
     * {@return the backend an operator uses for {@code t}: {@link Kind#CPU} for a host tensor, {@link Kind#GPU} for a
     * device one}
     *
     * @param t the tensor an operator would take
     */
    public static Kind forTensor(Tensor t) {
        Objects.requireNonNull(t, "tensor");
        return t.isHost() ? Kind.CPU : Kind.GPU;
    }

    /** {@return whether this cvj-cv jar carries the GPU kernels} */
    public static boolean hasKernels() {
        return KernelLibrary.isAvailable();
    }

    /** {@return whether operators can run on the GPU here: a usable device and the kernels} Never throws. */
    public static boolean gpuAvailable() {
        return gpuUnavailableReason() == null;
    }

    /**
     * {@return why operators cannot run on the GPU here (no usable device, or no kernels in the jar), or null when
     * they can}
     */
    public static String gpuUnavailableReason() {
        String why = Device.unavailableReason();
        if (why != null) {
            return "no usable CUDA device: " + why;
        }
        return hasKernels() ? null : "this cvj-cv jar has no GPU kernels (built with -Dcvj.skipKernels=true)";
    }

    /**
     * {@return one line for logs: {@code "GPU and CPU (2 CUDA devices, kernels in the jar)"} or {@code "CPU only:
     * <why>"}}
     */
    public static String describe() {
        String why = gpuUnavailableReason();
        if (why != null) {
            return "CPU only: " + why;
        }
        int n = Device.count();
        return "GPU and CPU (" + n + " CUDA device" + (n == 1 ? "" : "s") + ", kernels in the jar)";
    }
}

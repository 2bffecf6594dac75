package dev.cvj.spark;

/** Where a task makes its batches. */
public enum DeviceChoice {
    /**
     * The GPU Spark assigned to the task ({@code TaskContext.get().resources().get("gpu")}, the first address when
     * there are several); the CPU backend when none is assigned or the GPU operators cannot run (no CUDA driver).
     */
    ASSIGNED_GPU,
    /**
     * As {@link #ASSIGNED_GPU}, but GPU 0 when Spark assigned none: for local mode, where Spark schedules no GPUs
     * unless a discovery script is configured.
     */
    ASSIGNED_OR_FIRST_GPU,
    /** The CPU backend always. */
    CPU
}

package dev.cvj.cuda;

import dev.cvj.cuda.raw.Driver;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A kernel of a {@link Module}. {@link #launch} checks the arguments against the kernel's own
 * parameter list ({@code cuFuncGetParamInfo}: count and byte size of each) before the launch, so a
 * mismatch is an {@link IllegalArgumentException}, not corrupted memory.
 */
public final class Kernel {
    private static final int ATTR_MAX_THREADS_PER_BLOCK = 0;
    private static final int ATTR_NUM_REGS = 4;

    private final Module module;
    private final String name;
    private final long handle;
    /** Marks "the driver cannot tell" (cuFuncGetParamInfo missing or failing), so it is asked only once. */
    private static final int[] UNKNOWN = new int[0];
    private volatile int[] paramSizes; // null until first read; UNKNOWN if the driver cannot tell

    Kernel(Module module, String name, long handle) {
        this.module = module;
        this.name = name;
        this.handle = handle;
    }

    /** {@return the kernel's name, as looked up} */
    public String name() {
        return name;
    }

    /** {@return the module the kernel belongs to} */
    public Module module() {
        return module;
    }

    /** {@return the raw {@code CUfunction}} */
    public long handle() {
        module.ensureOpen();
        return handle;
    }

    /**
     * Byte size of each parameter, in order (from {@code cuFuncGetParamInfo}, CUDA 12.4+ drivers); empty
     * when the driver cannot tell, in which case launches go unchecked.
     *
     * @return the byte size of each parameter, or empty
     */
    public java.util.Optional<int[]> parameterSizes() {
        int[] p = knownParamSizes();
        return p == UNKNOWN ? java.util.Optional.empty() : java.util.Optional.of(p.clone());
    }

    private int[] knownParamSizes() {
        int[] p = paramSizes;
        if (p == null) {
            p = readParamSizes();
            paramSizes = p == null ? UNKNOWN : p;
            p = paramSizes;
        }
        return p;
    }

    private int[] readParamSizes() {
        try (Device.Scope _ = module.device().enter(); Arena arena = Arena.ofConfined()) {
            MemorySegment off = arena.allocate(8);
            MemorySegment size = arena.allocate(8);
            int[] out = new int[0];
            for (int i = 0; ; i++) {
                int rc = Driver.cuFuncGetParamInfo(handle, i, off, size);
                if (rc == 1 /* CUDA_ERROR_INVALID_VALUE: past the last parameter */) {
                    return out;
                }
                if (rc != 0) {
                    return null; // unknown (old driver): launches go unchecked
                }
                out = java.util.Arrays.copyOf(out, i + 1);
                out[i] = (int) size.get(ValueLayout.JAVA_LONG, 0);
            }
        } catch (dev.cvj.cuda.raw.CudaLibraryException e) {
            return null;
        }
    }

    /**
     * Maximum threads per block for this kernel on its device (registers and shared memory permitting).
     *
     * @return the maximum threads per block
     */
    public int maxThreadsPerBlock() {
        return attribute(ATTR_MAX_THREADS_PER_BLOCK);
    }

    /**
     * Registers per thread.
     *
     * @return the registers per thread
     */
    public int registersPerThread() {
        return attribute(ATTR_NUM_REGS);
    }

    /**
     * Any {@code CUfunction_attribute}.
     *
     * @param cuFunctionAttribute the {@code CUfunction_attribute} value
     * @return the attribute's value
     */
    public int attribute(int cuFunctionAttribute) {
        try (Device.Scope _ = module.device().enter(); Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(4);
            int rc = Driver.cuFuncGetAttribute(out, cuFunctionAttribute, handle());
            if (rc != 0) { // the message is built on failure only
                CudaException.checkDriver(rc, "cuFuncGetAttribute(" + cuFunctionAttribute + ", " + name + ")");
            }
            return out.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /**
     * Blocks of {@code blockSize} threads that fit on one multiprocessor at once.
     *
     * @param blockSize the threads per block
     * @param dynamicSharedMemory the dynamic shared memory per block, in bytes
     * @return the number of blocks
     */
    public int maxActiveBlocksPerMultiprocessor(int blockSize, long dynamicSharedMemory) {
        try (Device.Scope _ = module.device().enter(); Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(4);
            int rc = Driver.cuOccupancyMaxActiveBlocksPerMultiprocessor(out, handle(), blockSize, dynamicSharedMemory);
            if (rc != 0) { // the message is built on failure only
                CudaException.checkDriver(rc, "cuOccupancyMaxActiveBlocksPerMultiprocessor(" + name + ")");
            }
            return out.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /**
     * Launches the kernel on {@code stream} ({@code cuLaunchKernel}). The stream must be on the module's
     * device; the arguments must match the kernel's parameters in count and size.
     *
     * @param grid the grid's dimensions, in blocks
     * @param block the block's dimensions, in threads
     * @param sharedMemBytes the dynamic shared memory per block, in bytes
     * @param stream the stream to launch on
     * @param args the kernel's arguments
     */
    public void launch(Dim3 grid, Dim3 block, int sharedMemBytes, Stream stream, KernelArgs args) {
        checkLaunch(grid, block, sharedMemBytes, stream, args);
        module.ensureOpen();
        if (stream.device() != module.device()) {
            throw new IllegalArgumentException("kernel " + name + " lives on " + module.device() + " but the stream is " + stream);
        }
        checkArgs(args);
        long f = handle;
        long s = stream.handle();
        try (Device.Scope _ = module.device().enter()) {
            MemorySegment params = args.marshal();
            int rc = Driver.cuLaunchKernel(f, grid.x(), grid.y(), grid.z(), block.x(), block.y(), block.z(),
                    sharedMemBytes, s, params, MemorySegment.NULL);
            if (rc != 0) { // the message is built on failure only
                CudaException.checkDriver(rc, "cuLaunchKernel(" + name + ")");
            }
        }
    }

    /** The checks of {@link #launch} that need no kernel: nulls, shared memory, block size. */
    static void checkLaunch(Dim3 grid, Dim3 block, int sharedMemBytes, Stream stream, KernelArgs args) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(args, "args");
        if (sharedMemBytes < 0) {
            throw new IllegalArgumentException("shared memory must be >= 0, got " + sharedMemBytes);
        }
        if (block.volume() > 1024) {
            throw new IllegalArgumentException("block of " + block.volume() + " threads: at most 1024");
        }
        if (grid.y() > 65535 || grid.z() > 65535) {
            throw new IllegalArgumentException("grid y and z must be <= 65535, got " + grid);
        }
        if (block.z() > 64) {
            throw new IllegalArgumentException("block z must be <= 64, got " + block);
        }
    }

    private void checkArgs(KernelArgs args) {
        int[] p = knownParamSizes();
        if (p == UNKNOWN) {
            return;
        }
        if (p.length != args.count()) {
            throw new IllegalArgumentException("kernel " + name + " takes " + p.length + " parameters, got " + args.count());
        }
        for (int i = 0; i < p.length; i++) {
            if (p[i] != args.size(i)) {
                throw new IllegalArgumentException("kernel " + name + " parameter " + i + " is " + p[i]
                        + " bytes, got an argument of " + args.size(i) + " bytes");
            }
        }
    }

    @Override
    public String toString() {
        return "Kernel[" + name + " on " + module.device() + "]";
    }
}

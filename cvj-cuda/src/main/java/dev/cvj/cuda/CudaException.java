package dev.cvj.cuda;

/**
 * A CUDA call failed. Carries the {@link CudaError} (code, name, description) and the call that
 * failed. Out-of-memory errors are the subclass {@link CudaOutOfMemoryException}; the process goes on
 * after them. A sticky error ({@link #isSticky()}) means the device's context is unusable: every later
 * CUDA call in this process fails, and the only remedy is a new process.
 */
public class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient CudaError error;
    /** The call that failed. */
    private final String call;

    /**
     * A failed call, with the message {@code call failed: name: explanation}.
     *
     * @param error the error the call returned
     * @param call the call that failed
     */
    public CudaException(CudaError error, String call) {
        this(error, call, message(error, call));
    }

    /**
     * For subclasses that add to the message (e.g. {@link CompileException}, with the compiler log).
     *
     * @param error the error
     * @param call the call that failed, as the message names it
     * @param message the message
     */
    protected CudaException(CudaError error, String call, String message) {
        super(message);
        this.error = java.util.Objects.requireNonNull(error, "error");
        this.call = java.util.Objects.requireNonNull(call, "call");
    }

    /** {@return the error the call returned} */
    public CudaError error() {
        return error;
    }

    /** {@return the failing call, e.g. {@code cudaMalloc(1073741824 bytes) on device 0}} */
    public String call() {
        return call;
    }

    /** {@return whether the context is now unusable (see {@link CudaError#isSticky()})} */
    public boolean isSticky() {
        return error.isSticky();
    }

    /**
     * Throws if {@code status} (a runtime status) is not success: the single check of the runtime API.
     *
     * @param status the status the call returned
     * @param call the call that failed, as the message names it
     */
    public static void check(int status, String call) {
        if (status != 0) {
            throw runtime(status, call);
        }
    }

    /**
     * Throws if {@code status} (a driver {@code CUresult}) is not success.
     *
     * @param status the status the call returned
     * @param call the call that failed, as the message names it
     */
    public static void checkDriver(int status, String call) {
        if (status != 0) {
            throw driver(status, call);
        }
    }

    /**
     * {@return the exception for a failed runtime call (an out-of-memory one for {@code cudaErrorMemoryAllocation})}
     *
     * @param status the status the call returned
     * @param call the call that failed, as the message names it
     */
    public static CudaException runtime(int status, String call) {
        return of(CudaError.runtime(status), call);
    }

    /**
     * {@return the exception for a failed NVRTC call}
     *
     * @param status the status the call returned
     * @param call the call that failed, as the message names it
     */
    public static CudaException nvrtc(int status, String call) {
        return of(CudaError.nvrtc(status), call);
    }

    /**
     * Throws if {@code status} (an {@code nvrtcResult}) is not success.
     *
     * @param status the status the call returned
     * @param call the call that failed, as the message names it
     */
    public static void checkNvrtc(int status, String call) {
        if (status != 0) {
            throw nvrtc(status, call);
        }
    }

    /**
     * {@return the exception for a failed driver call}
     *
     * @param status the status the call returned
     * @param call the call that failed, as the message names it
     */
    public static CudaException driver(int status, String call) {
        return of(CudaError.driver(status), call);
    }

    static CudaException of(CudaError error, String call) {
        return error.isOutOfMemory() ? new CudaOutOfMemoryException(error, call) : new CudaException(error, call);
    }

    static String message(CudaError e, String call) {
        StringBuilder sb = new StringBuilder(call).append(" failed: ").append(e.name()).append(": ").append(e.description());
        if (e.api() != CudaError.Api.NVRTC) {
            switch (e.code()) {
                case CudaError.ERROR_INSUFFICIENT_DRIVER -> sb.append(". No usable NVIDIA driver: none is installed or loaded"
                        + " (e.g. no GPU on this machine), or it is older than this CUDA runtime needs."
                        + " Install an NVIDIA driver for CUDA 12 or 13 to use a GPU; host tensors run on the CPU without one.");
                case CudaError.ERROR_NO_DEVICE -> sb.append(". The driver sees no CUDA device (check CUDA_VISIBLE_DEVICES).");
                default -> {
                    if (e.isSticky()) {
                        sb.append(". This error is sticky: the device's CUDA context is now unusable and every later"
                                + " CUDA call in this process will fail; restart the process.");
                    }
                }
            }
        }
        return sb.toString();
    }
}

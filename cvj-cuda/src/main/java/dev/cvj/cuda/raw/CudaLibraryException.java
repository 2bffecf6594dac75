package dev.cvj.cuda.raw;

/**
 * A CUDA library (runtime, driver or NVRTC) could not be loaded, or lacks a function cvj needs. The
 * message names every place that was tried.
 */
public class CudaLibraryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A library that cannot be loaded.
     *
     * @param message what was tried, and the loader's own error
     */
    public CudaLibraryException(String message) {
        super(message);
    }
}

package dev.cvj.cuda;

/** A CUDA allocation failed for lack of memory. Not sticky: free memory and try again. */
public class CudaOutOfMemoryException extends CudaException {
    private static final long serialVersionUID = 1L;

    /**
     * An allocation that failed for want of memory.
     *
     * @param error the error the call returned
     * @param call the call that failed
     */
    public CudaOutOfMemoryException(CudaError error, String call) {
        super(error, call);
    }
}

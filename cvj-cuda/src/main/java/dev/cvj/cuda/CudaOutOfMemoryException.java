package dev.cvj.cuda;

/** A CUDA allocation failed for lack of memory. Not sticky: free memory and try again. */
public class CudaOutOfMemoryException extends CudaException {
    private static final long serialVersionUID = 1L;

    public CudaOutOfMemoryException(CudaError error, String call) {
        super(error, call);
    }
}

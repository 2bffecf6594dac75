package dev.cvj.codec;

import dev.cvj.codec.raw.NvJpegTypes;

/**
 * An nvJPEG call failed: carries the {@code nvjpegStatus_t} and the call, e.g.
 * {@code nvjpegDecodeJpegHost(image 3 'cat.jpg'): NVJPEG_STATUS_BAD_JPEG (3): the data is not a JPEG nvJPEG can parse}.
 */
public class NvJpegException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String call;

    public NvJpegException(int status, String call) {
        super(call + ": " + NvJpegTypes.statusName(status) + " (" + status + "): " + explain(status));
        this.status = status;
        this.call = call;
    }

    /** The {@code nvjpegStatus_t} the call returned. */
    public int status() {
        return status;
    }

    /** The failing call and what it worked on. */
    public String call() {
        return call;
    }

    /** Throws if {@code status} is not {@code NVJPEG_STATUS_SUCCESS}: the single check of every nvJPEG call. */
    public static void check(int status, String call) {
        if (status != NvJpegTypes.STATUS_SUCCESS) {
            throw new NvJpegException(status, call);
        }
    }

    private static String explain(int status) {
        return switch (status) {
            case NvJpegTypes.STATUS_NOT_INITIALIZED -> "the library handle was not initialized";
            case NvJpegTypes.STATUS_INVALID_PARAMETER -> "a wrong parameter was passed";
            case NvJpegTypes.STATUS_BAD_JPEG -> "the data is not a JPEG nvJPEG can parse (corrupt or another format)";
            case NvJpegTypes.STATUS_JPEG_NOT_SUPPORTED -> "a JPEG nvJPEG does not decode (e.g. CMYK, 12 bits, arithmetic coding)";
            case NvJpegTypes.STATUS_ALLOCATOR_FAILURE -> "a memory allocation failed";
            case NvJpegTypes.STATUS_EXECUTION_FAILED -> "the GPU work failed";
            case NvJpegTypes.STATUS_ARCH_MISMATCH -> "this GPU does not support the requested backend";
            case NvJpegTypes.STATUS_INTERNAL_ERROR -> "an internal error of nvJPEG";
            case NvJpegTypes.STATUS_IMPLEMENTATION_NOT_SUPPORTED -> "the backend does not implement this";
            case NvJpegTypes.STATUS_INCOMPLETE_BITSTREAM -> "the JPEG is truncated";
            default -> "unknown status";
        };
    }
}

package dev.cvj.codec;

import dev.cvj.codec.raw.NvJpegTypes;

/**
 * An nvJPEG call failed: carries the {@code nvjpegStatus_t} and the call, e.g.
 * {@code nvjpegDecodeJpegHost(image 3 'cat.jpg'): NVJPEG_STATUS_BAD_JPEG (3): the data is not a JPEG nvJPEG can parse}.
 * {@link ImageDecoder} turns a failure about one image into a {@link DecodeFailure} (or a CPU retry); this exception
 * reaches the caller only when nvJPEG's own objects fail.
 */
public class NvJpegException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The {@code nvjpegStatus_t} the call returned. */
    private final int status;
    /** The failing call and what it worked on. */
    private final String call;

    /**
     * A failed call, with the message {@code call: NVJPEG_STATUS_NAME (status): explanation}.
     *
     * @param status the {@code nvjpegStatus_t} the call returned (an unknown value is named {@code nvjpegStatus N})
     * @param call the call that failed and what it worked on, e.g. {@code nvjpegDecodeJpegHost(image 3 'cat.jpg')}
     */
    public NvJpegException(int status, String call) {
        super(call + ": " + NvJpegTypes.statusName(status) + " (" + status + "): " + explain(status));
        this.status = status;
        this.call = call;
    }

    /** {@return the {@code nvjpegStatus_t} the call returned (the {@code STATUS_} constants of {@link NvJpegTypes})} */
    public int status() {
        return status;
    }

    /** {@return the failing call and what it worked on, e.g. {@code nvjpegDecodeJpegHost(image 3 'cat.jpg')}} */
    public String call() {
        return call;
    }

    /**
     * Throws if {@code status} is not {@code NVJPEG_STATUS_SUCCESS}: the single check of every nvJPEG call.
     *
     * @param status the {@code nvjpegStatus_t} a {@link dev.cvj.codec.raw.NvJpeg} method returned
     * @param call the call and what it worked on, as the message names it
     * @throws NvJpegException if {@code status} is not 0
     */
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

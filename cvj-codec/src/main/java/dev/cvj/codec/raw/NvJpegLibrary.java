package dev.cvj.codec.raw;

import dev.cvj.cuda.raw.CudaLibrary;

/** Whether libnvjpeg loads, and from where: cvj-cuda's {@link CudaLibrary#NVJPEG} search, seen from the codec. */
public final class NvJpegLibrary {
    private NvJpegLibrary() {}

    /** {@return whether libnvjpeg could be found and opened} Never throws. */
    public static boolean isAvailable() {
        return CudaLibrary.NVJPEG.isAvailable();
    }

    /**
     * {@return where libnvjpeg was loaded from, or why it could not be (every place tried)} Never throws. The search
     * is {@code -Dcvj.nvjpeg.path}, {@code CVJ_NVJPEG_PATH}, {@code CUDA_HOME}, {@code CUDA_PATH},
     * {@code /usr/local/cuda}, then the system loader.
     */
    public static String describe() {
        try {
            return CudaLibrary.NVJPEG.origin();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}

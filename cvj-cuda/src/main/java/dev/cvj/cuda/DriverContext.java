package dev.cvj.cuda;

import dev.cvj.cuda.raw.Driver;
import dev.cvj.cuda.raw.Runtime;

/**
 * Bridges the runtime and the driver API: cvj uses the runtime's primary context of each device, and
 * calls the driver (modules, kernels) with that context current, as {@link Device#enter()} leaves it.
 */
final class DriverContext {
    private static volatile boolean initialised;

    private DriverContext() {}

    /** {@code cuInit(0)}, once. */
    static void init() {
        if (!initialised) {
            synchronized (DriverContext.class) {
                if (!initialised) {
                    CudaException.checkDriver(Driver.cuInit(0), "cuInit");
                    initialised = true;
                }
            }
        }
    }

    /**
     * Makes sure the calling thread has {@code device}'s primary context current, for driver calls
     * inside {@code device.enter()}: {@code cudaSetDevice} alone leaves the context uninitialised until
     * the first runtime call that needs it.
     */
    static void makePrimaryCurrent(Device device) {
        init();
        CudaException.check(Runtime.cudaInitDevice(device.ordinal(), 0, 0), "cudaInitDevice(" + device.ordinal() + ")");
        CudaException.check(Runtime.cudaSetDevice(device.ordinal()), "cudaSetDevice(" + device.ordinal() + ")");
    }
}

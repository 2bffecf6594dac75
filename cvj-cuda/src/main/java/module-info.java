/**
 * CUDA for Java through {@code java.lang.foreign}: the CUDA Runtime, Driver and NVRTC.
 *
 * <p>{@link dev.cvj.cuda} is the API to use: devices, streams, events, memory, modules, kernels, NVRTC
 * programs and graphs, with failures as {@link dev.cvj.cuda.CudaException}s. {@link dev.cvj.cuda.raw} is the
 * layer below it, one static method per C function, for calls the idiomatic API does not cover.
 * {@link dev.cvj.cuda.interop} holds the CUDA array interface value that other GPU libraries exchange.
 *
 * <p>This module makes the native calls: grant it native access with
 * {@code --enable-native-access=dev.cvj.cuda} on the module path ({@code ALL-UNNAMED} on the class path).
 */
module dev.cvj.cuda {
    requires java.logging; // MemoryRelease logs a free that failed during cleanup

    exports dev.cvj.cuda;
    exports dev.cvj.cuda.raw;
    exports dev.cvj.cuda.interop;
    exports dev.cvj.cuda.raw.linker to dev.cvj.codec; // the generated nvJPEG bindings link through it
}

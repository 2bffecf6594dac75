package dev.cvj.cuda;

import dev.cvj.cuda.raw.Driver;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device code loaded into a device's primary context: a cubin, a fatbin (the driver picks the machine
 * code for the device, or JIT-compiles the PTX) or PTX text ({@code cuModuleLoadData}).
 *
 * <pre>{@code
 * try (Module m = Module.load(device, fatbinBytes)) {
 *     Kernel k = m.kernel("my_kernel");
 *     k.launch(Dim3.of(blocks), Dim3.of(256), 0, stream, new KernelArgs().pointer(buf).i32(n));
 * }
 * }</pre>
 */
public final class Module extends CudaResource {
    private final long handle;
    private final Map<String, Kernel> kernels = new ConcurrentHashMap<>();

    private Module(Device device, long handle) {
        super(device, "module", new Unloader(device.ordinal(), handle));
        this.handle = handle;
    }

    private record Unloader(int device, long handle) implements Runnable {
        @Override
        public void run() {
            dev.cvj.cuda.raw.Runtime.cudaSetDevice(device);
            Driver.cuModuleUnload(handle);
        }
    }

    /**
     * Loads {@code image} (cubin, fatbin, or NUL-terminated or plain PTX text) on {@code device}.
     * Throws {@link CudaException} naming the driver's error, e.g. {@code CUDA_ERROR_NO_BINARY_FOR_GPU}
     * when the image has no code for this device.
     *
     * @param device the device to load on
     * @param image the code: cubin, fatbin or PTX
     * @return the module (the caller closes it)
     */
    public static Module load(Device device, byte[] image) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(image, "image");
        if (image.length == 0) {
            throw new IllegalArgumentException("empty module image");
        }
        try (Device.Scope _ = device.enter(); Arena arena = Arena.ofConfined()) {
            DriverContext.makePrimaryCurrent(device);
            // PTX must be NUL-terminated; an extra zero byte does no harm to binary images.
            MemorySegment img = arena.allocate(image.length + 1L, 16);
            MemorySegment.copy(image, 0, img, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, image.length);
            MemorySegment out = arena.allocate(8);
            CudaException.checkDriver(Driver.cuModuleLoadData(out, img), "cuModuleLoadData(" + image.length + " bytes) on " + device);
            return new Module(device, out.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0));
        }
    }

    /**
     * {@return the kernel named {@code name} (an {@code extern "C"} name, or a mangled/lowered one)} Cached.
     *
     * @param name the kernel's name
     */
    public Kernel kernel(String name) {
        ensureOpen();
        Objects.requireNonNull(name, "name");
        return kernels.computeIfAbsent(name, n -> {
            try (Device.Scope _ = device().enter(); Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(8);
                CudaException.checkDriver(Driver.cuModuleGetFunction(out, handle, arena.allocateFrom(n)),
                        "cuModuleGetFunction(\"" + n + "\")");
                return new Kernel(this, n, out.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0));
            }
        });
    }

    /** {@return the raw {@code CUmodule}} */
    public long handle() {
        ensureOpen();
        return handle;
    }

}

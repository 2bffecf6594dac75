package dev.cvj.ops.internal;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.Module;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * cvj's kernels: the fatbin built from {@code src/main/cuda} ({@value #RESOURCE} in the jar), read once,
 * loaded once per device, its kernels cached.
 *
 * <pre>{@code
 * Kernel k = KernelLibrary.kernel(Device.current(), "cvj_probe_iota");
 * Launch.linear(k, n, stream, Launch.args().pointer(out).i32(n));
 * }</pre>
 *
 * A jar built with {@code -Dcvj.skipKernels=true} has no fatbin: {@link #kernel} then throws
 * {@link IllegalStateException} saying so, before touching the device.
 */
public final class KernelLibrary {
    /** Where the fatbin lives on the class path. */
    public static final String RESOURCE = "/dev/cvj/ops/kernels/cvj.fatbin";

    private static final KernelLibrary DEFAULT = new KernelLibrary(RESOURCE);

    private final String resource;
    private volatile byte[] image;
    private final ConcurrentHashMap<Integer, Module> modules = new ConcurrentHashMap<>();

    KernelLibrary(String resource) {
        this.resource = resource;
    }

    /** The kernel {@code name} of cvj's fatbin on {@code device} (loading the fatbin there on first use). */
    public static Kernel kernel(Device device, String name) {
        return DEFAULT.get(device, name);
    }

    /** Whether this jar carries the kernels (it was not built with {@code -Dcvj.skipKernels=true}). */
    public static boolean isAvailable() {
        return KernelLibrary.class.getResource(RESOURCE) != null;
    }

    /** The element-type part of kernel names: the type's name in lower case ("u8", "f32", ...). */
    public static String typeName(dev.cvj.tensor.DataType t) {
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The fatbin bytes (read once). */
    public static byte[] fatbin() {
        return DEFAULT.image().clone();
    }

    Kernel get(Device device, String name) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(name, "name");
        byte[] img = image(); // fails clearly first when the jar has no kernels
        Module m = modules.computeIfAbsent(device.ordinal(), o -> Module.load(device, img));
        return m.kernel(name);
    }

    byte[] image() {
        byte[] img = image;
        if (img == null) {
            synchronized (this) {
                img = image;
                if (img == null) {
                    img = read();
                    image = img;
                }
            }
        }
        return img;
    }

    private byte[] read() {
        try (InputStream in = KernelLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("cvj's GPU kernels are missing: " + resource + " is not on the class path. "
                        + "This build of cvj-cv was made with -Dcvj.skipKernels=true (no nvcc); rebuild it without that "
                        + "flag, with the CUDA toolkit installed, to run operators on the GPU.");
            }
            byte[] b = in.readAllBytes();
            if (b.length == 0) {
                throw new IllegalStateException("cvj's kernel fatbin " + resource + " is empty");
            }
            return b;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read cvj's kernel fatbin " + resource + ": " + e.getMessage(), e);
        }
    }
}

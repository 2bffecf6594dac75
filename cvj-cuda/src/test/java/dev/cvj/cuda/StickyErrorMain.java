package dev.cvj.cuda;

import dev.cvj.cuda.test.TestKernels;

/**
 * Runs the illegal-address kernel and prints what cvj reports; run in its own JVM by
 * {@link StickyErrorGpuTest}, because a sticky error ruins the CUDA context of the whole process.
 * Prints {@code STICKY=true|false}, {@code MESSAGE=...} and {@code AFTER=...}; exits 0 once it saw an error.
 */
public final class StickyErrorMain {
    private StickyErrorMain() {}

    public static void main(String[] args) {
        Device dev = Device.get(0);
        Module m = TestKernels.load(dev);
        Stream s = Stream.create(dev);
        CudaException error = null;
        try {
            m.kernel("illegal_address").launch(Dim3.of(1), Dim3.of(1), 0, s, new KernelArgs());
            s.synchronize();
        } catch (CudaException e) {
            error = e;
        }
        if (error == null) {
            System.out.println("NO-ERROR");
            System.exit(2);
        }
        System.out.println("STICKY=" + error.isSticky());
        System.out.println("CODE=" + error.error().code());
        System.out.println("MESSAGE=" + error.getMessage().replace('\n', ' '));
        try {
            DeviceMemory.allocate(dev, 1024).close();
            System.out.println("AFTER=ok");
        } catch (CudaException e) {
            System.out.println("AFTER=" + e.error().code() + " sticky=" + e.isSticky());
        }
        System.exit(0);
    }
}

package dev.cvj.cuda.test;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Module;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The test fatbin (src/test/cuda/test-kernels.cu, built by build-test-fatbin.sh). */
public final class TestKernels {
    public static final String RESOURCE = "/dev/cvj/cuda/test-kernels.fatbin";

    private TestKernels() {}

    /** The fatbin's bytes: kernels empty, saxpy, add_i32, illegal_address. */
    public static byte[] fatbin() {
        try (InputStream in = TestKernels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the fatbin on {@code device}. */
    public static Module load(Device device) {
        return Module.load(device, fatbin());
    }
}

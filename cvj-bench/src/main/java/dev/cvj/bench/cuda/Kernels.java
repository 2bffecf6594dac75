package dev.cvj.bench.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The fatbin of cvj-cuda's tests (kernels {@code empty}, {@code saxpy}, ...), shared by cvj and JCuda benchmarks. */
final class Kernels {
    private Kernels() {}

    static byte[] fatbin() {
        try (InputStream in = Kernels.class.getResourceAsStream("/dev/cvj/cuda/test-kernels.fatbin")) {
            if (in == null) {
                throw new IllegalStateException("test-kernels.fatbin (cvj-cuda's test jar) is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

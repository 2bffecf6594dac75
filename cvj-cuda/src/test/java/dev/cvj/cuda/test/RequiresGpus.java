package dev.cvj.cuda.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Skips a test class or method, with the reason, unless the machine has at least {@link #value()} CUDA
 * devices. It tags the test {@code multigpu} itself: scripts/gpu-test.sh counts the tests so tagged as the only
 * ones allowed to skip on a machine with fewer than 2 GPUs, so a test that needs more than 2 would need that
 * count changed too. Use it with {@link GpuTest} (the {@code @Tag} is there for readers):
 *
 * <pre>{@code
 * @GpuTest
 * @Tag("multigpu")
 * @RequiresGpus(2)
 * class PeerCopyGpuTest { ... }
 * }</pre>
 *
 * The skip reason reads {@code needs 2 GPUs, this machine has 1}; without a usable driver it is the driver's
 * reason, a failure under {@code -Dcvj.test.requireGpu=true} ({@link RequiresGpu}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("multigpu")
@ExtendWith(RequiresGpusCondition.class)
public @interface RequiresGpus {
    /** The number of CUDA devices needed. */
    int value();
}

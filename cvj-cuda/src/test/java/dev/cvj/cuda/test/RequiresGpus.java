package dev.cvj.cuda.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Skips a test class or method, with the reason, unless the machine has at least {@link #value()} CUDA
 * devices. Use it with {@link GpuTest} and {@code @Tag("multigpu")}:
 *
 * <pre>{@code
 * @GpuTest
 * @Tag("multigpu")
 * @RequiresGpus(2)
 * class PeerCopyGpuTest { ... }
 * }</pre>
 *
 * The skip reason reads {@code needs 2 GPUs, this machine has 1}, or the driver's reason when there is none.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresGpusCondition.class)
public @interface RequiresGpus {
    /** The number of CUDA devices needed. */
    int value();
}

package dev.cvj.cuda.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs a CUDA device: tagged {@code gpu}, and skipped with the
 * driver's own reason where there is none (CI), or failed with it under {@code -Dcvj.test.requireGpu=true}
 * (the GPU scripts set it: {@link RequiresGpu}). A test method of such a class may take a {@link java.util.Random}
 * parameter: {@link Seeds} seeds it and prints the seed. Under compute-sanitizer, {@link SanitizerMode#active()} is true
 * and tests shrink their heavy work; a test that faults a kernel on purpose also carries {@link DeliberateFault}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("gpu")
@ExtendWith({RequiresGpu.class, Seeds.class})
public @interface GpuTest {}

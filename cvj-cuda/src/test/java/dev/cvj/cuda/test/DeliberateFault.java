package dev.cvj.cuda.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test that faults a kernel on purpose (an illegal address, usually in a child JVM): tagged
 * {@code deliberate-fault}. compute-sanitizer's memcheck reports such a fault by design, so
 * {@code scripts/gpu-sanitize-all.sh} leaves these tests out; the normal gpu suite runs them. Tag the faulting
 * method, not its whole class, so that the rest of the class still runs under the sanitizer.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(DeliberateFault.TAG)
public @interface DeliberateFault {
    /** The JUnit tag. */
    String TAG = "deliberate-fault";
}

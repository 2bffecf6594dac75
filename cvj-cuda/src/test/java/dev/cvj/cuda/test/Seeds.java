package dev.cvj.cuda.test;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The seed of a random test, so that every failure on random inputs can be replayed. A test method that takes a
 * {@link Random} parameter gets one seeded with {@code -Dcvj.test.seed=N} when that is set (a system property or
 * a JUnit configuration parameter), else with a fresh seed; the seed is printed when the test starts
 * ({@code seed N for Class#method: rerun with -Dcvj.test.seed=N}), published as the report entry {@code seed}
 * (it lands in the JUnit XML), and attached to the test's failure as a suppressed exception. {@link GpuTest}
 * registers it; other classes use {@code @ExtendWith(Seeds.class)}.
 *
 * <pre>{@code
 * @GpuTest
 * class ResizeGpuTest {
 *     @Test
 *     void matchesCpuPath(Random rnd) { ... }
 * }
 * }</pre>
 */
public final class Seeds implements ParameterResolver, TestExecutionExceptionHandler {
    /** The property that replays a seed. */
    public static final String SEED = "cvj.test.seed";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Seeds.class);

    /** A failure's note of the seed that made its inputs (no stack trace: the place is the test's own). */
    static final class SeedNote extends RuntimeException {
        SeedNote(String message) {
            super(message, null, false, false);
        }
    }

    /** The seed for this run: the replayed one, or a fresh one. */
    static long pick(ExtensionContext context) {
        return context.getConfigurationParameter(SEED, Long::parseLong).orElseGet(() -> ThreadLocalRandom.current().nextLong());
    }

    /** "seed N for Class#method: rerun with -Dcvj.test.seed=N". */
    static String describe(long seed, ExtensionContext context) {
        String test = context.getRequiredTestClass().getSimpleName() + context.getTestMethod().map(m -> "#" + m.getName()).orElse("");
        return "seed " + seed + " for " + test + ": rerun with -D" + SEED + "=" + seed;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Random.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        long seed = pick(context);
        context.getStore(NAMESPACE).put(SEED, seed);
        System.out.println(describe(seed, context));
        context.publishReportEntry("seed", Long.toString(seed));
        return new Random(seed);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Long seed = context.getStore(NAMESPACE).get(SEED, Long.class);
        if (seed != null) {
            failure.addSuppressed(new SeedNote(describe(seed, context)));
        }
        throw failure;
    }
}

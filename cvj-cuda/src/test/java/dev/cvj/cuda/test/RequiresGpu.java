package dev.cvj.cuda.test;

import dev.cvj.cuda.Device;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test, with the reason, when no CUDA device can be used; with the switch {@value #REQUIRE_GPU} set to
 * {@code true} (a system property or a JUnit configuration parameter), fails it with that reason instead. The GPU
 * scripts set the switch, so that a GPU machine whose driver or CUDA library fails to load cannot pass the GPU
 * suite by skipping all of it; CI leaves it off and the GPU tests skip there.
 */
public final class RequiresGpu implements ExecutionCondition {
    /** The switch: {@code -Dcvj.test.requireGpu=true} turns "no usable device" from a skip into a failure. */
    public static final String REQUIRE_GPU = "cvj.test.requireGpu";

    private static volatile String reason;
    private static volatile boolean checked;

    /** Why no GPU can be used, or null when one can. */
    public static String unavailableReason() {
        if (!checked) {
            reason = Device.unavailableReason();
            checked = true;
        }
        return reason;
    }

    /** Whether {@value #REQUIRE_GPU} is on for this run (configuration parameters fall back to system properties). */
    static boolean required(ExtensionContext context) {
        return context.getConfigurationParameter(REQUIRE_GPU, Boolean::parseBoolean).orElse(false);
    }

    /**
     * The outcome for a test that cannot have its device because there is none ({@code why}): disabled, or, with
     * the switch on, an {@link AssertionError} that JUnit reports as the test's (or class's) failure.
     */
    static ConditionEvaluationResult noDevice(ExtensionContext context, String why) {
        if (required(context)) {
            throw new AssertionError(why + " (-D" + REQUIRE_GPU + "=true: a GPU test may not skip for want of a device)");
        }
        return ConditionEvaluationResult.disabled(why);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String why = unavailableReason();
        return why == null ? ConditionEvaluationResult.enabled("a CUDA device is available")
                : noDevice(context, "needs a CUDA device: " + why);
    }
}

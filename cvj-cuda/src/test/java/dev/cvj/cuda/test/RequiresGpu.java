package dev.cvj.cuda.test;

import dev.cvj.cuda.Device;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips a test, with the reason, when no CUDA device can be used. */
public final class RequiresGpu implements ExecutionCondition {
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

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String why = unavailableReason();
        return why == null ? ConditionEvaluationResult.enabled("a CUDA device is available")
                : ConditionEvaluationResult.disabled("needs a CUDA device: " + why);
    }
}

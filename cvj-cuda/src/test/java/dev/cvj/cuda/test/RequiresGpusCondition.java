package dev.cvj.cuda.test;

import dev.cvj.cuda.Device;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The condition behind {@link RequiresGpus}. Too few devices is a skip; no usable device at all is the same
 * outcome as {@link RequiresGpu}'s (a failure under {@value RequiresGpu#REQUIRE_GPU}), so that the order in which
 * JUnit evaluates the two conditions cannot turn a missing driver back into a skip.
 */
public final class RequiresGpusCondition implements ExecutionCondition {
    /** Why {@code needed} devices cannot be used (driver missing, or too few devices), or null when they can. */
    public static String unavailableReason(int needed) {
        String why = RequiresGpu.unavailableReason();
        if (why != null) {
            return "needs " + needed + " GPUs: " + why;
        }
        int n = Device.count();
        return n >= needed ? null : "needs " + needed + " GPUs, this machine has " + n;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        Optional<RequiresGpus> a = element.flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresGpus.class));
        if (a.isEmpty()) {
            return ConditionEvaluationResult.enabled("no @RequiresGpus here");
        }
        int needed = a.get().value();
        if (RequiresGpu.unavailableReason() != null) {
            return RequiresGpu.noDevice(context, unavailableReason(needed));
        }
        String why = unavailableReason(needed);
        return why == null ? ConditionEvaluationResult.enabled(needed + " CUDA devices are available")
                : ConditionEvaluationResult.disabled(why);
    }
}

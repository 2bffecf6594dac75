package dev.cvj.cuda.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The switch {@code cvj.test.requireGpu} of {@link RequiresGpu} and {@link RequiresGpusCondition}: on a machine
 * without a usable device (CI) a GPU test skips without it and fails with it, with the driver's reason; where a
 * device is usable the same tests run and pass either way. Each case runs a small sample class through a launcher
 * of its own (the samples are nested, so neither Maven nor the GPU scripts pick them up by themselves).
 */
class RequireGpuSwitchTest {
    private static final Map<String, String> ON = Map.of(RequiresGpu.REQUIRE_GPU, "true");
    private static final Map<String, String> OFF = Map.of(RequiresGpu.REQUIRE_GPU, "false");

    @GpuTest
    static class ClassNeedsADevice {
        @Test
        void one() {}

        @Test
        void two() {}
    }

    static class MethodNeedsADevice {
        @GpuTest
        @Test
        void one() {}

        @Test
        void noDeviceNeeded() {}
    }

    @GpuTest
    @RequiresGpus(2)
    static class NeedsTwoDevices {
        @Test
        void one() {}
    }

    /** Only {@link RequiresGpusCondition} asks: the multi-GPU condition must fail by itself too. */
    @RequiresGpus(2)
    static class OnlyRequiresGpus {
        @Test
        void one() {}
    }

    private static final boolean NO_DEVICE = RequiresGpu.unavailableReason() != null;

    @Test
    void withoutTheSwitchAMissingDeviceIsASkip() {
        TestExecutionSummary s = InnerRun.run(ClassNeedsADevice.class, OFF);
        assertEquals(0, s.getTotalFailureCount(), InnerRun.failures(s));
        if (NO_DEVICE) {
            assertEquals(2, s.getTestsSkippedCount(), "a skipped class counts its tests as skipped");
            assertEquals(0, s.getTestsSucceededCount());
        } else {
            assertEquals(2, s.getTestsSucceededCount());
        }
    }

    @Test
    void withTheSwitchAMissingDeviceFailsTheClassWithTheDriversReason() {
        TestExecutionSummary s = InnerRun.run(ClassNeedsADevice.class, ON);
        if (NO_DEVICE) {
            assertEquals(1, s.getContainersFailedCount(), InnerRun.failures(s));
            assertEquals(0, s.getTestsSkippedCount() + s.getTestsSucceededCount());
            String why = InnerRun.failures(s);
            assertTrue(why.contains("needs a CUDA device: " + RequiresGpu.unavailableReason()), why);
            assertTrue(why.contains("-Dcvj.test.requireGpu=true"), why);
        } else {
            assertEquals(0, s.getTotalFailureCount(), InnerRun.failures(s));
            assertEquals(2, s.getTestsSucceededCount());
        }
    }

    @Test
    void withTheSwitchAMissingDeviceFailsAMethodAndNotItsNeighbour() {
        TestExecutionSummary s = InnerRun.run(MethodNeedsADevice.class, ON);
        if (NO_DEVICE) {
            assertEquals(1, s.getTestsFailedCount(), InnerRun.failures(s));
            assertEquals(1, s.getTestsSucceededCount());
            assertEquals(0, s.getTestsSkippedCount());
        } else {
            assertEquals(2, s.getTestsSucceededCount(), InnerRun.failures(s));
        }
        TestExecutionSummary off = InnerRun.run(MethodNeedsADevice.class, OFF);
        assertEquals(0, off.getTotalFailureCount(), InnerRun.failures(off));
        assertEquals(NO_DEVICE ? 1 : 0, off.getTestsSkippedCount());
    }

    @Test
    void multiGpuTestsFailWithoutADriverButSkipWhenOnlyDevicesAreTooFew() {
        for (Class<?> c : new Class<?>[] {NeedsTwoDevices.class, OnlyRequiresGpus.class}) {
            multiGpuOutcome(c);
        }
    }

    private static void multiGpuOutcome(Class<?> sample) {
        TestExecutionSummary s = InnerRun.run(sample, ON);
        if (NO_DEVICE) {
            // whichever of the two conditions JUnit asks first, the outcome is the failure with the driver's reason
            String why = InnerRun.failures(s);
            assertEquals(1, s.getContainersFailedCount(), why);
            assertTrue(why.contains(RequiresGpu.unavailableReason()) && why.contains("-Dcvj.test.requireGpu=true"), why);
        } else if (Device.count() < 2) {
            assertEquals(0, s.getTotalFailureCount(), InnerRun.failures(s));
            assertEquals(1, s.getTestsSkippedCount(), "too few devices stays a skip: the scripts allow for it");
        } else {
            assertEquals(1, s.getTestsSucceededCount(), InnerRun.failures(s));
        }
    }

    @Test
    void requiresGpusTagsItsTestsMultigpu() {
        // scripts/gpu-test.sh allows exactly the multigpu-tagged tests to skip on a machine with one GPU
        assertTrue(RequiresGpus.class.isAnnotationPresent(org.junit.jupiter.api.Tag.class));
        assertEquals("multigpu", RequiresGpus.class.getAnnotation(org.junit.jupiter.api.Tag.class).value());
    }
}

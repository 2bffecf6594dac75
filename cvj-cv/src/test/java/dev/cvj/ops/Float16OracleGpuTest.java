package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.test.GpuTest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The GPU's F16 results against the GPU's own F32 results rounded with {@link Float#floatToFloat16}
 * ({@link Float16Oracle}, cases in {@link Float16OracleCases}): 0 ulps, the kernels computing in float and
 * rounding to F16 last (round to nearest even, as {@code __float2half_rn}). An oracle that does not go through
 * cvj's CPU code: a kernel's F16 path and its CPU twin could agree and both be wrong.
 */
@GpuTest
class Float16OracleGpuTest {

    @Test
    void float16ResultsAreTheFloat32ResultsRounded(Random rnd) {
        List<Float16Oracle.Result> results = Float16Oracle.run(Float16OracleCases.all(), rnd, Float16Oracle.Placement.GPU);
        List<Float16Oracle.Result> bad = results.stream().filter(r -> !r.ok()).toList();
        System.out.println("F16 oracle, GPU: " + results.size() + " cases, " + bad.size() + " failing, max "
                + results.stream().mapToInt(Float16Oracle.Result::maxUlps).max().orElse(-1) + " ulp");
        assertTrue(bad.isEmpty(), bad.size() + " of " + results.size() + " cases:\n"
                + String.join("\n", bad.stream().map(Object::toString).toList()));
    }
}

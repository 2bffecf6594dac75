package dev.cvj.ops;

import dev.cvj.cuda.test.GpuTest;
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
        Float16Oracle.assertAllWithin(rnd, Float16Oracle.Placement.GPU);
    }
}

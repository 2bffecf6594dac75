package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.cuda.test.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CPU path's F16 results against the F32 results rounded with {@link Float#floatToFloat16}
 * ({@link Float16Oracle}, cases in {@link Float16OracleCases}): 0 ulps, measured here on every case. No GPU needed.
 */
@ExtendWith(Seeds.class)
class Float16OracleTest {

    @Test
    void float16ResultsAreTheFloat32ResultsRounded(Random rnd) {
        Float16Oracle.assertAllWithin(rnd, Float16Oracle.Placement.CPU);
    }

    @Test
    void theOracleSeesOneUlp() {
        // 1.0 and the next F16 up: 1 ulp apart; -0 and +0: none; NaN only on one side: no distance is small enough
        short one = Float.floatToFloat16(1f);
        assertEquals(1, Float16Oracle.ulps((short) (one + 1), one));
        assertEquals(0, Float16Oracle.ulps(Float.floatToFloat16(-0f), Float.floatToFloat16(0f)));
        assertEquals(2, Float16Oracle.ulps(Float.floatToFloat16(-Float.float16ToFloat((short) 1)), (short) 1));
        assertEquals(Integer.MAX_VALUE, Float16Oracle.ulps(Float.floatToFloat16(Float.NaN), one));
    }
}

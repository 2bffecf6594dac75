package dev.cvj.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.SanitizerMode;
import dev.cvj.tensor.Tensor;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fuzzer of {@link BadInputFuzzTest} on device tensors, plus calls that need a GPU (foreign pointers,
 * device copies, device allocations too large to succeed). Afterwards: no CUDA error is pending
 * ({@code cudaGetLastError} is 0) and operators still give the CPU's results (no sticky error).
 */
@GpuTest
class BadInputFuzzGpuTest {
    @Test
    @Timeout(value = 400, unit = TimeUnit.SECONDS)
    void malformedCallsOnDeviceTensorsLeaveTheContextUsable() {
        // 5,000 calls under a sanitizer (each category still drawn about 200 times); -Dcvj.fuzz.calls wins
        long seed = BadInputFuzzer.runChecked(SanitizerMode.pick(100_000L, 5_000L), true, r -> { });
        Device.get(0).synchronize();
        assertEquals(0, dev.cvj.cuda.raw.Runtime.cudaGetLastError(), "a CUDA error is pending after the fuzz");
        probe(new Random(seed));
    }

    /** Operators after the fuzz: each of 14 random steps against the CPU. */
    static void probe(Random r) {
        try (Stream s = Stream.create(Device.get(0)); Tensor host = RandomOps.randomImage(r, 2, 40);
             Tensor dev = host.toDevice(Device.get(0), s)) {
            for (int k = 0; k < 14; k++) {
                RandomOps.Step st = k < 8 ? RandomOps.shaping(r, host, k) : RandomOps.finalStep(r, host, k - 8);
                try (Tensor gpu = st.apply(dev, s); Tensor cpu = st.apply(host, null)) {
                    s.synchronize();
                    assertNull(RandomOps.mismatch(st, cpu, gpu));
                }
            }
        }
    }
}

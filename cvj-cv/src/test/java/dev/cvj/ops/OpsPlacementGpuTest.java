package dev.cvj.ops;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.test.GpuTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every operator refuses a host tensor mixed with a device tensor (both ways), naming both places, before
 * any GPU work (dst keeps its bytes). One GPU is enough; device 0 vs 1 is in {@link OpsMultiGpuTest}.
 */
@GpuTest
class OpsPlacementGpuTest {
    private final Random random = new Random();

    @Test
    void hostSrcWithDeviceDst() {
        OpPlacementCases.checkAllRefuse(null, Device.get(0), random);
    }

    @Test
    void deviceSrcWithHostDst() {
        OpPlacementCases.checkAllRefuse(Device.get(0), null, random);
    }
}

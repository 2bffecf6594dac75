package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Memory overlap of dst and src on the device: refused before any launch, except the documented in-place updates. */
@GpuTest
class OperatorAliasingGpuTest {
    @Test
    void overlappingDstIsRefusedBeforeAnyWork() {
        OperatorAliasingCases.checkAllRefused(Device.get(0), OpGpuSupport.seeded("aliasing"));
    }

    @Test
    void convertToWorksInPlaceOnTheSameView() {
        Random r = OpGpuSupport.seeded("in place");
        try (Tensor host = OperatorAliasingCases.make(null, r, TensorLayout.HWC, 5, 64, 3);
             Tensor expected = ConvertTo.convertTo(host, DataType.U8, 2, 1)) {
            try (Tensor d = host.toDevice(Device.get(0), null)) {
                ConvertTo.convertToInto(d, d, 2, 1);
                CurrentStream.get().synchronize();
                assertArrayEquals(OpPlacementCases.bytes(expected), OpPlacementCases.bytes(d));
            }
        }
    }
}

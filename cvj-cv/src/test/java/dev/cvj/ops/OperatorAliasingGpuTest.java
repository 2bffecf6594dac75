package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
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

    /** Erase in place through another view of the same memory (same shape and strides): the areas of a new output. */
    @Test
    void eraseWorksInPlaceThroughAnotherViewOfTheSameMemory() {
        Random r = OpGpuSupport.seeded("Erase in place");
        List<Erase.Area> areas = List.of(Erase.Area.of(3, 1, 20, 3, new float[] {7, 8, 9}, 0),
                new Erase.Area(-2, 2, 9, 9, 0b101, new float[] {1, 2, 3}, 1), Erase.Area.of(10, 0, 40, 2, null, 2));
        for (boolean random : new boolean[] {false, true}) {
            try (Tensor host = OperatorAliasingCases.make(null, r, TensorLayout.NHWC, 3, 5, 64, 3);
                 Tensor expected = Erase.erase(host, areas.subList(0, random ? 3 : 2), random, 11);
                 Tensor d = host.toDevice(Device.get(0), null)) {
                Erase.eraseInto(d.slice(0, 0, 3), d, areas.subList(0, random ? 3 : 2), random, 11, null);
                CurrentStream.get().synchronize();
                assertArrayEquals(OpPlacementCases.bytes(expected), OpPlacementCases.bytes(d), "random " + random);
            }
        }
    }
}

package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered operator that takes an {@link ImageBatchVarShape}, on a device batch (one launch) against the
 * same call on the host batch (the CPU path), on fresh random U8 RGB images of random sizes with padded rows, batches
 * of 1 (2000 x 3000), 7 and 64. Tolerances: integers within the call's {@link VarShapeCall#integerTolerance},
 * floats 1e-5 relative. Also: the call runs on a side stream, and the batch's descriptors are uploaded at most once
 * (never per image; Morphology's launches read a table of their own instead).
 */
@GpuTest
class VarShapeOperatorsGpuTest {
    private final Device gpu = Device.get(0);

    static Stream<OperatorInfo> varShapeOperators() {
        return VarShapeOperatorsTest.varShapeOperators();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("varShapeOperators")
    void deviceEqualsHost(OperatorInfo op, Random rnd) {
        for (int count : new int[] {1, 7, 64}) {
            List<ImageSize> sizes = VarShapeCalls.sizes(rnd, count);
            for (int round = 0; round < 2; round++) {
                assertCall(op, rnd, sizes);
            }
        }
    }

    private void assertCall(OperatorInfo op, Random rnd, List<ImageSize> sizes) {
        try (VarShapeImages imgs = new VarShapeImages(); dev.cvj.cuda.Stream s = dev.cvj.cuda.Stream.create(gpu)) {
            List<Tensor> host = imgs.hostImages(rnd, sizes, 3, DataType.U8);
            List<Tensor> device = new ArrayList<>();
            for (Tensor h : host) {
                device.add(imgs.deviceImage(rnd, h, gpu));
            }
            try (ImageBatchVarShape hb = VarShapeImages.hostBatch(host);
                 ImageBatchVarShape db = ImageBatchVarShape.create(device.size(), gpu)) {
                device.forEach(db::pushBack);
                VarShapeCall call = op.sampleVarShape(rnd, hb);
                List<Tensor> got = new ArrayList<>();
                try (VarShapeCall.Output want = call.apply().apply(hb, null);
                     VarShapeCall.Output out = call.apply().apply(db, s)) {
                    s.synchronize();
                    for (Tensor t : out.images()) {
                        got.add(t.toHost());
                    }
                    assertNull(VarShapeCalls.mismatch(got, want.images(), call.integerTolerance(), 1e-5),
                            () -> call + " on " + sizes.size() + " images " + sizes);
                    assertTrue(db.uploadCount() <= 1, () -> call + ": descriptors uploaded " + db.uploadCount()
                            + " times for one call (at most once)");
                } finally {
                    got.forEach(Tensor::close);
                }
            }
        }
    }
}

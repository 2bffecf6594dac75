package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

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
 * Every registered operator that takes an {@link ImageBatchVarShape} ({@link OperatorInfo#takesVarShape}), on the
 * host (the CPU path): the batch call equals the single-image call image by image, exactly, on batches of 1, 7 and
 * 64 random U8 RGB images of random sizes (1 x 1 to 300 x 200; the batch of 1 is 2000 x 3000) with padded rows. No GPU needed.
 */
class VarShapeOperatorsTest {
    static Stream<OperatorInfo> varShapeOperators() {
        return Operators.all().stream().filter(OperatorInfo::takesVarShape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("varShapeOperators")
    void batchEqualsImageByImage(OperatorInfo op) {
        Random rnd = new Random(op.name().hashCode());
        for (int count : new int[] {1, 7, 64}) {
            List<ImageSize> sizes = VarShapeCalls.sizes(rnd, count);
            for (int round = 0; round < 3; round++) {
                assertCall(op, rnd, sizes);
            }
        }
    }

    static Stream<OperatorInfo> all() {
        return Operators.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void registryNamesVarShapeOperators(OperatorInfo op) {
        // the registry's flag and the class's API agree: a varshape entry point exists exactly when the flag is set
        boolean api = false;
        try {
            for (var m : Class.forName("dev.cvj.ops." + op.name()).getMethods()) {
                for (Class<?> p : m.getParameterTypes()) {
                    api |= p == ImageBatchVarShape.class;
                }
            }
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        if (api != op.takesVarShape()) {
            throw new AssertionError(op.name() + (api ? " takes ImageBatchVarShape but its registry entry has no varshape"
                    + " sampler" : " has a varshape sampler but no method taking ImageBatchVarShape"));
        }
        assertFalse(op.name().isEmpty());
    }

    private static void assertCall(OperatorInfo op, Random rnd, List<ImageSize> sizes) {
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<Tensor> src = imgs.hostImages(rnd, sizes, 3, DataType.U8);
            try (ImageBatchVarShape batch = VarShapeImages.hostBatch(src)) {
                VarShapeCall call = op.sampleVarShape(rnd, batch);
                List<Tensor> want = new ArrayList<>();
                try (VarShapeCall.Output got = call.apply().apply(batch, null)) {
                    for (int i = 0; i < src.size(); i++) {
                        want.add(call.perImage().apply(batch.image(i), i, null));
                    }
                    assertNull(VarShapeCalls.mismatch(got.images(), want, 0, 0),
                            () -> call + " on " + sizes.size() + " images " + sizes);
                } finally {
                    want.forEach(Tensor::close);
                }
            }
        }
    }
}

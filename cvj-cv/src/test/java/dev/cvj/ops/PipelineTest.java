package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pipeline's checks that need no device: specs, arguments, host tensors, close. */
class PipelineTest {
    private static final Pipeline.Body NEVER = (in, s) -> {
        throw new AssertionError("the body must not run");
    };

    @Test
    void specsCompareByContentAndKeepTheirShape() {
        long[] shape = {1, 480, 640, 3};
        Pipeline.Spec a = Pipeline.Spec.of(shape, DataType.U8, TensorLayout.NHWC);
        shape[1] = 7;
        Pipeline.Spec b = Pipeline.Spec.of(new long[] {1, 480, 640, 3}, DataType.U8, TensorLayout.NHWC);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        a.shape()[2] = 9;
        assertEquals(640, a.shape()[2]);
        assertNotEquals(a, Pipeline.Spec.of(new long[] {1, 480, 640, 3}, DataType.F32, TensorLayout.NHWC));
        assertNotEquals(a, Pipeline.Spec.of(new long[] {1, 480, 640, 3}, DataType.U8, TensorLayout.NCHW));
        assertNotEquals(a, Pipeline.Spec.of(new long[] {2, 480, 640, 3}, DataType.U8, TensorLayout.NHWC));
        assertEquals("[1, 480, 640, 3] U8 NHWC", b.toString());
        try (Tensor t = Tensor.allocateHost(new long[] {1, 480, 640, 3}, DataType.U8, TensorLayout.NHWC)) {
            assertEquals(b, Pipeline.Spec.of(t));
            assertTrue(b.matches(t));
            assertFalse(Pipeline.Spec.of(new long[] {1, 480, 641, 3}, DataType.U8, TensorLayout.NHWC).matches(t));
        }
    }

    @Test
    void badSpecsAreRefused() {
        refused("Pipeline.Spec", () -> Pipeline.Spec.of(new long[] {1, -2}, DataType.U8, null), "negative");
        refused("Pipeline.Spec", () -> Pipeline.Spec.of(new long[] {1, 2}, DataType.U8, TensorLayout.NHWC), "does not fit");
        assertThrows(NullPointerException.class, () -> Pipeline.Spec.of(null, DataType.U8, null));
        assertThrows(NullPointerException.class, () -> Pipeline.Spec.of(new long[] {1}, null, null));
    }

    @Test
    void badConstructionIsRefused() {
        assertThrows(NullPointerException.class, () -> Pipeline.of(null));
        refused("Pipeline", () -> Pipeline.of(NEVER, 0, 4), "cacheSize (0)");
        refused("Pipeline", () -> Pipeline.of(NEVER, 4, 0), "streams (0)");
        assertThrows(NullPointerException.class, () -> Pipeline.of(NEVER, 4, 4, null));
    }

    @Test
    void hostTensorsAndMissingArgumentsAreRefusedBeforeAnyWork() {
        try (Pipeline p = Pipeline.of(NEVER);
             Tensor in = Tensor.allocateHost(new long[] {1, 8, 8, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor out = Tensor.allocateHost(new long[] {1, 3, 8, 8}, DataType.F32, TensorLayout.NCHW)) {
            refused("Pipeline.run", () -> p.run(new Tensor[] {in}, new Tensor[] {out}, null), "on the host");
            refused("Pipeline.run", () -> p.run(new Tensor[] {in}, null), "on the host");
            refused("Pipeline.run", () -> p.run(null, new Tensor[] {out}, null), "inputs");
            refused("Pipeline.run", () -> p.run(new Tensor[0], new Tensor[] {out}, null), "inputs");
            refused("Pipeline.run", () -> p.run(new Tensor[] {null}, new Tensor[] {out}, null), "inputs");
            assertEquals(0, p.recordingCount());
            assertEquals(0, p.cachedSpecCount());
        }
        try (Pipeline p = Pipeline.of(NEVER, 2, 2, Pipeline.Replay.PARAMETERS);
             Tensor in = Tensor.allocateHost(new long[] {1, 8, 8, 3}, DataType.U8, TensorLayout.NHWC)) {
            refused("Pipeline.run", () -> p.run(new Tensor[] {in}, null), "on the host");
        }
    }

    @Test
    void useAfterCloseThrows() {
        Pipeline p = Pipeline.of(NEVER);
        p.close();
        p.close(); // idempotent
        assertTrue(p.isClosed());
        try (Tensor in = Tensor.allocateHost(new long[] {1, 8, 8, 3}, DataType.U8, TensorLayout.NHWC)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.run(new Tensor[] {in}, null));
            assertTrue(e.getMessage().contains("after close"), e.getMessage());
        }
        assertThrows(IllegalStateException.class,
                () -> p.prepare(List.of(Pipeline.Spec.of(new long[] {1, 8, 8, 3}, DataType.U8, TensorLayout.NHWC)), null));
    }
}

package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Memory overlap of dst and src on the host (CPU path): refused, except the documented in-place updates. */
class OperatorAliasingTest {
    private final Random r = new Random(22);

    @Test
    void overlappingDstIsRefusedBeforeAnyWork() {
        OperatorAliasingCases.checkAllRefused(null, r);
    }

    @Test
    void theIssueReproductionNowFails() {
        try (Tensor t = Tensor.allocateHost(new long[] {1, 2, 3}, DataType.U8, TensorLayout.HWC)) {
            t.copyFrom(new byte[] {10, 20, 30, 40, 50, 60});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CvtColor.cvtColorInto(t, t, ColorConversion.RGB2BGR, null));
            assertTrue(e.getMessage().startsWith("CvtColor RGB2BGR: dst overlaps src in memory"), e.getMessage());
            byte[] now = new byte[6];
            t.copyTo(now);
            assertArrayEquals(new byte[] {10, 20, 30, 40, 50, 60}, now);
        }
    }

    @Test
    void convertToAndNormalizeStillWorkInPlaceOnTheSameView() {
        try (Tensor t = OperatorAliasingCases.make(null, r, TensorLayout.HWC, 5, 7, 3);
             Tensor expected = ConvertTo.convertTo(t, DataType.U8, 2, 1)) {
            ConvertTo.convertToInto(t, t, 2, 1);
            assertArrayEquals(OpPlacementCases.bytes(expected), OpPlacementCases.bytes(t));
        }
        try (Tensor u8 = OperatorAliasingCases.make(null, r, TensorLayout.HWC, 5, 7, 3);
             Tensor f = ConvertTo.convertTo(u8, DataType.F32, 1, 0);
             Tensor expected = Normalize.normalize(f, new float[] {3}, new float[] {0.5f}, 1f, 0f, 0f, false, null)) {
            Normalize.normalizeInto(f, f, new float[] {3}, new float[] {0.5f}, 1f, 0f, 0f, false);
            assertArrayEquals(OpPlacementCases.bytes(expected), OpPlacementCases.bytes(f));
        }
    }

    @Test
    void separateViewsOfOneTensorArePermitted() {
        // the top and the bottom half of one image: same memory block, no shared bytes
        try (Tensor t = OperatorAliasingCases.make(null, r, TensorLayout.HWC, 8, 6, 3)) {
            Tensor top = t.slice(0, 0, 4), bottom = t.slice(0, 4, 4);
            Flip.flipInto(bottom, top, FlipMode.VERTICAL);
            byte[] all = OpPlacementCases.bytes(t);
            int row = 6 * 3;
            for (int y = 0; y < 4; y++) {
                for (int i = 0; i < row; i++) {
                    assertTrue(all[(4 + y) * row + i] == all[(3 - y) * row + i], "row " + y);
                }
            }
        }
    }
}

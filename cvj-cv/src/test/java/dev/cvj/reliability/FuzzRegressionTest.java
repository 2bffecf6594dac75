package dev.cvj.reliability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import org.junit.jupiter.api.Test;

/** The defects the bad-input fuzzer found, one test each (host tensors: no GPU needed). */
class FuzzRegressionTest {
    @Test
    void reshapeToAnOverflowingShapeIsAnIllegalArgument() {
        try (Tensor t = Tensor.allocateHost(new long[] {2, 3, 4}, DataType.U8, TensorLayout.HWC)) {
            // was ArithmeticException from Math.multiplyExact
            assertThrows(IllegalArgumentException.class, () -> t.reshape(new long[] {1L << 62, 2, 5}, TensorLayout.CHW));
            assertThrows(IllegalArgumentException.class, () -> t.reshape(new long[] {Long.MAX_VALUE, 4}, null));
        }
    }

    @Test
    void hostAllocationBeyondMemorySaysWhatItAskedFor() {
        for (long n : new long[] {Long.MAX_VALUE, 1L << 50}) {
            // was an OutOfMemoryError without a message (MAX_VALUE), and a shared Arena left open each time
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
                    () -> Tensor.allocateHost(new long[] {1, 1, n}, DataType.U8, null));
            assertTrue(e.getMessage().startsWith("Unable to allocate " + n + " bytes of host memory"), e.getMessage());
        }
    }
}

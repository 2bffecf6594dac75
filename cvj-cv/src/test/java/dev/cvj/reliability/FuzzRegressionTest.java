package dev.cvj.reliability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    void anInterfaceWhoseStreamCannotBeAStreamIsRefusedBeforeCudaSeesIt() {
        // was a SIGSEGV in libcuda (cudaEventRecord on the bogus handle, from Tensor.asTensor's wait for the producer)
        for (long stream : new long[] {3, 33, 1L << 48, 1L << 52, 1L << 62, Long.MAX_VALUE, 0x7f00_0000_0001L}) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("shape", List.of(2L, 3L, 4L));
            m.put("typestr", "|u1");
            m.put("data", Arrays.asList(0x7f00_0000_0000L, false));
            m.put("version", 3L);
            m.put("stream", stream);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.asTensor(m, null));
            assertTrue(e.getMessage().startsWith("stream: 0x" + Long.toHexString(stream)), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> CudaArrayInterface.fromMap(m));
        }
    }
}

package dev.cvj.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.interop.CudaBuffer;
import dev.cvj.tensor.DataType;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The defects the fuzzer found on device tensors, one test each. */
@GpuTest
class FuzzRegressionGpuTest {
    @Test
    void cudaBufferOfAnOverflowingShapeIsAnIllegalArgument() {
        // was ArithmeticException from Math.multiplyExact in CudaBuffer.byteCount
        assertThrows(IllegalArgumentException.class, () -> new CudaBuffer(new long[] {1L << 62, 2}, DataType.U8));
        assertThrows(IllegalArgumentException.class, () -> new CudaBuffer(new long[] {3, Long.MAX_VALUE}, DataType.U8));
    }

    @Test
    void oneRow2DCopyIgnoresPitchesSmallerThanTheRow() {
        // was CudaException cudaErrorInvalidValue: the check lets any pitch through for one row, CUDA did not
        Random r = new Random();
        byte[] in = new byte[256];
        r.nextBytes(in);
        try (Stream s = Stream.create(Device.get(0)); DeviceMemory a = DeviceMemory.allocate(Device.get(0), 256);
             DeviceMemory b = DeviceMemory.allocate(Device.get(0), 256)) {
            a.copyFrom(in);
            b.fill(0);
            b.copy2DFrom(10, 1, a, 20, 5, 100, 1, s);
            s.synchronize();
            byte[] out = new byte[256];
            b.copyTo(out);
            byte[] want = new byte[256];
            System.arraycopy(in, 20, want, 10, 100);
            assertArrayEquals(want, out, Arrays.toString(out));
        }
    }
}

package dev.cvj.ops.internal;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvj.cuda.CudaException;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.Kernel;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import org.junit.jupiter.api.Test;

@GpuTest
class KernelLibraryGpuTest {
    @Test
    void probeKernelRunsFromTheFatbin() {
        assumeTrue(KernelLibrary.isAvailable(), "built with -Dcvj.skipKernels=true");
        Device dev = Device.get(0);
        Kernel k = KernelLibrary.kernel(dev, "cvj_probe_iota");
        assertSame(k, KernelLibrary.kernel(dev, "cvj_probe_iota"), "kernels are cached");
        assertArrayEquals(new int[] {8, 4}, k.parameterSizes());
        int n = 1000 + new java.util.Random().nextInt(5000);
        try (Stream s = Stream.create(dev);
             Tensor out = Tensor.allocate(new long[] {n}, DataType.S32, TensorLayout.W, s)) {
            out.deviceMemory().fill(0xff, s);
            Launch.linear(k, n, s, Launch.args().pointer(out.address()).i32(n));
            s.synchronize();
            int[] got = new int[n];
            java.util.Arrays.fill(got, -7);
            out.copyTo(got); // on the current stream: the per-thread default, so wait for s first
            for (int i = 0; i < n; i++) {
                assertEquals(i, got[i], "element " + i);
            }
        }
    }

    @Test
    void unknownKernelIsADriverError() {
        assumeTrue(KernelLibrary.isAvailable(), "built with -Dcvj.skipKernels=true");
        var e = assertThrows(CudaException.class, () -> KernelLibrary.kernel(Device.get(0), "cvj_no_such_kernel"));
        assertTrue(e.getMessage().contains("cvj_no_such_kernel"), e.getMessage());
    }
}

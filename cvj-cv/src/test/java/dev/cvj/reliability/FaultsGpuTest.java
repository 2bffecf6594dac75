package dev.cvj.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.CudaOutOfMemoryException;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.TestKernels;
import dev.cvj.cuda.raw.Runtime;
import dev.cvj.cuda.test.ChildJvm;
import dev.cvj.cuda.test.DeliberateFault;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.SanitizerMode;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Out of memory is clear and recoverable; a kernel fault is sticky and nothing after it pretends to work. */
@GpuTest
class FaultsGpuTest {
    @Test
    void allocationsLargerThanTheDeviceFailClearlyAndTheNextOperatorWorks() {
        Device dev = Device.get(0);
        long total = dev.memoryInfo().total();
        long freeBefore = dev.memoryInfo().free();
        CudaOutOfMemoryException a = assertThrows(CudaOutOfMemoryException.class, () -> DeviceMemory.allocate(dev, 2 * total));
        assertTrue(a.getMessage().contains("cudaMalloc(" + 2 * total + " bytes)"), a.getMessage());
        assertFalse(a.isSticky());
        try (Stream s = Stream.create(dev)) {
            CudaOutOfMemoryException b = assertThrows(CudaOutOfMemoryException.class,
                    () -> DeviceMemory.allocateAsync(2 * total, s));
            assertTrue(b.getMessage().contains("cudaMallocAsync"), b.getMessage());
            long side = (long) Math.sqrt(total / 3.0) + 1024;
            assertThrows(CudaOutOfMemoryException.class,
                    () -> Tensor.allocate(new long[] {side, side, 3}, DataType.U8, TensorLayout.HWC, s));
            // and then everything still works
            BadInputFuzzGpuTest.probe(new Random());
            s.synchronize();
        }
        assertEquals(0, Runtime.cudaGetLastError(), "no error left pending");
        dev.synchronize();
        if (!SanitizerMode.active()) { // under a sanitizer the tool's own allocations and other shards move free memory
            assertTrue(Math.abs(dev.memoryInfo().free() - freeBefore) < (64 << 20), "no memory lost to the failures");
        }
    }

    @Test
    @DeliberateFault // the child JVM's illegal address is reported by memcheck by design
    void afterAKernelFaultEveryCallThrowsAStickyError() throws IOException, InterruptedException {
        ChildJvm.Result r = ChildJvm.run(OperatorAfterFaultMain.class, 120, OperatorAfterFaultMain.class, TestKernels.class,
                Device.class, Tensor.class);
        String text = r.output();
        System.out.println(text);
        assertEquals(0, r.exitCode(), text);
        assertTrue(text.contains("FAULT=700 sticky=true"), text);
        assertTrue(text.contains("context is now unusable"), text);
        for (String call : new String[] {"FLIP", "FLIP_INTO", "RESIZE", "ALLOCATE", "UPLOAD", "DOWNLOAD", "SYNC"}) {
            assertTrue(text.contains(call + "=threw 700 sticky=true"), call + " after the fault: " + text);
        }
    }
}

package dev.cvj.ops.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The Java heap an operator's checks allocate per call, on the hot path of a batch-1 call: the checks of a 224x224
 * image allocate the {@link PixelGrid} and nothing else (no copy of the shape or stride arrays). Measured with the
 * thread's allocation counter over many calls, so that one stray allocation of the JIT or the counter does not count.
 */
class CheckAllocationTest {
    private static final int CALLS = 20_000;

    /** The thread's allocated bytes (com.sun.management's counter, by reflection: the test module does not read it). */
    private static long allocated() throws ReflectiveOperationException {
        Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        return (long) m.invoke(ManagementFactory.getThreadMXBean());
    }

    private static long allocatedPerCall(Runnable call) throws ReflectiveOperationException {
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        allocated();
        long before = allocated();
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        return (allocated() - before) / CALLS;
    }

    @Test
    void imageChecksAllocateAtMostTheGrid() throws ReflectiveOperationException {
        OpCheck op = OpCheck.of("Resize");
        try (Tensor src = Tensor.allocateHost(new long[] {1, 224, 224, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor dst = Tensor.allocateHost(new long[] {1, 224, 224, 3}, DataType.U8, TensorLayout.NHWC)) {
            PixelGrid[] sink = new PixelGrid[2];
            long bytes = allocatedPerCall(() -> {
                PixelGrid gs = op.image("src", src, PixelGrid.INTERLEAVED);
                PixelGrid gd = op.image("dst", dst, PixelGrid.INTERLEAVED);
                op.nonEmpty("dst", gd);
                op.packedPixels("dst", gd);
                op.sameDtype("dst", gd, "src", gs);
                op.sameLayout("dst", gd, "src", gs);
                sink[0] = gs;
                sink[1] = gd;
            });
            System.out.println("CheckAllocationTest: two image checks allocate " + bytes + " bytes per call");
            // Two PixelGrid records (a reference, 4 ints, 4 longs: at most 80 bytes each); the shape and stride
            // arrays copied on each call before (3 arrays of 4 longs per image) would add 288 bytes.
            assertTrue(bytes <= 2 * 80, bytes + " bytes per call");
        }
    }
}

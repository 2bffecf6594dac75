package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.ops.internal.KernelLibrary;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import org.junit.jupiter.api.Test;

/** The public backend query agrees with the device and the jar, on any machine. */
class BackendTest {
    @Test
    void reasonNamesWhatIsMissing() {
        assertEquals(KernelLibrary.isAvailable(), Backend.hasKernels());
        String why = Backend.gpuUnavailableReason();
        if (!Device.isAvailable()) {
            assertNotNull(why);
            assertTrue(why.startsWith("no usable CUDA device: "), why);
        } else if (!Backend.hasKernels()) {
            assertTrue(why.contains("-Dcvj.skipKernels=true"), why);
        } else {
            assertNull(why);
        }
        assertEquals(why == null, Backend.gpuAvailable());
        assertTrue(Backend.describe().startsWith(why == null ? "GPU and CPU (" : "CPU only: " + why), Backend.describe());
    }

    @Test
    void hostTensorsRunOnTheCpu() {
        try (Tensor t = Tensor.allocateHost(new long[] {2, 2, 3}, DataType.U8, TensorLayout.HWC)) {
            assertEquals(Backend.Kind.CPU, Backend.forTensor(t));
        }
    }
}

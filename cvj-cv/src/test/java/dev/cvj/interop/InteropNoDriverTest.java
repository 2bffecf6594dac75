package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvj.cuda.CudaError;
import dev.cvj.cuda.CudaException;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.Device;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * On a machine without an NVIDIA driver (CI), handing interop a device pointer fails with an error that says
 * there is no driver: the pointer is not blamed.
 */
class InteropNoDriverTest {
    @Test
    void devicePointerWithoutDriverBlamesTheDriver() {
        assumeTrue(runtimeWithoutDriver(), "this machine has an NVIDIA driver, or no CUDA runtime");
        CudaArrayInterface cai = CudaArrayInterface.of(new long[] {4, 4}, "<f4", 0x7f00_0000_1000L, false, null,
                OptionalLong.empty());
        List<Executable> calls = List.of(
                () -> CudaBuffer.fromCuda(cai),
                () -> CudaCopies.d2h(cai, new float[16]),
                () -> CudaIpc.export(() -> cai),
                () -> DLPack.export(() -> cai));
        for (Executable call : calls) {
            CudaException e = assertThrows(CudaException.class, call);
            assertEquals(CudaError.ERROR_INSUFFICIENT_DRIVER, e.error().code());
            assertTrue(e.getMessage().contains("No usable NVIDIA driver"), e.getMessage());
            assertFalse(e.getMessage().contains("not CUDA device memory"), e.getMessage());
        }
    }

    /** libcudart loads, and says there is no driver. */
    private static boolean runtimeWithoutDriver() {
        try {
            Device.count();
            return false;
        } catch (CudaException e) {
            return e.error().code() == CudaError.ERROR_INSUFFICIENT_DRIVER;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}

package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvj.cuda.raw.CudaLibrary;
import org.junit.jupiter.api.Test;

/** The machine without a driver (CI): the first call that needs the GPU fails with a clear error. */
class NoDriverTest {
    @Test
    void deviceCountWithoutDriverIsInsufficientDriver() {
        assumeTrue(CudaLibrary.CUDART.isAvailable(), "libcudart is not installed here");
        assumeTrue(!CudaLibrary.DRIVER.isAvailable(), "this machine has an NVIDIA driver");
        CudaException e = assertThrows(CudaException.class, Device::count);
        assertEquals(CudaError.ERROR_INSUFFICIENT_DRIVER, e.error().code());
        assertEquals("cudaErrorInsufficientDriver", e.error().name());
        assertEquals("cudaGetDeviceCount", e.call());
        assertTrue(e.getMessage().contains("No usable NVIDIA driver"), e.getMessage());
        assertFalse(e.isSticky());
        assertFalse(Device.isAvailable());
        assertNotNull(Device.unavailableReason());
    }

    @Test
    void versionsWithoutDriver() {
        assumeTrue(CudaLibrary.CUDART.isAvailable(), "libcudart is not installed here");
        assumeTrue(!CudaLibrary.DRIVER.isAvailable(), "this machine has an NVIDIA driver");
        assertTrue(Device.runtimeVersion() >= 12000, "runtime " + Device.runtimeVersion());
        assertEquals(0, Device.driverVersion(), "no driver: version 0");
        CudaException e = assertThrows(CudaException.class, () -> Device.get(0));
        assertEquals(CudaError.ERROR_INSUFFICIENT_DRIVER, e.error().code());
        assertThrows(CudaException.class, Device::current);
    }

    @Test
    void pointerQueriesWithoutDriverBlameTheDriverNotTheAddress() {
        assumeTrue(CudaLibrary.CUDART.isAvailable(), "libcudart is not installed here");
        assumeTrue(!CudaLibrary.DRIVER.isAvailable(), "this machine has an NVIDIA driver");
        long address = 0x7f00_0000_1000L; // a plausible device address: nothing about it is wrong
        java.util.List<org.junit.jupiter.api.function.Executable> queries = java.util.List.of(
                () -> DeviceMemory.deviceOf(address),
                () -> PointerAttributes.deviceOf(address, "caller"),
                () -> PointerAttributes.of(address),
                () -> IpcMemoryHandle.export(address));
        for (var query : queries) {
            CudaException e = assertThrows(CudaException.class, query);
            assertEquals(CudaError.ERROR_INSUFFICIENT_DRIVER, e.error().code());
            assertTrue(e.getMessage().contains("No usable NVIDIA driver"), e.getMessage());
            assertFalse(e.getMessage().contains("not a CUDA address"), e.getMessage());
            assertFalse(e.getMessage().contains("not CUDA device memory"), e.getMessage());
        }
    }
}

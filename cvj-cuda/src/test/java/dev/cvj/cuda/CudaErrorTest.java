package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvj.cuda.raw.CudaLibrary;
import org.junit.jupiter.api.Test;

/** Error names, messages, stickiness and the exception types. Runs without a GPU (libcudart only). */
class CudaErrorTest {
    @Test
    void illegalAddressIsStickyAndSaysSo() {
        assumeTrue(CudaLibrary.CUDART.isAvailable(), "libcudart is not installed here");
        CudaException e = CudaException.runtime(CudaError.ERROR_ILLEGAL_ADDRESS, "cudaStreamSynchronize(s)");
        assertTrue(e.isSticky());
        assertEquals("cudaErrorIllegalAddress", e.error().name());
        assertFalse(e instanceof CudaOutOfMemoryException);
        assertTrue(e.getMessage().startsWith("cudaStreamSynchronize(s) failed: cudaErrorIllegalAddress: "), e.getMessage());
        assertTrue(e.getMessage().contains("context is now unusable"), e.getMessage());
    }

    @Test
    void outOfMemoryIsItsOwnTypeAndNotSticky() {
        assumeTrue(CudaLibrary.CUDART.isAvailable(), "libcudart is not installed here");
        CudaException e = CudaException.runtime(CudaError.ERROR_MEMORY_ALLOCATION, "cudaMalloc(1 bytes)");
        assertInstanceOf(CudaOutOfMemoryException.class, e);
        assertFalse(e.isSticky());
        assertEquals("cudaErrorMemoryAllocation", e.error().name());
        assertFalse(e.getMessage().contains("unusable"));
    }

    @Test
    void check() {
        CudaException.check(0, "ok"); // no throw
        assertThrows(CudaException.class, () -> CudaException.check(CudaError.ERROR_INVALID_VALUE, "x"));
        assertThrows(CudaException.class, () -> CudaException.checkDriver(1, "x"));
        assertThrows(CudaException.class, () -> CudaException.checkNvrtc(6, "x"));
        CudaException.checkDriver(0, "ok");
        CudaException.checkNvrtc(0, "ok");
    }

    @Test
    void everyStickyCodeIsStickyInRuntimeAndDriver() {
        for (int code : new int[] {214, 700, 702, 710, 714, 715, 716, 717, 718, 719, 999}) {
            assertTrue(new CudaError(CudaError.Api.RUNTIME, code, "n", "d").isSticky(), "runtime " + code);
            assertTrue(new CudaError(CudaError.Api.DRIVER, code, "n", "d").isSticky(), "driver " + code);
            assertFalse(new CudaError(CudaError.Api.NVRTC, code, "n", "d").isSticky(), "nvrtc " + code);
        }
        for (int code : new int[] {1, 2, 35, 100, 101, 600, 704}) {
            assertFalse(new CudaError(CudaError.Api.RUNTIME, code, "n", "d").isSticky(), "runtime " + code);
        }
    }

    @Test
    void driverErrorWithoutDriverStillHasANameAndStickiness() {
        assumeTrue(!CudaLibrary.DRIVER.isAvailable(), "this machine has a driver");
        CudaError e = CudaError.driver(700);
        assertEquals("CUresult_700", e.name());
        assertTrue(e.isSticky());
        CudaException x = CudaException.driver(700, "cuLaunchKernel(k)");
        assertTrue(x.getMessage().contains("unusable"), x.getMessage());
    }

    @Test
    void nvrtcErrorsAreNamedEvenWithoutTheLibrary() {
        CudaError e = CudaError.nvrtc(6);
        assertEquals(CudaError.Api.NVRTC, e.api());
        assertEquals("NVRTC_ERROR_COMPILATION", e.name());
        assertFalse(e.isSticky());
        assertFalse(CudaError.nvrtc(1).isOutOfMemory(), "NVRTC's 1 is not the runtime's 2; never an OOM exception");
        if (!CudaLibrary.NVRTC.isAvailable()) {
            assertEquals("nvrtcResult_77", CudaError.nvrtc(77).name());
            assertEquals("nvrtcResult_-1", CudaError.nvrtc(-1).name());
        }
    }

    @Test
    void compileExceptionCarriesTheWholeLog() {
        String log = "k.cu(3): error: identifier \"undefined_thing\" is undefined\n\n1 error detected in the compilation of \"k.cu\".\n";
        CompileException e = new CompileException(CudaError.nvrtc(6), "k.cu", "nvrtcCompileProgram(k.cu, [])", log);
        assertEquals(log, e.log());
        assertEquals("k.cu", e.programName());
        assertTrue(e.getMessage().contains("NVRTC_ERROR_COMPILATION"), e.getMessage());
        assertTrue(e.getMessage().contains("identifier \"undefined_thing\" is undefined"), e.getMessage());
        assertTrue(e.getMessage().contains("1 error detected"), e.getMessage());
        assertInstanceOf(CudaException.class, e);
        CompileException empty = new CompileException(CudaError.nvrtc(6), "k.cu", "c", "");
        assertTrue(empty.getMessage().contains("no log"), empty.getMessage());
        assertEquals("", new CompileException(CudaError.nvrtc(6), "k.cu", "c", null).log());
    }

    @Test
    void messageOfInsufficientDriverExplains() {
        assumeTrue(CudaLibrary.CUDART.isAvailable(), "libcudart is not installed here");
        CudaException e = CudaException.runtime(CudaError.ERROR_INSUFFICIENT_DRIVER, "cudaGetDeviceCount");
        assertTrue(e.getMessage().contains("No usable NVIDIA driver"), e.getMessage());
        assertEquals("cudaGetDeviceCount", e.call());
    }
}

package dev.cvj.cuda.raw;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How each library is searched for, and what a missing one reports. Runs without a GPU. */
class CudaLibraryTest {
    private String saved;

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(CudaLibrary.NVRTC.property());
        } else {
            System.setProperty(CudaLibrary.NVRTC.property(), saved);
        }
    }

    private void setNvrtcProperty(String value) {
        saved = System.getProperty(CudaLibrary.NVRTC.property());
        System.setProperty(CudaLibrary.NVRTC.property(), value);
    }

    @Test
    void propertyAndVariableNames() {
        assertEquals("cvj.nvrtc.path", CudaLibrary.NVRTC.property());
        assertEquals("CVJ_NVRTC_PATH", CudaLibrary.NVRTC.environmentVariable());
        assertEquals("cvj.cudart.path", CudaLibrary.CUDART.property());
        assertEquals("CVJ_CUDA_PATH", CudaLibrary.DRIVER.environmentVariable());
    }

    @Test
    void explicitFileComesFirstThenToolkitThenLoader() {
        setNvrtcProperty("/opt/custom/libnvrtc.so.99");
        List<String> c = CudaLibrary.NVRTC.candidates();
        assertEquals("/opt/custom/libnvrtc.so.99", c.getFirst());
        String cudaHome = System.getenv("CUDA_HOME");
        int toolkit = c.indexOf("/usr/local/cuda/lib64/libnvrtc.so.13");
        assertTrue(toolkit > 0, c.toString());
        if (cudaHome != null && !cudaHome.isBlank() && !cudaHome.equals("/usr/local/cuda")) {
            int home = c.indexOf(Path.of(cudaHome, "lib64", "libnvrtc.so.13").toString());
            assertTrue(home > 0 && home < toolkit, "CUDA_HOME before /usr/local/cuda: " + c);
        }
        // Bare names (the platform loader's search) come last, newest version first.
        assertEquals(List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"), c.subList(c.size() - 3, c.size()));
        assertTrue(c.indexOf("/usr/local/cuda/lib64/libnvrtc.so.13") < c.indexOf("/usr/local/cuda/lib64/libnvrtc.so.12"));
    }

    @Test
    void explicitFolderIsSearchedForEveryFileName(@TempDir Path dir) {
        setNvrtcProperty(dir.toString());
        List<String> c = CudaLibrary.NVRTC.candidates();
        assertEquals(List.of(dir.resolve("libnvrtc.so.13").toString(), dir.resolve("libnvrtc.so.12").toString(),
                dir.resolve("libnvrtc.so").toString()), c.subList(0, 3));
    }

    @Test
    void blankPropertyIsIgnored() {
        setNvrtcProperty("  ");
        List<String> c = CudaLibrary.NVRTC.candidates();
        String env = System.getenv(CudaLibrary.NVRTC.environmentVariable());
        if (env == null || env.isBlank()) {
            assertFalse(c.getFirst().isBlank());
            assertTrue(c.getFirst().startsWith("/"), "first candidate is a toolkit path: " + c);
        }
    }

    @Test
    void driverIsNeverTakenFromAToolkit() {
        for (String c : CudaLibrary.DRIVER.candidates()) {
            assertFalse(c.contains("/usr/local/cuda"), c);
            assertFalse(c.contains("stubs"), c);
        }
        assertTrue(CudaLibrary.DRIVER.candidates().contains("libcuda.so.1"));
    }

    @Test
    void missingLibraryNamesEveryPlaceTried() {
        assumeFalse(CudaLibrary.NVRTC.isAvailable(), "libnvrtc is installed on this machine");
        CudaLibraryException e = assertThrows(CudaLibraryException.class, CudaLibrary.NVRTC::origin);
        String m = e.getMessage();
        assertTrue(m.contains("cannot load libnvrtc (NVRTC)"), m);
        assertTrue(m.contains("-Dcvj.nvrtc.path="), m);
        assertTrue(m.contains("Tried: "), m);
        assertTrue(m.contains("/usr/local/cuda/lib64/libnvrtc.so.13"), m);
        assertTrue(m.contains("libnvrtc.so.12 (loader: "), m);
        // the same failure comes from every call into the library, and from lookup()
        assertThrows(CudaLibraryException.class, CudaLibrary.NVRTC::lookup);
        CudaLibraryException fromCall = assertThrows(CudaLibraryException.class,
                () -> Nvrtc.nvrtcVersion(java.lang.foreign.MemorySegment.NULL, java.lang.foreign.MemorySegment.NULL));
        assertTrue(fromCall.getMessage().contains("Tried: "), fromCall.getMessage());
    }

    @Test
    void runtimeIsFoundInTheToolkit() {
        assumeFalse(!Files.exists(Path.of("/usr/local/cuda/lib64/libcudart.so.13")), "no CUDA 13 toolkit here");
        assertTrue(CudaLibrary.CUDART.isAvailable());
        assertTrue(CudaLibrary.CUDART.origin().contains("libcudart"), CudaLibrary.CUDART.origin());
    }
}

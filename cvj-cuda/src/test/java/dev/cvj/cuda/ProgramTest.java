package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.cvj.cuda.raw.CudaLibrary;
import dev.cvj.cuda.raw.CudaLibraryException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Program's argument checks and architecture choice, and NVRTC missing. Runs without a GPU. */
class ProgramTest {
    private static final int[] NVRTC13 = {75, 80, 86, 87, 88, 89, 90, 100, 103, 110, 120, 121};

    @Test
    void machineCodeWhenNvrtcKnowsTheArchitecture() {
        assertEquals("-arch=sm_90", Program.archOption(90, NVRTC13));
        assertEquals("-arch=sm_75", Program.archOption(75, NVRTC13));
        assertEquals("-arch=sm_121", Program.archOption(121, NVRTC13));
    }

    @Test
    void ptxForTheNewestKnownArchitectureWhenTheDeviceIsNewer() {
        assertEquals("-arch=compute_121", Program.archOption(130, NVRTC13));
        assertEquals("-arch=sm_90", Program.archOption(90, new int[] {52, 60, 70, 80, 90}), "exact: machine code");
        assertEquals("-arch=compute_90", Program.archOption(95, new int[] {80, 90, 100}), "in a gap: newest below");
        assertEquals("-arch=compute_80", Program.archOption(86, new int[] {100, 80, 90}), "unsorted input");
    }

    @Test
    void olderThanEverythingAsksForItAnyway() {
        assertEquals("-arch=sm_61", Program.archOption(61, NVRTC13));
        assertEquals("-arch=sm_61", Program.archOption(61, new int[0]));
    }

    @Test
    void userArchitectureOptionIsRespected() {
        assertTrue(Program.namesArchitecture(List.of("-std=c++17", "-arch=sm_80")));
        assertTrue(Program.namesArchitecture(List.of("--gpu-architecture=compute_90")));
        assertTrue(Program.namesArchitecture(List.of("-arch", "sm_90")));
        assertFalse(Program.namesArchitecture(List.of("-std=c++17", "--use_fast_math")));
        assertFalse(Program.namesArchitecture(List.of()));
    }

    @Test
    void argumentChecks() {
        assertThrows(NullPointerException.class, () -> Program.of(null, "a.cu"));
        assertThrows(NullPointerException.class, () -> Program.of("", null));
        assertThrows(IllegalArgumentException.class, () -> Program.of("x", " "));
        assertThrows(IllegalArgumentException.class, () -> Program.of("x\0y", "a.cu"));
        Program p = Program.of("__global__ void k() {}", "k.cu");
        assertThrows(NullPointerException.class, () -> p.addNameExpression(null));
        assertThrows(IllegalArgumentException.class, () -> p.addNameExpression(""));
        assertThrows(NullPointerException.class, () -> p.addHeader(null, "x"));
        assertThrows(NullPointerException.class, () -> p.addHeader("h.cuh", null));
        assertThrows(IllegalArgumentException.class, () -> p.addHeader("", "x"));
        assertThrows(NullPointerException.class, () -> p.compile(null, 90));
        assertThrows(NullPointerException.class, () -> p.compile(Arrays.asList("-O3", null), 90));
        assertThrows(IllegalArgumentException.class, () -> p.compile(List.of("-D\0"), 90));
        assertThrows(IllegalArgumentException.class, () -> p.compile(List.of(), 9));
        assertThrows(NullPointerException.class, () -> p.compile(List.of(), (Device) null));
        assertThrows(NullPointerException.class, () -> Program.compile("x", "k.cu", null));
        assertThrows(NullPointerException.class, () -> Program.compile("x", "k.cu", List.of(), null));
    }

    @Test
    void compileWithoutNvrtcNamesEveryPlaceTried() {
        assumeFalse(CudaLibrary.NVRTC.isAvailable(), "libnvrtc is installed on this machine");
        Program p = Program.of("extern \"C\" __global__ void k() {}", "k.cu").addNameExpression("k");
        CudaLibraryException e = assertThrows(CudaLibraryException.class, () -> p.compile(List.of("-arch=sm_90"), 90));
        assertTrue(e.getMessage().contains("Tried: "), e.getMessage());
        assertTrue(e.getMessage().contains("libnvrtc.so.13"), e.getMessage());
        assertThrows(CudaLibraryException.class, Program::version);
        assertThrows(CudaLibraryException.class, Program::supportedArchitectures);
    }

    @Test
    void compiledResultAccessors() {
        var c = new Program.Compiled("k.cu", "sm_90", null, new byte[] {1, 2, 3}, "warning: x", Map.of("k<float>", "_Z1kIfEvv"));
        assertEquals("_Z1kIfEvv", c.loweredName("k<float>"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.loweredName("k<int>"));
        assertTrue(e.getMessage().contains("addNameExpression"), e.getMessage());
        assertTrue(c.ptx().isEmpty());
        assertArrayEquals(new byte[] {1, 2, 3}, c.cubin().orElseThrow());
        c.cubin().orElseThrow()[0] = 9; // a copy
        assertArrayEquals(new byte[] {1, 2, 3}, c.image());
        assertEquals("sm_90", c.architecture().orElseThrow());
        assertEquals("warning: x", c.log());
        var ptxOnly = new Program.Compiled("k.cu", null, ".version 8.0", null, "", Map.of());
        assertEquals(".version 8.0", new String(ptxOnly.image(), java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(ptxOnly.architecture().isEmpty());
        assertThrows(NullPointerException.class, () -> ptxOnly.load(null));
        assertThrows(IllegalStateException.class, () -> new Program.Compiled("k.cu", null, null, null, "", Map.of()));
    }
}

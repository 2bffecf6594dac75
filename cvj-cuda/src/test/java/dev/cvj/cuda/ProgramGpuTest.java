package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvj.cuda.test.GpuTest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** NVRTC: compile, load and launch; templates; compile errors; the PTX path. Needs libnvrtc and a GPU. */
@GpuTest
class ProgramGpuTest {
    static final String SAXPY = """
            extern "C" __global__ void saxpy(float a, const float* x, float* y, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i < n) y[i] = a * x[i] + y[i];
            }
            """;

    static final String SCALE = """
            #include "factor.cuh"
            template <typename T>
            __global__ void scale(T* x, T f, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i < n) x[i] = x[i] * f * T(FACTOR);
            }
            """;

    private final Random random = new Random();

    @Test
    void saxpyCompiledForTheDeviceMatchesJava() {
        Device dev = Device.get(0);
        Program.Compiled c = Program.compile(SAXPY, "saxpy.cu", List.of("-std=c++17"), dev);
        assertFalse(Program.version().isBlank());
        int cc = dev.computeCapability();
        int[] supported = Program.supportedArchitectures();
        assertTrue(supported.length > 0);
        assertEquals(Program.archOption(cc, supported).substring("-arch=".length()), c.architecture().orElseThrow());
        assertTrue(c.cubin().isPresent() || c.ptx().isPresent());
        int n = 100_003;
        float a = random.nextFloat() * 3;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextFloat();
            y[i] = random.nextFloat();
        }
        try (Module m = c.load(dev); Stream s = Stream.create(dev);
             DeviceMemory dx = DeviceMemory.allocate(dev, 4L * n); DeviceMemory dy = DeviceMemory.allocate(dev, 4L * n)) {
            dx.copyFrom(x);
            dy.copyFrom(y);
            m.kernel("saxpy").launch(Dim3.of(Dim3.blocksFor(n, 256)), Dim3.of(256), 0, s,
                    new KernelArgs().f32(a).pointer(dx).pointer(dy).i32(n));
            s.synchronize();
            float[] out = new float[n];
            dy.copyTo(out);
            for (int i = 0; i < n; i++) {
                float product = a * x[i];
                float e = product + y[i];
                assertEquals(e, out[i], Math.ulp(Math.abs(product)) + Math.ulp(Math.abs(e)), "element " + i); // FMA vs two roundings
            }
        }
    }

    @Test
    void templatesThroughNameExpressionsAndHeaders() {
        Device dev = Device.get(0);
        Program.Compiled c = Program.of(SCALE, "scale.cu")
                .addHeader("factor.cuh", "#define FACTOR 2")
                .addNameExpression("scale<float>")
                .addNameExpression("scale<double>")
                .compile(List.of("-std=c++17"), dev);
        String f = c.loweredName("scale<float>");
        String d = c.loweredName("scale<double>");
        assertTrue(f.startsWith("_Z") && d.startsWith("_Z") && !f.equals(d), f + " " + d);
        int n = 1000;
        double[] xs = random.doubles(n).toArray();
        try (Module m = c.load(dev); Stream s = Stream.create(dev); DeviceMemory mem = DeviceMemory.allocate(dev, 8L * n)) {
            mem.copyFrom(xs);
            m.kernel(d).launch(Dim3.of(Dim3.blocksFor(n, 128)), Dim3.of(128), 0, s,
                    new KernelArgs().pointer(mem).f64(1.5).i32(n));
            s.synchronize();
            double[] out = new double[n];
            mem.copyTo(out);
            for (int i = 0; i < n; i++) {
                assertEquals(xs[i] * 1.5 * 2.0, out[i], 0.0, "element " + i);
            }
            float[] fs = new float[n];
            for (int i = 0; i < n; i++) {
                fs[i] = random.nextFloat();
            }
            mem.copyFrom(fs);
            m.kernel(f).launch(Dim3.of(Dim3.blocksFor(n, 128)), Dim3.of(128), 0, s,
                    new KernelArgs().pointer(mem).f32(0.5f).i32(n));
            s.synchronize();
            float[] fout = new float[n];
            mem.copyToAsync(fout, s);
            for (int i = 0; i < n; i++) {
                assertEquals(fs[i] * 0.5f * 2.0f, fout[i], 0f, "element " + i);
            }
        }
    }

    @Test
    void compileErrorCarriesTheLog() {
        Device dev = Device.get(0);
        CompileException e = assertThrows(CompileException.class, () -> Program.compile(
                "extern \"C\" __global__ void k(int* p) { *p = undefined_identifier_xyz; }", "broken.cu", List.of(), dev));
        assertEquals("NVRTC_ERROR_COMPILATION", e.error().name());
        assertTrue(e.log().contains("undefined_identifier_xyz"), e.log());
        assertTrue(e.getMessage().contains("broken.cu"), e.getMessage());
        assertTrue(e.getMessage().contains("undefined_identifier_xyz"), e.getMessage());
        CompileException opt = assertThrows(CompileException.class,
                () -> Program.compile(SAXPY, "saxpy.cu", List.of("--no-such-option"), dev));
        assertEquals("NVRTC_ERROR_INVALID_OPTION", opt.error().name());
    }

    @Test
    void ptxForAnOlderVirtualArchitectureIsJitCompiledByTheDriver() {
        Device dev = Device.get(0);
        Program.Compiled c = Program.of(SAXPY, "saxpy.cu").compile(List.of("-arch=compute_75"), dev);
        assertTrue(c.architecture().isEmpty(), "the options named the architecture");
        String ptx = c.ptx().orElseThrow();
        assertTrue(ptx.contains(".entry saxpy"), ptx);
        assertTrue(c.cubin().isEmpty());
        try (Module m = c.load(dev); Stream s = Stream.create(dev); DeviceMemory d = DeviceMemory.allocate(dev, 8)) {
            float[] v = {3f, 4f};
            d.copyFrom(v);
            // y = 2 * x + y over one element: x = d[0], y = d[1]
            m.kernel("saxpy").launch(Dim3.of(1), Dim3.of(32), 0, s,
                    new KernelArgs().f32(2f).pointer(d.address()).pointer(d.address() + 4).i32(1));
            s.synchronize();
            d.copyTo(v);
            assertEquals(10f, v[1]);
        }
    }
}

package dev.cvj.cuda;

import dev.cvj.cuda.test.TestKernels;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvj.cuda.test.GpuTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Kernels from the nvcc-built test fatbin: loading, launching, argument checks. */
@GpuTest
class KernelGpuTest {
    private final Random random = new Random();

    @Test
    void saxpyFromTheFatbinMatchesJava() {
        Device dev = Device.get(0);
        int n = 1_000_003;
        float a = random.nextFloat() * 4 - 2;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextFloat() * 100 - 50;
            y[i] = random.nextFloat() * 100 - 50;
        }
        try (Module m = TestKernels.load(dev); Stream s = Stream.create(dev);
             DeviceMemory dx = DeviceMemory.allocate(dev, 4L * n); DeviceMemory dy = DeviceMemory.allocate(dev, 4L * n)) {
            Kernel saxpy = m.kernel("saxpy");
            assertSame(saxpy, m.kernel("saxpy"), "cached");
            saxpy.parameterSizes().ifPresent(p -> assertArrayEquals(new int[] {4, 8, 8, 4}, p));
            dx.copyFromAsync(x, s);
            dy.copyFromAsync(y, s);
            saxpy.launch(Dim3.of(Dim3.blocksFor(n, 256)), Dim3.of(256), 0, s,
                    new KernelArgs().f32(a).pointer(dx).pointer(dy).i32(n));
            float[] out = new float[n];
            dy.copyToAsync(out, s);
            for (int i = 0; i < n; i++) {
                float product = a * x[i];
                float expected = product + y[i];
                // The GPU fuses a*x+y into one FMA (one rounding), Java rounds the product first: they
                // differ by at most half an ulp of the product plus an ulp of the sum.
                float tolerance = Math.ulp(Math.abs(product)) + Math.ulp(Math.abs(expected));
                assertEquals(expected, out[i], tolerance, "element " + i);
            }
            assertTrue(saxpy.maxThreadsPerBlock() >= 256);
            assertTrue(saxpy.registersPerThread() > 0);
            assertTrue(saxpy.maxActiveBlocksPerMultiprocessor(256, 0) > 0);
        }
    }

    @Test
    void addI32IsExact() {
        Device dev = Device.get(0);
        int n = 777_777;
        int[] in = random.ints(n).toArray();
        int delta = random.nextInt();
        try (Module m = TestKernels.load(dev); Stream s = Stream.create(dev);
             DeviceMemory din = DeviceMemory.allocate(dev, 4L * n); DeviceMemory dout = DeviceMemory.allocate(dev, 4L * n)) {
            din.copyFrom(in);
            m.kernel("add_i32").launch(Dim3.of(Dim3.blocksFor(n, 128)), Dim3.of(128), 0, s,
                    new KernelArgs().pointer(din).pointer(dout).i32(delta).i64(n));
            s.synchronize();
            int[] out = new int[n];
            dout.copyTo(out);
            for (int i = 0; i < n; i++) {
                assertEquals(in[i] + delta, out[i], "element " + i);
            }
        }
    }

    @Test
    void argumentMismatchIsRejectedBeforeLaunch() {
        Device dev = Device.get(0);
        try (Module m = TestKernels.load(dev); Stream s = Stream.create(dev); DeviceMemory d = DeviceMemory.allocate(dev, 64)) {
            Kernel saxpy = m.kernel("saxpy");
            int[] sizes = saxpy.parameterSizes().orElseThrow(() -> new AssertionError(
                    "the driver cannot tell parameter sizes (cuFuncGetParamInfo needs a CUDA 12.4+ driver)"));
            assertEquals(4, sizes.length);
            IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> saxpy.launch(Dim3.of(1),
                    Dim3.of(32), 0, s, new KernelArgs().f32(1).pointer(d).pointer(d)));
            assertTrue(count.getMessage().contains("takes 4 parameters, got 3"), count.getMessage());
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> saxpy.launch(Dim3.of(1),
                    Dim3.of(32), 0, s, new KernelArgs().f32(1).pointer(d).pointer(d).i64(16)));
            assertTrue(size.getMessage().contains("parameter 3 is 4 bytes, got an argument of 8 bytes"), size.getMessage());
            m.kernel("empty").launch(Dim3.of(1), Dim3.of(1), 0, s, new KernelArgs());
            assertArrayEquals(new int[0], m.kernel("empty").parameterSizes().orElseThrow());
            s.synchronize();
        }
    }

    @Test
    void missingKernelAndClosedModule() {
        Device dev = Device.get(0);
        Module m = TestKernels.load(dev);
        CudaException e = assertThrows(CudaException.class, () -> m.kernel("no_such_kernel"));
        assertEquals(CudaError.Api.DRIVER, e.error().api());
        assertFalse(e.isSticky());
        Kernel k = m.kernel("empty");
        m.close();
        m.close();
        assertTrue(m.isClosed());
        try (Stream s = Stream.create(dev)) {
            assertThrows(IllegalStateException.class, () -> k.launch(Dim3.of(1), Dim3.of(1), 0, s, new KernelArgs()));
        }
        assertThrows(IllegalStateException.class, () -> m.kernel("empty"));
    }

    @Test
    void garbageImageIsADriverError() {
        Device dev = Device.get(0);
        byte[] junk = "this is neither PTX nor a cubin".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        CudaException e = assertThrows(CudaException.class, () -> Module.load(dev, junk));
        assertEquals(CudaError.Api.DRIVER, e.error().api());
    }
}

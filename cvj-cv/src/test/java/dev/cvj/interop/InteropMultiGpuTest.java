package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.ChildJvm;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.RequiresGpus;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop on device 1 from a thread whose current device is 0: CudaBuffer and CudaCopies, fromCuda finding
 * device 1, DLPack carrying device id 1, and CUDA IPC between processes on different devices (a child JVM,
 * and PyTorch/CuPy on cuda:0 opening a device-1 handle with lazy peer access).
 */
@GpuTest
@Tag("multigpu")
@RequiresGpus(2)
class InteropMultiGpuTest {
    private final Random random = new Random();
    private final Device d0 = Device.get(0);
    private final Device d1 = Device.get(1);

    @TempDir
    Path tmp;

    @BeforeEach
    void deviceZeroIsCurrent() {
        d0.makeCurrent();
    }

    @AfterEach
    void stillDeviceZero() {
        assertEquals(0, Device.current().ordinal(), "the thread's current device changed");
    }

    private float[] randomFloats(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }

    @Test
    void bufferOnDeviceOneAndFromCudaFindsIt() {
        float[] values = randomFloats(1000 + random.nextInt(1000));
        try (CudaBuffer b = new CudaBuffer(new long[] {values.length}, DataType.F32, d1)) {
            assertSame(d1, b.device());
            assertSame(d1, DeviceMemory.deviceOf(b.address()));
            CudaCopies.h2d(values, b);
            float[] back = new float[values.length];
            CudaCopies.d2h(b, back);
            assertArrayEquals(values, back);
            try (CudaBuffer v = CudaBuffer.fromCuda(b.cudaArrayInterface()); CudaBuffer m = CudaBuffer.fromCuda(b.cudaArrayInterface().toMap())) {
                assertSame(d1, v.device(), "fromCuda of device-1 memory finds device 1");
                assertSame(d1, m.device());
            }
            try (Tensor t = Tensor.asTensor(b, TensorLayout.W)) {
                assertSame(d1, t.device());
                float[] viaTensor = new float[values.length];
                t.copyTo(viaTensor);
                assertArrayEquals(values, viaTensor);
            }
        }
        try (Tensor t = Tensor.allocate(new long[] {8, 8, 3}, DataType.U8, TensorLayout.HWC, Stream.perThreadDefault(d1));
             CudaBuffer fb = CudaBuffer.fromCuda(t)) {
            assertSame(d1, fb.device());
        }
    }

    @Test
    void dlpackCarriesDeviceOne() {
        float[] values = randomFloats(6 * 7);
        try (Tensor t = Tensor.allocate(new long[] {6, 7}, DataType.F32, TensorLayout.of("HW"), Stream.perThreadDefault(d1));
             CudaBuffer b = new CudaBuffer(new long[] {6, 7}, DataType.F32, d1);
             Stream consumer = Stream.create(d1)) {
            t.copyFrom(values);
            for (MemorySegment m : new MemorySegment[] {DLPack.export(t), DLPack.export(b), DLPack.export(t, consumer)}) {
                try (DLPackTensor in = DLPack.fromDLPack(m)) {
                    assertTrue(in.isCuda());
                    assertEquals(1, in.deviceId(), "DLPack device id");
                }
            }
            try (DLPackTensor in = DLPack.fromLegacyDLPack(DLPack.exportLegacy(t))) {
                assertEquals(1, in.deviceId(), "legacy DLPack device id");
                try (Tensor back = Tensor.asTensor(in, null)) {
                    assertSame(d1, back.device());
                    float[] got = new float[values.length];
                    back.copyTo(got);
                    assertArrayEquals(values, got);
                }
            }
        }
    }

    private static byte[] littleEndian(float[] a) {
        ByteBuffer b = ByteBuffer.allocate(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : a) {
            b.putFloat(v);
        }
        return b.array();
    }

    private void ipcWithChildJvm(int openOn) throws IOException, InterruptedException {
        float[] values = randomFloats(2048 + random.nextInt(2048));
        try (CudaBuffer b = new CudaBuffer(new long[] {values.length}, DataType.F32, d1)) {
            CudaCopies.h2d(values, b);
            CudaIpc.IpcExport e = CudaIpc.export(b);
            assertEquals(1, e.device(), "the export names device 1");
            Path json = Files.writeString(tmp.resolve("desc" + openOn + ".json"), e.toJson());
            Path expect = Files.write(tmp.resolve("expect" + openOn + ".bin"), littleEndian(values));
            ChildJvm.Result r = ChildJvm.run(IpcOpenMain.class, List.of(), List.of(json.toString(), expect.toString(),
                    Integer.toString(openOn)), 120, CudaIpc.class, Device.class);
            System.out.println("child JVM: " + r.output().strip());
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("OK opened a cuda:1 export on cuda:" + (openOn < 0 ? 1 : openOn)), r.output());
            float[] after = new float[values.length];
            CudaCopies.d2h(b, after);
            for (int i = 0; i < after.length; i++) {
                assertEquals(values[i] * 2f + 1f, after[i], "element " + i + " after the child's write");
            }
        }
    }

    @Test
    void ipcToAChildJvmOnTheExportersDevice() throws Exception {
        ipcWithChildJvm(-1);
    }

    @Test
    void ipcToAChildJvmOnTheOtherDevice() throws Exception {
        Assumptions.assumeTrue(d0.canAccessPeer(d1), "cuda:0 cannot access cuda:1's memory (no peer access)");
        ipcWithChildJvm(0);
    }

    private static Path pythonScript() {
        String dir = System.getProperty("cvj.python.dir");
        if (dir != null) {
            return Path.of(dir, "cvj_ipc_check.py");
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve("python").resolve("cvj_ipc_check.py");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        Assumptions.abort("python/cvj_ipc_check.py not found above " + Path.of("").toAbsolutePath());
        return null;
    }

    @Test
    void ipcToPyTorchOnCudaZeroOpeningADeviceOneHandle() throws Exception {
        Assumptions.assumeTrue(d0.canAccessPeer(d1), "cuda:0 cannot access cuda:1's memory (no peer access)");
        Path script = pythonScript();
        float[] values = randomFloats(64 * 33);
        try (CudaBuffer b = new CudaBuffer(new long[] {64, 33}, DataType.F32, d1)) {
            CudaCopies.h2d(values, b);
            CudaIpc.IpcExport e = CudaIpc.export(b);
            Path json = Files.writeString(tmp.resolve("desc-py.json"), e.toJson());
            Path expect = Files.write(tmp.resolve("expect-py.bin"), littleEndian(values));
            ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "--mode", "java-to-python-peer",
                    "--json", json.toString(), "--expect", expect.toString(), "--device", "0").redirectErrorStream(true);
            // Multicast stays off in anything we start (see scripts/gpu-multi.sh).
            pb.environment().put("NCCL_NVLS_ENABLE", "0");
            pb.environment().put("TORCH_SYMM_MEM_DISABLE_MULTICAST", "1");
            pb.environment().put("NVSHMEM_DISABLE_NVLS", "1");
            Process p;
            try {
                p = pb.start();
            } catch (IOException x) {
                Assumptions.abort("python3 cannot be started: " + x.getMessage());
                return;
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out: " + out);
            System.out.println("python: " + out.strip());
            Assumptions.assumeFalse(p.exitValue() == 3, out.strip());
            assertEquals(0, p.exitValue(), "python failed:\n" + out);
            assertTrue(out.contains("OK java-to-python-peer"), out);
            float[] after = new float[values.length];
            CudaCopies.d2h(b, after);
            for (int i = 0; i < after.length; i++) {
                assertEquals(values[i] * 2f + 1f, after[i], "element " + i + " after Python's write on cuda:0");
            }
        }
    }
}

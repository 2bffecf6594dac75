package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.SanitizerMode;
import dev.cvj.tensor.DataType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CUDA IPC with a real Python process (python/cvj_ipc_check.py): Java to PyTorch and CuPy, and PyTorch /
 * CuPy to Java. Skipped, with the reason, when python3 cannot import torch and cupy.
 */
@GpuTest
class CudaIpcPythonTest {
    private static final Random RANDOM = new Random();

    @TempDir
    Path tmp;

    private static Path script() {
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
        Assumptions.abort("python/cvj_ipc_check.py not found above " + Path.of("").toAbsolutePath()
                + " (set -Dcvj.python.dir)");
        return null;
    }

    private static void assumePython(String... modules) throws Exception {
        String imports = "import " + String.join(", ", modules);
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", imports).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 cannot be started: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        Assumptions.assumeTrue(done && p.exitValue() == 0, "python3 -c \"" + imports + "\" failed: " + out.strip());
    }

    private static float[] randomFloats(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) RANDOM.nextGaussian();
        }
        return a;
    }

    private static byte[] littleEndian(float[] a) {
        ByteBuffer b = ByteBuffer.allocate(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : a) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static float[] readFloats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] a = new float[b.remaining() / 4];
        for (int i = 0; i < a.length; i++) {
            a[i] = b.getFloat();
        }
        return a;
    }

    @Test
    void javaToPython() throws Exception {
        assumePython("numpy", "torch", "cupy");
        int rows = 2 + RANDOM.nextInt(30);
        int cols = 2 + RANDOM.nextInt(30);
        float[] values = randomFloats(rows * cols);
        // Share a view that does not start its allocation, so the offset is exercised.
        long pad = 256L * (1 + RANDOM.nextInt(8));
        try (CudaBuffer big = new CudaBuffer(new long[] {pad / 4 + rows * cols}, DataType.F32);
             CudaBuffer shared = CudaBuffer.fromCuda(CudaArrayInterface.of(new long[] {rows, cols}, "<f4",
                     big.address() + pad, false, null, OptionalLong.empty()))) {
            CudaCopies.h2d(values, shared);
            CudaIpc.IpcExport e = CudaIpc.export(shared);
            assertEquals(pad, e.offset());
            Path json = Files.writeString(tmp.resolve("desc.json"), e.toJson());
            Path expect = Files.write(tmp.resolve("expect.bin"), littleEndian(values));
            Process p = new ProcessBuilder("python3", script().toString(), "--mode", "java-to-python",
                    "--json", json.toString(), "--expect", expect.toString()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out: " + out);
            Assumptions.assumeFalse(p.exitValue() == 3, out.strip());
            assertEquals(0, p.exitValue(), "python failed:\n" + out);
            assertTrue(out.contains("OK java-to-python"), out);

            float[] after = new float[rows * cols];
            CudaCopies.d2h(shared, after);
            for (int i = 0; i < after.length; i++) {
                assertEquals(values[i] * 2f + 1f, after[i], "element " + i + " after Python's x * 2 + 1");
            }
        }
    }

    @Test
    void torchToJava() throws Exception {
        pythonToJava("torch");
    }

    @Test
    void cupyToJava() throws Exception {
        pythonToJava("cupy");
    }

    private void pythonToJava(String lib) throws Exception {
        // initcheck tracks what this process wrote; the Python process's writes to the memory it shares are
        // invisible to it, so every read of that memory here would be reported as uninitialized
        Assumptions.assumeFalse(SanitizerMode.tool().equals("initcheck"),
                "under initcheck: the shared memory is written by the Python process, which initcheck cannot see");
        assumePython("numpy", lib);
        int rows = 2 + RANDOM.nextInt(30);
        int cols = 2 + RANDOM.nextInt(30);
        Path expect = tmp.resolve("expect-" + lib + ".bin");
        Process p = new ProcessBuilder("python3", script().toString(), "--mode", "python-to-java", "--lib", lib,
                "--shape", rows + "," + cols, "--expect", expect.toString()).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            String json = null;
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith("JSON ")) {
                    json = line.substring(5);
                    break;
                }
                if (line.startsWith("SKIP:")) {
                    p.waitFor(60, TimeUnit.SECONDS);
                    Assumptions.abort(line);
                }
            }
            if (json == null) {
                p.waitFor(60, TimeUnit.SECONDS);
                fail("python printed no descriptor:\n" + String.join("\n", lines));
            }
            CudaIpc.IpcExport e = CudaIpc.IpcExport.fromJson(json);
            assertEquals(List.of(rows, cols), List.of((int) e.shape()[0], (int) e.shape()[1]));
            if (lib.equals("torch")) {
                // The caching allocator put the array after the padding one, inside one cudaMalloc block.
                assertTrue(e.offset() > 0, "offset " + e.offset());
            }
            float[] values = readFloats(expect);
            assertEquals(rows * cols, values.length);
            try (CudaBuffer shared = CudaIpc.open(e)) {
                assertNotNull(shared);
                float[] got = new float[rows * cols];
                CudaCopies.d2h(shared, got);
                for (int i = 0; i < got.length; i++) {
                    assertEquals(values[i], got[i], "element " + i + " as " + lib + " wrote it");
                }
                float[] next = new float[got.length];
                for (int i = 0; i < got.length; i++) {
                    next[i] = got[i] * 2f + 1f;
                }
                CudaCopies.h2d(next, shared);
            }
            w.write("done\n");
            w.flush();
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out:\n" + String.join("\n", lines));
        String out = String.join("\n", lines);
        assertEquals(0, p.exitValue(), "python failed:\n" + out);
        assertTrue(out.contains("OK python-to-java"), out);
    }
}

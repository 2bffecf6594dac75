package dev.cvj.cuda;

import dev.cvj.cuda.test.TestKernels;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvj.cuda.test.GpuTest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

@GpuTest
class GraphGpuTest {
    @Test
    void captureAndReplay() {
        Device dev = Device.get(0);
        int n = 100_001;
        int[] start = new Random().ints(n, -1_000_000, 1_000_000).toArray();
        try (Module m = TestKernels.load(dev); Stream s = Stream.create(dev);
             DeviceMemory a = DeviceMemory.allocate(dev, 4L * n); DeviceMemory b = DeviceMemory.allocate(dev, 4L * n)) {
            a.copyFrom(start);
            // initcheck checks the memcpy node's source when the capture records it, before the kernel node has
            // ever written b: without this it reports every byte of b as read uninitialised.
            b.fill(0);
            Kernel add = m.kernel("add_i32");
            KernelArgs args = new KernelArgs().pointer(a).pointer(b).i32(3).i64(n);
            Runnable step = () -> {
                add.launch(Dim3.of(Dim3.blocksFor(n, 256)), Dim3.of(256), 0, s, args); // b = a + 3
                a.copyFrom(b, 0, s);                                                   // a = b
            };
            try (Graph g = Graph.record(s, step)) {
                assertEquals(2, g.nodeCount());
                assertFalse(s.isCapturing());
                try (GraphExec exec = g.instantiate()) {
                    exec.upload(s);
                    for (int i = 0; i < 10; i++) {
                        exec.launch(s);
                    }
                    s.synchronize();
                    exec.close();
                    assertThrows(IllegalStateException.class, () -> exec.launch(s));
                }
            }
            int[] out = new int[n];
            a.copyTo(out);
            for (int i = 0; i < n; i++) {
                assertEquals(start[i] + 30, out[i], "element " + i);
            }
            try (GraphExec once = Graph.capture(s, step)) {
                once.launch(s);
                s.synchronize();
            }
            a.copyTo(out);
            assertEquals(start[0] + 33, out[0]);
        }
    }

    @Test
    void countsNodesByType() {
        Device dev = Device.get(0);
        try (Stream s = Stream.create(dev)) {
            try (Graph g = Graph.record(s, () -> {
                DeviceMemory a = DeviceMemory.allocateAsync(4096, s);
                DeviceMemory b = DeviceMemory.allocateAsync(4096, s);
                b.fill(0, s);
                a.copyFrom(b, 0, s);
                a.close(s);
                b.close(s);
            })) {
                assertEquals(2, g.nodeCount(Graph.NodeType.MEM_ALLOC));
                assertEquals(2, g.nodeCount(Graph.NodeType.MEM_FREE));
                assertEquals(1, g.nodeCount(Graph.NodeType.MEMCPY));
                assertEquals(1, g.nodeCount(Graph.NodeType.MEMSET));
                assertEquals(0, g.nodeCount(Graph.NodeType.KERNEL));
                assertEquals(6, g.nodeCount());
            }
        }
    }

    @Test
    void kernelNodeParametersCanBePointedElsewhere() {
        Device dev = Device.get(0);
        int n = 4099;
        int[] start = new Random().ints(n, -1_000_000, 1_000_000).toArray();
        try (Module m = TestKernels.load(dev); Stream s = Stream.create(dev);
             DeviceMemory a = DeviceMemory.allocate(dev, 4L * n); DeviceMemory b = DeviceMemory.allocate(dev, 4L * n);
             DeviceMemory c = DeviceMemory.allocate(dev, 4L * n); DeviceMemory d = DeviceMemory.allocate(dev, 4L * n)) {
            a.copyFrom(start);
            b.fill(0);
            c.fill(0);
            Kernel add = m.kernel("add_i32");
            KernelArgs args = new KernelArgs().pointer(a).pointer(b).i32(5).i64(n);
            try (Graph g = Graph.record(s, () -> {
                add.launch(Dim3.of(Dim3.blocksFor(n, 256)), Dim3.of(256), 0, s, args); // b = a + 5
                d.copyFrom(b, 0, s);                                                   // d = b
            })) {
                assertTrue(g.memcpyRanges().orElseThrow().stream().anyMatch(r -> r[0] == b.address() && r[1] >= b.address() + 4L * n));
                assertTrue(g.memcpyRanges().orElseThrow().stream().anyMatch(r -> r[0] == d.address() && r[1] >= d.address() + 4L * n));
                List<KernelNode> kernels = g.kernelNodes().orElseThrow(() -> new AssertionError("driver without cuFuncGetParamInfo"));
                assertEquals(1, kernels.size());
                KernelNode k = kernels.get(0);
                assertEquals(4, k.parameterCount());
                assertEquals(8, k.parameterSize(0));
                assertEquals(4, k.parameterSize(2));
                assertEquals(a.address(), k.longAt(0, 0));
                assertEquals(b.address(), k.longAt(1, 0));
                assertThrows(IndexOutOfBoundsException.class, () -> k.longAt(2, 0));
                try (GraphExec exec = g.instantiate()) {
                    k.setLong(1, 0, c.address()); // the kernel now writes c; the copy still reads b
                    k.applyTo(exec);
                    exec.launch(s);
                    s.synchronize();
                }
            }
            int[] outB = new int[n], outC = new int[n];
            b.copyTo(outB);
            c.copyTo(outC);
            for (int i = 0; i < n; i++) {
                assertEquals(0, outB[i], "b, element " + i);
                assertEquals(start[i] + 5, outC[i], "c, element " + i);
            }
        }
    }

    @Test
    void failingWorkEndsTheCapture() {
        Device dev = Device.get(0);
        try (Stream s = Stream.create(dev); DeviceMemory m = DeviceMemory.allocate(dev, 1024)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Graph.capture(s, () -> {
                m.fill(1, s);
                throw new IllegalStateException("boom");
            }));
            assertEquals("boom", e.getMessage());
            assertFalse(s.isCapturing());
            // synchronizing inside a capture is illegal: CUDA says so, and the stream is fine afterwards
            assertThrows(CudaException.class, () -> Graph.capture(s, s::synchronize));
            assertFalse(s.isCapturing());
            m.fill(2, s);
            s.synchronize();
            byte[] back = new byte[1024];
            m.copyTo(back);
            assertEquals(2, back[1023]);
        }
    }
}

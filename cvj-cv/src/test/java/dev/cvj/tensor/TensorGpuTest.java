package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.interop.DeviceArray;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.SanitizerMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@GpuTest
class TensorGpuTest {
    private final Random rng = new Random();

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        rng.nextBytes(b);
        return b;
    }

    private float[] randomFloats(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = rng.nextFloat() * 200 - 100;
        }
        return f;
    }

    @Test
    void allocatePadsRowsAndCopiesRoundTrip() {
        Device dev = Device.get(0);
        try (Stream s = Stream.create(dev); var _ = CurrentStream.use(s)) {
            long[] shape = {2, 5, 7, 3};
            byte[] data = randomBytes(2 * 5 * 7 * 3);
            try (Tensor t = Tensor.allocate(shape, DataType.U8, TensorLayout.NHWC)) {
                assertFalse(t.isHost());
                assertSame(dev, t.device());
                assertArrayEquals(new long[] {160, 32, 3, 1}, t.strides());
                assertFalse(t.isContiguous());
                assertEquals(210, t.byteSize());
                assertEquals(160 + 4 * 32 + 21, t.byteSpan());
                assertEquals(t.byteSpan(), t.deviceMemory().byteSize());
                t.deviceMemory().fill(0, s); // the padding too: the raw span is read back below (initcheck)
                t.copyFrom(data);
                byte[] back = new byte[data.length];
                t.copyTo(back);
                assertArrayEquals(data, back);
                // the raw memory has the padded layout
                byte[] raw = new byte[(int) t.byteSpan()];
                t.deviceMemory().copyTo(0, java.lang.foreign.MemorySegment.ofArray(raw), s);
                for (int n = 0; n < 2; n++) {
                    for (int h = 0; h < 5; h++) {
                        for (int w = 0; w < 7; w++) {
                            for (int c = 0; c < 3; c++) {
                                assertEquals(data[((n * 5 + h) * 7 + w) * 3 + c], raw[n * 160 + h * 32 + w * 3 + c]);
                            }
                        }
                    }
                }
            }
            try (Tensor dense = Tensor.allocate(shape, DataType.U8, TensorLayout.NHWC, s, 1)) {
                assertTrue(dense.isContiguous());
                assertArrayEquals(new long[] {105, 21, 3, 1}, dense.strides());
            }
        }
    }

    @Test
    void defaultStreamIsThePerThreadDefault() {
        Device.get(0).makeCurrent();
        assertNull(CurrentStream.explicit());
        assertEquals(Stream.PER_THREAD_HANDLE, CurrentStream.get().handle());
        float[] f = randomFloats(64);
        try (Tensor t = Tensor.allocate(new long[] {8, 8}, DataType.F32, TensorLayout.HW)) {
            t.copyFrom(f);
            float[] g = new float[64];
            t.copyTo(g);
            assertArrayEquals(f, g);
            CudaArrayInterface cai = t.cuda();
            assertEquals(OptionalLong.of(2), cai.stream());
            assertNull(cai.strides(), "8 floats = 32 bytes: already aligned, so contiguous");
        }
    }

    @Test
    void hostDeviceCopiesWithStridesOnBothSides() {
        Device dev = Device.get(0);
        try (Stream s = Stream.create(dev)) {
            int rows = 9;
            int cols = 13;
            float[] src = randomFloats(rows * cols);
            // host view: the transpose of src
            Tensor hostT = Tensor.wrapHost(java.lang.foreign.MemorySegment.ofArray(src), new long[] {cols, rows},
                    DataType.F32, TensorLayout.HW, new long[] {4, 4L * cols});
            try (Tensor d = Tensor.allocate(new long[] {cols, rows}, DataType.F32, TensorLayout.HW, s);
                 Tensor pinned = Tensor.allocateHost(new long[] {cols, rows}, DataType.F32, TensorLayout.HW, true)) {
                assertArrayEquals(new long[] {64, 4}, d.strides(), "9 floats = 36 bytes padded to 64");
                d.copyFrom(hostT, s); // heap + strided: staged through native memory
                float[] got = new float[rows * cols];
                d.copyTo(got);
                for (int i = 0; i < cols; i++) {
                    for (int j = 0; j < rows; j++) {
                        assertEquals(src[j * cols + i], got[i * rows + j]);
                    }
                }
                pinned.copyFrom(d, s); // device (padded) -> pinned host (dense), one 2D copy
                float[] viaPinned = new float[rows * cols];
                pinned.copyTo(viaPinned);
                assertArrayEquals(got, viaPinned);
                try (Tensor h = d.slice(1, 2, 5).toHost()) {
                    float[] part = new float[cols * 5];
                    h.copyTo(part);
                    for (int i = 0; i < cols; i++) {
                        for (int j = 0; j < 5; j++) {
                            assertEquals(got[i * rows + j + 2], part[i * 5 + j]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void deviceViewsAndDeviceToDeviceCopies() {
        Device dev = Device.get(0);
        try (Stream s = Stream.create(dev); var _ = CurrentStream.use(s)) {
            int h = 6;
            int w = 10;
            int c = 3;
            byte[] img = randomBytes(h * w * c);
            try (Tensor t = Tensor.allocate(new long[] {h, w, c}, DataType.U8, TensorLayout.HWC)) {
                t.copyFrom(img);
                Tensor crop = t.slice(0, 1, 4).slice(1, 3, 5);
                assertEquals(t.address() + t.strides()[0] + 3 * 3, crop.address());
                byte[] got = new byte[4 * 5 * 3];
                crop.copyTo(got);
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 5; x++) {
                        for (int k = 0; k < c; k++) {
                            assertEquals(img[((y + 1) * w + x + 3) * c + k], got[(y * 5 + x) * c + k]);
                        }
                    }
                }
                // device -> device into a dense tensor, then write a patch back through the view
                try (Tensor copy = Tensor.allocate(new long[] {4, 5, 3}, DataType.U8, TensorLayout.HWC, s, 1)) {
                    copy.copyFrom(crop, s);
                    byte[] g2 = new byte[got.length];
                    copy.copyTo(g2);
                    assertArrayEquals(got, g2);
                    byte[] patch = randomBytes(got.length);
                    copy.copyFrom(patch);
                    crop.copyFrom(copy, s);
                    byte[] all = new byte[img.length];
                    t.copyTo(all);
                    byte[] model = img.clone();
                    for (int y = 0; y < 4; y++) {
                        for (int x = 0; x < 5; x++) {
                            for (int k = 0; k < c; k++) {
                                model[((y + 1) * w + x + 3) * c + k] = patch[(y * 5 + x) * c + k];
                            }
                        }
                    }
                    assertArrayEquals(model, all);
                }
                try (Tensor onDev = t.toDevice(dev, s)) {
                    byte[] g3 = new byte[img.length];
                    onDev.copyTo(g3);
                    byte[] all = new byte[img.length];
                    t.copyTo(all);
                    assertArrayEquals(all, g3);
                }
            }
        }
    }

    @Test
    void wrapsDeviceArrayWithoutCopying() {
        Device dev = Device.get(0);
        float[] f = randomFloats(4 * 6);
        try (DeviceMemory m = DeviceMemory.allocate(dev, 4 * 6 * 4)) {
            m.copyFrom(f);
            DeviceArray arr = DeviceArray.of(m, new long[] {4, 6}, "<f4");
            Tensor t = Tensor.asTensor(arr, TensorLayout.HW);
            assertEquals(m.address(), t.address());
            assertSame(dev, t.device());
            assertEquals(DataType.F32, t.dtype());
            float[] g = new float[24];
            t.copyTo(g);
            assertArrayEquals(f, g);
            // writes through the tensor land in the memory
            float[] f2 = randomFloats(24);
            t.copyFrom(f2);
            float[] g2 = new float[24];
            m.copyTo(g2);
            assertArrayEquals(f2, g2);
            t.close(); // borrowed: frees nothing
            m.copyTo(g2);
            // without a layout: none
            Tensor noLayout = Tensor.asTensor(arr, null);
            assertNull(noLayout.layout());
            m.close();
            assertThrows(IllegalStateException.class, () -> noLayout.copyTo(new float[24]));
            assertThrows(IllegalStateException.class, noLayout::address);
        }
    }

    @Test
    void wrapsPythonStyleMapAndChecksIt() {
        Device dev = Device.get(0);
        int[] data = new int[30];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextInt();
        }
        try (DeviceMemory m = DeviceMemory.allocate(dev, 30 * 4)) {
            m.copyFrom(data);
            // a Fortran-ordered 5x6 view, as {"strides": (4, 20)}
            Map<String, Object> cai = new java.util.HashMap<>();
            cai.put("shape", List.of(5L, 6L));
            cai.put("typestr", "<i4");
            cai.put("data", List.of(m.address(), true));
            cai.put("strides", List.of(4L, 20L));
            cai.put("version", 3L);
            Tensor t = Tensor.asTensor(cai, null);
            assertTrue(t.isReadOnly());
            assertFalse(t.isContiguous());
            int[] got = new int[30];
            t.copyTo(got);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 6; j++) {
                    assertEquals(data[j * 5 + i], got[i * 6 + j]);
                }
            }
            assertThrows(IllegalStateException.class, () -> t.copyFrom(new int[30]));
            var e = assertThrows(IllegalArgumentException.class, () -> Tensor.asTensor(cai, TensorLayout.HWC));
            assertTrue(e.getMessage().contains("HWC") && e.getMessage().contains("[5, 6]"), e.getMessage());
            cai.put("typestr", "<c8");
            assertThrows(IllegalArgumentException.class, () -> Tensor.asTensor(cai, null));
            cai.put("typestr", "<i4");
            cai.put("data", List.of(m.address() + 2, false));
            assertThrows(IllegalArgumentException.class, () -> Tensor.asTensor(cai, null), "misaligned");
        }
        // host memory is not device memory
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            long host = arena.allocate(64).address();
            var hostCai = CudaArrayInterface.of(new long[] {16}, "<f4", host, false, null, OptionalLong.empty());
            assertThrows(IllegalArgumentException.class, () -> Tensor.asTensor(hostCai, null));
        }
    }

    @Test
    void cudaInterfaceRoundTrips() {
        Device dev = Device.get(0);
        try (Stream s = Stream.create(dev); var _ = CurrentStream.use(s)) {
            byte[] img = randomBytes(3 * 7 * 3);
            try (Tensor t = Tensor.allocate(new long[] {3, 7, 3}, DataType.U8, TensorLayout.HWC)) {
                t.copyFrom(img);
                CudaArrayInterface cai = t.cuda();
                assertEquals(s.handle(), cai.stream().getAsLong());
                assertEquals(t.address(), cai.data());
                assertEquals("|u1", cai.typestr());
                assertArrayEquals(new long[] {32, 3, 1}, cai.strides());
                assertSame(cai.getClass(), t.cudaArrayInterface().getClass());
                for (CudaArrayInterface c : List.of(cai, CudaArrayInterface.fromMap(cai.toMap()),
                        CudaArrayInterface.fromJson(cai.toJson()))) {
                    Tensor w = Tensor.asTensor(c, TensorLayout.HWC);
                    assertEquals(t.address(), w.address());
                    assertArrayEquals(t.strides(), w.strides());
                    byte[] g = new byte[img.length];
                    w.copyTo(g);
                    assertArrayEquals(img, g);
                }
                Tensor view = Tensor.asTensor(t, null);
                assertSame(TensorLayout.HWC, view.layout(), "wrapping a tensor keeps its layout");
                t.close();
                assertThrows(IllegalStateException.class, view::cuda);
            }
            // cuda() reports the current stream at the time of the call
            try (Tensor t = Tensor.allocate(new long[] {4}, DataType.F32, TensorLayout.W, s);
                 Stream other = Stream.create(dev); var _ = CurrentStream.use(other)) {
                assertEquals(other.handle(), t.cuda().stream().getAsLong());
            }
        }
    }

    @Test
    void closingWhileTheStreamStillUsesTheMemoryIsSafe() {
        Device dev = Device.get(0);
        try (Stream s = Stream.create(dev); var _ = CurrentStream.use(s)) {
            long n = SanitizerMode.pick(64L << 20, 16L << 20);
            Tensor big = Tensor.allocate(new long[] {n}, DataType.U8, TensorLayout.W);
            Tensor src = Tensor.allocate(new long[] {n}, DataType.U8, TensorLayout.W);
            src.deviceMemory().fill(0, s); // initialised: compute-sanitizer initcheck flags copies of unwritten memory
            for (int i = 0; i < 20; i++) {
                big.copyFrom(src, s); // queued, asynchronous
            }
            big.close(); // freed after the copies, in s's order
            assertTrue(big.isClosed());
            assertThrows(IllegalStateException.class, big::address);
            Tensor again = Tensor.allocate(new long[] {n}, DataType.U8, TensorLayout.W);
            again.copyFrom(src, s);
            Stream other = Stream.create(dev);
            again.deviceMemory().fill(1, other);
            other.synchronize();
            again.close(other); // freed in other's order
            src.close();
            s.synchronize(); // no error: nothing was freed under running work
            other.close();
        }
    }

    @Test
    void consumerStreamWaitsForProducerStream() throws InterruptedException {
        if (SanitizerMode.active()) {
            consumerWaitsForAProducerHeldByAHostFunction();
            return;
        }
        Device dev = Device.get(0);
        long big = 256L << 20;
        int n = 1 << 20;
        try (Stream a = Stream.create(dev); Stream b = Stream.create(dev);
             DeviceMemory scratch1 = DeviceMemory.allocate(dev, big);
             DeviceMemory scratch2 = DeviceMemory.allocate(dev, big);
             DeviceMemory data = DeviceMemory.allocate(dev, n)) {
            data.fill(0);
            scratch1.fill(0); // initialised: compute-sanitizer initcheck flags copies of unwritten memory
            // a long-ish producer: copies that keep stream a busy, then the write the consumer must see
            for (int i = 0; i < 200; i++) {
                scratch2.copyFrom(scratch1, 0, a);
            }
            data.fill(7, a);
            CudaArrayInterface cai = new DeviceArray(data, new long[] {n}, "|u1", null, a).cudaArrayInterface();
            assertEquals(a.handle(), cai.stream().getAsLong());
            byte[] got = new byte[n];
            boolean producerBusy;
            try (var _ = CurrentStream.use(b)) {
                Tensor t = Tensor.asTensor(cai, TensorLayout.W); // b waits for a: an event, no host sync
                producerBusy = !a.isDone();
                t.copyTo(got); // on b
            }
            assumeTrue(producerBusy, "the producer finished before the consumer started: nothing was proven");
            for (int i = 0; i < n; i++) {
                if (got[i] != 7) {
                    fail("byte " + i + " is " + got[i] + ": the consumer did not wait for the producer");
                }
            }
        }
    }

    /**
     * The light form of {@link #consumerStreamWaitsForProducerStream} (under compute-sanitizer, where 200 copies of
     * 256 MiB are very slow): the producer stream is held by a host function until a gate opens, 2 s after the
     * start, long after the consumer's copy is queued. A consumer that did not wait would read the bytes before the
     * producer's write. (The gate opens by itself, so nothing can wait on it for ever, even if the tool made a
     * call block.)
     */
    private static void consumerWaitsForAProducerHeldByAHostFunction() throws InterruptedException {
        Device dev = Device.get(0);
        int n = 1 << 20;
        CountDownLatch gate = new CountDownLatch(1);
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.countDown();
        });
        byte[] got = new byte[n];
        boolean producerBusy;
        try (Stream a = Stream.create(dev); Stream b = Stream.create(dev); DeviceMemory data = DeviceMemory.allocate(dev, n)) {
            data.fill(0);
            opener.start();
            try {
                a.launchHostFunc(() -> {
                    try {
                        gate.await(60, TimeUnit.SECONDS); // holds stream a
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                data.fill(7, a);
                CudaArrayInterface cai = new DeviceArray(data, new long[] {n}, "|u1", null, a).cudaArrayInterface();
                assertEquals(a.handle(), cai.stream().getAsLong());
                try (var _ = CurrentStream.use(b)) {
                    Tensor t = Tensor.asTensor(cai, TensorLayout.W); // b waits for a: an event, no host sync
                    producerBusy = !a.isDone();
                    t.copyTo(got); // on b: returns once the gate opened and a's write is done
                }
            } finally {
                gate.countDown();
                opener.join();
            }
        }
        for (int i = 0; i < n; i++) {
            if (got[i] != 7) {
                fail("byte " + i + " is " + got[i] + ": the consumer did not wait for the producer");
            }
        }
        assumeTrue(producerBusy, "the producer was done before the consumer started (a blocking call?): nothing was proven");
    }

    @Test
    void eightThreadsEachWithItsOwnStream() throws Exception {
        Device dev = Device.get(0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = rng.nextLong();
                futures.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    dev.makeCurrent();
                    try (Stream s = Stream.create(dev); var _ = CurrentStream.use(s)) {
                        for (int iter = 0; iter < 25; iter++) {
                            int h = 1 + r.nextInt(40);
                            int w = 1 + r.nextInt(40);
                            int c = 1 + r.nextInt(4);
                            float[] f = new float[h * w * c];
                            for (int i = 0; i < f.length; i++) {
                                f[i] = r.nextFloat();
                            }
                            // b is allocated, not a.toDevice(): a copy of a before a.copyFrom would read unwritten
                            // memory (initcheck reported it)
                            try (Tensor a = Tensor.allocate(new long[] {h, w, c}, DataType.F32, TensorLayout.HWC);
                                 Tensor b = Tensor.allocate(new long[] {h, w, c}, DataType.F32, TensorLayout.HWC)) {
                                a.copyFrom(f);
                                b.copyFrom(a, null);
                                float[] g = new float[f.length];
                                b.copyTo(g);
                                assertArrayEquals(f, g, "thread " + Thread.currentThread().getName() + " iteration " + iter);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> fu : futures) {
                fu.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}

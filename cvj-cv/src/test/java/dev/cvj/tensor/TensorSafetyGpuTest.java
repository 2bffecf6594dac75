package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Device tensors: overlapping copies, overflowing shapes, holds and close racing copies. */
@GpuTest
class TensorSafetyGpuTest {
    private static final long SEED = System.nanoTime();
    private final Random rng = new Random(SEED);

    @Test
    void overlappingDeviceRowViewsCopyAsIfBuffered() {
        System.out.println("TensorSafetyGpuTest seed " + SEED);
        int rows = 16;
        int cols = 37;
        try (Stream s = Stream.create(Device.get(0))) {
            for (int shift : new int[] {-5, -1, 1, 3}) {
                byte[] data = new byte[rows * cols];
                rng.nextBytes(data);
                // padded rows (HW layout): each row copy is a 2D copy whose source and destination overlap
                try (Tensor t = Tensor.allocate(new long[] {rows, cols}, DataType.U8, TensorLayout.HW, s)) {
                    t.copyFrom(data);
                    int n = rows - Math.abs(shift);
                    int srcStart = Math.max(0, -shift);
                    int dstStart = Math.max(0, shift);
                    t.slice(0, dstStart, n).copyFrom(t.slice(0, srcStart, n), s);
                    byte[] expected = data.clone();
                    System.arraycopy(data, srcStart * cols, expected, dstStart * cols, n * cols);
                    byte[] back = new byte[rows * cols];
                    t.copyTo(back);
                    assertArrayEquals(expected, back, "shift " + shift + ", seed " + SEED);
                }
            }
        }
    }

    @Test
    void allocateRefusesAShapeThatOverflowsBeforeAllocating() {
        try (Stream s = Stream.create(Device.get(0))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.allocate(new long[] {2, 2, 1L << 62}, DataType.U8, null, s));
            assertTrue(e.getMessage().startsWith("Tensor.allocate:"), e.getMessage());
        }
    }

    @Test
    void aHoldKeepsDeviceMemoryAfterTheTensorIsClosed() {
        float[] values = new float[256];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextFloat();
        }
        try (Stream s = Stream.create(Device.get(0))) {
            Tensor t = Tensor.allocate(new long[] {256}, DataType.F32, null, s);
            t.copyFrom(values);
            DeviceMemory view = t.deviceMemory();
            MemoryHold hold = t.hold();
            t.close();
            float[] back = new float[256];
            view.copyTo(MemorySegment.ofArray(back)); // still allocated: the hold has it
            assertArrayEquals(values, back);
            hold.close();
            assertThrows(IllegalStateException.class, () -> view.copyTo(MemorySegment.ofArray(back)), "freed with the last hold");
        }
    }

    @Test
    void closeRacingDeviceCopiesEndsInACompletedCopyOrCvjsClosedError() throws Exception {
        byte[] src = new byte[1 << 16];
        rng.nextBytes(src);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Stream s = Stream.create(Device.get(0))) {
            for (int i = 0; i < 500; i++) {
                Tensor t = Tensor.allocate(new long[] {src.length}, DataType.U8, null, s);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<?> copier = pool.submit(() -> {
                    start.await();
                    try {
                        t.copyFrom(src);
                    } catch (IllegalStateException e) {
                        assertTrue(e.getMessage().contains("tensor") && e.getMessage().contains("closed"), e.getMessage());
                    }
                    return null;
                });
                Future<?> closer = pool.submit(() -> {
                    start.await();
                    t.close();
                    return null;
                });
                closer.get(10, TimeUnit.SECONDS);
                copier.get(10, TimeUnit.SECONDS);
            }
            s.synchronize();
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.interop.DeviceArray;
import dev.cvj.cuda.test.GpuTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Device batches of tensors of different shapes: uploads, descriptor bytes, lifetime against queued work, interop. */
@GpuTest
class TensorBatchGpuTest {
    private final Random rng = new Random();
    private final Device dev = Device.get(0);

    private Tensor randomTensor(Stream s) {
        long[] shape = {1 + rng.nextInt(40), 1 + rng.nextInt(40), 1 + rng.nextInt(4)};
        Tensor t = Tensor.allocate(shape, DataType.F32, TensorLayout.HWC, s);
        float[] f = new float[(int) t.elementCount()];
        for (int i = 0; i < f.length; i++) {
            f[i] = rng.nextFloat();
        }
        try (var _ = CurrentStream.use(s)) {
            t.copyFrom(f);
        }
        return t;
    }

    /** The descriptor bytes the class notes promise: data, shape[15], strides[15], zeros past the rank. */
    private static byte[] expectedDescriptors(List<Tensor> tensors) {
        ByteBuffer b = ByteBuffer.allocate(248 * tensors.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors) {
            b.putLong(t.address());
            long[] shape = t.shape();
            long[] strides = t.strides();
            for (int k = 0; k < 15; k++) {
                b.putLong(k < shape.length ? shape[k] : 0);
            }
            for (int k = 0; k < 15; k++) {
                b.putLong(k < strides.length ? strides[k] : 0);
            }
        }
        return b.array();
    }

    @Test
    void descriptorsAreUploadedOnlyAfterAChangeAndMatchTheTensors() {
        List<Tensor> tensors = new ArrayList<>();
        try (Stream s = Stream.create(dev); TensorBatch b = TensorBatch.create(16, dev)) {
            for (int i = 0; i < 5; i++) {
                tensors.add(randomTensor(s));
                b.pushBack(tensors.get(i));
            }
            long table = b.descriptors(s);
            assertEquals(table, b.descriptors(s));
            assertEquals(1, b.uploadCount());
            assertArrayEquals(expectedDescriptors(tensors), DeviceBytes.read(dev, table, 5 * 248, s));
            Tensor big = randomTensor(s);
            tensors.add(big.slice(0, 0, 1)); // a strided view
            b.pushBack(tensors.get(5));
            table = b.descriptors(s);
            b.descriptors(s);
            assertEquals(2, b.uploadCount());
            assertArrayEquals(expectedDescriptors(tensors), DeviceBytes.read(dev, table, 6 * 248, s));
            big.close();
            tensors.remove(5);
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    @Test
    void closingABatchWhileAQueuedCopyReadsItsTableIsSafe() {
        CountDownLatch gate = new CountDownLatch(1);
        try (Stream s = Stream.create(dev)) {
            List<Tensor> owners = List.of(randomTensor(s), randomTensor(s), randomTensor(s));
            byte[] expected = expectedDescriptors(owners);
            try (DeviceMemory copy = DeviceMemory.allocate(dev, expected.length)) {
                TensorBatch b = TensorBatch.create(3, dev);
                try {
                    owners.forEach(b::pushBack);
                    owners.forEach(Tensor::close);
                    s.launchHostFunc(() -> {
                        try {
                            gate.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    long table = b.descriptors(s);
                    copy.copyFrom(DeviceMemory.wrap(dev, table, expected.length), 0, s);
                    b.close();
                    assertFalse(s.isDone(), "close() did not wait for the device");
                } finally {
                    gate.countDown();
                    b.close();
                }
                s.synchronize();
                byte[] got = new byte[expected.length];
                copy.copyTo(got);
                assertArrayEquals(expected, got);
            }
        }
    }

    @Test
    void fromCudaArraysWrapsWithoutCopying() {
        try (Stream s = Stream.create(dev); var _ = CurrentStream.use(s);
             DeviceMemory m = DeviceMemory.allocate(dev, 4 * 10 * 4)) {
            List<CudaArray> arrays = List.of(DeviceArray.of(m, new long[] {4, 10}, "<f4"),
                    DeviceArray.of(m, new long[] {2, 3}, "<f4"));
            try (TensorBatch b = TensorBatch.fromCudaArrays(arrays, TensorLayout.HW)) {
                assertEquals(2, b.rank());
                assertEquals(DataType.F32, b.dtype());
                assertEquals(TensorLayout.HW, b.layout());
                assertEquals(m.address(), b.tensor(1).address());
                List<CudaArrayInterface> back = b.cudaArrayInterfaces();
                assertArrayEquals(new long[] {2, 3}, back.get(1).shape());
                assertEquals("<f4", back.get(1).typestr());
            }
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> TensorBatch.fromCudaArrays(List.of(DeviceArray.of(m, new long[] {4, 10}, "<f4"),
                            DeviceArray.of(m, new long[] {40}, "<f4")), null));
            assertTrue(e.getMessage().contains("TensorBatch.fromCudaArrays") && e.getMessage().contains("tensor 1")
                    && e.getMessage().contains("rank 1"), e.getMessage());
        }
    }
}

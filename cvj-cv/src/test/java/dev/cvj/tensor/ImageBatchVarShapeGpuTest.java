package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArray;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.interop.DeviceArray;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.RequiresGpus;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Device batches of images of different sizes: uploads, descriptor bytes, lifetime against queued work, interop. */
@GpuTest
class ImageBatchVarShapeGpuTest {
    private final Random rng = new Random();
    private final Device dev = Device.get(0);

    private Tensor randomImage(int h, int w, Stream s) {
        Tensor t = Tensor.allocate(new long[] {h, w, 3}, DataType.U8, TensorLayout.HWC, s);
        byte[] b = new byte[h * w * 3];
        rng.nextBytes(b);
        try (var _ = CurrentStream.use(s)) {
            t.copyFrom(b);
        }
        return t;
    }

    /** The descriptor bytes the class notes promise, from each tensor's own address, strides and shape. */
    static byte[] expectedDescriptors(List<Tensor> images) {
        ByteBuffer b = ByteBuffer.allocate(32 * images.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : images) {
            int r = t.rank();
            b.putLong(t.address()).putLong(t.strides()[r - 3]).putInt((int) t.shape(r - 3)).putInt((int) t.shape(r - 2))
                    .putLong(0);
        }
        return b.array();
    }

    @Test
    void descriptorsAreUploadedOnceForUnchangedContentsAndAgainAfterEachChange() {
        List<Tensor> images = new ArrayList<>();
        try (Stream s = Stream.create(dev); Stream s2 = Stream.create(dev);
             ImageBatchVarShape b = ImageBatchVarShape.create(8, dev)) {
            assertSame(dev, b.device());
            assertFalse(b.isHost());
            assertEquals(0, b.descriptors(s), "an empty batch has no table");
            assertEquals(0, b.uploadCount());
            for (int i = 0; i < 3; i++) {
                images.add(randomImage(1 + rng.nextInt(300), 1 + rng.nextInt(300), s));
                b.pushBack(images.get(i));
            }
            long table = b.descriptors(s);
            assertEquals(1, b.uploadCount());
            assertEquals(table, b.descriptors(s));
            assertEquals(table, b.descriptors(s));
            assertEquals(1, b.uploadCount(), "unchanged contents: no upload");
            assertArrayEquals(expectedDescriptors(images), DeviceBytes.read(dev, table, 96, s));

            Tensor wide = randomImage(7, 900, s);
            images.add(wide.slice(1, 100, 333)); // a crop: the pitch of its image
            b.pushBack(images.get(3));
            long t2 = b.descriptors(s);
            assertEquals(2, b.uploadCount(), "a push is a change");
            assertArrayEquals(expectedDescriptors(images), DeviceBytes.read(dev, t2, 128, s));

            b.popBack();
            images.remove(3);
            wide.close();
            Tensor other = randomImage(11, 13, s);
            images.add(other);
            b.pushBack(other); // same size as before, other contents
            long t3 = b.descriptors(s);
            assertEquals(3, b.uploadCount());
            assertArrayEquals(expectedDescriptors(images), DeviceBytes.read(dev, t3, 128, s));

            assertEquals(t3, b.descriptors(s2), "another stream, unchanged contents: the same table");
            assertEquals(3, b.uploadCount());
            assertArrayEquals(expectedDescriptors(images), DeviceBytes.read(dev, t3, 128, s2));

            b.clear();
            assertEquals(0, b.descriptors(s));
            assertEquals(3, b.uploadCount(), "an empty batch uploads nothing");
        } finally {
            images.forEach(Tensor::close);
        }
    }

    @Test
    void aGrowingBatchKeepsItsTableRightAcrossReallocations() {
        List<Tensor> images = new ArrayList<>();
        try (Stream s = Stream.create(dev); ImageBatchVarShape b = ImageBatchVarShape.create(100, dev)) {
            long table = 0;
            for (int i = 0; i < 70; i++) {
                Tensor t = randomImage(1 + rng.nextInt(64), 1 + rng.nextInt(64), s);
                images.add(t);
                b.pushBack(t);
                table = b.descriptors(s);
            }
            assertEquals(70, b.uploadCount());
            assertArrayEquals(expectedDescriptors(images), DeviceBytes.read(dev, table, 70 * 32, s));
        } finally {
            images.forEach(Tensor::close);
        }
    }

    @Test
    void closingABatchWhileAQueuedCopyReadsItsTableAndImagesIsSafe() throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        int n = 6;
        try (Stream s = Stream.create(dev); Stream other = Stream.create(dev)) {
            List<Tensor> owners = new ArrayList<>();
            List<byte[]> pixels = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Tensor t = randomImage(50 + rng.nextInt(200), 50 + rng.nextInt(200), s);
                owners.add(t);
                byte[] p = new byte[(int) t.byteSize()];
                try (var _ = CurrentStream.use(s)) {
                    t.copyTo(p);
                }
                pixels.add(p);
            }
            byte[] expected = expectedDescriptors(owners);
            DeviceMemory tableCopy = DeviceMemory.allocate(dev, expected.length);
            List<DeviceMemory> pixelCopies = new ArrayList<>();
            ImageBatchVarShape b = ImageBatchVarShape.create(n, dev);
            try {
                for (Tensor t : owners) {
                    b.pushBack(t);
                    pixelCopies.add(DeviceMemory.allocate(dev, t.byteSpan()));
                }
                for (Tensor t : owners) {
                    t.close(); // the batch's holds are all that keep the images now
                }
                s.launchHostFunc(() -> {
                    try {
                        gate.await(60, TimeUnit.SECONDS); // holds the stream until the batch is closed
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                long table = b.descriptors(s); // the upload is queued behind the gate
                tableCopy.copyFrom(DeviceMemory.wrap(dev, table, expected.length), 0, s); // reads the table
                for (int i = 0; i < n; i++) {
                    pixelCopies.get(i).copyFrom(b.image(i).deviceMemory(), 0, s); // reads the images
                }
                b.close(); // frees in the order of s: after the copies
                assertFalse(s.isDone(), "close() returned while the gate holds the stream: it did not wait for the device");
                // Memory freed too early would go back to the pool now and could be handed out and overwritten here.
                List<DeviceMemory> scribbles = new ArrayList<>();
                for (Tensor t : owners) {
                    DeviceMemory m = DeviceMemory.allocateAsync(t.byteSpan(), other);
                    m.fill(0x5A, other);
                    scribbles.add(m);
                }
                other.synchronize();
                scribbles.forEach(m -> m.close(other));
            } finally {
                gate.countDown();
                b.close();
            }
            s.synchronize();
            byte[] gotTable = new byte[expected.length];
            tableCopy.copyTo(gotTable);
            assertArrayEquals(expected, gotTable, "the queued copy read the table as uploaded");
            for (int i = 0; i < n; i++) {
                Tensor t = owners.get(i);
                byte[] raw = new byte[(int) t.byteSpan()];
                pixelCopies.get(i).copyTo(raw);
                long pitch = t.strides()[0];
                int row = (int) (t.shape(1) * 3);
                for (int y = 0; y < t.shape(0); y++) {
                    for (int x = 0; x < row; x++) {
                        if (raw[(int) (y * pitch) + x] != pixels.get(i)[y * row + x]) {
                            throw new AssertionError("image " + i + " byte (" + y + ", " + x + ") changed: freed before the queued copy read it");
                        }
                    }
                }
            }
            tableCopy.close();
            pixelCopies.forEach(DeviceMemory::close);
        }
    }

    @Test
    void anotherStreamWaitsForTheUploadQueuedOnTheFirst() throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        List<Tensor> images = new ArrayList<>();
        try (Stream s1 = Stream.create(dev); Stream s2 = Stream.create(dev); ImageBatchVarShape b = ImageBatchVarShape.create(4, dev)) {
            for (int i = 0; i < 4; i++) {
                images.add(randomImage(1 + rng.nextInt(90), 1 + rng.nextInt(90), s1));
                b.pushBack(images.get(i));
            }
            byte[] expected = expectedDescriptors(images);
            try (DeviceMemory copy = DeviceMemory.allocate(dev, expected.length)) {
                copy.fill(0);
                try {
                    s1.launchHostFunc(() -> {
                        try {
                            gate.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    long table = b.descriptors(s1); // queued behind the gate
                    assertEquals(table, b.descriptors(s2)); // no change: no upload, but s2 must wait for s1's
                    assertEquals(1, b.uploadCount());
                    copy.copyFrom(DeviceMemory.wrap(dev, table, expected.length), 0, s2);
                    assertFalse(s2.isDone(), "s2 waits for the upload on s1, which waits for the gate");
                } finally {
                    gate.countDown();
                }
                s2.synchronize();
                byte[] got = new byte[expected.length];
                copy.copyTo(got);
                assertArrayEquals(expected, got, "s2 read the table after s1 uploaded it");
            }
        } finally {
            images.forEach(Tensor::close);
        }
    }

    @Test
    void imagesOnTheWrongSideAreRefused() {
        try (Stream s = Stream.create(dev); ImageBatchVarShape d = ImageBatchVarShape.create(2, dev);
             ImageBatchVarShape h = ImageBatchVarShape.createHost(2);
             Tensor onHost = Tensor.allocateHost(new long[] {2, 2, 3}, DataType.U8, TensorLayout.HWC);
             Tensor onDevice = randomImage(2, 2, s)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.pushBack(onHost));
            assertTrue(e.getMessage().contains("image 0") && e.getMessage().contains("in host memory")
                    && e.getMessage().contains("the batch is on " + dev), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> h.pushBack(onDevice));
            assertTrue(e.getMessage().contains("is on " + dev) && e.getMessage().contains("host batch"), e.getMessage());
            IllegalStateException st = assertThrows(IllegalStateException.class, d::hostDescriptors);
            assertTrue(st.getMessage().contains("descriptors(stream)"), st.getMessage());
            assertEquals(0, d.size());
            assertEquals(0, h.size());
        }
    }

    @Test
    @Tag("multigpu")
    @RequiresGpus(2)
    void imagesAndStreamsOfAnotherDeviceAreRefused() {
        Device d1 = Device.get(1);
        try (Stream s1 = Stream.create(d1); ImageBatchVarShape b = ImageBatchVarShape.create(2, dev);
             Tensor far = randomImage(3, 3, s1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.pushBack(far));
            assertTrue(e.getMessage().contains("is on " + d1) && e.getMessage().contains("the batch is on " + dev), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> b.descriptors(s1));
            assertTrue(e.getMessage().contains("ImageBatchVarShape.descriptors"), e.getMessage());
        }
    }

    @Test
    void anImageClosedByItsOwnerIsReadThroughTheBatch() {
        try (Stream s = Stream.create(dev); var _ = CurrentStream.use(s); ImageBatchVarShape b = ImageBatchVarShape.create(1, dev)) {
            Tensor owner = randomImage(33, 17, s);
            byte[] expected = new byte[33 * 17 * 3];
            owner.copyTo(expected);
            b.pushBack(owner);
            owner.close();
            byte[] got = new byte[expected.length];
            b.image(0).copyTo(got);
            assertArrayEquals(expected, got);
        }
    }

    @Test
    void fromCudaArraysWrapsWithoutCopyingAndGivesEachInterfaceBack() {
        try (Stream s = Stream.create(dev); var _ = CurrentStream.use(s);
             DeviceMemory m = DeviceMemory.allocate(dev, 4 * 5 * 3);
             Tensor t = randomImage(6, 7, s)) {
            m.fill(9);
            List<CudaArray> arrays = List.of(DeviceArray.of(m, new long[] {4, 5, 3}, "|u1"), t);
            try (ImageBatchVarShape b = ImageBatchVarShape.fromCudaArrays(arrays, TensorLayout.HWC)) {
                assertEquals(2, b.size());
                assertEquals(2, b.capacity());
                assertEquals(m.address(), b.image(0).address(), "zero copy");
                assertEquals(t.address(), b.image(1).address(), "zero copy");
                assertEquals(new ImageSize(7, 6), b.maxSize());
                List<CudaArrayInterface> back = b.cudaArrayInterfaces();
                assertEquals(m.address(), back.get(0).data());
                assertArrayEquals(new long[] {4, 5, 3}, back.get(0).shape());
                assertEquals(t.cuda().data(), back.get(1).data());
                assertArrayEquals(t.strides(), back.get(1).stridesOrContiguous());

                List<Map<String, Object>> maps = back.stream().map(CudaArrayInterface::toMap).toList();
                try (ImageBatchVarShape again = ImageBatchVarShape.fromCudaArrayMaps(maps, TensorLayout.HWC);
                     ImageBatchVarShape viaCai = ImageBatchVarShape.fromCudaArrayInterfaces(back, TensorLayout.HWC)) {
                    long table = again.descriptors(s);
                    List<Tensor> views = new ArrayList<>();
                    b.forEach(views::add);
                    assertArrayEquals(expectedDescriptors(views), DeviceBytes.read(dev, table, 64, s));
                    assertEquals(t.address(), viaCai.image(1).address());
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageBatchVarShape.fromCudaArrays(
                    List.of(t, DeviceArray.of(m, new long[] {4, 15}, "|u1")), TensorLayout.HW));
            assertTrue(e.getMessage().contains("ImageBatchVarShape.fromCudaArrays"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ImageBatchVarShape.fromCudaArrays(
                    List.of(t, DeviceArray.of(m, new long[] {4, 15, 1}, "|u1")), TensorLayout.HWC));
            assertTrue(e.getMessage().contains("image 1") && e.getMessage().contains("1 x U8"), e.getMessage());
        }
    }
}

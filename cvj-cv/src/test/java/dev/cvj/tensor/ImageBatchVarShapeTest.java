package dev.cvj.tensor;

import static dev.cvj.tensor.ExpectedMessage.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Host batches of images of different sizes: checks, lifetime, order, descriptors. */
class ImageBatchVarShapeTest {
    private final Random rng = new Random();

    private static Tensor hostImage(int h, int w, int c, DataType dt) {
        return Tensor.allocateHost(new long[] {h, w, c}, dt, TensorLayout.HWC);
    }

    private Tensor randomImage(int h, int w, int c) {
        Tensor t = hostImage(h, w, c, DataType.U8);
        byte[] b = new byte[h * w * c];
        rng.nextBytes(b);
        t.copyFrom(b);
        return t;
    }

    // ---- capacity --------------------------------------------------------------------------------------

    @Test
    void aNegativeCapacityIsRefused() {
        assertMessage(IllegalArgumentException.class, () -> ImageBatchVarShape.createHost(-1),
                "ImageBatchVarShape.createHost", "capacity must be >= 0, got -1");
    }

    @Test
    void aBatchOfCapacityZeroTakesNoImage() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(0); Tensor img = hostImage(2, 2, 3, DataType.U8)) {
            assertEquals(0, b.capacity());
            assertMessage(IllegalStateException.class, () -> b.pushBack(img),
                    "ImageBatchVarShape.pushBack", "full (capacity 0)", "image 0 does not fit");
            assertEquals(0, b.size());
            assertEquals(0, b.hostDescriptors().byteSize());
        }
    }

    @Test
    void aFullBatchRefusesTheNextImageAndKeepsItsImages() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(2); Tensor a = randomImage(2, 3, 3);
             Tensor c = randomImage(4, 5, 3); Tensor d = randomImage(1, 1, 3)) {
            b.pushBack(a);
            b.pushBack(c);
            assertMessage(IllegalStateException.class, () -> b.pushBack(d), "full (capacity 2)", "image 2 does not fit");
            assertEquals(2, b.size());
            assertEquals(new ImageSize(5, 4), b.imageSize(1));
        }
    }

    @Test
    void aHugeCapacityAllocatesNothingUpFront() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(Integer.MAX_VALUE); Tensor a = randomImage(3, 4, 3)) {
            assertEquals(Integer.MAX_VALUE, b.capacity());
            b.pushBack(a);
            b.pushBack(a);
            assertEquals(2 * ImageBatchVarShape.DESCRIPTOR_BYTES, b.hostDescriptors().byteSize());
        }
    }

    // ---- images refused ---------------------------------------------------------------------------------

    @Test
    void aNullImageIsRefused() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(4)) {
            assertMessage(NullPointerException.class, () -> b.pushBack(null), "ImageBatchVarShape.pushBack", "image 0 is null");
        }
    }

    @Test
    void aClosedImageIsRefused() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(4)) {
            Tensor img = randomImage(2, 2, 3);
            img.close();
            assertMessage(IllegalStateException.class, () -> b.pushBack(img), "ImageBatchVarShape.pushBack", "image 0", "is closed");
            Tensor owner = randomImage(4, 4, 3);
            Tensor view = owner.slice(0, 1, 2);
            owner.close();
            assertMessage(IllegalStateException.class, () -> b.pushBack(view), "image 0", "is closed");
            assertEquals(0, b.size());
        }
    }

    @Test
    void imagesOfOtherPixelsAreRefusedNamingBoth() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(4); Tensor rgb = randomImage(3, 3, 3);
             Tensor gray = hostImage(3, 3, 1, DataType.U8); Tensor f32 = hostImage(3, 3, 3, DataType.F32)) {
            b.pushBack(rgb);
            long[] before = descriptorLongs(b);
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(gray),
                    "image 1", "pixels of 1 x U8", "the batch's are 3 x U8", "set by image 0");
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(f32), "image 1", "pixels of 3 x F32", "3 x U8");
            assertEquals(1, b.size());
            assertArrayEquals(before, descriptorLongs(b), "a refused image leaves the descriptors as they were");
        }
    }

    @Test
    void nonImagesAreRefusedNamingTheLayout() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(4);
             Tensor noLayout = Tensor.allocateHost(new long[] {2, 2, 3}, DataType.U8, null);
             Tensor chw = Tensor.allocateHost(new long[] {3, 2, 2}, DataType.U8, TensorLayout.CHW);
             Tensor two = Tensor.allocateHost(new long[] {2, 2, 2, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor empty = Tensor.allocateHost(new long[] {0, 5, 3}, DataType.U8, TensorLayout.HWC)) {
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(noLayout), "image 0", "has no layout", "HWC");
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(chw), "layout CHW", "an image is HWC, or NHWC with N = 1");
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(two), "holds N = 2 images", "one by one");
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(empty), "is empty");
            assertEquals(0, b.size());
            b.pushBack(two.slice(0, 1, 1)); // one image of the NHWC pair: accepted
            assertEquals(new ImageSize(2, 2), b.imageSize(0));
        }
    }

    @Test
    void unpackedPixelsAreRefusedButAnyRowPitchIsTaken() {
        try (Arena arena = Arena.ofConfined(); ImageBatchVarShape b = ImageBatchVarShape.createHost(8);
             Tensor rgb = randomImage(4, 6, 3)) {
            MemorySegment seg = arena.allocate(4096, 16);
            Tensor planar = Tensor.wrapHost(seg, new long[] {4, 5, 3}, DataType.U8, TensorLayout.HWC, new long[] {5, 1, 20});
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(planar), "image 0", "channel stride 20 bytes", "packed");
            Tensor twoOfThree = rgb.slice(2, 0, 2); // channels 0..1 of an RGB image: pixel stride 3, not 2
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(twoOfThree), "pixel stride 3 bytes", "2 bytes");
            Tensor overlapping = Tensor.wrapHost(seg, new long[] {4, 5, 3}, DataType.U8, TensorLayout.HWC, new long[] {10, 3, 1});
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(overlapping), "row pitch 10 bytes", "row of 15 bytes", "overlap");
            assertEquals(0, b.size());

            Tensor padded = Tensor.wrapHost(seg, new long[] {4, 5, 3}, DataType.U8, TensorLayout.HWC, new long[] {64, 3, 1});
            Tensor crop = rgb.slice(1, 2, 3); // columns 2..4: pitch stays 18
            Tensor oneColumnGray = Tensor.wrapHost(seg, new long[] {7, 1, 3}, DataType.U8, TensorLayout.HWC, new long[] {100, 999, 1});
            b.pushBack(padded);
            b.pushBack(crop);
            b.pushBack(oneColumnGray); // W = 1: the pixel stride is never used
            assertEquals(3, b.size());
        }
    }

    @Test
    void imagesInJavaArraysAreRefused() {
        byte[] pixels = new byte[2 * 2 * 3];
        Tensor heap = Tensor.wrapHost(MemorySegment.ofArray(pixels), new long[] {2, 2, 3}, DataType.U8, TensorLayout.HWC, null);
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(1)) {
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(heap), "image 0", "Java array", "native memory");
        }
    }

    @Test
    void aHostBatchHasNoDeviceDescriptorsOrInterfaces() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(1)) {
            assertTrue(b.isHost());
            assertNull(b.device());
            assertMessage(IllegalStateException.class, () -> b.descriptors(null), "ImageBatchVarShape.descriptors", "host batch", "hostDescriptors()");
            assertMessage(IllegalStateException.class, b::cudaArrayInterfaces, "host batch");
        }
    }

    // ---- removal ---------------------------------------------------------------------------------------

    @Test
    void popBackOnAnEmptyBatchAndBadCountsAreRefused() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(4); Tensor a = randomImage(2, 2, 3)) {
            assertMessage(IllegalStateException.class, b::popBack, "ImageBatchVarShape.popBack", "the batch is empty");
            b.pushBack(a);
            b.pushBack(a);
            assertMessage(IllegalArgumentException.class, () -> b.popBack(0), "count 0", "[1, 2]");
            assertMessage(IllegalArgumentException.class, () -> b.popBack(3), "count 3", "[1, 2]");
            assertMessage(IllegalArgumentException.class, () -> b.popBack(-1), "count -1");
            assertEquals(2, b.size());
            b.popBack(2);
            assertEquals(0, b.size());
            b.clear(); // clearing an empty batch is fine
        }
    }

    @Test
    void anEmptiedBatchTakesImagesOfOtherPixels() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(4); Tensor rgb = randomImage(2, 2, 3);
             Tensor f = hostImage(3, 1, 1, DataType.F32)) {
            assertNull(b.uniqueFormat());
            b.pushBack(rgb);
            assertEquals(new PixelType(3, DataType.U8), b.uniqueFormat());
            assertTrue(b.uniqueFormat().matches(ImageFormat.RGB8));
            assertTrue(b.uniqueFormat().matches(ImageFormat.BGR8));
            assertFalse(b.uniqueFormat().matches(ImageFormat.RGBA8));
            assertFalse(b.uniqueFormat().matches(ImageFormat.RGBf32));
            b.popBack();
            assertNull(b.uniqueFormat());
            b.pushBack(f);
            assertEquals(new PixelType(1, DataType.F32), b.uniqueFormat());
            b.clear();
            b.pushBack(rgb);
            assertEquals(PixelType.of(ImageFormat.RGB8), b.uniqueFormat());
        }
    }

    @Test
    void indexOutOfRangeNamesTheBatchSize() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(4); Tensor a = randomImage(2, 2, 3)) {
            b.pushBack(a);
            assertMessage(IndexOutOfBoundsException.class, () -> b.image(1), "ImageBatchVarShape.image", "index 1", "batch of 1 images");
            assertMessage(IndexOutOfBoundsException.class, () -> b.image(-1), "index -1");
            assertMessage(IndexOutOfBoundsException.class, () -> b.imageSize(5), "ImageBatchVarShape.imageSize", "index 5");
        }
    }

    // ---- use after close --------------------------------------------------------------------------------

    @Test
    void everyUseAfterCloseThrowsNamingTheMethod() {
        ImageBatchVarShape b = ImageBatchVarShape.createHost(4);
        Tensor a = randomImage(2, 2, 3);
        b.pushBack(a);
        b.close();
        b.close(); // idempotent
        assertTrue(b.isClosed());
        assertEquals(0, b.size());
        assertMessage(IllegalStateException.class, () -> b.pushBack(a), "ImageBatchVarShape.pushBack", "the batch is closed");
        assertMessage(IllegalStateException.class, b::popBack, "ImageBatchVarShape.popBack", "closed");
        assertMessage(IllegalStateException.class, b::clear, "ImageBatchVarShape.clear", "closed");
        assertMessage(IllegalStateException.class, () -> b.image(0), "ImageBatchVarShape.image", "closed");
        assertMessage(IllegalStateException.class, b::iterator, "ImageBatchVarShape.iterator", "closed");
        assertMessage(IllegalStateException.class, b::maxSize, "ImageBatchVarShape.maxSize", "closed");
        assertMessage(IllegalStateException.class, b::uniqueFormat, "ImageBatchVarShape.uniqueFormat", "closed");
        assertMessage(IllegalStateException.class, b::hostDescriptors, "ImageBatchVarShape.hostDescriptors", "closed");
        assertTrue(b.toString().contains("closed"), b.toString());
        a.copyTo(new byte[12]); // the image itself is untouched by the batch's close
        a.close();
    }

    // ---- lifetime ----------------------------------------------------------------------------------------

    @Test
    void anImageClosedByItsOwnerStaysReadableThroughTheBatchUntilRemoved() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(4)) {
            Tensor owner = randomImage(5, 7, 3);
            byte[] expected = new byte[5 * 7 * 3];
            owner.copyTo(expected);
            MemorySegment ownerMemory = owner.hostSegment();
            long ownerAddress = owner.address();
            b.pushBack(owner);
            owner.close();
            assertThrows(IllegalStateException.class, owner::hostSegment);

            Tensor view = b.image(0);
            assertEquals(ownerAddress, view.address());
            byte[] got = new byte[expected.length];
            view.copyTo(got);
            assertArrayEquals(expected, got, "the batch's view reads the pixels after the owner closed");
            long[] d = descriptorLongs(b);
            assertEquals(ownerAddress, d[0]);
            assertEquals(expected[expected.length - 1], MemorySegment.ofAddress(d[0]).reinterpret(expected.length)
                    .get(ValueLayout.JAVA_BYTE, expected.length - 1), "the descriptor's pointer reads the last pixel");

            b.popBack(); // the last hold: the memory is freed now
            assertThrows(IllegalStateException.class, () -> ownerMemory.get(ValueLayout.JAVA_BYTE, 0), "freed by the pop");
            assertMessage(IllegalStateException.class, () -> view.copyTo(got), "closed");
        }
    }

    @Test
    void closingTheBatchReleasesTheLastHoldAndClosingAViewChangesNothing() {
        ImageBatchVarShape b = ImageBatchVarShape.createHost(2);
        Tensor owner = randomImage(3, 3, 3);
        MemorySegment mem = owner.hostSegment();
        b.pushBack(owner);
        Tensor v = b.image(0);
        v.close();
        b.image(0).copyTo(new byte[27]); // a fresh view still works
        owner.close();
        mem.get(ValueLayout.JAVA_BYTE, 0); // the batch's hold keeps it
        b.close();
        assertThrows(IllegalStateException.class, () -> mem.get(ValueLayout.JAVA_BYTE, 0), "freed with the batch's hold");
    }

    @Test
    void anImageWhoseArenaClosedGivesCvjsErrorNotARead() {
        Arena arena = Arena.ofShared();
        MemorySegment seg = arena.allocate(4 * 4 * 3, 16);
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(2)) {
            b.pushBack(Tensor.wrapHost(seg, new long[] {4, 4, 3}, DataType.U8, TensorLayout.HWC, null));
            b.hostDescriptors();
            arena.close(); // borrowed memory: the batch cannot keep it, its owner ended it
            assertMessage(IllegalStateException.class, () -> b.image(0), "arena was closed");
            b.popBack();
            try (Tensor small = randomImage(1, 1, 3)) {
                b.pushBack(small);
                b.popBack();
            }
            Arena other = Arena.ofShared();
            b.pushBack(Tensor.wrapHost(other.allocate(12, 16), new long[] {2, 2, 3}, DataType.U8, TensorLayout.HWC, null));
            other.close();
            assertMessage(IllegalStateException.class, b::hostDescriptors, "ImageBatchVarShape.hostDescriptors", "image 0", "arena was closed");
        }
    }

    // ---- order, sizes, descriptors -----------------------------------------------------------------------

    @Test
    void iterationFollowsPushOrderAndIsASnapshot() {
        int[][] hw = {{3, 9}, {1, 1}, {12, 2}, {5, 5}, {2, 30}};
        List<Tensor> owned = new ArrayList<>();
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(8)) {
            for (int[] s : hw) {
                Tensor t = randomImage(s[0], s[1], 3);
                owned.add(t);
                b.pushBack(t);
            }
            Iterator<Tensor> it = b.iterator();
            Tensor extra = randomImage(2, 2, 3);
            owned.add(extra);
            b.pushBack(extra); // the iterator is a snapshot: it does not see this one
            for (int i = 0; i < hw.length; i++) {
                Tensor v = it.next();
                assertArrayEquals(new long[] {hw[i][0], hw[i][1], 3}, v.shape());
                assertEquals(owned.get(i).address(), v.address());
            }
            assertFalse(it.hasNext());
            int i = 0;
            for (Tensor v : b) {
                assertEquals(owned.get(i++).address(), v.address());
            }
            assertEquals(hw.length + 1, i);
            Tensor last = b.image(hw.length - 1);
            b.popBack(2);
            assertMessage(IllegalStateException.class, last::address, "view of a tensor that was closed");
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    @Test
    void maxSizeIsTheWidestWidthAndTheTallestHeight() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(4); Tensor a = randomImage(20, 10, 3);
             Tensor c = randomImage(5, 30, 3); Tensor d = randomImage(40, 7, 3)) {
            assertEquals(new ImageSize(0, 0), b.maxSize());
            b.pushBack(a); // 10 wide, 20 tall
            assertEquals(new ImageSize(10, 20), b.maxSize());
            b.pushBack(c);
            b.pushBack(d);
            ImageSize max = b.maxSize();
            assertEquals(30, max.width());
            assertEquals(40, max.height());
            b.popBack();
            assertEquals(new ImageSize(30, 20), b.maxSize());
        }
    }

    @Test
    void hostDescriptorsHoldEachImagesPointerPitchAndSize() {
        try (Arena arena = Arena.ofConfined(); ImageBatchVarShape b = ImageBatchVarShape.createHost(16)) {
            List<Tensor> images = new ArrayList<>();
            Tensor big = randomImage(50, 60, 3);
            images.add(big);
            images.add(big.slice(0, 10, 17).slice(1, 5, 33)); // a crop: pitch of the big image
            images.add(Tensor.wrapHost(arena.allocate(4096, 64), new long[] {1, 6, 9, 3}, DataType.U8, TensorLayout.NHWC,
                    new long[] {4096, 320, 3, 1})); // one NHWC image, padded rows
            for (int i = 0; i < 9; i++) {
                images.add(randomImage(1 + rng.nextInt(40), 1 + rng.nextInt(40), 3));
            }
            for (Tensor t : images) {
                b.pushBack(t);
            }
            checkDescriptors(b, images);
            b.popBack(3); // a change: the table follows
            images.subList(images.size() - 3, images.size()).clear();
            Tensor late = randomImage(2, 3, 3);
            images.add(late);
            b.pushBack(late);
            checkDescriptors(b, images);
            big.close();
        }
    }

    private static void checkDescriptors(ImageBatchVarShape b, List<Tensor> images) {
        MemorySegment d = b.hostDescriptors();
        assertTrue(d.isReadOnly());
        assertEquals((long) images.size() * 32, d.byteSize());
        for (int i = 0; i < images.size(); i++) {
            Tensor t = images.get(i);
            int r = t.rank();
            long base = 32L * i;
            assertEquals(t.address(), d.get(ValueLayout.JAVA_LONG, base), "data of image " + i);
            assertEquals(t.strides()[r - 3], d.get(ValueLayout.JAVA_LONG, base + 8), "row pitch of image " + i);
            assertEquals(t.shape(r - 3), d.get(ValueLayout.JAVA_INT, base + 16), "height of image " + i);
            assertEquals(t.shape(r - 2), d.get(ValueLayout.JAVA_INT, base + 20), "width of image " + i);
            assertEquals(0L, d.get(ValueLayout.JAVA_LONG, base + 24), "padding of image " + i);
        }
    }

    private static long[] descriptorLongs(ImageBatchVarShape b) {
        return b.hostDescriptors().toArray(ValueLayout.JAVA_LONG);
    }

    @Test
    void theDescriptorTableIsRewrittenOnlyAfterAChange() {
        try (ImageBatchVarShape b = ImageBatchVarShape.createHost(64)) {
            List<Tensor> images = new ArrayList<>();
            for (int i = 0; i < 40; i++) { // grows the table past its first size
                Tensor t = randomImage(1 + i, 2 + i, 3);
                images.add(t);
                b.pushBack(t);
                assertEquals(t.address(), b.hostDescriptors().get(ValueLayout.JAVA_LONG, 32L * i));
            }
            MemorySegment first = b.hostDescriptors();
            assertEquals(first.address(), b.hostDescriptors().address(), "unchanged: the same table");
            checkDescriptors(b, images);
            images.forEach(Tensor::close);
            assertEquals(0, b.uploadCount(), "a host batch uploads nothing");
        }
    }

    // ---- interop without a device ------------------------------------------------------------------------

    @Test
    void fromCudaArraysRefusesBadListsNamingTheElement() {
        assertMessage(NullPointerException.class, () -> ImageBatchVarShape.fromCudaArrays(null, TensorLayout.HWC),
                "ImageBatchVarShape.fromCudaArrays", "the list is null");
        assertMessage(IllegalArgumentException.class, () -> ImageBatchVarShape.fromCudaArrays(List.of(), TensorLayout.HWC),
                "the list is empty");
        try (Tensor host = randomImage(2, 2, 3)) {
            assertMessage(IllegalArgumentException.class, () -> ImageBatchVarShape.fromCudaArrays(List.of(host), null),
                    "ImageBatchVarShape.fromCudaArrays", "element 0", "host tensor");
        }
        List<Map<String, Object>> maps = new ArrayList<>();
        maps.add(Map.of("typestr", "|u1", "data", List.of(0L, false), "version", 3)); // no shape
        assertMessage(IllegalArgumentException.class, () -> ImageBatchVarShape.fromCudaArrayMaps(maps, TensorLayout.HWC),
                "ImageBatchVarShape.fromCudaArrayMaps", "element 0");
        List<Map<String, Object>> withNull = new ArrayList<>();
        withNull.add(null);
        assertMessage(NullPointerException.class, () -> ImageBatchVarShape.fromCudaArrayMaps(withNull, TensorLayout.HWC), "element 0 is null");
    }

    @Test
    void theSizeAndFormatRecordsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ImageSize(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> new ImageSize(2, -1));
        assertThrows(IllegalArgumentException.class, () -> new PixelType(0, DataType.U8));
        assertThrows(NullPointerException.class, () -> new PixelType(3, null));
        assertNotEquals(new ImageSize(2, 3), new ImageSize(3, 2));
        assertEquals("640 x 480 (W x H)", new ImageSize(640, 480).toString());
        assertEquals(12, PixelType.of(ImageFormat.RGBf32).byteSize());
    }
}

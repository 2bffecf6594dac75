package dev.cvj.tensor;

import static dev.cvj.tensor.ExpectedMessage.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Host batches of tensors of one rank, type and layout: checks, lifetime, order, descriptors. */
class TensorBatchTest {
    private final Random rng = new Random();

    private Tensor randomTensor(long[] shape, TensorLayout layout) {
        Tensor t = Tensor.allocateHost(shape, DataType.F32, layout);
        float[] f = new float[(int) t.elementCount()];
        for (int i = 0; i < f.length; i++) {
            f[i] = rng.nextFloat();
        }
        t.copyFrom(f);
        return t;
    }

    @Test
    void capacityAndNullAndClosedTensorsAreRefused() {
        assertMessage(IllegalArgumentException.class, () -> TensorBatch.createHost(-5), "TensorBatch.createHost", "capacity must be >= 0, got -5");
        try (TensorBatch b = TensorBatch.createHost(1); Tensor a = randomTensor(new long[] {2, 3}, null)) {
            assertMessage(NullPointerException.class, () -> b.pushBack(null), "TensorBatch.pushBack", "tensor 0 is null");
            Tensor closed = randomTensor(new long[] {2}, null);
            closed.close();
            assertMessage(IllegalStateException.class, () -> b.pushBack(closed), "TensorBatch.pushBack", "tensor 0", "is closed");
            b.pushBack(a);
            assertMessage(IllegalStateException.class, () -> b.pushBack(a), "full (capacity 1)", "tensor 1 does not fit");
        }
        try (TensorBatch huge = TensorBatch.createHost(Integer.MAX_VALUE); Tensor a = randomTensor(new long[] {4}, null)) {
            huge.pushBack(a);
            assertEquals(TensorBatch.DESCRIPTOR_BYTES, huge.hostDescriptors().byteSize());
        }
    }

    @Test
    void theFirstTensorFixesRankTypeAndLayoutUntilTheBatchIsEmpty() {
        try (TensorBatch b = TensorBatch.createHost(8);
             Tensor hwc = randomTensor(new long[] {4, 5, 3}, TensorLayout.HWC);
             Tensor hwc2 = randomTensor(new long[] {9, 2, 3}, TensorLayout.HWC);
             Tensor chw = randomTensor(new long[] {3, 4, 5}, TensorLayout.CHW);
             Tensor bare = randomTensor(new long[] {4, 5, 3}, null);
             Tensor rank2 = randomTensor(new long[] {4, 5}, TensorLayout.HW);
             Tensor u8 = Tensor.allocateHost(new long[] {4, 5, 3}, DataType.U8, TensorLayout.HWC)) {
            assertEquals(-1, b.rank());
            assertNull(b.dtype());
            b.pushBack(hwc);
            assertEquals(3, b.rank());
            assertEquals(DataType.F32, b.dtype());
            assertEquals(TensorLayout.HWC, b.layout());
            b.pushBack(hwc2); // another shape: fine
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(rank2), "tensor 2", "rank 2", "have rank 3", "set by tensor 0");
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(u8), "tensor 2", "is U8", "are F32");
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(chw), "layout CHW", "have layout HWC");
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(bare), "has no layout", "have layout HWC");
            assertEquals(2, b.size());
            b.clear();
            assertEquals(-1, b.rank());
            b.pushBack(bare);
            assertNull(b.layout());
            assertMessage(IllegalArgumentException.class, () -> b.pushBack(hwc), "has layout HWC", "have no layout");
            b.popBack();
            b.pushBack(rank2);
            assertEquals(2, b.rank());
        }
    }

    @Test
    void popBackOnEmptyAndUseAfterCloseThrow() {
        TensorBatch b = TensorBatch.createHost(4);
        assertMessage(IllegalStateException.class, b::popBack, "TensorBatch.popBack", "the batch is empty");
        Tensor a = randomTensor(new long[] {3}, TensorLayout.W);
        b.pushBack(a);
        assertMessage(IndexOutOfBoundsException.class, () -> b.tensor(1), "TensorBatch.tensor", "index 1");
        assertMessage(IllegalStateException.class, () -> b.descriptors(null), "TensorBatch.descriptors", "host batch");
        b.close();
        b.close();
        assertMessage(IllegalStateException.class, () -> b.pushBack(a), "TensorBatch.pushBack", "the batch is closed");
        assertMessage(IllegalStateException.class, b::popBack, "closed");
        assertMessage(IllegalStateException.class, b::clear, "closed");
        assertMessage(IllegalStateException.class, () -> b.tensor(0), "closed");
        assertMessage(IllegalStateException.class, b::iterator, "closed");
        assertMessage(IllegalStateException.class, b::hostDescriptors, "TensorBatch.hostDescriptors", "closed");
        assertEquals(0, b.size());
        a.close();
    }

    @Test
    void aTensorClosedByItsOwnerStaysReadableUntilTheBatchCloses() {
        TensorBatch b = TensorBatch.createHost(2);
        Tensor owner = randomTensor(new long[] {6, 7}, TensorLayout.HW);
        float[] expected = new float[42];
        owner.copyTo(expected);
        MemorySegment mem = owner.hostSegment();
        b.pushBack(owner.slice(1, 2, 4)); // a view of the owner: the batch holds the owner's memory
        owner.close();
        float[] got = new float[24];
        b.tensor(0).copyTo(got);
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(expected[r * 7 + 2 + c], got[r * 4 + c]);
            }
        }
        b.close();
        assertThrows(IllegalStateException.class, () -> mem.get(ValueLayout.JAVA_FLOAT, 0), "freed with the batch's hold");
    }

    @Test
    void hostDescriptorsHoldPointerShapeAndStridesWithZerosPastTheRank() {
        try (Arena arena = Arena.ofConfined(); TensorBatch b = TensorBatch.createHost(32)) {
            List<Tensor> tensors = new ArrayList<>();
            Tensor big = randomTensor(new long[] {20, 30, 4}, null);
            tensors.add(big);
            tensors.add(big.slice(1, 3, 10).slice(2, 1, 2)); // strided view
            tensors.add(Tensor.wrapHost(arena.allocate(8192, 64), new long[] {5, 6, 7}, DataType.F32, null,
                    new long[] {1024, 8, 160})); // any strides
            tensors.add(Tensor.allocateHost(new long[] {0, 3, 2}, DataType.F32, null)); // empty
            for (int i = 0; i < 12; i++) {
                tensors.add(randomTensor(new long[] {1 + rng.nextInt(9), 1 + rng.nextInt(9), 1 + rng.nextInt(4)}, null));
            }
            for (Tensor t : tensors) {
                b.pushBack(t);
            }
            int i = 0;
            for (Tensor v : b) {
                assertArrayEquals(tensors.get(i).shape(), v.shape(), "iteration order, tensor " + i);
                i++;
            }
            check(b, tensors);
            b.popBack(5);
            tensors.subList(tensors.size() - 5, tensors.size()).clear();
            check(b, tensors);
            for (Tensor t : tensors) {
                t.close();
            }
            List<Tensor> views = new ArrayList<>(); // the owners are closed: the batch's views still work
            b.forEach(views::add);
            assertEquals(tensors.size(), views.size());
            check(b, views);
        }
    }

    private static void check(TensorBatch b, List<Tensor> tensors) {
        MemorySegment d = b.hostDescriptors();
        assertEquals((long) tensors.size() * 248, d.byteSize());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            long base = 248L * i;
            assertEquals(t.address(), d.get(ValueLayout.JAVA_LONG, base), "data of tensor " + i);
            long[] shape = t.shape();
            long[] strides = t.strides();
            for (int k = 0; k < 15; k++) {
                assertEquals(k < shape.length ? shape[k] : 0, d.get(ValueLayout.JAVA_LONG, base + 8 + 8L * k), "shape[" + k + "] of tensor " + i);
                assertEquals(k < strides.length ? strides[k] : 0, d.get(ValueLayout.JAVA_LONG, base + 128 + 8L * k), "strides[" + k + "] of tensor " + i);
            }
        }
    }

    @Test
    void fromCudaArraysRefusesBadListsNamingTheElement() {
        assertMessage(NullPointerException.class, () -> TensorBatch.fromCudaArrays(null, null), "TensorBatch.fromCudaArrays", "the list is null");
        assertMessage(IllegalArgumentException.class, () -> TensorBatch.fromCudaArrayInterfaces(List.of(), null),
                "TensorBatch.fromCudaArrayInterfaces", "the list is empty");
        try (Tensor host = randomTensor(new long[] {2}, null)) {
            assertMessage(IllegalArgumentException.class, () -> TensorBatch.fromCudaArrays(List.of(host), null), "element 0", "host tensor");
        }
    }
}

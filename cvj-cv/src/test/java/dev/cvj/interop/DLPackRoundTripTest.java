package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Export -> import round trips on descriptors (no GPU: a made-up device pointer is never dereferenced),
 * foreign producers built by hand, and the refusals. Host tensors round-trip with real memory.
 */
class DLPackRoundTripTest {
    private static final Random RANDOM = new Random();

    private static long fakePointer() {
        return (0x7f00_0000_0000L + RANDOM.nextInt(1 << 20)) * 256;
    }

    @Test
    void exportThenImportVersioned() {
        long ptr = fakePointer();
        long[] shape = {2 + RANDOM.nextInt(5), 3 + RANDOM.nextInt(5), 4};
        long[] strides = {shape[1] * 64, 64, 4}; // rows padded to 64 bytes
        CudaArrayInterface cai = CudaArrayInterface.of(shape, "<f4", ptr, false, strides, OptionalLong.empty());
        Object owner = new Object();
        int before = DLPack.liveExports();
        MemorySegment m = DLPack.export(cai, DLDevice.CUDA, 3, owner, true);
        assertEquals(before + 1, DLPack.liveExports());

        // The raw struct, as a C consumer reads it.
        assertEquals(1, DLManagedTensorVersioned.major(m));
        assertEquals(0, DLManagedTensorVersioned.minor(m));
        assertEquals(0, DLManagedTensorVersioned.flags(m));
        MemorySegment t = DLManagedTensorVersioned.dlTensor(m);
        assertEquals(ptr, DLTensor.data(t));
        assertEquals(DLDevice.CUDA, DLDevice.deviceType(DLTensor.device(t)));
        assertEquals(3, DLDevice.deviceId(DLTensor.device(t)));
        assertEquals(3, DLTensor.ndim(t));
        assertEquals(DLDataType.FLOAT, DLDataType.code(DLTensor.dtype(t)));
        assertEquals(32, DLDataType.bits(DLTensor.dtype(t)));
        assertEquals(1, DLDataType.lanes(DLTensor.dtype(t)));
        assertArrayEquals(shape, DLTensor.readLongs(DLTensor.shapeAddress(t), 3, "shape"));
        assertArrayEquals(new long[] {shape[1] * 16, 16, 1}, DLTensor.readLongs(DLTensor.stridesAddress(t), 3, "strides"),
                "DLPack strides count elements");
        assertEquals(0, DLTensor.byteOffset(t));

        // Import it back: the consumer's view.
        DLPackTensor in = DLPack.fromDLPack(m);
        assertTrue(in.isCuda());
        assertTrue(in.isVersioned());
        assertEquals(3, in.deviceId());
        assertArrayEquals(shape, in.shape());
        assertArrayEquals(strides, in.strides());
        assertEquals("<f4", in.typestr());
        assertEquals(DataType.F32, in.dtype());
        assertEquals(ptr, in.address());
        assertFalse(in.isReadOnly());
        assertEquals(cai, in.cudaArrayInterface());
        assertEquals(before + 1, DLPack.liveExports(), "importing does not release the export");
        in.close();
        assertEquals(before, DLPack.liveExports(), "closing the import ran our deleter");
        in.close();
        assertEquals(before, DLPack.liveExports(), "a second close does nothing");
        assertThrows(IllegalStateException.class, in::cudaArrayInterface);
        assertThrows(IllegalStateException.class, in::address);
    }

    @Test
    void exportThenImportLegacyReadOnlyContiguous() {
        long ptr = fakePointer();
        long[] shape = {5, 7};
        CudaArrayInterface cai = CudaArrayInterface.of(shape, "|u1", ptr, true, null, OptionalLong.of(2));
        int before = DLPack.liveExports();
        MemorySegment m = DLPack.export(cai, DLDevice.CUDA, 0, this, false);
        assertEquals(64, m.byteSize());
        assertArrayEquals(new long[] {7, 1}, DLTensor.readLongs(DLTensor.stridesAddress(DLManagedTensor.dlTensor(m)), 2, "strides"));
        try (DLPackTensor in = DLPack.fromLegacyDLPack(m)) {
            assertFalse(in.isVersioned());
            assertArrayEquals(shape, in.shape());
            assertArrayEquals(new long[] {7, 1}, in.strides());
            assertEquals("|u1", in.typestr());
            assertEquals(ptr, in.address());
            assertFalse(in.isReadOnly(), "legacy DLPack has no read-only flag");
        }
        assertEquals(before, DLPack.liveExports());
    }

    @Test
    void readOnlyFlagAndBf16() {
        CudaArrayInterface cai = CudaArrayInterface.of(new long[] {3}, "<V2", fakePointer(), true, null, OptionalLong.empty());
        MemorySegment m = DLPack.export(cai, DLDevice.CUDA, 1, this, true);
        assertEquals(DLManagedTensorVersioned.FLAG_READ_ONLY, DLManagedTensorVersioned.flags(m));
        assertEquals(DLDataType.BFLOAT, DLDataType.code(DLTensor.dtype(DLManagedTensorVersioned.dlTensor(m))));
        try (DLPackTensor in = DLPack.fromDLPack(m)) {
            assertTrue(in.isReadOnly());
            assertEquals(DataType.BF16, in.dtype());
            assertTrue(in.cudaArrayInterface().readOnly());
        }
    }

    @Test
    void scalarExport() {
        CudaArrayInterface cai = CudaArrayInterface.of(new long[0], "<f8", fakePointer(), false, null, OptionalLong.empty());
        try (DLPackTensor in = DLPack.fromDLPack(DLPack.export(cai, DLDevice.CUDA, 0, this, true))) {
            assertEquals(0, in.shape().length);
            assertEquals(cai.data(), in.address());
        }
    }

    @Test
    void exportRefusesStridesThatAreNotWholeElements() {
        CudaArrayInterface cai = CudaArrayInterface.of(new long[] {2, 3}, "<f4", fakePointer(), false, new long[] {14, 4},
                OptionalLong.empty());
        int before = DLPack.liveExports();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DLPack.export(cai, DLDevice.CUDA, 0, this, true));
        assertTrue(e.getMessage().contains("14"), e.getMessage());
        assertEquals(before, DLPack.liveExports());
    }

    @Test
    void importsAForeignProducerAndCallsItsDeleterOnce() {
        try (Arena arena = Arena.ofConfined()) {
            long base = fakePointer();
            long[] shape = {4, 6};
            MemorySegment m = ForeignProducer.versioned(arena, 1, DLDevice.CUDA, 2, DLDataType.INT, 16, 1, base, shape, new long[] {1, 4}, 256,
                    DLManagedTensorVersioned.FLAG_IS_COPIED);
            int deleted = ForeignProducer.DELETED.get();
            DLPackTensor in = DLPack.fromDLPack(m);
            assertEquals(base + 256, in.address(), "byte_offset is added to data");
            assertArrayEquals(shape, in.shape());
            assertArrayEquals(new long[] {2, 8}, in.strides(), "element strides become byte strides (column-major here)");
            assertEquals("<i2", in.typestr());
            assertEquals(2, in.deviceId());
            assertEquals(DLManagedTensorVersioned.FLAG_IS_COPIED, in.flags());
            assertEquals(deleted, ForeignProducer.DELETED.get());
            in.close();
            in.close();
            assertEquals(deleted + 1, ForeignProducer.DELETED.get(), "the producer's deleter ran exactly once");
            assertEquals(m.address(), ForeignProducer.lastDeleted, "and got its own struct");
        }
    }

    @Test
    void nullStridesMeanContiguous() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = ForeignProducer.versioned(arena, 1, DLDevice.CUDA_MANAGED, 0, DLDataType.FLOAT, 64, 1, fakePointer(),
                    new long[] {3, 2}, null, 0, 0);
            try (DLPackTensor in = DLPack.fromDLPack(m)) {
                assertNull(in.strides());
                assertTrue(in.isCuda());
                assertTrue(in.cudaArrayInterface().isContiguous());
            }
        }
    }

    private void assertRefusedAndReleased(MemorySegment m, String expected) {
        int deleted = ForeignProducer.DELETED.get();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DLPack.fromDLPack(m));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(deleted + 1, ForeignProducer.DELETED.get(), "a refused tensor is released (deleter called once)");
    }

    @Test
    void refusals() {
        try (Arena arena = Arena.ofConfined()) {
            long p = fakePointer();
            assertRefusedAndReleased(ForeignProducer.versioned(arena, 2, DLDevice.CUDA, 0, DLDataType.FLOAT, 32, 1, p, new long[] {2}, null, 0, 0),
                    "version 2.0");
            assertRefusedAndReleased(ForeignProducer.versioned(arena, 1, 4, 0, DLDataType.FLOAT, 32, 1, p, new long[] {2}, null, 0, 0),
                    "kDLOpenCL");
            assertRefusedAndReleased(ForeignProducer.versioned(arena, 1, DLDevice.CUDA, 0, DLDataType.FLOAT, 32, 4, p, new long[] {2}, null, 0, 0),
                    "lanes");
            assertRefusedAndReleased(ForeignProducer.versioned(arena, 1, DLDevice.CUDA, 0, 17, 4, 1, p, new long[] {2}, null, 0, 0),
                    "bits");
            assertRefusedAndReleased(ForeignProducer.versioned(arena, 1, DLDevice.CUDA, 0, DLDataType.FLOAT, 32, 1, p, new long[] {2, 2},
                    new long[] {-2, 1}, 0, 0), "negative");
        }
        assertThrows(IllegalArgumentException.class, () -> DLPack.fromDLPack(MemorySegment.NULL));
    }

    @Test
    void hostTensorRoundTripsWithRealMemory() {
        long[] shape = {3, 4, 2};
        float[] values = new float[24];
        for (int i = 0; i < values.length; i++) {
            values[i] = RANDOM.nextFloat();
        }
        try (Tensor host = Tensor.allocateHost(shape, DataType.F32, TensorLayout.HWC)) {
            host.copyFrom(values);
            int before = DLPack.liveExports();
            MemorySegment m = DLPack.export(host);
            assertEquals(DLDevice.CPU, DLDevice.deviceType(DLTensor.device(DLManagedTensorVersioned.dlTensor(m))));
            try (DLPackTensor in = DLPack.fromDLPack(m)) {
                assertFalse(in.isCuda());
                assertThrows(IllegalStateException.class, in::cudaArrayInterface);
                assertEquals(host.address(), in.address());
                Tensor view = in.tensor(TensorLayout.HWC);
                assertArrayEquals(shape, view.shape());
                float[] back = new float[24];
                view.copyTo(back);
                assertArrayEquals(values, back);
                // The view shares memory: a write through the import is seen by the original.
                in.hostSegment().setAtIndex(ValueLayout.JAVA_FLOAT, 5, 42.5f);
                host.copyTo(back);
                assertEquals(42.5f, back[5]);
            }
            assertEquals(before, DLPack.liveExports());
        }
    }
}

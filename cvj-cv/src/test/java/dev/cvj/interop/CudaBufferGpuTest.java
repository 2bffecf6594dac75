package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.PinnedMemory;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import java.util.Random;
import org.junit.jupiter.api.Test;

@GpuTest
class CudaBufferGpuTest {
    private static final Random RANDOM = new Random();

    private static float[] randomFloats(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = RANDOM.nextFloat() * 2 - 1;
        }
        return a;
    }

    @Test
    void ownedBufferRoundTrip() {
        long[] shape = {7, 11};
        float[] host = randomFloats(77);
        try (CudaBuffer b = new CudaBuffer(shape, DataType.F32)) {
            assertTrue(b.isOwner());
            assertEquals(Device.current(), b.device());
            assertEquals(DataType.F32, b.dtype());
            assertEquals(77 * 4, b.byteSize());
            CudaArrayInterface cai = b.cudaArrayInterface();
            assertArrayEquals(shape, cai.shape());
            assertEquals("<f4", cai.typestr());
            assertEquals(b.address(), cai.data());
            assertTrue(cai.isContiguous());
            assertTrue(cai.stream().isEmpty());
            CudaCopies.h2d(host, b);
            float[] back = new float[77];
            CudaCopies.d2h(b, back);
            assertArrayEquals(host, back);
        }
    }

    @Test
    void borrowedBufferDoesNotFree() {
        float[] host = randomFloats(30);
        try (CudaBuffer owner = CudaBuffer.allocate(new long[] {30}, DataType.F32)) {
            CudaCopies.h2d(host, owner);
            CudaBuffer view = CudaBuffer.fromCuda(owner);
            assertFalse(view.isOwner());
            assertEquals(owner.address(), view.address());
            assertSame(owner.device(), view.device());
            assertSame(owner, view.keepAlive());
            view.close();
            view.close();
            assertThrows(IllegalStateException.class, view::address);
            assertThrows(IllegalStateException.class, view::cudaArrayInterface);
            float[] back = new float[30];
            CudaCopies.d2h(owner, back); // the owner's memory is still there
            assertArrayEquals(host, back);
            try (CudaBuffer fromMap = CudaBuffer.fromCuda(owner.cudaArrayInterface().toMap())) {
                assertEquals(owner.address(), fromMap.address());
                float[] again = new float[30];
                CudaCopies.d2h(fromMap, again);
                assertArrayEquals(host, again);
            }
        }
    }

    @Test
    void useAfterCloseThrows() {
        CudaBuffer b = new CudaBuffer(new long[] {4}, DataType.U8);
        b.close();
        b.close();
        assertTrue(b.isClosed());
        assertThrows(IllegalStateException.class, b::cudaArrayInterface);
        assertThrows(IllegalStateException.class, () -> CudaCopies.h2d(new byte[4], b));
    }

    @Test
    void hostPointersAreRefused() {
        try (PinnedMemory pinned = PinnedMemory.allocate(64)) {
            CudaArrayInterface cai = CudaArrayInterface.of(new long[] {16}, "<f4", pinned.segment().address(), false, null,
                    java.util.OptionalLong.empty());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CudaBuffer.fromCuda(cai));
            assertTrue(e.getMessage().contains("host"), e.getMessage());
        }
        java.lang.foreign.MemorySegment malloced = java.lang.foreign.Arena.ofAuto().allocate(64);
        CudaArrayInterface plain = CudaArrayInterface.of(new long[] {16}, "<f4", malloced.address(), false, null,
                java.util.OptionalLong.empty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CudaBuffer.fromCuda(plain));
        assertTrue(e.getMessage().contains("not CUDA device memory"), e.getMessage());
    }

    @Test
    void emptyBuffer() {
        try (CudaBuffer b = new CudaBuffer(new long[] {0, 3}, DataType.F32)) {
            assertEquals(0, b.cudaArrayInterface().data());
            CudaCopies.h2d(new float[0], b);
            CudaCopies.d2h(b, new float[0]);
        }
    }
}

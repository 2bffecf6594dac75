package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** In-process parts of CUDA IPC: what can and cannot be exported, and the offset of views. */
@GpuTest
class CudaIpcGpuTest {
    @Test
    void exportsAllocationBaseAndViewOffsets() {
        try (CudaBuffer big = new CudaBuffer(new long[] {4096}, DataType.F32)) {
            CudaIpc.IpcExport whole = CudaIpc.export(big);
            assertEquals(0, whole.offset());
            assertEquals(Device.current().ordinal(), whole.device());
            assertArrayEquals(new long[] {4096}, whole.shape());
            long off = 4L * (1 + new java.util.Random().nextInt(1000));
            try (CudaBuffer view = CudaBuffer.fromCuda(CudaArrayInterface.of(new long[] {8, 16}, "<f4",
                    big.address() + off, false, null, OptionalLong.empty()))) {
                CudaIpc.IpcExport e = CudaIpc.export(view);
                assertEquals(off, e.offset());
                assertArrayEquals(whole.handle(), e.handle(), "a handle names the allocation, not the view");
                assertEquals(e, CudaIpc.IpcExport.fromJson(e.toJson()));
            }
        }
    }

    @Test
    void refusesStreamOrderedMemory() {
        try (Tensor t = Tensor.allocate(new long[] {16}, DataType.F32, TensorLayout.W)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CudaIpc.export(t));
            assertTrue(e.getMessage().contains("cudaMallocAsync"), e.getMessage());
        }
    }

    @Test
    void refusesEmptyArrays() {
        try (CudaBuffer empty = new CudaBuffer(new long[] {0}, DataType.U8)) {
            assertThrows(IllegalArgumentException.class, () -> CudaIpc.export(empty));
        }
    }
}

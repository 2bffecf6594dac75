package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

@GpuTest
class DLPackGpuTest {
    private static final Random RANDOM = new Random();

    @Test
    void bufferExportedAndImportedAsTensor() {
        int h = 1 + RANDOM.nextInt(30);
        int w = 1 + RANDOM.nextInt(30);
        float[] values = new float[h * w];
        for (int i = 0; i < values.length; i++) {
            values[i] = RANDOM.nextFloat();
        }
        try (CudaBuffer b = new CudaBuffer(new long[] {h, w}, DataType.F32)) {
            CudaCopies.h2d(values, b);
            int before = DLPack.liveExports();
            MemorySegment m = DLPack.export(b);
            try (DLPackTensor in = DLPack.fromDLPack(m)) {
                assertEquals(Device.current().ordinal(), in.deviceId());
                assertEquals(b.address(), in.address());
                Tensor t = in.tensor(TensorLayout.HW);
                assertEquals(b.address(), t.address());
                float[] back = new float[h * w];
                t.copyTo(back);
                assertArrayEquals(values, back);
            }
            assertEquals(before, DLPack.liveExports());
        }
    }

    @Test
    void paddedTensorKeepsItsStrides() {
        try (Tensor t = Tensor.allocate(new long[] {6, 7, 3}, DataType.U8, TensorLayout.HWC)) {
            byte[] px = new byte[6 * 7 * 3];
            RANDOM.nextBytes(px);
            t.copyFrom(px);
            try (Stream consumer = Stream.create(t.device());
                 DLPackTensor in = DLPack.fromDLPack(DLPack.export(t, consumer))) {
                assertArrayEquals(t.strides(), in.strides());
                consumer.synchronize();
                byte[] back = new byte[px.length];
                CudaCopies.d2h(in, back);
                assertArrayEquals(px, back);
                assertTrue(in.toString().contains("kDLCUDA"));
            }
        }
    }

    @Test
    void aDeviceExportOutlivesItsExporter() {
        int n = 1 << 20;
        byte[] data = new byte[n];
        RANDOM.nextBytes(data);
        int before = DLPack.liveExports();
        Tensor t = Tensor.allocate(new long[] {n}, DataType.U8, null);
        DLPackTensor in = DLPack.fromDLPack(DLPack.export(t));
        Tensor v = in.tensor(null);
        t.close(); // drops the exporter's hold only: the export still holds the memory
        v.copyFrom(data);
        byte[] back = new byte[n];
        v.copyTo(back);
        assertArrayEquals(data, back);
        in.close(); // the deleter: memory freed now
        assertEquals(before, DLPack.liveExports());
        assertThrows(IllegalStateException.class, () -> v.copyTo(back));
    }
}

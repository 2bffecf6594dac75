package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.MemoryHold;
import dev.cvj.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An export holds the memory until its deleter runs; an import frees the producer's memory only after cvj's last use. */
class DLPackLifetimeTest {
    private static final long SEED = System.nanoTime();
    private final Random rng = new Random(SEED);

    @Test
    void anExportOutlivesItsExporter() {
        System.out.println("DLPackLifetimeTest seed " + SEED);
        int n = 64 << 20;
        int before = DLPack.liveExports();
        Tensor t = Tensor.allocateHost(new long[] {n}, DataType.U8, null);
        DLPackTensor in = DLPack.fromDLPack(DLPack.export(t));
        Tensor v = in.tensor(null);
        t.close();
        byte[] data = new byte[n];
        rng.nextBytes(data);
        v.copyFrom(data); // crashed the JVM when closing t freed the memory under the export
        byte[] back = new byte[n];
        v.copyTo(back);
        assertArrayEquals(data, back);
        in.close(); // the deleter: the export's hold goes, and with it the memory
        assertEquals(before, DLPack.liveExports());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.copyFrom(data));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, in::hostSegment);
    }

    @Test
    void theExportersHoldIsDroppedByTheDeleterNotBeforeIt() {
        Tensor t = Tensor.allocateHost(new long[] {8}, DataType.S32, null);
        int[] values = {3, 1, 4, 1, 5, 9, 2, 6};
        t.copyFrom(values);
        MemorySegment m = DLPack.export(t);
        MemorySegment raw = MemorySegment.ofAddress(DLTensor.data(DLManagedTensorVersioned.dlTensor(m)))
                .reinterpret(32, Arena.global(), null); // what a C consumer reads
        t.close();
        assertEquals(4, raw.getAtIndex(ValueLayout.JAVA_INT, 2), "still allocated: the export holds it");
        DLPack.fromDLPack(m).close(); // runs the deleter
        assertThrows(IllegalStateException.class, t::hostSegment);
    }

    @Test
    void exportingAClosedTensorIsRefusedAndLeavesNoExport() {
        int before = DLPack.liveExports();
        Tensor t = Tensor.allocateHost(new long[] {4}, DataType.U8, null);
        t.close();
        assertThrows(IllegalStateException.class, () -> DLPack.export(t));
        Tensor heap = Tensor.wrapHost(MemorySegment.ofArray(new byte[4]), new long[] {4}, DataType.U8, null, null);
        assertThrows(IllegalStateException.class, () -> DLPack.export(heap), "a Java array has no stable address");
        assertEquals(before, DLPack.liveExports());
    }

    @Test
    void anImportsDeleterWaitsForAHoldOnItsTensor() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(64, 64);
            MemorySegment m = ForeignProducer.versioned(arena, 1, DLDevice.CPU, 0, DLDataType.FLOAT, 32, 1, data.address(),
                    new long[] {4, 4}, null, 0, 0);
            int deleted = ForeignProducer.DELETED.get();
            DLPackTensor in = DLPack.fromDLPack(m);
            Tensor view = in.tensor(null);
            MemoryHold hold = view.hold();
            in.close();
            assertEquals(deleted, ForeignProducer.DELETED.get(), "a hold on the imported tensor delays the deleter");
            assertThrows(IllegalStateException.class, () -> view.copyFrom(new float[16]), "the import was closed");
            hold.close();
            assertEquals(deleted + 1, ForeignProducer.DELETED.get(), "the last hold ran the deleter, once");
            in.close();
            assertEquals(deleted + 1, ForeignProducer.DELETED.get());
        }
    }

    @Test
    void anImportWithoutTensorsRunsItsDeleterOnClose() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(16, 16);
            MemorySegment m = ForeignProducer.versioned(arena, 1, DLDevice.CPU, 0, DLDataType.UINT, 8, 1, data.address(),
                    new long[] {16}, null, 0, 0);
            int deleted = ForeignProducer.DELETED.get();
            DLPackTensor in = DLPack.fromDLPack(m);
            MemorySegment seg = in.hostSegment();
            in.close();
            assertEquals(deleted + 1, ForeignProducer.DELETED.get());
            assertThrows(IllegalStateException.class, () -> seg.get(ValueLayout.JAVA_BYTE, 0), "the segment ends with the import");
        }
    }
}

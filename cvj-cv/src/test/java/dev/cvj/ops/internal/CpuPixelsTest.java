package dev.cvj.ops.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvj.tensor.DataType;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The CPU accessor: the row loop past 2^31 rows, and the int and float conversions. */
class CpuPixelsTest {
    /** Thrown by the row body to stop the loop as soon as it reaches the row it looks for. */
    private static final class Reached extends RuntimeException {
        Reached() {
            super(null, null, false, false);
        }
    }

    @Test
    void rowLoopReachesRowsPastTwoToThe31() {
        // 2 images of 2^30 rows: 2^31 rows, which an int count turned into zero rows (nothing done, no error)
        assertThrows(Reached.class, () -> CpuPixels.forRows(2, 1 << 30, (img, y) -> {
            if (img == 1) {
                throw new Reached();
            }
        }));
    }

    @Test
    void rowLoopVisitsEveryRowOnce() {
        AtomicLong sum = new AtomicLong();
        CpuPixels.forRows(3, 5, (img, y) -> sum.addAndGet(img * 5L + y + 1));
        assertEquals(15 * 16 / 2, sum.get());
    }

    @Test
    void intStoresSaturateAndFloatStoresRoundHalfToEven() {
        MemorySegment m = MemorySegment.ofArray(new byte[8]);
        CpuPixels.storeInt(m, 0, DataType.U8, 300);
        assertEquals(255, CpuPixels.loadInt(m, 0, DataType.U8));
        CpuPixels.storeInt(m, 0, DataType.S16, -40000);
        assertEquals(-32768, CpuPixels.loadInt(m, 0, DataType.S16));
        CpuPixels.store(m, 0, DataType.U8, 2.5f);
        assertEquals(2, CpuPixels.loadInt(m, 0, DataType.U8));
        CpuPixels.store(m, 0, DataType.U8, Float.NaN);
        assertEquals(0, CpuPixels.loadInt(m, 0, DataType.U8));
        CpuPixels.storeInt(m, 0, DataType.F32, 7);
        assertEquals(7f, CpuPixels.load(m, 0, DataType.F32));
    }
}

package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Who holds a tensor's memory: the tensor, its holds and its running copies; and the errors of use after close. */
class TensorLifetimeTest {

    private static void assertClosedError(String expected, Runnable use) {
        IllegalStateException e = assertThrows(IllegalStateException.class, use::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aHoldKeepsTheMemoryAfterTheTensorIsClosed() {
        Tensor t = Tensor.allocateHost(new long[] {16}, DataType.U8, null);
        MemorySegment seg = t.hostSegment();
        MemoryHold hold = t.hold();
        t.close();
        assertTrue(t.isClosed());
        assertClosedError("is closed", t::hostSegment);
        seg.set(ValueLayout.JAVA_BYTE, 3, (byte) 7); // still allocated: the hold has it
        assertEquals(7, seg.get(ValueLayout.JAVA_BYTE, 3));
        assertFalse(hold.isReleased());
        hold.close();
        hold.close(); // idempotent
        assertTrue(hold.isReleased());
        assertThrows(IllegalStateException.class, () -> seg.get(ValueLayout.JAVA_BYTE, 3), "freed with the last hold");
    }

    @Test
    void aClosedTensorCannotBeHeld() {
        Tensor t = Tensor.allocateHost(new long[] {4}, DataType.U8, null);
        t.close();
        assertClosedError("Tensor.hold", t::hold);
    }

    @Test
    void aViewOfAClosedTensorThrowsEvenWhileAHoldKeepsTheMemory() {
        Tensor t = Tensor.allocateHost(new long[] {4, 4}, DataType.U8, null);
        Tensor row = t.slice(0, 1, 1);
        try (MemoryHold _ = t.hold()) {
            t.close();
            assertClosedError("view of a tensor that was closed", () -> row.copyFrom(new byte[4]));
            assertClosedError("view of a tensor that was closed", row::hostSegment);
        }
    }

    @Test
    void aWrappedSegmentWhoseArenaClosedGivesCvjsMessage() {
        Arena arena = Arena.ofShared();
        Tensor t = Tensor.wrapHost(arena.allocate(64), new long[] {16}, DataType.F32, null, null);
        arena.close();
        assertTrue(t.isClosed());
        assertClosedError("its memory's arena was closed", () -> t.copyFrom(new float[16]));
        assertClosedError("its memory's arena was closed", () -> t.copyTo(new float[16]));
        assertClosedError("its memory's arena was closed", t::hostSegment);
        try (Tensor other = Tensor.allocateHost(new long[] {16}, DataType.F32, null)) {
            assertClosedError("its memory's arena was closed", () -> other.copyFrom(t, null));
        }
    }

    @Test
    void closeRacingCopiesEndsInACompletedCopyOrCvjsClosedError() throws Exception {
        int rounds = 3000;
        byte[] src = new byte[1 << 14];
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int completed = 0;
        int refused = 0;
        try {
            for (int i = 0; i < rounds; i++) {
                Tensor t = Tensor.allocateHost(new long[] {src.length}, DataType.U8, null);
                Tensor view = t.slice(0, 0, src.length / 2);
                CyclicBarrier start = new CyclicBarrier(2);
                boolean throughView = (i & 1) == 0;
                Future<Boolean> copier = pool.submit(() -> {
                    start.await();
                    try {
                        if (throughView) {
                            view.copyTo(new byte[src.length / 2]);
                        } else {
                            t.copyFrom(src);
                        }
                        return true;
                    } catch (IllegalStateException e) {
                        if (!e.getMessage().contains("closed") || !e.getMessage().contains("tensor")) {
                            throw e;
                        }
                        return false;
                    }
                });
                Future<?> closer = pool.submit(() -> {
                    start.await();
                    t.close();
                    return null;
                });
                closer.get(10, TimeUnit.SECONDS);
                if (copier.get(10, TimeUnit.SECONDS)) {
                    completed++;
                } else {
                    refused++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(rounds, completed + refused);
        System.out.println("close racing copies: " + completed + " completed, " + refused + " refused as closed");
    }

    @Test
    void closingAWrappedArenaRacingCopiesGivesCvjsMessage() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 500; i++) {
                Arena arena = Arena.ofShared();
                Tensor t = Tensor.wrapHost(arena.allocate(1 << 16), new long[] {1 << 16}, DataType.U8, null, null);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<?> copier = pool.submit(() -> {
                    start.await();
                    try {
                        t.copyFrom(new byte[1 << 16]);
                    } catch (IllegalStateException e) {
                        if (!e.getMessage().startsWith("Tensor.copyFrom") && !e.getMessage().startsWith("tensor ")) {
                            fail("not cvj's message: " + e);
                        }
                    }
                    return null;
                });
                Future<?> closer = pool.submit(() -> {
                    start.await();
                    arena.close();
                    return null;
                });
                closer.get(10, TimeUnit.SECONDS);
                copier.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closedTensorsRefuseEveryUseWithCvjsMessage() {
        Tensor t = Tensor.allocateHost(new long[] {2, 3}, DataType.S32, TensorLayout.HW);
        int[] values = {1, 2, 3, 4, 5, 6};
        t.copyFrom(values);
        int[] back = new int[6];
        t.copyTo(back);
        assertArrayEquals(values, back);
        t.close();
        for (Runnable use : new Runnable[] {() -> t.copyFrom(values), () -> t.copyTo(back), t::address, t::hostSegment,
                () -> t.slice(0, 0, 1), () -> t.reshape(new long[] {6}, null), t::toHost, () -> t.withLayout(null),
                () -> t.copyFromBytes(new byte[24]), () -> t.copyToBytes(new byte[24])}) {
            assertClosedError("is closed", use);
        }
    }
}

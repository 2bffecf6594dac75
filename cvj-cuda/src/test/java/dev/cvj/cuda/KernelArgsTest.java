package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Kernel argument packing and launch dimensions: pure Java, no GPU. */
class KernelArgsTest {
    @Test
    void sizesAndMarshalledValues() {
        Random r = new Random();
        int i = r.nextInt();
        long l = r.nextLong();
        float f = r.nextFloat();
        double d = r.nextDouble();
        KernelArgs a = new KernelArgs().i32(i).i64(l).f32(f).f64(d).pointer(0xdead_beef_0000L);
        assertEquals(5, a.count());
        assertArrayEquals(new int[] {4, 8, 4, 8, 8}, new int[] {a.size(0), a.size(1), a.size(2), a.size(3), a.size(4)});
        assertThrows(IndexOutOfBoundsException.class, () -> a.size(5));
        assertThrows(IndexOutOfBoundsException.class, () -> a.size(-1));
        {
            MemorySegment ptrs = a.marshal();
            assertEquals(i, ptrs.getAtIndex(ValueLayout.ADDRESS, 0).reinterpret(4).get(ValueLayout.JAVA_INT, 0));
            MemorySegment p1 = ptrs.getAtIndex(ValueLayout.ADDRESS, 1).reinterpret(8);
            assertEquals(0, p1.address() % 8, "i64 is 8-byte aligned");
            assertEquals(l, p1.get(ValueLayout.JAVA_LONG, 0));
            assertEquals(f, ptrs.getAtIndex(ValueLayout.ADDRESS, 2).reinterpret(4).get(ValueLayout.JAVA_FLOAT, 0));
            assertEquals(d, ptrs.getAtIndex(ValueLayout.ADDRESS, 3).reinterpret(8).get(ValueLayout.JAVA_DOUBLE, 0));
            assertEquals(0xdead_beef_0000L, ptrs.getAtIndex(ValueLayout.ADDRESS, 4).reinterpret(8).get(ValueLayout.JAVA_LONG, 0));
        }
    }

    @Test
    void structsKeepTheirBytesAndAlignment() {
        byte[] s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        KernelArgs a = new KernelArgs().i32(7).struct(s, 16).i32(9);
        assertEquals(12, a.size(1));
        {
            MemorySegment ptrs = a.marshal();
            MemorySegment p = ptrs.getAtIndex(ValueLayout.ADDRESS, 1).reinterpret(12);
            assertEquals(0, p.address() % 16);
            assertArrayEquals(s, p.toArray(ValueLayout.JAVA_BYTE));
            assertEquals(9, ptrs.getAtIndex(ValueLayout.ADDRESS, 2).reinterpret(4).get(ValueLayout.JAVA_INT, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> new KernelArgs().struct(s, 3));
        assertThrows(IllegalArgumentException.class, () -> new KernelArgs().struct(s, 0));
    }

    @Test
    void theThreadsNativeBufferIsReusedAndGrows() {
        KernelArgs a = new KernelArgs().i32(3).f64(2.5);
        MemorySegment first = a.marshal();
        assertSame(first, a.marshal(), "a second launch with the same arguments reuses the buffer");
        assertSame(first, new KernelArgs().i64(5).marshal(), "so does another KernelArgs on the same thread");
        a.clear().i64(11);
        MemorySegment ptrs = a.marshal();
        assertEquals(11, ptrs.getAtIndex(ValueLayout.ADDRESS, 0).reinterpret(8).get(ValueLayout.JAVA_LONG, 0),
                "cleared arguments are rewritten, not left from the previous launch");
        a.clear();
        for (int k = 0; k < 300; k++) { // 300 pointers + 2400 value bytes: past the first 1 KiB buffer
            a.i64(1000 + k);
        }
        ptrs = a.marshal();
        assertNotSame(first, ptrs);
        for (int k = 0; k < 300; k++) {
            assertEquals(1000 + k, ptrs.getAtIndex(ValueLayout.ADDRESS, k).reinterpret(8).get(ValueLayout.JAVA_LONG, 0));
        }
    }

    @Test
    void manyArgumentsGrowAndClearResets() {
        KernelArgs a = new KernelArgs();
        for (int k = 0; k < 100; k++) {
            a.i64(k);
        }
        assertEquals(100, a.count());
        {
            MemorySegment ptrs = a.marshal();
            for (int k = 0; k < 100; k++) {
                assertEquals(k, ptrs.getAtIndex(ValueLayout.ADDRESS, k).reinterpret(8).get(ValueLayout.JAVA_LONG, 0));
            }
        }
        a.clear();
        assertEquals(0, a.count());
        a.i32(1);
        assertEquals(1, a.count());
        assertEquals(4, a.size(0));
    }

    @Test
    void parameterSpaceLimit() {
        KernelArgs a = new KernelArgs();
        a.struct(new byte[32760], 8);
        a.i32(1); // exactly 32764
        assertThrows(IllegalArgumentException.class, () -> a.i32(2));
    }

    @Test
    void dim3() {
        assertEquals(new Dim3(4, 1, 1), Dim3.of(4));
        assertEquals(6, Dim3.of(1, 2, 3).volume());
        assertEquals((long) Integer.MAX_VALUE * 65535 * 65535, Dim3.of(Integer.MAX_VALUE, 65535, 65535).volume());
        assertThrows(IllegalArgumentException.class, () -> Dim3.of(0));
        assertThrows(IllegalArgumentException.class, () -> Dim3.of(1, -1));
        assertEquals(1, Dim3.blocksFor(0, 256));
        assertEquals(1, Dim3.blocksFor(256, 256));
        assertEquals(2, Dim3.blocksFor(257, 256));
        assertEquals(3907, Dim3.blocksFor(1_000_003, 256));
        assertThrows(IllegalArgumentException.class, () -> Dim3.blocksFor(1L << 40, 1));
    }
}

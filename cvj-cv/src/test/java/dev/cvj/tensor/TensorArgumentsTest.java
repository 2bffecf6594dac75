package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments to every public Tensor method get an exception that names the method and the argument; raw-byte copies. */
class TensorArgumentsTest {
    private static final long SEED = System.nanoTime();
    private final Random rng = new Random(SEED);

    private static <T extends Throwable> void assertNames(Class<T> type, String method, String argument, Executable call) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(method) && e.getMessage().contains(argument),
                "expected " + method + " and " + argument + " in: " + e.getMessage());
    }

    @Test
    void nullArgumentsAreNamed() {
        try (Tensor t = Tensor.allocateHost(new long[] {4}, DataType.U8, null)) {
            assertNames(NullPointerException.class, "Tensor.copyFrom", "array", () -> t.copyFrom((byte[]) null));
            assertNames(NullPointerException.class, "Tensor.copyFrom", "array", () -> t.copyFrom((float[]) null));
            assertNames(NullPointerException.class, "Tensor.copyTo", "array", () -> t.copyTo((long[]) null));
            assertNames(NullPointerException.class, "Tensor.copyFrom", "other", () -> t.copyFrom((Tensor) null, null));
            assertNames(NullPointerException.class, "Tensor.copyFromBytes", "bytes", () -> t.copyFromBytes((byte[]) null));
            assertNames(NullPointerException.class, "Tensor.copyToBytes", "bytes", () -> t.copyToBytes((MemorySegment) null));
            assertNames(NullPointerException.class, "Tensor.reshape", "shape", () -> t.reshape(null, null));
            assertNames(NullPointerException.class, "Tensor.toDevice", "device", () -> t.toDevice(null, null));
            assertNames(NullPointerException.class, "Tensor.close", "stream", () -> t.close(null));
        }
        assertNames(NullPointerException.class, "Tensor.allocateHost", "shape", () -> Tensor.allocateHost(null, DataType.U8, null));
        assertNames(NullPointerException.class, "Tensor.allocateHost", "dtype", () -> Tensor.allocateHost(new long[] {1}, null, null));
        assertNames(NullPointerException.class, "Tensor.wrapHost", "segment", () -> Tensor.wrapHost(null, new long[] {1}, DataType.U8, null, null));
        assertNames(NullPointerException.class, "Tensor.adoptHost", "release",
                () -> Tensor.adoptHost(MemorySegment.ofArray(new byte[1]), new long[] {1}, DataType.U8, null, null, null));
        assertNames(NullPointerException.class, "Tensor.asTensor", "interface",
                () -> Tensor.asTensor((dev.cvj.cuda.interop.CudaArrayInterface) null, null));
    }

    @Test
    void dimensionsOutOfRangeNameTheDimensionAndTheRank() {
        try (Tensor t = Tensor.allocateHost(new long[] {2, 3, 4}, DataType.U8, null)) {
            // used to be "Index 7 out of bounds for length 3"
            assertNames(IndexOutOfBoundsException.class, "Tensor.slice", "dimension 7 is out of range for a tensor of rank 3",
                    () -> t.slice(7, 0, 1));
            assertNames(IndexOutOfBoundsException.class, "Tensor.slice", "dimension -1", () -> t.slice(-1, 0, 1));
            assertNames(IndexOutOfBoundsException.class, "Tensor.shape", "rank 3", () -> t.shape(3));
            assertNames(IndexOutOfBoundsException.class, "Tensor.stride", "rank 3", () -> t.stride(3));
            assertNames(IndexOutOfBoundsException.class, "Tensor.stride", "dimension -1", () -> t.stride(-1));
            try (Tensor v = t.slice(2, 1, 2)) {
                assertArrayEquals(new long[] {12, 4, 1}, new long[] {v.stride(0), v.stride(1), v.stride(2)});
            }
            assertNames(IndexOutOfBoundsException.class, "Tensor.slice", "extent 3", () -> t.slice(1, 2, 2));
            assertNames(IndexOutOfBoundsException.class, "Tensor.slice", "extent 3", () -> t.slice(1, -1, 1));
            assertNames(IndexOutOfBoundsException.class, "Tensor.slice", "extent 3", () -> t.slice(1, 0, -1));
            assertEquals(0, t.slice(1, 3, 0).elementCount(), "an empty slice at the end is allowed");
        }
    }

    @Test
    void mismatchesNameTheMethod() {
        try (Tensor t = Tensor.allocateHost(new long[] {2, 3}, DataType.F32, null);
             Tensor u = Tensor.allocateHost(new long[] {3, 2}, DataType.F32, null)) {
            assertNames(IllegalArgumentException.class, "Tensor.reshape", "[2, 3]", () -> t.reshape(new long[] {7}, null));
            assertNames(IllegalArgumentException.class, "Tensor.copyFrom", "shape and type", () -> t.copyFrom(u, null));
            assertNames(IllegalArgumentException.class, "Tensor.copyFrom", "int[]", () -> t.copyFrom(new int[6]));
            assertNames(IllegalArgumentException.class, "Tensor.copyTo", "5 elements", () -> t.copyTo(new float[5]));
            assertNames(IllegalArgumentException.class, "Tensor.withLayout", "rank", () -> t.withLayout(TensorLayout.HWC));
            assertNames(IllegalArgumentException.class, "Tensor.allocateHost", "dimension 1",
                    () -> Tensor.allocateHost(new long[] {2, -3}, DataType.U8, null));
            assertNames(IllegalArgumentException.class, "Tensor.wrapHost", "stride",
                    () -> Tensor.wrapHost(MemorySegment.ofArray(new float[8]), new long[] {2, 2}, DataType.F32, null, new long[] {8, 3}));
        }
    }

    @Test
    void readOnlyDestinationsAreRefusedByName() {
        MemorySegment ro = MemorySegment.ofArray(new float[4]).asReadOnly();
        Tensor t = Tensor.wrapHost(ro, new long[] {4}, DataType.F32, null, null);
        assertNames(IllegalStateException.class, "Tensor.copyFrom", "read-only", () -> t.copyFrom(new float[4]));
        try (Tensor src = Tensor.allocateHost(new long[] {4}, DataType.F32, null)) {
            assertNames(IllegalArgumentException.class, "Tensor.copyToBytes", "read-only", () -> src.copyToBytes(ro));
        }
    }

    @Test
    void rawLittleEndianBytesCopyIntoAndOutOfAFloatTensor() {
        System.out.println("TensorArgumentsTest seed " + SEED);
        float[] values = new float[12];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextFloat() * 100 - 50;
        }
        // the bytes a float32 little-endian file holds, made without cvj
        ByteBuffer le = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            le.putFloat(v);
        }
        byte[] bytes = le.array();
        try (Tensor t = Tensor.allocateHost(new long[] {3, 4}, DataType.F32, null)) {
            assertThrows(IllegalArgumentException.class, () -> t.copyFrom(bytes), "byte[] is for 1-byte types");
            t.copyFromBytes(bytes);
            float[] back = new float[12];
            t.copyTo(back);
            assertArrayEquals(values, back);
            byte[] out = new byte[48];
            t.copyToBytes(out);
            assertArrayEquals(bytes, out);
            // a strided view: the bytes are its elements in C order
            Tensor col = t.slice(1, 1, 1);
            byte[] colBytes = new byte[12];
            col.copyToBytes(colBytes);
            ByteBuffer cb = ByteBuffer.wrap(colBytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < 3; r++) {
                assertEquals(values[r * 4 + 1], cb.getFloat());
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocate(48);
                MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, 0, 48);
                t.copyFrom(new float[12]);
                t.copyFromBytes(seg);
                t.copyTo(back);
                assertArrayEquals(values, back);
            }
            assertNames(IllegalArgumentException.class, "Tensor.copyFromBytes", "47 bytes", () -> t.copyFromBytes(new byte[47]));
            assertNames(IllegalArgumentException.class, "Tensor.copyToBytes", "49 bytes", () -> t.copyToBytes(new byte[49]));
        }
    }
}

package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.lang.reflect.Field;
import java.util.OptionalLong;
import java.util.Random;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaMemcpyKind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pattern for any library that hands out raw device pointers, with JCuda: its pointer wrapped by cvj
 * (CudaArrayInterface -> CudaBuffer / Tensor, no copy), and cvj's pointer handed to it (a Pointer
 * subclass). Both sides run in one process and one primary context, so the addresses are shared.
 */
@GpuTest
class JCudaInteropTest {
    private static final Random RANDOM = new Random();

    @BeforeAll
    static void jcudaLoads() {
        try {
            JCuda.setExceptionsEnabled(true);
            int[] count = new int[1];
            JCuda.cudaGetDeviceCount(count);
        } catch (Throwable t) { // UnsatisfiedLinkError when its natives do not match the installed CUDA
            Assumptions.abort("JCuda 12.6 cannot be used here: " + t);
        }
    }

    /**
     * JCuda's {@code Pointer} has no public address getter: read {@code NativePointerObject.nativePointer}
     * (and {@code Pointer.byteOffset}) reflectively. Works on the class path (JCuda is not a named module).
     */
    static long address(Pointer p) throws ReflectiveOperationException {
        Field nativePointer = NativePointerObject.class.getDeclaredField("nativePointer");
        nativePointer.setAccessible(true);
        Field byteOffset = Pointer.class.getDeclaredField("byteOffset");
        byteOffset.setAccessible(true);
        return nativePointer.getLong(p) + byteOffset.getLong(p);
    }

    /** A JCuda {@code Pointer} at a raw address (its constructor is protected: a subclass reaches it). */
    static final class AddressPointer extends Pointer {
        AddressPointer(long address) {
            super(address);
        }
    }

    @Test
    void jcudaMemoryWrappedByCvj() throws Exception {
        int n = 1 + RANDOM.nextInt(10_000);
        Pointer p = new Pointer();
        JCuda.cudaMalloc(p, (long) n * Sizeof.FLOAT);
        try {
            long address = address(p);
            CudaArrayInterface cai = CudaArrayInterface.of(new long[] {n}, "<f4", address, false, null, OptionalLong.empty());
            float[] fromCvj = new float[n];
            for (int i = 0; i < n; i++) {
                fromCvj[i] = RANDOM.nextFloat();
            }
            try (CudaBuffer b = CudaBuffer.fromCuda(cai)) {
                CudaCopies.h2d(fromCvj, b);
            }
            float[] seenByJcuda = new float[n];
            JCuda.cudaMemcpy(Pointer.to(seenByJcuda), p, (long) n * Sizeof.FLOAT, cudaMemcpyKind.cudaMemcpyDeviceToHost);
            assertArrayEquals(fromCvj, seenByJcuda);

            // And the other way: JCuda writes, a cvj tensor over the same pointer reads.
            float[] fromJcuda = new float[n];
            for (int i = 0; i < n; i++) {
                fromJcuda[i] = -RANDOM.nextFloat();
            }
            JCuda.cudaMemcpy(p, Pointer.to(fromJcuda), (long) n * Sizeof.FLOAT, cudaMemcpyKind.cudaMemcpyHostToDevice);
            Tensor t = Tensor.asTensor(cai, TensorLayout.W);
            assertEquals(address, t.address());
            float[] seenByCvj = new float[n];
            t.copyTo(seenByCvj);
            assertArrayEquals(fromJcuda, seenByCvj);
        } finally {
            JCuda.cudaFree(p);
        }
    }

    @Test
    void cvjMemoryHandedToJcuda() {
        int n = 1 + RANDOM.nextInt(10_000);
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = RANDOM.nextInt();
        }
        try (CudaBuffer b = new CudaBuffer(new long[] {n}, DataType.S32)) {
            CudaCopies.h2d(values, b);
            int[] seen = new int[n];
            JCuda.cudaMemcpy(Pointer.to(seen), new AddressPointer(b.address()), (long) n * Sizeof.INT,
                    cudaMemcpyKind.cudaMemcpyDeviceToHost);
            assertArrayEquals(values, seen);
        }
    }
}

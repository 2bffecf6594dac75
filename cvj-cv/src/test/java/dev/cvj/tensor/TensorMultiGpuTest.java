package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.interop.CudaArrayInterface;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.RequiresGpus;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tensors on device 1 used from a thread whose current device is 0: allocation, copies in and out (padded
 * rows, views), cross-device copies, the CUDA Array Interface and asTensor. The thread's current device is
 * checked to be 0 after every test.
 */
@GpuTest
@Tag("multigpu")
@RequiresGpus(2)
class TensorMultiGpuTest {
    private final Random random = new Random();
    private final Device d0 = Device.get(0);
    private final Device d1 = Device.get(1);

    @BeforeEach
    void deviceZeroIsCurrent() {
        d0.makeCurrent();
    }

    @AfterEach
    void stillDeviceZero() {
        assertEquals(0, Device.current().ordinal(), "the thread's current device changed");
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void allocateOnDeviceOneThroughItsStreams() {
        long[] shape = {37, 41, 3};
        try (Stream s1 = Stream.create(d1);
             Tensor a = Tensor.allocate(shape, DataType.U8, TensorLayout.HWC, Stream.perThreadDefault(d1));
             Tensor b = Tensor.allocate(shape, DataType.U8, TensorLayout.HWC, s1)) {
            assertSame(d1, a.device());
            assertSame(d1, DeviceMemory.deviceOf(a.address()));
            assertSame(d1, DeviceMemory.deviceOf(b.address()));
            try (var _ = CurrentStream.use(s1); Tensor c = Tensor.allocate(shape, DataType.F32, TensorLayout.HWC)) {
                assertSame(d1, c.device(), "allocate() without a stream follows the current stream's device");
                assertSame(d1, DeviceMemory.deviceOf(c.address()));
            }
            try (Tensor z = Tensor.allocate(shape, DataType.U8, TensorLayout.HWC)) {
                assertSame(d0, z.device(), "without a device-1 current stream: the current device");
            }
        }
    }

    @Test
    void copiesInAndOutOfPaddedRowsAndViews() {
        int h = 37, w = 41, c = 3;
        byte[] data = randomBytes(h * w * c);
        try (Tensor t = Tensor.allocate(new long[] {h, w, c}, DataType.U8, TensorLayout.HWC, Stream.perThreadDefault(d1))) {
            assertFalse(t.isContiguous(), "rows of 123 bytes are padded");
            t.copyFrom(data);
            byte[] back = new byte[data.length];
            t.copyTo(back);
            assertArrayEquals(data, back);
            // A view: rows 5..14, columns 7..26.
            Tensor v = t.slice(0, 5, 10).slice(1, 7, 20);
            assertSame(d1, v.device());
            byte[] got = new byte[10 * 20 * c];
            v.copyTo(got);
            for (int y = 0; y < 10; y++) {
                byte[] want = Arrays.copyOfRange(data, ((5 + y) * w + 7) * c, ((5 + y) * w + 27) * c);
                assertArrayEquals(want, Arrays.copyOfRange(got, y * 20 * c, (y + 1) * 20 * c), "view row " + y);
            }
            // Write through the view, read the whole tensor.
            byte[] patch = randomBytes(got.length);
            v.copyFrom(patch);
            t.copyTo(back);
            for (int y = 0; y < 10; y++) {
                System.arraycopy(patch, y * 20 * c, data, ((5 + y) * w + 7) * c, 20 * c);
            }
            assertArrayEquals(data, back, "the view wrote into the tensor on device 1");
            try (Tensor host = t.toHost()) {
                assertTrue(host.isHost());
                assertArrayEquals(data, host.hostSegment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            }
        }
    }

    @Test
    void copiesBetweenDevices() {
        float[] values = new float[3 * 64 * 80];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        long[] shape = {3, 64, 80};
        try (Tensor on0 = Tensor.allocate(shape, DataType.F32, TensorLayout.CHW, Stream.perThreadDefault(d0))) {
            on0.copyFrom(values);
            try (Tensor on1 = on0.toDevice(d1, null)) {
                assertSame(d1, on1.device());
                assertSame(d1, DeviceMemory.deviceOf(on1.address()));
                float[] got = new float[values.length];
                on1.copyTo(got);
                assertArrayEquals(values, got, "0 -> 1 with toDevice");
                try (Tensor back = Tensor.allocate(shape, DataType.F32, TensorLayout.CHW, Stream.perThreadDefault(d0))) {
                    back.copyFrom(on1, null);
                    float[] again = new float[values.length];
                    back.copyTo(again);
                    assertArrayEquals(values, again, "1 -> 0 with copyFrom");
                }
            }
        }
    }

    @Test
    void interfaceAndAsTensorCarryDeviceOne() {
        byte[] data = randomBytes(16 * 24 * 4);
        try (Tensor t = Tensor.allocate(new long[] {16, 24, 4}, DataType.U8, TensorLayout.HWC, Stream.perThreadDefault(d1))) {
            t.copyFrom(data);
            CudaArrayInterface cai = t.cuda();
            assertEquals(t.address(), cai.data());
            assertSame(d1, DeviceMemory.deviceOf(cai.data()));
            assertEquals(Stream.perThreadDefault(d1).handle(), cai.stream().getAsLong(),
                    "stream: device 1's per-thread default stream, not the current device's");
            try (Tensor w = Tensor.asTensor(cai, TensorLayout.HWC); Tensor m = Tensor.asTensor(cai.toMap(), null);
                 Tensor v = Tensor.asTensor(t, null)) {
                for (Tensor x : new Tensor[] {w, m, v}) {
                    assertSame(d1, x.device());
                    assertEquals(t.address(), x.address());
                    byte[] got = new byte[data.length];
                    x.copyTo(got);
                    assertArrayEquals(data, got);
                }
            }
            // A device-1 tensor with an explicit device-0 stream is refused, naming both.
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.copyFrom(t, Stream.perThreadDefault(d0)));
            assertTrue(e.getMessage().contains("cuda:0") && e.getMessage().contains("cuda:1"), e.getMessage());
        }
    }
}

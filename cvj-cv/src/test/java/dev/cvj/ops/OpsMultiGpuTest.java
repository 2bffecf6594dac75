package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.DeviceMemory;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.cuda.test.RequiresGpus;
import dev.cvj.tensor.CurrentStream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Operators on device 1 from a thread whose current device is 0: results equal the CPU path (bit-exact for the
 * copy, convert and fused operators and CvtColor, within 1 for the U8 Resize), outputs land on device 1, and the thread's
 * current device is still 0 afterwards. Tensors from two devices are refused, naming both.
 */
@GpuTest
@Tag("multigpu")
@RequiresGpus(2)
class OpsMultiGpuTest {
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    private static final float[] STD = {58.395f, 57.12f, 57.375f};

    private final Random random = OpGpuSupport.seeded("OpsMultiGpuTest");

    @BeforeEach
    void deviceZeroIsCurrent() {
        Device.get(0).makeCurrent();
    }

    /** The operators under test, each from a U8 NHWC batch. */
    private static List<Op> ops() {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op("Resize LINEAR", 1, t -> Resize.resize(t, 29, 23, Interpolation.LINEAR, null)));
        ops.add(new Op("Resize AREA", 1, t -> Resize.resize(t, 20, 15, Interpolation.AREA, null)));
        ops.add(new Op("CvtColor RGB2BGR", 0, t -> CvtColor.cvtColor(t, ColorConversion.RGB2BGR, null)));
        ops.add(new Op("CvtColor RGB2GRAY", 0, t -> CvtColor.cvtColor(t, ColorConversion.RGB2GRAY, null)));
        ops.add(new Op("ConvertTo F32", 0, t -> ConvertTo.convertTo(t, DataType.F32, 1 / 255.0, 0, null)));
        ops.add(new Op("Normalize F32", 0, t -> Normalize.normalize(t, MEAN, STD, 1f, 0f, 0f, true, DataType.F32, null)));
        ops.add(new Op("Reformat NCHW", 0, t -> Reformat.reformat(t, TensorLayout.NCHW, null)));
        ops.add(new Op("ResizeCropConvertReformat", 0, t -> ResizeCropConvertReformat.resizeCropConvertReformat(t, 40, 36,
                Interpolation.LINEAR, 4, 6, 32, 28, 1 / 255f, 0f, new int[] {2, 1, 0}, DataType.F32,
                TensorLayout.NCHW, null)));
        return ops;
    }

    private record Op(String name, int intTolerance, Function<Tensor, Tensor> run) {}

    private static void compare(Op op, Tensor cpu, Tensor gpu) {
        if (op.intTolerance == 0) {
            assertBytesEqual(bytes(cpu), bytes(gpu), op.name + " on cuda:1 vs CPU");
        } else {
            try (Tensor g = gpu.toHost()) {
                assertNull(ImageTensors.mismatch(g, cpu, op.intTolerance, 1e-5), op.name + " on cuda:1 vs CPU");
            }
        }
    }

    /** Runs every op on a device-1 copy of {@code host} with the streams {@code streams} picks, against the CPU path. */
    private void opsOnDeviceOne(Tensor host, Runnable around, Stream explicit) {
        Device d1 = Device.get(1);
        try (Tensor dev = host.toDevice(d1, null)) {
            for (Op op : ops()) {
                try (Tensor cpu = op.run.apply(host); Tensor gpu = explicit == null ? op.run.apply(dev) : applyOn(op, dev, explicit)) {
                    assertSame(d1, gpu.device(), op.name + ": output device");
                    assertSame(d1, DeviceMemory.deviceOf(gpu.address()), op.name + ": the driver places the output on device 1");
                    compare(op, cpu, gpu);
                }
                around.run();
            }
        }
    }

    private static Tensor applyOn(Op op, Tensor dev, Stream s) {
        try (var _ = CurrentStream.use(s)) {
            Tensor out = op.run.apply(dev);
            s.synchronize();
            return out;
        }
    }

    private static void stillOnDeviceZero() {
        assertEquals(0, Device.current().ordinal(), "the thread's current device changed");
    }

    @Test
    void operatorsOnDeviceOneFromDeviceZeroMatchTheCpu() {
        try (Tensor host = randomHost(random, DataType.U8, TensorLayout.NHWC, 3, 45, 61, 3)) {
            opsOnDeviceOne(host, OpsMultiGpuTest::stillOnDeviceZero, null);
        }
        stillOnDeviceZero();
    }

    @Test
    void operatorsOnDeviceOneWithADeviceOneCurrentStream() {
        try (Tensor host = randomHost(random, DataType.U8, TensorLayout.NHWC, 2, 50, 33, 3);
             Stream s1 = Stream.create(Device.get(1))) {
            opsOnDeviceOne(host, OpsMultiGpuTest::stillOnDeviceZero, s1);
        }
        stillOnDeviceZero();
    }

    @Test
    void operatorsOnBothDevicesFromTwoThreads() throws Exception {
        try (Tensor host = randomHost(random, DataType.U8, TensorLayout.NHWC, 2, 64, 48, 3)) {
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int d = 0; d < 2; d++) {
                Device dev = Device.get(d);
                Thread t = new Thread(() -> {
                    try (Tensor x = host.toDevice(dev, null)) {
                        for (int rep = 0; rep < 5; rep++) {
                            for (Op op : ops()) {
                                try (Tensor cpu = op.run.apply(host); Tensor gpu = op.run.apply(x)) {
                                    assertSame(dev, gpu.device());
                                    compare(op, cpu, gpu);
                                }
                            }
                        }
                        assertEquals(0, Device.current().ordinal(), "a new thread's current device is 0 and stays 0");
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "ops-on-cuda:" + d);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new AssertionError("a pipeline thread failed: " + failure.get(), failure.get());
            }
        }
        stillOnDeviceZero();
    }

    @Test
    void tensorsOfTwoDevicesAreRefusedNamingBoth() {
        OpPlacementCases.checkAllRefuse(Device.get(0), Device.get(1), random);
        OpPlacementCases.checkAllRefuse(Device.get(1), Device.get(0), random);
        stillOnDeviceZero();
    }

    @Test
    void aStreamOfTheOtherDeviceIsRefusedNamingBoth() {
        Device d1 = Device.get(1);
        try (Tensor host = randomHost(random, DataType.U8, TensorLayout.NHWC, 1, 8, 8, 3);
             Tensor dev = host.toDevice(d1, null)) {
            Stream s0 = Stream.perThreadDefault(Device.get(0));
            for (Function<Stream, Tensor> f : List.<Function<Stream, Tensor>>of(
                    s -> Resize.resize(dev, 4, 4, Interpolation.LINEAR, s),
                    s -> CvtColor.cvtColor(dev, ColorConversion.RGB2BGR, s),
                    s -> Normalize.normalize(dev, MEAN, STD, 1f, 0f, 0f, true, DataType.F32, s),
                    s -> Reformat.reformat(dev, TensorLayout.NCHW, s),
                    s -> ConvertTo.convertTo(dev, DataType.F32, 1, 0, s))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(s0));
                assertTrue(e.getMessage().contains("cuda:0") && e.getMessage().contains("cuda:1"), e.getMessage());
            }
        }
        stillOnDeviceZero();
    }
}

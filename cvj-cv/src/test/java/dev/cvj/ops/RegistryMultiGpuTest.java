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
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered operator ({@link Operators}) on device 1 from a thread whose current device is 0: single images
 * and, where the operator takes one, an {@link ImageBatchVarShape}, against the CPU path with the registry's
 * tolerances (integers within the call's tolerance, floats 1e-5 relative); outputs on device 1 (by the tensor and by
 * the driver); the thread's current device still 0 afterwards. Also: a {@link Pipeline} recorded on device 1 replays
 * there while device 0 is current, and varshape batches of two devices are refused naming both.
 */
@GpuTest
@Tag("multigpu")
@RequiresGpus(2)
class RegistryMultiGpuTest {
    private final Device d1 = Device.get(1);

    @BeforeEach
    void deviceZeroIsCurrent() {
        Device.get(0).makeCurrent();
    }

    static java.util.stream.Stream<OperatorInfo> operators() {
        return Operators.all().stream();
    }

    static java.util.stream.Stream<OperatorInfo> varShapeOperators() {
        return VarShapeOperatorsTest.varShapeOperators();
    }

    private static void stillOnDeviceZero(String what) {
        assertEquals(0, Device.current().ordinal(), what + ": the thread's current device changed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void onDeviceOneTheOperatorEqualsTheCpu(OperatorInfo op, Random rnd) {
        for (int round = 0; round < 3; round++) {
            long n = 1 + rnd.nextInt(3), h = 1 + rnd.nextInt(70), w = 1 + rnd.nextInt(90);
            try (Tensor host = randomHost(rnd, DataType.U8, TensorLayout.NHWC, n, h, w, 3);
                 Tensor dev = host.toDevice(d1, null)) {
                OperatorCall call = op.sample(rnd, host);
                try (Tensor cpu = call.apply().apply(host, null); Tensor gpu = call.apply().apply(dev, null)) {
                    assertSame(d1, gpu.device(), call + ": output device");
                    assertSame(d1, DeviceMemory.deviceOf(gpu.address()), call + ": the driver places the output on device 1");
                    try (Tensor g = gpu.toHost()) {
                        assertNull(ImageTensors.mismatch(g, cpu, call.integerTolerance(), 1e-5), () -> call + " on cuda:1");
                    }
                }
                stillOnDeviceZero(call.toString());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("varShapeOperators")
    void onDeviceOneTheVarShapeOperatorEqualsTheCpu(OperatorInfo op, Random rnd) {
        for (int count : new int[] {1, 9}) {
            List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, count, 120, 90);
            try (VarShapeImages imgs = new VarShapeImages()) {
                List<Tensor> host = imgs.hostImages(rnd, sizes, 3, DataType.U8);
                try (ImageBatchVarShape hb = VarShapeImages.hostBatch(host);
                     ImageBatchVarShape db = imgs.deviceBatch(rnd, host, d1)) {
                    VarShapeCall call = op.sampleVarShape(rnd, hb);
                    List<Tensor> got = new ArrayList<>();
                    try (VarShapeCall.Output want = call.apply().apply(hb, null);
                         VarShapeCall.Output out = call.apply().apply(db, null)) {
                        for (Tensor t : out.images()) {
                            assertSame(d1, t.device(), call + ": output device");
                            got.add(t.toHost());
                        }
                        assertNull(VarShapeCalls.mismatch(got, want.images(), call.integerTolerance(), 1e-5),
                                () -> call + " on cuda:1, " + sizes);
                    } finally {
                        got.forEach(Tensor::close);
                    }
                }
            }
            stillOnDeviceZero(op.name());
        }
    }

    @Test
    void aPipelineOfDeviceOneReplaysThereWhileDeviceZeroIsCurrent(Random rnd) {
        try (Stream s1 = Stream.create(d1); Pipeline p = Pipeline.of(PipelineGpuTest::chain)) {
            for (int round = 0; round < 4; round++) {
                try (Tensor host = randomHost(rnd, DataType.U8, TensorLayout.NHWC, 2, 64, 80, 3);
                     Tensor in = host.toDevice(d1, s1)) {
                    Tensor[] eager = PipelineGpuTest.chain(new Tensor[] {in}, s1);
                    Tensor[] replayed = p.run(new Tensor[] {in}, s1);
                    try {
                        s1.synchronize();
                        assertSame(d1, replayed[0].device(), "replay output device");
                        assertBytesEqual(bytes(eager[0]), bytes(replayed[0]), "round " + round + " (replay vs eager)");
                    } finally {
                        eager[0].close();
                        replayed[0].close();
                    }
                }
                stillOnDeviceZero("pipeline round " + round);
            }
            assertTrue(p.recordingCount() >= 1, "the chain was recorded");
            // A device-1 input on a device-0 stream is refused, naming both devices, before anything runs.
            try (Tensor host = randomHost(rnd, DataType.U8, TensorLayout.NHWC, 2, 64, 80, 3);
                 Tensor in = host.toDevice(d1, s1); Stream s0 = Stream.create(Device.get(0))) {
                s1.synchronize();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> p.run(new Tensor[] {in}, s0));
                assertTrue(e.getMessage().contains("cuda:0") && e.getMessage().contains("cuda:1"), e.getMessage());
            }
        }
        stillOnDeviceZero("pipeline");
    }

    @Test
    void varShapeBatchesOfTwoDevicesAreRefusedNamingBoth(Random rnd) {
        Device d0 = Device.get(0);
        List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, 3, 40, 30);
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<Tensor> host = imgs.hostImages(rnd, sizes, 3, DataType.U8);
            try (ImageBatchVarShape src = imgs.deviceBatch(rnd, host, d1);
                 ImageBatchVarShape dst = imgs.deviceBatch(rnd, host, d0)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Flip.flipInto(dst, src, new FlipMode[] {FlipMode.HORIZONTAL}, null));
                assertTrue(e.getMessage().contains("cuda:0") && e.getMessage().contains("cuda:1"), e.getMessage());
                IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> {
                    try (ImageBatchVarShape both = ImageBatchVarShape.create(2, d1)) {
                        both.pushBack(VarShapeImages.images(src).get(0));
                        both.pushBack(VarShapeImages.images(dst).get(0));
                    }
                });
                assertTrue(mixed.getMessage().contains("cuda:0") && mixed.getMessage().contains("cuda:1"),
                        mixed.getMessage());
            }
        }
        stillOnDeviceZero("refusals");
    }
}

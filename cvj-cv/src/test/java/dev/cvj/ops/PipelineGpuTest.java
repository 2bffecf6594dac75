package dev.cvj.ops;

import static dev.cvj.ops.OpTestSupport.assertBytesEqual;
import static dev.cvj.ops.OpTestSupport.bytes;
import static dev.cvj.ops.OpTestSupport.randomHost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Stream;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Pipeline on the GPU: a replay gives the bytes of the same chain run eagerly, on fresh random inputs, from several
 * threads at once; new input shapes record again; what cannot be captured is refused and leaves every stream usable.
 */
@GpuTest
class PipelineGpuTest {
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f}, STD = {58.395f, 57.12f, 57.375f};

    /** The inference pre-processing chain at a small size: resize, centre crop, U8 -> F32 normalize, NCHW. */
    static Tensor[] chain(Tensor[] in, Stream s) {
        long h = in[0].shape('H'), w = in[0].shape('W');
        try (Tensor resized = Resize.resize(in[0], (int) (w * 3 / 4), (int) (h * 3 / 4), Interpolation.LINEAR, s);
             Tensor crop = CenterCrop.centerCrop(resized, (int) (w / 2), (int) (h / 2), s);
             Tensor norm = Normalize.normalize(crop, MEAN, STD, 1f, 0f, 0f, true, DataType.F32, s)) {
            return new Tensor[] {Reformat.reformat(norm, TensorLayout.NCHW, s)};
        }
    }

    /** Replays {@code p} on a device copy of {@code host} and compares with the eager chain on it, bit for bit. */
    private static void replayMatchesEager(Pipeline p, Tensor host, Stream s, String what) {
        try (Tensor in = host.toDevice(s.device(), s)) {
            Tensor[] eager = chain(new Tensor[] {in}, s);
            Tensor[] replayed = p.run(new Tensor[] {in}, s);
            try {
                s.synchronize();
                assertBytesEqual(bytes(eager[0]), bytes(replayed[0]), what + " (replay vs eager)");
            } finally {
                eager[0].close();
                replayed[0].close();
            }
        }
    }

    @Test
    void replaysEqualTheEagerChainOnNewInputs(Random r) {
        Device d = Device.get(0);
        try (Stream s = Stream.create(d); Pipeline p = Pipeline.of(PipelineGpuTest::chain)) {
            for (int i = 0; i < 6; i++) {
                try (Tensor host = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 48, 64, 3)) {
                    replayMatchesEager(p, host, s, "replay " + i);
                }
            }
            assertEquals(1, p.recordingCount());
            // into the caller's tensors, a strided input view included
            try (Tensor host = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 48, 80, 3);
                 Tensor wide = host.toDevice(d, s);
                 Tensor in = wide.slice(2, 10, 64);
                 Tensor out = Tensor.allocate(new long[] {2, 3, 24, 32}, DataType.F32, TensorLayout.NCHW, s)) {
                p.run(new Tensor[] {in}, new Tensor[] {out}, s);
                Tensor[] eager = chain(new Tensor[] {in}, s);
                s.synchronize();
                assertBytesEqual(bytes(eager[0]), bytes(out), "strided input view");
                eager[0].close();
            }
            assertEquals(1, p.recordingCount());
        }
    }

    @Test
    void replaysFromEightThreadsOnTheirOwnStreams() throws Exception {
        for (Pipeline.Replay mode : Pipeline.Replay.values()) {
            replaysFromEightThreads(mode);
        }
    }

    private static void replaysFromEightThreads(Pipeline.Replay mode) throws Exception {
        Device d = Device.get(0);
        int threads = 8;
        long seed = new Random().nextLong();
        System.out.println("replaysFromEightThreadsOnTheirOwnStreams: seed " + seed);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Pipeline p = Pipeline.of(PipelineGpuTest::chain, 1, threads, mode)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random r = new Random(seed + t);
                int id = t;
                done.add(pool.submit(() -> {
                    try (Stream s = Stream.create(d)) {
                        for (int i = 0; i < 20; i++) {
                            try (Tensor host = randomHost(r, DataType.U8, TensorLayout.NHWC, 1, 48, 64, 3)) {
                                replayMatchesEager(p, host, s, mode + " thread " + id + " replay " + i);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(); // an assertion failed in a thread fails here
            }
            assertEquals(threads, p.recordingCount()); // one recording per stream
            assertEquals(1, p.cachedSpecCount());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parameterReplaysEqualTheEagerChain(Random r) {
        Device d = Device.get(0);
        List<Pipeline.Spec> specs = List.of(Pipeline.Spec.of(new long[] {2, 48, 64, 3}, DataType.U8, TensorLayout.NHWC));
        try (Stream s = Stream.create(d);
             Pipeline p = Pipeline.of(PipelineGpuTest::chain, 4, 4, Pipeline.Replay.PARAMETERS)) {
            for (int i = 0; i < 6; i++) { // new input and output tensors on every call: the kernels move each time
                try (Tensor host = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 48, 64, 3)) {
                    replayMatchesEager(p, host, s, "parameters " + i);
                }
            }
            // Resize reads the input and Reformat writes the output by kernel parameter; CenterCrop's copy touches
            // intermediates only: the chain replays by parameters (a STAGED answer means the driver did not tell
            // the kernels' parameters, or a copy touched an input or output)
            assertEquals(java.util.Optional.of(Pipeline.Replay.PARAMETERS), p.replayOf(specs, s));
            try (Tensor ha = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 48, 64, 3);
                 Tensor hb = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 48, 64, 3);
                 Tensor a = ha.toDevice(d, s);
                 Tensor b = hb.toDevice(d, s);
                 Tensor outA = Tensor.allocate(new long[] {2, 3, 24, 32}, DataType.F32, TensorLayout.NCHW, s);
                 Tensor outB = Tensor.allocate(new long[] {2, 3, 24, 32}, DataType.F32, TensorLayout.NCHW, s);
                 Tensor wideOut = Tensor.allocate(new long[] {2, 3, 24, 40}, DataType.F32, TensorLayout.NCHW, s);
                 Tensor narrowOut = wideOut.slice(3, 4, 32);
                 Tensor wideIn = Tensor.allocate(new long[] {2, 48, 80, 3}, DataType.U8, TensorLayout.NHWC, s);
                 Tensor narrowIn = wideIn.slice(2, 7, 64)) {
                narrowIn.copyFrom(b, s);
                Tensor[] ea = chain(new Tensor[] {a}, s), eb = chain(new Tensor[] {b}, s);
                try {
                    // a, a again (nothing to update), b, a: then inputs and outputs of other strides (staged per call)
                    p.run(new Tensor[] {a}, new Tensor[] {outA}, s);
                    p.run(new Tensor[] {a}, new Tensor[] {outA}, s);
                    p.run(new Tensor[] {b}, new Tensor[] {outB}, s);
                    s.synchronize();
                    assertBytesEqual(bytes(ea[0]), bytes(outA), "a");
                    assertBytesEqual(bytes(eb[0]), bytes(outB), "b");
                    p.run(new Tensor[] {a}, new Tensor[] {outB}, s);
                    p.run(new Tensor[] {narrowIn}, new Tensor[] {outA}, s);
                    p.run(new Tensor[] {a}, new Tensor[] {narrowOut}, s);
                    s.synchronize();
                    assertBytesEqual(bytes(ea[0]), bytes(outB), "a into b's output");
                    assertBytesEqual(bytes(eb[0]), bytes(outA), "a strided input view");
                    assertBytesEqual(bytes(ea[0]), bytes(narrowOut), "a strided output view");
                } finally {
                    ea[0].close();
                    eb[0].close();
                }
            }
            assertEquals(1, p.recordingCount());
        }
    }

    @Test
    void aNewShapeRecordsAgainAndTheCacheKeepsTheLatest(Random r) {
        Device d = Device.get(0);
        try (Stream s = Stream.create(d); Pipeline p = Pipeline.of(PipelineGpuTest::chain, 1, 4);
             Tensor small = randomHost(r, DataType.U8, TensorLayout.NHWC, 1, 48, 64, 3);
             Tensor batch = randomHost(r, DataType.U8, TensorLayout.NHWC, 3, 48, 64, 3);
             Tensor other = randomHost(r, DataType.U8, TensorLayout.NHWC, 1, 40, 96, 3)) {
            replayMatchesEager(p, small, s, "1x48x64");
            replayMatchesEager(p, small, s, "1x48x64 again");
            assertEquals(1, p.recordingCount());
            replayMatchesEager(p, batch, s, "3x48x64");
            assertEquals(2, p.recordingCount());
            replayMatchesEager(p, other, s, "1x40x96");
            assertEquals(3, p.recordingCount());
            assertEquals(1, p.cachedSpecCount());
            replayMatchesEager(p, small, s, "1x48x64 after eviction");
            assertEquals(4, p.recordingCount());
        }
        try (Stream s = Stream.create(d); Pipeline p = Pipeline.of(PipelineGpuTest::chain, 2, 4);
             Tensor small = randomHost(r, DataType.U8, TensorLayout.NHWC, 1, 48, 64, 3);
             Tensor batch = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 48, 64, 3)) {
            replayMatchesEager(p, small, s, "1x48x64");
            replayMatchesEager(p, batch, s, "2x48x64");
            replayMatchesEager(p, small, s, "1x48x64 cached");
            replayMatchesEager(p, batch, s, "2x48x64 cached");
            assertEquals(2, p.recordingCount());
            assertEquals(2, p.cachedSpecCount());
        }
    }

    @Test
    void anOutputOfAnotherSpecIsRefusedBeforeAnyWork(Random r) {
        Device d = Device.get(0);
        try (Stream s = Stream.create(d); Pipeline p = Pipeline.of(PipelineGpuTest::chain);
             Tensor host = randomHost(r, DataType.U8, TensorLayout.NHWC, 1, 48, 64, 3);
             Tensor in = host.toDevice(d, s);
             Tensor wrongShape = Tensor.allocate(new long[] {1, 3, 24, 33}, DataType.F32, TensorLayout.NCHW, s);
             Tensor wrongType = Tensor.allocate(new long[] {1, 3, 24, 32}, DataType.F16, TensorLayout.NCHW, s);
             Tensor onHost = Tensor.allocateHost(new long[] {1, 3, 24, 32}, DataType.F32, TensorLayout.NCHW)) {
            OpTestSupport.refused("Pipeline.run", () -> p.run(new Tensor[] {in}, new Tensor[] {wrongShape}, s), "output 0");
            OpTestSupport.refused("Pipeline.run", () -> p.run(new Tensor[] {in}, new Tensor[] {wrongType}, s), "F16");
            OpTestSupport.refused("Pipeline.run", () -> p.run(new Tensor[] {in}, new Tensor[] {onHost}, s), "the host");
            OpTestSupport.refused("Pipeline.run", () -> p.run(new Tensor[] {in}, new Tensor[] {wrongShape, wrongType}, s),
                    "2 outputs");
            try (Tensor alias = in.reshape(new long[] {1, 3, 64, 48}, TensorLayout.NCHW)) {
                OpTestSupport.refused("Pipeline.run", () -> p.run(new Tensor[] {in}, new Tensor[] {alias}, s), "overlaps input 0");
            }
            assertEquals(0, p.recordingCount());
        }
    }

    /** Operators that write per-image tables to the device (ColorTwist, GammaContrast, PillowResize's taps). */
    private static Tensor[] tableChain(Tensor[] in, Stream s) {
        float[][] twist = {
                {0.9f, 0.1f, 0f, 5f, 0f, 1.1f, -0.1f, -3f, 0.2f, 0f, 0.8f, 1f},
                {1f, 0f, 0f, -7f, 0.3f, 0.6f, 0.1f, 2f, 0f, 0f, 1.2f, 0f}};
        try (Tensor twisted = ColorTwist.colorTwist(in[0], twist, s);
             Tensor gamma = GammaContrast.gammaContrast(twisted, new float[] {0.8f, 1.2f, 1f, 2.2f, 0.5f, 1.7f}, s)) {
            return new Tensor[] {PillowResize.pillowResize(gamma, new dev.cvj.tensor.ImageSize(29, 23),
                    PillowFilter.LANCZOS, s)};
        }
    }

    @Test
    void operatorsThatWriteTablesToTheDeviceRecordAndReplay(Random r) {
        Device d = Device.get(0);
        try (Stream s = Stream.create(d); Pipeline p = Pipeline.of(PipelineGpuTest::tableChain)) {
            for (int i = 0; i < 4; i++) {
                try (Tensor host = randomHost(r, DataType.U8, TensorLayout.NHWC, 2, 40, 52, 3);
                     Tensor in = host.toDevice(d, s)) {
                    Tensor[] eager = tableChain(new Tensor[] {in}, s);
                    Tensor[] replayed = p.run(new Tensor[] {in}, s);
                    s.synchronize();
                    assertBytesEqual(bytes(eager[0]), bytes(replayed[0]), "replay " + i + " vs eager");
                    eager[0].close();
                    replayed[0].close();
                }
            }
            assertEquals(1, p.recordingCount());
        }
    }

    @Test
    void whatCannotBeCapturedIsRefusedAndTheStreamsStayUsable(Random r) {
        Device d = Device.get(0);
        List<Pipeline.Body> uncapturable = List.of(
                (in, s) -> {
                    s.synchronize(); // a host wait
                    return chain(in, s);
                },
                (in, s) -> {
                    try (Tensor onHost = in[0].toHost()) { // a synchronous copy
                        return chain(in, s);
                    }
                });
        try (Stream s = Stream.create(d); Tensor host = randomHost(r, DataType.U8, TensorLayout.NHWC, 1, 48, 64, 3)) {
            for (Pipeline.Body body : uncapturable) {
                try (Pipeline p = Pipeline.of(body); Tensor in = host.toDevice(d, s)) {
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.run(new Tensor[] {in}, s));
                    assertTrue(e.getMessage().contains("cannot be captured"), e.getMessage());
                    assertEquals(0, p.recordingCount());
                }
                d.synchronize(); // no error left pending
                try (Pipeline good = Pipeline.of(PipelineGpuTest::chain)) {
                    replayMatchesEager(good, host, s, "after a refused capture");
                }
            }
        }
    }

    @Test
    void anIntermediateLeftOpenIsRefused(Random r) {
        Device d = Device.get(0);
        Pipeline.Body leaky = (in, s) -> {
            Tensor resized = Resize.resize(in[0], 32, 24, Interpolation.LINEAR, s); // never closed
            return new Tensor[] {Reformat.reformat(resized, TensorLayout.NCHW, s)};
        };
        try (Stream s = Stream.create(d); Pipeline p = Pipeline.of(leaky);
             Tensor host = randomHost(r, DataType.U8, TensorLayout.NHWC, 1, 48, 64, 3);
             Tensor in = host.toDevice(d, s)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.run(new Tensor[] {in}, s));
            assertTrue(e.getMessage().contains("left 1 tensor(s)"), e.getMessage());
            d.synchronize();
        }
    }

    @Test
    void closeFreesAfterQueuedReplaysAndUseAfterCloseThrows(Random r) {
        Device d = Device.get(0);
        try (Stream s = Stream.create(d); Tensor host = randomHost(r, DataType.U8, TensorLayout.NHWC, 1, 48, 64, 3);
             Tensor in = host.toDevice(d, s)) {
            Pipeline p = Pipeline.of(PipelineGpuTest::chain);
            Tensor[] outs = new Tensor[16];
            for (int i = 0; i < outs.length; i++) {
                outs[i] = p.run(new Tensor[] {in}, s)[0];
            }
            p.close(); // replays still queued
            assertThrows(IllegalStateException.class, () -> p.run(new Tensor[] {in}, s));
            Tensor[] eager = chain(new Tensor[] {in}, s);
            s.synchronize();
            byte[] expected = bytes(eager[0]);
            eager[0].close();
            for (Tensor t : outs) {
                assertBytesEqual(expected, bytes(t), "replay queued before close");
                t.close();
            }
        }
    }
}

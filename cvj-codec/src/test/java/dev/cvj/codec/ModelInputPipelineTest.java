package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.TensorLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link ModelInputSpec}'s checks and serialized form, and {@link ModelInputPipeline}'s rows and statuses on the host. */
class ModelInputPipelineTest {
    @Test
    void specRefusesWhatDoesNotFitWithTheArgumentsName() {
        float[] zero = {0, 0, 0}, one = {1, 1, 1};
        List<Supplier<ModelInputSpec>> bad = List.of(
                () -> new ModelInputSpec(0, 8, ModelInputSpec.Crop.CENTER, zero, one, TensorLayout.NCHW, DataType.F32),
                () -> new ModelInputSpec(8, 4, ModelInputSpec.Crop.CENTER, zero, one, TensorLayout.NCHW, DataType.F32),
                () -> new ModelInputSpec(8, 9, ModelInputSpec.Crop.NONE, zero, one, TensorLayout.NCHW, DataType.F32),
                () -> new ModelInputSpec(8, 8, ModelInputSpec.Crop.NONE, new float[2], one, TensorLayout.NCHW, DataType.F32),
                () -> new ModelInputSpec(8, 8, ModelInputSpec.Crop.NONE, zero, new float[] {1, 0, 1}, TensorLayout.NCHW, DataType.F32),
                () -> new ModelInputSpec(8, 8, ModelInputSpec.Crop.NONE, zero, one, TensorLayout.HWC, DataType.F32),
                () -> new ModelInputSpec(8, 8, ModelInputSpec.Crop.NONE, zero, one, TensorLayout.NCHW, DataType.F64),
                () -> new ModelInputSpec(8, 8, ModelInputSpec.Crop.NONE, new float[] {0.5f, 0, 0}, one, TensorLayout.NCHW, DataType.U8));
        List<String> why = List.of("size and resize must be >= 1", "resize 4 is smaller than size 8",
                "crop NONE needs resize equal to size", "mean and std take 3 values", "std values must be finite and > 0",
                "layout must be NCHW or NHWC, got HWC", "dtype must be F32, F16 or U8, got F64", "dtype U8 writes the pixels");
        for (int i = 0; i < bad.size(); i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad.get(i)::get);
            assertTrue(e.getMessage().startsWith("ModelInputSpec: ") && e.getMessage().contains(why.get(i)), e.getMessage());
        }
    }

    @Test
    void specSurvivesJavaSerializationAndCopiesItsArrays() throws IOException, ClassNotFoundException {
        ModelInputSpec spec = new ModelInputSpec(112, 128, ModelInputSpec.Crop.CENTER, new float[] {0.1f, 0.2f, 0.3f},
                new float[] {0.4f, 0.5f, 0.6f}, TensorLayout.NHWC, DataType.F16);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        ModelInputSpec back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (ModelInputSpec) in.readObject();
        }
        assertEquals(spec, back);
        assertTrue(back.layout() == TensorLayout.NHWC, "the layout is the interned constant");
        back.mean()[0] = 9;
        assertEquals(0.1f, back.mean()[0]);
        assertArrayEquals(new long[] {112, 112, 3}, back.rowShape());
        assertEquals(112 * 112 * 3 * 2, back.rowBytes());
        assertEquals(List.of(224, 256), List.of(ModelInputSpec.imagenet().size(), ModelInputSpec.imagenet().resize()));
    }

    @Test
    void everyInputHasARowOrItsReasonAndRowsMatchInputOrder() {
        List<String> names = List.of("baseline-444-333x217.jpg", "not-an-image.jpg", "odd-17x9.jpg", "gray-320x240.jpg");
        ModelInputSpec spec = ModelInputSpec.of(16);
        try (ModelInputPipeline pipeline = ModelInputPipeline.createHost(2);
             ModelInputBatch batch = pipeline.run(SampleImages.read(names), spec);
             ModelInputBatch alone = pipeline.run(SampleImages.read(List.of(names.get(2))), spec)) {
            assertEquals(List.of(4, 3, 1), List.of(batch.inputCount(), batch.size(), batch.failures().size()));
            assertEquals(List.of(0, -1, 1, 2), List.of(batch.row(0), batch.row(1), batch.row(2), batch.row(3)));
            assertEquals(ModelInputBatch.OK, batch.status(0));
            assertNotEquals(ModelInputBatch.OK, batch.status(1));
            assertEquals(batch.failures().get(0).message(), batch.status(1));
            assertEquals(2, batch.inputIndex(1));
            byte[] all = batch.toBytes(), one = alone.toBytes();
            assertEquals(3 * spec.rowBytes(), all.length);
            byte[] row1 = java.util.Arrays.copyOfRange(all, (int) spec.rowBytes(), (int) (2 * spec.rowBytes()));
            assertArrayEquals(one, row1, "an image's row does not depend on the rest of its batch");
            assertThrows(IndexOutOfBoundsException.class, () -> batch.status(4));
        }
    }

    static final List<List<String>> BATCHES = List.of(
            List.of("baseline-444-333x217.jpg", "not-an-image.jpg", "odd-17x9.jpg"),
            List.of("gray-320x240.jpg", "shapes-256x192.png"),
            List.of("not-an-image.jpg"),
            List.of(),
            List.of("odd-1x1.jpg", "progressive-444-227x151.jpg", "baseline-444-333x217.jpg"));

    @Test
    void runAllMakesTheBatchesOfRunInOrder() {
        ModelInputSpec spec = ModelInputSpec.of(16);
        try (ModelInputPipeline pipeline = ModelInputPipeline.createHost(2)) {
            List<PipelineRuns.Made> one = PipelineRuns.sequential(pipeline, BATCHES, spec);
            List<PipelineRuns.Made> all = PipelineRuns.overlapped(pipeline, BATCHES, spec);
            PipelineRuns.assertSameBatches(one, all);
            assertEquals(2 * spec.rowBytes(), all.get(0).rows().length, "the broken image has no row");
        }
    }

    @Test
    void runAllClosesEachBatchAfterItsSinkAndStopsAtASinksFailure() {
        ModelInputSpec spec = ModelInputSpec.of(16);
        List<ModelInputBatch> seen = new java.util.ArrayList<>();
        try (ModelInputPipeline pipeline = ModelInputPipeline.createHost(1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pipeline.runAll(BATCHES.iterator(),
                    SampleImages::read, spec, (names, b) -> {
                        seen.add(b);
                        if (seen.size() == 2) {
                            throw new IllegalStateException("sink stops");
                        }
                    }));
            assertEquals("sink stops", e.getMessage());
            assertEquals(2, seen.size());
            for (ModelInputBatch b : seen) {
                assertThrows(IllegalStateException.class, b::toBytes, "the batch is closed once its sink returned");
            }
            NullPointerException n = assertThrows(NullPointerException.class,
                    () -> pipeline.runAll(BATCHES.iterator(), SampleImages::read, null, (names, b) -> { }));
            assertEquals("ModelInputPipeline.runAll: spec", n.getMessage());
            pipeline.close();
            assertThrows(IllegalStateException.class,
                    () -> pipeline.runAll(BATCHES.iterator(), SampleImages::read, spec, (names, b) -> { }));
        }
    }
}

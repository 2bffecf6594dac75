package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/** A pipeline's batches made one by one ({@link ModelInputPipeline#run}) and overlapped ({@link ModelInputPipeline#runAll}). */
final class PipelineRuns {
    /** What one batch holds, copied out: its rows' bytes and every input's status. */
    record Made(int input, byte[] rows, List<String> statuses) {}

    private PipelineRuns() {}

    static Made copy(int input, ModelInputBatch b) {
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < b.inputCount(); i++) {
            statuses.add(b.status(i));
        }
        return new Made(input, b.size() == 0 ? new byte[0] : b.toBytes(), statuses);
    }

    static List<Made> sequential(ModelInputPipeline p, List<List<String>> batches, ModelInputSpec spec) {
        List<Made> out = new ArrayList<>();
        for (int k = 0; k < batches.size(); k++) {
            try (ModelInputBatch b = p.run(SampleImages.read(batches.get(k)), spec)) {
                out.add(copy(k, b));
            }
        }
        return out;
    }

    static List<Made> overlapped(ModelInputPipeline p, List<List<String>> batches, ModelInputSpec spec) {
        List<Made> out = new ArrayList<>();
        List<Integer> inputs = java.util.stream.IntStream.range(0, batches.size()).boxed().toList();
        p.runAll(inputs.iterator(), k -> SampleImages.read(batches.get(k)), spec, (k, b) -> out.add(copy(k, b)));
        return out;
    }

    /** Asserts both runs gave every batch, in order, with the same statuses and the same bytes. */
    static void assertSameBatches(List<Made> expected, List<Made> actual) {
        assertEquals(expected.size(), actual.size(), "batches");
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(k, actual.get(k).input(), "the sink gets the batches in input order");
            assertEquals(expected.get(k).statuses(), actual.get(k).statuses(), "batch " + k);
            assertArrayEquals(expected.get(k).rows(), actual.get(k).rows(), "batch " + k + "'s rows");
        }
    }
}

package dev.cvj.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelInputPipeline#runAll} (the decode of batch k+1 overlapping the operators of batch k, on two streams)
 * against {@link ModelInputPipeline#run} batch by batch on the same files: the same statuses and the same bytes. The
 * decoder's split is fixed for both (hardware only, then half to the hybrid backend), so that each image takes the same
 * nvJPEG backend in both runs.
 */
@GpuTest
class ModelInputPipelineGpuTest {
    @Test
    void overlappedBatchesAreTheSequentialOnes() {
        List<List<String>> batches = new ArrayList<>(ModelInputPipelineTest.BATCHES);
        batches.add(ImageDecoderSplitGpuTest.baselineBatch());
        batches.add(List.of("progressive-420-800x600.jpg", "truncated-640x480.jpg", "baseline-420-640x480.jpg"));
        batches.add(ImageDecoderSplitGpuTest.baselineBatch().subList(0, 40));
        ModelInputSpec f32 = ModelInputSpec.imagenet();
        ModelInputSpec u8 = new ModelInputSpec(96, 112, ModelInputSpec.Crop.CENTER, new float[] {0, 0, 0},
                new float[] {1, 1, 1}, TensorLayout.NHWC, DataType.U8);
        try (ModelInputPipeline pipeline = ModelInputPipeline.create(Device.get(0), 4)) {
            assertTrue(pipeline.describe().contains("nvJPEG"), pipeline.describe());
            for (DecodeSplit split : List.of(DecodeSplit.hardwareOnly(), DecodeSplit.fixed(0.5))) {
                pipeline.setDecodeSplit(split);
                for (ModelInputSpec spec : List.of(f32, u8)) {
                    List<PipelineRuns.Made> one = PipelineRuns.sequential(pipeline, batches, spec);
                    List<PipelineRuns.Made> all = PipelineRuns.overlapped(pipeline, batches, spec);
                    PipelineRuns.assertSameBatches(one, all);
                    // twice: the second run starts on the other stream's turn with the decoder's buffers warm
                    PipelineRuns.assertSameBatches(one, PipelineRuns.overlapped(pipeline, batches, spec));
                    assertEquals(64 * spec.rowBytes(), all.get(ModelInputPipelineTest.BATCHES.size()).rows().length);
                }
            }
        }
    }
}

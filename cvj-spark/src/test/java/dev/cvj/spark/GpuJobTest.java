package dev.cvj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.codec.EncodedImage;
import dev.cvj.codec.ImageDecoder;
import dev.cvj.codec.ModelInputBatch;
import dev.cvj.codec.ModelInputPipeline;
import dev.cvj.codec.ModelInputSpec;
import dev.cvj.cuda.Device;
import dev.cvj.cuda.test.GpuTest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on GPU 0 in local mode against the library pipeline on the same GPU: one partition and one batch of
 * the sample files, in the partition's order, give the same bytes (the same decoders and kernels on the same batch),
 * the same failures, and the hook sees device tensors. Runs on the GPU machine with the Spark jars on the class path
 * (docs/SPARK.md: not through gpu-test.sh's scan of .gpu/lib).
 */
@GpuTest
class GpuJobTest {
    /** Batches the hook saw on the device (local mode: the tasks run in this JVM). */
    static final AtomicInteger DEVICE_BATCHES = new AtomicInteger();

    @Test
    void sparkOnTheGpuGivesTheLibrarysBytesOnTheSameGpu(@TempDir Path tmp) throws IOException {
        List<String> names = ImageFolder.copyTo(tmp);
        ModelInputSpec spec = ModelInputSpec.imagenet();
        SparkSession spark = SparkSessions.local("local[2]");
        List<Row> rows;
        try {
            BatchHook onDevice = (batch, stream) -> {
                if (!batch.isHost() && stream != null) {
                    DEVICE_BATCHES.incrementAndGet();
                }
                return null;
            };
            rows = CvjImages.preprocess(spark.read().format("binaryFile").load(tmp.toString()).select("path", "content")
                            .coalesce(1), spec, PreprocessOptions.defaults().withBatchSize(names.size())
                            .withDevice(DeviceChoice.ASSIGNED_OR_FIRST_GPU).withOutputFormat(OutputFormat.BINARY).withHook(onDevice))
                    .collectAsList();
        } finally {
            spark.stop();
        }
        assertEquals(names.size(), rows.size());
        assertEquals(1, DEVICE_BATCHES.get(), "one batch, on the device");
        List<EncodedImage> images = new ArrayList<>();
        for (Row r : rows) {
            String path = r.getAs("path"); // the job names an image by Spark's path column (a file: URI); so does the library here
            images.add(EncodedImage.of(path, java.nio.file.Files.readAllBytes(Path.of(URI.create(path)))));
        }
        try (ModelInputPipeline pipeline = ModelInputPipeline.create(Device.get(0), ImageDecoder.defaultThreads());
             ModelInputBatch batch = pipeline.run(images, spec)) {
            byte[] all = batch.toBytes();
            int rowBytes = Math.toIntExact(spec.rowBytes());
            int failed = 0;
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                assertEquals(batch.status(i), r.getAs("status"), (String) r.getAs("path"));
                if (batch.row(i) < 0) {
                    failed++;
                    assertNull(r.getAs("tensor"));
                } else {
                    int row = batch.row(i);
                    assertArrayEquals(Arrays.copyOfRange(all, row * rowBytes, (row + 1) * rowBytes), (byte[]) r.getAs("tensor"),
                            (String) r.getAs("path"));
                }
            }
            assertTrue(failed >= 2, "not-an-image.jpg and truncated-640x480.jpg fail");
        }
    }
}

package dev.cvj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.codec.ModelInputSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that fails once mid-partition (after its first batch went through the pipeline) is run again by Spark
 * ({@code local[2,2]}: two tries per task), and the result is still complete and exact: nothing lost, nothing twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskRetryTest {
    /** The failures injected (local mode: the tasks run in this JVM). */
    static final AtomicInteger INJECTED = new AtomicInteger();

    SparkSession spark;

    @BeforeAll
    void start() {
        spark = SparkSessions.local("local[2,2]");
    }

    @AfterAll
    void stop() {
        spark.stop();
    }

    @Test
    void aTaskKilledOnceIsRetriedAndTheResultIsExactAndComplete(@TempDir Path tmp) {
        List<String> names = ImageFolder.copyTo(tmp);
        AtomicInteger batches = new AtomicInteger(); // each task deserializes its own copy: that task's batches
        BatchHook failOnce = (batch, stream) -> {
            TaskContext task = TaskContext.get();
            if (task.partitionId() == 0 && task.attemptNumber() == 0 && batches.incrementAndGet() == 2) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure: partition 0, first attempt, second batch");
            }
            return null;
        };
        List<Row> rows = CvjImages.preprocess(spark.read().format("binaryFile").load(tmp.toString()).select("path", "content")
                .repartition(2), ModelInputSpec.of(32), PreprocessOptions.defaults().withBatchSize(2).withHook(failOnce))
                .collectAsList();
        assertEquals(1, INJECTED.get(), "the first attempt of partition 0 failed once");
        LocalJobTest.assertExact(rows, names, ImageFolder.expected(tmp, names, ModelInputSpec.of(32)));
    }
}

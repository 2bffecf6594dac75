package dev.cvj.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.codec.ModelInputSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CvjImages} with executors in two JVMs of their own ({@code local-cluster[2,1,1024]}): the closures, the spec
 * and the pipelines travel and work there, and the output is the same as the library's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeparateJvmJobTest {
    SparkSession spark;

    @BeforeAll
    void start() {
        spark = SparkSessions.separateJvms();
    }

    @AfterAll
    void stop() {
        spark.stop();
    }

    @Test
    void executorsInOtherJvmsGiveTheLibrarysNumbersForEveryFile(@TempDir Path tmp) {
        List<String> names = ImageFolder.copyTo(tmp);
        MapPartitionsFunction<Long, Long> pid = rows -> List.of(ProcessHandle.current().pid()).iterator();
        Set<Long> executors = new TreeSet<>(spark.range(0, 8, 1, 4).as(Encoders.LONG()).mapPartitions(pid, Encoders.LONG()).collectAsList());
        assertFalse(executors.contains(ProcessHandle.current().pid()), "the tasks ran in the driver's JVM: " + executors);

        List<Row> rows = CvjImages.preprocess(spark.read().format("binaryFile").load(tmp.toString()).select("path", "content")
                        .repartition(4), ModelInputSpec.imagenet(), PreprocessOptions.defaults().withBatchSize(2))
                .collectAsList();
        LocalJobTest.assertExact(rows, names, ImageFolder.expected(tmp, names, ModelInputSpec.imagenet()));
        assertTrue(names.contains(ImageFolder.CORRUPT));
    }
}

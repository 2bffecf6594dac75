package dev.cvj.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The test classes' Spark sessions: small, quiet, on loopback, no UI. */
final class SparkSessions {
    private SparkSessions() {}

    /** A session on {@code master}, e.g. {@code local[2]} or {@code local[2,2]} (two tries per task). */
    static SparkSession local(String master) {
        return SparkSession.builder().master(master).appName("cvj-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    /**
     * A session whose two executors are separate JVMs ({@code local-cluster[2,1,1024]}), started from this JVM's
     * class path: Spark wants {@code SPARK_HOME} with a {@code jars/} folder (empty here: the jars come from
     * {@code spark.executor.extraClassPath}); the surefire configuration sets the variables.
     */
    static SparkSession separateJvms() {
        try {
            Files.createDirectories(Path.of(System.getProperty("cvj.spark.home", "target/spark-home"), "jars"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SparkSession.builder().master("local-cluster[2,1,1024]").appName("cvj-spark-test-executors")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executor.extraJavaOptions", "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow")
                .getOrCreate();
    }
}

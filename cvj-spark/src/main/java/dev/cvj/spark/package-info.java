/**
 * cvj on Apache Spark: a column of encoded images to model inputs, on the GPUs Spark assigns to the tasks.
 *
 * <p>{@link dev.cvj.spark.CvjImages#preprocess(org.apache.spark.sql.Dataset, dev.cvj.codec.ModelInputSpec,
 * dev.cvj.spark.PreprocessOptions)} is the {@code Dataset} function and {@link dev.cvj.spark.ModelInputTransformer} the
 * Spark ML {@code Transformer}: each task takes its partition in batches through its executor's
 * {@link dev.cvj.codec.ModelInputPipeline} for the task's GPU (one per GPU per executor JVM, reused by every task), or
 * the CPU backend, and every row comes out with its tensor (or null) and a status. A {@link dev.cvj.spark.BatchHook}
 * sees each batch's tensor on the GPU before it is copied back. docs/SPARK.md has the configuration and a job to copy.
 *
 * <pre>{@code
 * Dataset<Row> files = spark.read().format("binaryFile").load("hdfs:///photos").select("path", "content");
 * CvjImages.preprocess(files, ModelInputSpec.imagenet()).write().parquet("hdfs:///photos-224");
 * }</pre>
 */
package dev.cvj.spark;

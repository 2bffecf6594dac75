package dev.cvj.spark;

import dev.cvj.codec.ModelInputSpec;
import java.util.Arrays;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Images to model inputs on Spark, as a plain {@link Dataset} function ({@link ModelInputTransformer} is the same as a
 * Spark ML {@code Transformer}). Every input row comes out once with two columns more: the image's tensor (or null)
 * and its status ({@code "ok"} or why it has no tensor). Each task takes its partition in batches of
 * {@link PreprocessOptions#batchSize()} rows through its executor's pipeline for the GPU Spark assigned to it (one per
 * GPU per executor JVM, reused by every task), or the CPU backend.
 *
 * <pre>{@code
 * Dataset<Row> files = spark.read().format("binaryFile").option("pathGlobFilter", "*.jpg").load("s3a://bucket/photos");
 * Dataset<Row> inputs = CvjImages.preprocess(files.select("path", "content"), ModelInputSpec.imagenet());
 * inputs.select("path", "tensor", "status").write().parquet("s3a://bucket/photos-224");
 * }</pre>
 */
public final class CvjImages {
    private CvjImages() {}

    /**
     * {@link #preprocess(Dataset, ModelInputSpec, PreprocessOptions)} with {@link PreprocessOptions#defaults()}: column
     * {@code content} in, {@code tensor} ({@code array<float>}) and {@code status} out.
     *
     * @param images rows with a binary column {@code content} (Spark's {@code binaryFile} source gives it)
     * @param spec what to make of each image
     * @return the rows with {@code tensor} and {@code status} appended (lazy, as every Dataset transformation)
     * @throws IllegalArgumentException if the columns do not fit (see the three-argument form)
     */
    public static Dataset<Row> preprocess(Dataset<Row> images, ModelInputSpec spec) {
        return preprocess(images, spec, PreprocessOptions.defaults());
    }

    /**
     * The rows of {@code images}, each with the model input made from its encoded image (null when it could not be
     * decoded) and a status column: {@code "ok"}, or the reason. Nothing is dropped and the row order within a
     * partition is kept.
     *
     * @param images rows with the binary column {@code options.inputCol()}
     * @param spec what to make of each image (not null)
     * @param options the columns, the batch size, the device choice and the hook (not null)
     * @return the rows with the output (and for {@link OutputFormat#BINARY}, shape) and status columns appended
     * @throws IllegalArgumentException if the input column is missing or not binary, or an output column exists
     */
    public static Dataset<Row> preprocess(Dataset<Row> images, ModelInputSpec spec, PreprocessOptions options) {
        Objects.requireNonNull(images, "CvjImages.preprocess: images");
        Objects.requireNonNull(spec, "CvjImages.preprocess: spec");
        Objects.requireNonNull(options, "CvjImages.preprocess: options");
        StructType in = images.schema();
        StructType out = outputSchema(in, options);
        int nameIndex = Arrays.asList(in.fieldNames()).indexOf(options.nameCol());
        return images.mapPartitions(new PreprocessPartition(spec, options, in.fieldIndex(options.inputCol()), nameIndex),
                Encoders.row(out));
    }

    /**
     * The schema {@link #preprocess(Dataset, ModelInputSpec, PreprocessOptions)} returns.
     *
     * @param input the input schema
     * @param options the columns and the output format
     * @return {@code input} with the output column ({@code array<float>}, or {@code binary} then
     *     {@code <outputCol>_shape array<int>}) and the status column ({@code string}, never null) appended
     * @throws IllegalArgumentException if the input column is missing or not binary, or an output column exists
     */
    public static StructType outputSchema(StructType input, PreprocessOptions options) {
        String[] names = input.fieldNames();
        if (!Arrays.asList(names).contains(options.inputCol())) {
            throw new IllegalArgumentException("cvj-spark: the input column '" + options.inputCol() + "' is not in the "
                    + "dataset; its columns are " + Arrays.toString(names));
        }
        org.apache.spark.sql.types.DataType type = input.apply(options.inputCol()).dataType();
        if (!type.equals(DataTypes.BinaryType)) {
            throw new IllegalArgumentException("cvj-spark: the input column '" + options.inputCol() + "' must be binary "
                    + "(encoded image bytes), it is " + type.simpleString());
        }
        boolean binary = options.outputFormat() == OutputFormat.BINARY;
        for (String added : binary ? new String[] {options.outputCol(), options.shapeCol(), options.statusCol()}
                : new String[] {options.outputCol(), options.statusCol()}) {
            if (Arrays.asList(names).contains(added)) {
                throw new IllegalArgumentException("cvj-spark: the output column '" + added + "' is already in the "
                        + "dataset; choose another name");
            }
        }
        StructType out = input;
        if (binary) {
            out = out.add(new StructField(options.outputCol(), DataTypes.BinaryType, true, org.apache.spark.sql.types.Metadata.empty()))
                    .add(new StructField(options.shapeCol(), DataTypes.createArrayType(DataTypes.IntegerType, false), true,
                            org.apache.spark.sql.types.Metadata.empty()));
        } else {
            out = out.add(new StructField(options.outputCol(), DataTypes.createArrayType(DataTypes.FloatType, false), true,
                    org.apache.spark.sql.types.Metadata.empty()));
        }
        return out.add(new StructField(options.statusCol(), DataTypes.StringType, false, org.apache.spark.sql.types.Metadata.empty()));
    }
}

package dev.cvj.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * The columns and the batching of {@link CvjImages#preprocess(org.apache.spark.sql.Dataset,
 * dev.cvj.codec.ModelInputSpec, PreprocessOptions)}; {@link #defaults()} then the {@code with...} methods.
 *
 * @param inputCol the binary column of encoded images ({@code content} of Spark's {@code binaryFile} source)
 * @param nameCol a string column naming each image in failure messages ({@code path}); ignored when absent
 * @param outputCol the output column to add
 * @param statusCol the status column to add: {@code "ok"}, or why the image has no output
 * @param outputFormat {@code array<float>} or binary plus shape
 * @param batchSize the rows per batch (one decode and one operator launch per batch), in {@code [1, 65535]}
 * @param device where the batches are made
 * @param hook user code given each batch's tensor before it is copied back, or null
 */
public record PreprocessOptions(String inputCol, String nameCol, String outputCol, String statusCol,
                                OutputFormat outputFormat, int batchSize, DeviceChoice device, BatchHook hook)
        implements Serializable {
    /**
     * Checks the arguments.
     *
     * @throws IllegalArgumentException naming the argument that is null, empty or out of range
     */
    public PreprocessOptions {
        for (String[] c : new String[][] {{"inputCol", inputCol}, {"nameCol", nameCol}, {"outputCol", outputCol},
                {"statusCol", statusCol}}) {
            if (c[1] == null || c[1].isBlank()) {
                throw new IllegalArgumentException("PreprocessOptions: " + c[0] + " must be a column name, got " + (c[1] == null ? "null" : "'" + c[1] + "'"));
            }
        }
        if (outputCol.equals(statusCol)) {
            throw new IllegalArgumentException("PreprocessOptions: outputCol and statusCol are both '" + outputCol + "'");
        }
        Objects.requireNonNull(outputFormat, "PreprocessOptions: outputFormat");
        Objects.requireNonNull(device, "PreprocessOptions: device");
        if (batchSize < 1 || batchSize > 65535) {
            throw new IllegalArgumentException("PreprocessOptions: batchSize must be in [1, 65535], got " + batchSize);
        }
    }

    /**
     * {@code content} in, {@code path} as the name, {@code tensor} and {@code status} out, {@code array<float>}, batches
     * of 64, the assigned GPU, no hook.
     *
     * @return the default options
     */
    public static PreprocessOptions defaults() {
        return new PreprocessOptions("content", "path", "tensor", "status", OutputFormat.FLOAT_ARRAY, 64,
                DeviceChoice.ASSIGNED_GPU, null);
    }

    /**
     * {@return a copy with that input column}
     *
     * @param column the binary input column
     */
    public PreprocessOptions withInputCol(String column) {
        return new PreprocessOptions(column, nameCol, outputCol, statusCol, outputFormat, batchSize, device, hook);
    }

    /**
     * {@return a copy with that name column}
     *
     * @param column the string column that names each image in failure messages
     */
    public PreprocessOptions withNameCol(String column) {
        return new PreprocessOptions(inputCol, column, outputCol, statusCol, outputFormat, batchSize, device, hook);
    }

    /**
     * {@return a copy with that output column}
     *
     * @param column the output column
     */
    public PreprocessOptions withOutputCol(String column) {
        return new PreprocessOptions(inputCol, nameCol, column, statusCol, outputFormat, batchSize, device, hook);
    }

    /**
     * {@return a copy with that status column}
     *
     * @param column the status column
     */
    public PreprocessOptions withStatusCol(String column) {
        return new PreprocessOptions(inputCol, nameCol, outputCol, column, outputFormat, batchSize, device, hook);
    }

    /**
     * {@return a copy with that output format}
     *
     * @param format the output format
     */
    public PreprocessOptions withOutputFormat(OutputFormat format) {
        return new PreprocessOptions(inputCol, nameCol, outputCol, statusCol, format, batchSize, device, hook);
    }

    /**
     * {@return a copy with that batch size}
     *
     * @param rows the rows per batch, in {@code [1, 65535]}
     */
    public PreprocessOptions withBatchSize(int rows) {
        return new PreprocessOptions(inputCol, nameCol, outputCol, statusCol, outputFormat, rows, device, hook);
    }

    /**
     * {@return a copy with that device choice}
     *
     * @param choice where the batches are made
     */
    public PreprocessOptions withDevice(DeviceChoice choice) {
        return new PreprocessOptions(inputCol, nameCol, outputCol, statusCol, outputFormat, batchSize, choice, hook);
    }

    /**
     * {@return a copy with that hook}
     *
     * @param batchHook user code given each batch's tensor, or null for none
     */
    public PreprocessOptions withHook(BatchHook batchHook) {
        return new PreprocessOptions(inputCol, nameCol, outputCol, statusCol, outputFormat, batchSize, device, batchHook);
    }

    /** {@return the shape column of {@link OutputFormat#BINARY}: {@code <outputCol>_shape}} */
    public String shapeCol() {
        return outputCol + "_shape";
    }
}

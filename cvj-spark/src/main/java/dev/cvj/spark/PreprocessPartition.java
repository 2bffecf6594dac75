package dev.cvj.spark;

import dev.cvj.codec.EncodedImage;
import dev.cvj.codec.ModelInputBatch;
import dev.cvj.codec.ModelInputPipeline;
import dev.cvj.codec.ModelInputSpec;
import dev.cvj.tensor.Tensor;
import java.io.Serial;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One partition's rows, batch by batch through the executor's pipeline: each input row comes out once, in order,
 * with the output and status columns appended (a failed image: a null output and the reason).
 */
final class PreprocessPartition implements MapPartitionsFunction<Row, Row> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final ModelInputSpec spec;
    private final PreprocessOptions options;
    private final int inputIndex;
    private final int nameIndex;

    /**
     * @param inputIndex the index of the binary input column
     * @param nameIndex the index of the string name column, or -1
     */
    PreprocessPartition(ModelInputSpec spec, PreprocessOptions options, int inputIndex, int nameIndex) {
        this.spec = spec;
        this.options = options;
        this.inputIndex = inputIndex;
        this.nameIndex = nameIndex;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        String assigned = null;
        int cpus = 1;
        if (task != null) {
            ResourceInformation gpu = task.resourcesJMap().get("gpu");
            assigned = gpu == null || gpu.addresses().length == 0 ? null : gpu.addresses()[0];
            cpus = task.cpus();
        }
        int ordinal = ExecutorPipelines.ordinal(assigned, options.device());
        int hostThreads = cpus;
        return new Iterator<>() {
            private Iterator<Row> ready = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                while (!ready.hasNext() && rows.hasNext()) {
                    List<Row> batch = new ArrayList<>(options.batchSize());
                    while (batch.size() < options.batchSize() && rows.hasNext()) {
                        batch.add(rows.next());
                    }
                    List<Row> out = new ArrayList<>(batch.size());
                    ExecutorPipelines.with(ordinal, hostThreads, p -> process(p, batch, out));
                    ready = out.iterator();
                }
                return ready.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.next();
            }
        };
    }

    /** Makes one batch and appends one output row per input row to {@code out}. */
    private void process(ModelInputPipeline pipeline, List<Row> batch, List<Row> out) {
        List<EncodedImage> images = new ArrayList<>();
        int[] imageOfRow = new int[batch.size()];
        for (int r = 0; r < batch.size(); r++) {
            Row row = batch.get(r);
            byte[] bytes = row.isNullAt(inputIndex) ? null : (byte[]) row.get(inputIndex);
            if (bytes == null || bytes.length == 0) {
                imageOfRow[r] = -1;
            } else {
                imageOfRow[r] = images.size();
                images.add(EncodedImage.of(name(row, r), bytes));
            }
        }
        try (ModelInputBatch made = pipeline.run(images, spec)) {
            RowValues values = rowValues(made);
            for (int r = 0; r < batch.size(); r++) {
                int image = imageOfRow[r];
                int madeRow = image < 0 ? -1 : made.row(image);
                String status = image < 0 ? "no image bytes (the " + options.inputCol() + " column is null or empty)"
                        : made.status(image);
                out.add(append(batch.get(r), madeRow < 0 ? null : values, madeRow, status));
            }
        }
    }

    private String name(Row row, int r) {
        if (nameIndex >= 0 && !row.isNullAt(nameIndex)) {
            return row.get(nameIndex).toString();
        }
        TaskContext task = TaskContext.get();
        return "row " + r + " of a batch" + (task == null ? "" : " of partition " + task.partitionId());
    }

    /** The batch's output rows as host bytes: the hook's tensor when it returns one, else the batch's. */
    private RowValues rowValues(ModelInputBatch made) {
        if (made.size() == 0) {
            return null;
        }
        Tensor replaced = options.hook() == null ? null : options.hook().apply(made.tensor(), made.stream());
        if (replaced == null || replaced == made.tensor()) {
            return new RowValues(made.toBytes(), made.spec().dtype(), spec.rowShape(), made.size());
        }
        try (replaced) {
            return RowValues.copyOf(replaced, made.stream(), made.size());
        }
    }

    private Row append(Row row, RowValues values, int madeRow, String status) {
        int n = row.length();
        boolean binary = options.outputFormat() == OutputFormat.BINARY;
        Object[] fields = new Object[n + (binary ? 3 : 2)];
        for (int i = 0; i < n; i++) {
            fields[i] = row.get(i);
        }
        if (values != null) {
            fields[n] = binary ? values.bytes(madeRow) : values.floats(madeRow);
            if (binary) {
                fields[n + 1] = values.shape();
            }
        }
        fields[fields.length - 1] = status;
        return RowFactory.create(fields);
    }
}

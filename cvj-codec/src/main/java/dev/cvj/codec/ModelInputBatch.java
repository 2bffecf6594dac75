package dev.cvj.codec;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One batch made by {@link ModelInputPipeline#run}: a tensor with one row per image that decoded (in input order, of
 * {@link ModelInputSpec#rowShape()}), and one {@link DecodeFailure} per image that did not. {@link #row(int)} and
 * {@link #status(int)} say, per input, where its row is or why it has none. Closing the batch frees the tensor and the
 * decoded images.
 */
public final class ModelInputBatch implements AutoCloseable {
    /** The {@link #status(int)} of an input that has a row. */
    public static final String OK = "ok";

    private final DecodeResult decoded;
    private final Tensor rows;
    private final int[] rowOfInput;
    private final String[] failureOfInput;
    private final ModelInputSpec spec;
    private final Stream stream;
    private boolean closed;

    ModelInputBatch(DecodeResult decoded, Tensor rows, int inputs, ModelInputSpec spec, Stream stream) {
        this.decoded = decoded;
        this.rows = rows;
        this.spec = spec;
        this.stream = stream;
        this.rowOfInput = new int[inputs];
        this.failureOfInput = new String[inputs];
        Arrays.fill(rowOfInput, -1);
        for (int i = 0; i < decoded.size(); i++) {
            rowOfInput[decoded.inputIndex(i)] = i;
        }
        for (DecodeFailure f : decoded.failures()) {
            rowOfInput[f.index()] = -1;
            failureOfInput[f.index()] = f.message();
        }
    }

    /** {@return the number of rows: the images that decoded} */
    public int size() {
        return decoded.size();
    }

    /** {@return the number of images the batch was made from} */
    public int inputCount() {
        return rowOfInput.length;
    }

    /** {@return the spec the rows were made with} */
    public ModelInputSpec spec() {
        return spec;
    }

    /**
     * The rows: {@code [size(), rowShape...]} of the spec's type and layout, on the pipeline's device (ready on
     * {@link #stream()}) or on the host.
     *
     * @return the tensor, owned by this batch (valid until {@link #close()}; do not close it), or null when no image
     *     decoded
     */
    public Tensor tensor() {
        return rows;
    }

    /** {@return the stream the tensor is ready on, or null on the host} */
    public Stream stream() {
        return stream;
    }

    /**
     * The input a row was made from.
     *
     * @param row a row, in {@code [0, size())}
     * @return its index in the list given to {@link ModelInputPipeline#run}
     * @throws IndexOutOfBoundsException if {@code row} is out of range
     */
    public int inputIndex(int row) {
        return decoded.inputIndex(row);
    }

    /**
     * The row of an input.
     *
     * @param input an index in the list given to {@link ModelInputPipeline#run}, in {@code [0, inputCount())}
     * @return its row, or -1 when it failed
     * @throws IndexOutOfBoundsException if {@code input} is out of range
     */
    public int row(int input) {
        return rowOfInput[Objects.checkIndex(input, rowOfInput.length)];
    }

    /**
     * What happened to an input.
     *
     * @param input an index in the list given to {@link ModelInputPipeline#run}, in {@code [0, inputCount())}
     * @return {@link #OK}, or why it could not be decoded (every decoder's reason)
     * @throws IndexOutOfBoundsException if {@code input} is out of range
     */
    public String status(int input) {
        String f = failureOfInput[Objects.checkIndex(input, failureOfInput.length)];
        return f == null ? OK : f;
    }

    /** {@return one failure per input that could not be decoded, in input order} */
    public List<DecodeFailure> failures() {
        return decoded.failures();
    }

    /**
     * The number of inputs one decoder took.
     *
     * @param path the decoder
     * @return how many images it decoded
     */
    public int count(DecodePath path) {
        return decoded.count(path);
    }

    /**
     * The rows as bytes, little-endian in C order ({@code size() * spec().rowBytes()} of them); waits for the
     * pipeline's stream first.
     *
     * @return a new array (empty when no image decoded)
     * @throws IllegalStateException if the batch is closed
     */
    public byte[] toBytes() {
        if (closed) {
            throw new IllegalStateException("ModelInputBatch.toBytes: the batch is closed");
        }
        if (rows == null) {
            return new byte[0];
        }
        if (stream != null) {
            stream.synchronize(); // copyToBytes reads on the thread's default stream
        }
        byte[] bytes = new byte[Math.toIntExact(rows.byteSize())];
        rows.copyToBytes(bytes);
        return bytes;
    }

    /** Frees the rows and the decoded images; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (rows != null && stream != null) {
                rows.close(stream); // in stream order: the work that made the rows may still be queued
            } else if (rows != null) {
                rows.close();
            }
        } finally {
            decoded.close();
        }
    }
}

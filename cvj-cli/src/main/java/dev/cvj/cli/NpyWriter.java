package dev.cvj.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes one array as a NumPy {@code .npy} file, format version 1.0: the magic {@code \x93NUMPY}, version 1 0, the
 * header length (uint16, little-endian), then the header, a Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (N, 3, 224, 224), }} padded with spaces and ended by a
 * newline so that the data starts at a multiple of 64 bytes, then the elements in C order.
 *
 * <p>Rows (along the first dimension) are appended as they come; the first dimension is written into the header on
 * {@link #close()}, which keeps the header at {@link #HEADER_BYTES} so it can be rewritten in place.
 */
final class NpyWriter implements AutoCloseable {
    /** The header's size, data offset included: room for any rank-4 shape. */
    static final int HEADER_BYTES = 128;

    private final FileChannel out;
    private final String descr;
    private final long[] rowShape;
    private final long rowBytes;
    private long rows;

    /** Starts {@code file} for rows of shape {@code rowShape} with elements {@code descr} (e.g. {@code <f4}, {@code |u1}). */
    NpyWriter(Path file, String descr, long[] rowShape, int itemSize) throws IOException {
        this.descr = descr;
        this.rowShape = rowShape.clone();
        this.rowBytes = Arrays.stream(rowShape).reduce(itemSize, Math::multiplyExact);
        this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        out.write(ByteBuffer.wrap(header(0)));
    }

    /** Appends {@code count} rows: {@code bytes} holds their elements, little-endian, in C order. */
    void append(byte[] bytes, int count) throws IOException {
        if (bytes.length != rowBytes * count) {
            throw new IllegalArgumentException("NpyWriter.append: " + bytes.length + " bytes for " + count + " rows of "
                    + rowBytes + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            out.write(b);
        }
        rows += count;
    }

    long rows() {
        return rows;
    }

    /** The header for {@code n} rows, exactly {@link #HEADER_BYTES} long. */
    byte[] header(long n) {
        long[] shape = new long[rowShape.length + 1];
        shape[0] = n;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return header(descr, shape, HEADER_BYTES);
    }

    /**
     * A version 1.0 header for an array of {@code shape} and {@code descr}, padded to {@code totalBytes} (a multiple
     * of 64, including the 10 bytes of magic, version and length).
     */
    static byte[] header(String descr, long[] shape, int totalBytes) {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims
                + (shape.length == 1 ? "," : "") + "), }";
        int textBytes = totalBytes - 10;
        if (totalBytes % 64 != 0 || dict.length() + 1 > textBytes) {
            throw new IllegalArgumentException("npy header " + dict + " does not fit in " + totalBytes + " bytes");
        }
        String text = dict + " ".repeat(textBytes - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(totalBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) textBytes).put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /** Writes the final row count into the header and closes the file; idempotent. */
    @Override
    public void close() throws IOException {
        if (!out.isOpen()) {
            return;
        }
        try (out) {
            out.write(ByteBuffer.wrap(header(rows)), 0);
        }
    }
}

package dev.cvj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where {@code cvj preprocess} writes: one {@code .npy} file (all rows), with the input file of each row in a
 * sibling {@code <name>.files.txt}; or a folder (any other path) of one {@code batch-NNNNNN.npy} per batch and a
 * {@code files.txt} for all rows.
 */
final class NpyOutput implements AutoCloseable {
    private final Path target;
    private final boolean folder;
    private final String descr;
    private final long[] rowShape;
    private final int itemSize;
    private final List<String> files = new ArrayList<>();
    private NpyWriter single;
    private int batches;
    private boolean closed;

    NpyOutput(Path target, String descr, long[] rowShape, int itemSize) throws IOException {
        this.target = target;
        this.folder = !target.getFileName().toString().endsWith(".npy");
        this.descr = descr;
        this.rowShape = rowShape.clone();
        this.itemSize = itemSize;
        if (folder) {
            Files.createDirectories(target);
        } else {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            single = new NpyWriter(target, descr, rowShape, itemSize);
        }
    }

    /** Appends the rows in {@code bytes} (one per entry of {@code rowFiles}, the input each came from). */
    void append(byte[] bytes, List<Path> rowFiles) throws IOException {
        if (folder) {
            try (NpyWriter w = new NpyWriter(target.resolve(String.format("batch-%06d.npy", batches)), descr, rowShape, itemSize)) {
                w.append(bytes, rowFiles.size());
            }
        } else {
            single.append(bytes, rowFiles.size());
        }
        batches++;
        rowFiles.forEach(f -> files.add(f.toString()));
    }

    /** E.g. {@code out.npy [8, 3, 224, 224] <f4} or {@code out/ (3 batch files) [300, 3, 224, 224] <f4}. */
    String describe() {
        long[] shape = new long[rowShape.length + 1];
        shape[0] = files.size();
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return (folder ? target + "/ (" + batches + " batch files)" : target.toString()) + " " + Arrays.toString(shape) + " " + descr;
    }

    private Path fileList() {
        if (folder) {
            return target.resolve("files.txt");
        }
        String n = target.getFileName().toString();
        return target.resolveSibling(n.substring(0, n.length() - ".npy".length()) + ".files.txt");
    }

    /** Finishes the .npy file and writes the list of input files; idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (single != null) {
                single.close();
            }
        } finally {
            Files.write(fileList(), files);
        }
    }
}

package dev.cvj.bench.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The image sizes of the varshape rows, read from the checked-in file that every peer reads ({@value #DEFAULT_FILE}:
 * the C peer {@code bench/c/npp_varshape.cu} and the Python peer {@code bench/python/torch_ops.py} too), so that all
 * of them resize the same images. Format: one {@code W H} pair a line (pixels, at least 1 each); blank lines and
 * lines starting with {@code #} are skipped.
 */
final class VarShapeSizes {
    /** The sizes file, relative to the repository root (where {@code scripts/gpu-bench.sh} runs). */
    static final String DEFAULT_FILE = "bench/varshape-sizes.txt";
    /**
     * The size column of the varshape rows in every peer's CSV: the range the sizes were drawn from. The report finds
     * the rows by peer and operator, not by this label.
     */
    static final String LABEL = "640x480-1920x1080";

    private VarShapeSizes() {}

    /**
     * {@value #DEFAULT_FILE} in the working directory or the nearest folder above it that has one (the repository
     * root, also when run from a module's folder); the working directory's path when none has it, so that
     * {@link #read} names where it looked.
     */
    static Path defaultFile() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path d = cwd; d != null; d = d.getParent()) {
            Path f = d.resolve(DEFAULT_FILE);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return cwd.resolve(DEFAULT_FILE);
    }

    /** The {W, H} pairs of {@code file}, in file order; a missing file or a bad line is an exception naming it. */
    static int[][] read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("varshape sizes: no file " + file.toAbsolutePath()
                    + " (run from the repository root, or pass --varshape-sizes FILE)");
        }
        return parse(Files.readAllLines(file), file.toString());
    }

    /** The {W, H} pairs of {@code lines}; {@code source} names them in error messages. */
    static int[][] parse(List<String> lines, String source) {
        List<int[]> sizes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] wh = line.split("\\s+");
            int w = wh.length == 2 ? positive(wh[0]) : -1;
            int h = wh.length == 2 ? positive(wh[1]) : -1;
            if (w < 1 || h < 1) {
                throw new IllegalArgumentException("varshape sizes: " + source + " line " + (i + 1) + ": '" + line
                        + "' is not 'W H' with two positive whole numbers");
            }
            sizes.add(new int[] {w, h});
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("varshape sizes: " + source + " has no 'W H' line");
        }
        return sizes.toArray(new int[0][]);
    }

    /** {@code s} as a positive int, or -1. */
    private static int positive(String s) {
        try {
            int v = Integer.parseInt(s);
            return v > 0 ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

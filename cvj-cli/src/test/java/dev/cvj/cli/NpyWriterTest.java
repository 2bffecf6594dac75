package dev.cvj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy files, read back by a parser of the NumPy format written here from its specification (version 1.0). */
class NpyWriterTest {
    /** What a .npy file holds: its descr, fortran_order, shape and data bytes. */
    record Npy(String descr, boolean fortran, long[] shape, byte[] data) {}

    static final Pattern DICT = Pattern.compile(
            "\\{'descr': '([^']+)', 'fortran_order': (True|False), 'shape': \\(([0-9, ]*)\\), \\} *\n");

    static Npy parse(byte[] f) {
        assertEquals((byte) 0x93, f[0]);
        assertEquals("NUMPY", new String(f, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, f[6], "major version");
        assertEquals(0, f[7], "minor version");
        int headerLen = (f[8] & 0xff) | (f[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64, "the data starts 64-byte aligned");
        String header = new String(f, 10, headerLen, StandardCharsets.US_ASCII);
        Matcher m = DICT.matcher(header);
        assertTrue(m.matches(), "header: [" + header + "]");
        long[] shape = Arrays.stream(m.group(3).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        return new Npy(m.group(1), m.group(2).equals("True"), shape, Arrays.copyOfRange(f, 10 + headerLen, f.length));
    }

    @Test
    void rowsAppendedAndTheCountWrittenOnClose(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.npy");
        byte[] rows = new byte[2 * 3 * 4 * 5 * 4];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (byte) i;
        }
        try (NpyWriter w = new NpyWriter(file, "<f4", new long[] {3, 4, 5}, 4)) {
            w.append(Arrays.copyOf(rows, rows.length / 2), 1);
            w.append(Arrays.copyOfRange(rows, rows.length / 2, rows.length), 1);
            assertThrows(IllegalArgumentException.class, () -> w.append(new byte[7], 1));
        }
        Npy n = parse(Files.readAllBytes(file));
        assertEquals("<f4", n.descr());
        assertEquals(false, n.fortran());
        assertArrayEquals(new long[] {2, 3, 4, 5}, n.shape());
        assertArrayEquals(rows, n.data());
    }

    /** NumPy itself, where /usr/bin/python3 has it: loads the file and prints its dtype, shape and sum. */
    @Test
    void numpyLoadsIt(@TempDir Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("n.npy");
        try (NpyWriter w = new NpyWriter(file, "|u1", new long[] {2, 3}, 1)) {
            w.append(new byte[] {1, 2, 3, 4, 5, 6}, 1);
        }
        Process p;
        try {
            p = new ProcessBuilder("/usr/bin/python3", "-c", "import numpy, sys; a = numpy.load(sys.argv[1]); "
                    + "print(a.dtype, a.shape, int(a.sum()))", file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no /usr/bin/python3: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        org.junit.jupiter.api.Assumptions.assumeFalse(out.contains("No module named"), "no numpy: " + out);
        assertEquals("uint8 (1, 2, 3) 21", out);
    }

    @Test
    void headersOfOtherRanksAndTypes() {
        Npy one = parse(NpyWriter.header("|u1", new long[] {7}, 128));
        assertArrayEquals(new long[] {7}, one.shape());
        assertEquals("|u1", one.descr());
        assertTrue(new String(NpyWriter.header("|u1", new long[] {7}, 128), StandardCharsets.US_ASCII).contains("(7,)"),
                "a 1-tuple has its comma");
        Npy empty = parse(NpyWriter.header("<f2", new long[] {0, 224, 224, 3}, 128));
        assertArrayEquals(new long[] {0, 224, 224, 3}, empty.shape());
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.header("<f4", new long[] {1, 2, 3}, 100));
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.header("<f4", new long[] {1, 2, 3, 4, 5, 6, 7, 8}, 64));
    }
}

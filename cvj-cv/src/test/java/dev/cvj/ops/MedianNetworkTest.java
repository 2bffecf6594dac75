package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.test.GeneratedSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The selection networks of median.cu's integer kernels pick the median of every input: checked on all 2^n inputs of
 * zeros and ones (the 0-1 principle: a network of compare-exchanges that selects the median of every 0/1 sequence
 * selects it of every sequence), 64 inputs per bit-parallel step. And the networks are what the generator makes.
 */
class MedianNetworkTest {
    private static final Path SOURCE = Path.of("src", "main", "cuda", "median.cu");

    @ParameterizedTest
    @ValueSource(ints = {9, 25})
    void networkSelectsTheMedianOfEveryZeroOneInput(int size) throws IOException {
        String text = Files.readString(SOURCE);
        Matcher net = Pattern.compile("#define CVJ_MEDIAN" + size + "_NETWORK\\(X\\) (.*)").matcher(text);
        Matcher at = Pattern.compile("#define CVJ_MEDIAN" + size + "_AT (\\d+)").matcher(text);
        assertTrue(net.find() && at.find(), "median.cu defines the " + size + "-input network");
        List<int[]> ops = new ArrayList<>();
        Matcher x = Pattern.compile("X\\((\\d+),(\\d+),([01]),([01])\\)").matcher(net.group(1));
        while (x.find()) {
            ops.add(new int[] {Integer.parseInt(x.group(1)), Integer.parseInt(x.group(2)), Integer.parseInt(x.group(3)),
                    Integer.parseInt(x.group(4))});
        }
        assertTrue(ops.size() > size, "a network of " + ops.size() + " exchanges cannot select among " + size);
        int out = Integer.parseInt(at.group(1));
        long[] v = new long[size];
        long inputs = 1L << size;
        for (long base = 0; base < inputs; base += 64) {
            for (int i = 0; i < size; i++) { // bit t of v[i]: bit i of input base + t
                long word = 0;
                for (int t = 0; t < 64; t++) {
                    word |= ((base + t) >>> i & 1L) << t;
                }
                v[i] = word;
            }
            for (int[] op : ops) {
                long lo = v[op[0]] & v[op[1]], hi = v[op[0]] | v[op[1]];
                if (op[2] == 1) {
                    v[op[0]] = lo;
                }
                if (op[3] == 1) {
                    v[op[1]] = hi;
                }
            }
            long want = 0;
            for (int t = 0; t < 64; t++) {
                if (Long.bitCount(base + t) >= (size + 1) / 2) {
                    want |= 1L << t;
                }
            }
            if (v[out] != want) {
                throw new AssertionError("the " + size + "-input network misses the median of inputs " + base + ".."
                        + (base + 63) + ": got " + Long.toBinaryString(v[out]) + ", want " + Long.toBinaryString(want));
            }
        }
    }

    @Test
    void networksAreTheGeneratorsOutput() throws IOException, InterruptedException {
        GeneratedSources.assertUpToDate("gen-median-network.py");
    }
}

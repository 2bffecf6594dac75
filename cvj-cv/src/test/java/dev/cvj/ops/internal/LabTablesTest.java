package dev.cvj.ops.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.test.GeneratedSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The U8 Lab tables: OpenCV's entries for the values any sRGB table must hold, far enough from a rounding tie that
 * the generator's libm (within a few ulp of Java's) rounds every entry as the CPU path does, and cvtcolor.cu's copy
 * of them (lab_tables.cuh, made by tools/gen-lab-tables.py) equal to LabCpu's, entry for entry. No GPU needed.
 */
class LabTablesTest {

    @Test
    void everyEntryIsFarFromATie() {
        for (int i = 0; i < LabCpu.GAMMA_B.length; i++) {
            assertFarFromTie(255.0 * 8 * LabCpu.gamma(i / 255.0), "gamma " + i);
        }
        for (int i = 0; i < LabCpu.CBRT_B.length; i++) {
            assertFarFromTie(32768 * LabCpu.f(i / 2040.0), "cube root " + i);
        }
        for (int i = 0; i < 9; i++) {
            assertFarFromTie(4096 * LabCpu.XYZ_D[i] / LabCpu.WHITE[i / 3], "coefficient " + i);
        }
    }

    private static void assertFarFromTie(double v, String what) {
        double frac = v - Math.floor(v);
        assertTrue(Math.abs(frac - 0.5) > 1e-9, what + " = " + v + " is within 1e-9 of a tie");
    }

    @Test
    void entriesWrittenFromTheirDefinition() {
        assertEquals(0, LabCpu.GAMMA_B[0]);
        assertEquals(2040, LabCpu.GAMMA_B[255]);
        assertEquals(Math.round(32768 * 16 / 116.0), LabCpu.CBRT_B[0]);   // f(0) = 16/116
        assertEquals(32768, LabCpu.CBRT_B[2040]);                        // f(1) = 1
        // X, Y, Z rows (D65 normalised) each sum to 1 in 12 bits: white maps to the white point
        assertArrayEquals(new int[] {4096, 4096, 4096}, new int[] {LabCpu.LAB_C[0] + LabCpu.LAB_C[1] + LabCpu.LAB_C[2],
                LabCpu.LAB_C[3] + LabCpu.LAB_C[4] + LabCpu.LAB_C[5], LabCpu.LAB_C[6] + LabCpu.LAB_C[7] + LabCpu.LAB_C[8]},
                "row sums");
    }

    @Test
    void kernelTablesAreLabCpus() throws IOException {
        String text = Files.readString(Path.of("src", "main", "cuda", "lab_tables.cuh"));
        assertArrayEquals(LabCpu.GAMMA_B, table(text, "kLabGammaB"), "kLabGammaB");
        assertArrayEquals(LabCpu.CBRT_B, table(text, "kLabCbrtB"), "kLabCbrtB");
        assertArrayEquals(LabCpu.LAB_C, table(text, "kLabC"), "kLabC");
    }

    @Test
    void kernelTablesAreTheGeneratorsOutput() throws IOException, InterruptedException {
        GeneratedSources.assertUpToDate("gen-lab-tables.py");
    }

    /** The initializer of array {@code name}: its declared length, then its entries. */
    private static int[] table(String text, String name) {
        Matcher m = Pattern.compile(name + "\\[(\\d+)\\] = \\{([^}]*)\\}").matcher(text);
        assertTrue(m.find(), "lab_tables.cuh defines " + name);
        int[] v = Arrays.stream(m.group(2).split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        assertEquals(Integer.parseInt(m.group(1)), v.length, name + "'s declared length");
        return v;
    }
}

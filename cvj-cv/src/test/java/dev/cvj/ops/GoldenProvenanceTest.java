package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every golden folder says which OpenCV made it and how many cases it holds, and its manifest holds that many: a
 * manifest emptied or cut short fails here even where a golden test would loop over nothing. No GPU needed.
 */
class GoldenProvenanceTest {

    @Test
    void everyManifestHoldsTheCasesItsGeneratorWrote() {
        for (String op : GoldenFiles.OPERATORS) {
            String manifest = new String(GoldenFiles.bytes(op, "manifest.txt"), StandardCharsets.UTF_8);
            long lines = manifest.lines().filter(l -> !l.isBlank()).count();
            int expected = GoldenFiles.expectedCases(op);
            assertTrue(expected > 0, op + ": provenance.properties has no case count");
            assertEquals(expected, lines, op + ": manifest cases against provenance.properties");
        }
    }

    @Test
    void everyFolderNamesItsOpenCvVersion() {
        for (String op : GoldenFiles.OPERATORS) {
            String v = GoldenFiles.openCvVersion(op);
            assertTrue(v.matches("4\\.\\d+(\\.\\d+)?"), op + ": opencv_version " + v);
        }
    }
}
